// SPDX-License-Identifier: GPL-2.0-or-later
// Link impairments in a lab: x-nsctl-netem applied at deploy, and `nsctl lab netem set|show|reset`,
// checked with `tc -j qdisc show` in the nodes. This kernel has no sch_netem: delay, jitter and
// loss are then refused (the deploy rolled back); a rate alone is a tbf, which every kernel has.
// Where the kernel has netem (probed with tc), the delay is measured with ping instead.
#include <gtest/gtest.h>

#include <string>

#include "cli/lab_helpers.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

const char* kRated = R"(name: rated
topology:
  nodes:
    a: {kind: linux, exec: ["ip addr add 10.8.0.1/24 dev eth1"]}
    b: {kind: linux, exec: ["ip addr add 10.8.0.2/24 dev eth1"]}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
      x-nsctl-netem: {rate: 10mbit}
)";

// The root qdisc of dev in a node, as tc prints it (kind and options), or nullopt.
std::optional<Json> root_of(const std::string& netns, const std::string& dev) {
    auto r = in_node(netns, {"tc", "-j", "qdisc", "show", "dev", dev, "root"});
    if (r.status != 0) return std::nullopt;
    auto json = parse_json(r.out);
    if (!json || json->items.empty()) return std::nullopt;
    return json->items[0];
}

std::string kind_of(const std::string& netns, const std::string& dev) {
    auto q = root_of(netns, dev);
    return q && q->string("kind") ? *q->string("kind") : "";
}

// tbf's rate as tc prints it: bytes per second.
double tbf_rate(const std::string& netns, const std::string& dev) {
    auto q = root_of(netns, dev);
    const Json* opts = q ? q->get("options") : nullptr;
    const Json* rate = opts ? opts->get("rate") : nullptr;
    return rate ? std::stod(rate->text) : -1;
}

// Whether the kernel has sch_netem: tc asked in a namespace of the test's.
bool kernel_has_netem() {
    auto probe = run({"tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"});
    if (probe.status == 0) run({"tc", "qdisc", "del", "dev", "lo", "root"});
    return probe.status == 0;
}

TEST(LabNetem, RateFromTheFileOnBothEnds) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("rated.clab.yml", kRated);
        auto r = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(r.status, 0) << r.err;
        for (const char* node : {"clab-rated-a", "clab-rated-b"}) {
            EXPECT_EQ(kind_of(node, "eth1"), "tbf") << node;
            EXPECT_EQ(tbf_rate(node, "eth1"), 1250000) << node;  // 10 Mbit/s in bytes/s
        }
        // Still reachable through it.
        EXPECT_EQ(in_node("clab-rated-a", {"ping", "-c", "1", "-W", "5", "10.8.0.2"}).status, 0);
        // A second deploy sets it again, in place.
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", file}).status, 0);
        EXPECT_EQ(tbf_rate("clab-rated-b", "eth1"), 1250000);

        auto table = nsctl({"lab", "netem", "show", "--name", "rated"});
        ASSERT_EQ(table.status, 0) << table.err;
        EXPECT_EQ(table.out,
                  "LAB    NODE  INTERFACE  QDISC  IMPAIRMENT\n"
                  "rated  a     eth1       tbf    rate 10000kbit\n"
                  "rated  b     eth1       tbf    rate 10000kbit\n");
        auto json = nsctl({"lab", "netem", "show", "-t", file, "--node", "b", "--format", "json"});
        ASSERT_EQ(json.status, 0) << json.err;
        auto parsed = parse_json(json.out);
        ASSERT_TRUE(parsed) << json.out;
        const Json* ifs = parsed->get("interfaces");
        ASSERT_TRUE(ifs && ifs->items.size() == 1) << json.out;
        EXPECT_EQ(*ifs->items[0].string("node"), "b");
        EXPECT_EQ(*ifs->items[0].string("qdisc"), "tbf");
        EXPECT_EQ(ifs->items[0].get("rate_kbit")->text, "10000");
        EXPECT_EQ(ifs->items[0].get("delay_us")->text, "0");

        ASSERT_EQ(nsctl({"lab", "destroy", "-t", file}).status, 0);
        expect_nothing_left();
    });
}

TEST(LabNetem, SetAndResetOneInterface) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("pair.clab.yml", R"(name: pair
topology:
  nodes: {a: {kind: linux}, b: {kind: linux}}
  links: [{endpoints: ["a:eth1", "b:eth1"]}]
)");
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", file}).status, 0);
        EXPECT_EQ(kind_of("clab-pair-a", "eth1"), "noqueue");
        auto set = nsctl({"lab", "netem", "set", "--name", "pair", "--node", "a", "-i", "eth1",
                          "--rate", "1000"});
        ASSERT_EQ(set.status, 0) << set.err;
        EXPECT_EQ(set.out, "");
        EXPECT_EQ(kind_of("clab-pair-a", "eth1"), "tbf");
        EXPECT_EQ(tbf_rate("clab-pair-a", "eth1"), 125000);  // 1000 kbit/s
        EXPECT_EQ(kind_of("clab-pair-b", "eth1"), "noqueue") << "the other end changed";
        auto shown = nsctl({"lab", "netem", "show", "--name", "pair", "--node", "a"});
        EXPECT_NE(shown.out.find("eth1       tbf    rate 1000kbit"), std::string::npos)
            << shown.out;

        auto reset =
            nsctl({"lab", "netem", "reset", "-t", file, "--node", "a", "--interface", "eth1"});
        ASSERT_EQ(reset.status, 0) << reset.err;
        EXPECT_EQ(kind_of("clab-pair-a", "eth1"), "noqueue");
        // A reset of an interface that has nothing set is no error.
        EXPECT_EQ(nsctl({"lab", "netem", "reset", "-t", file, "--node", "a", "-i", "eth1"}).status,
                  0);

        // A node or interface the lab lacks.
        auto node = nsctl(
            {"lab", "netem", "set", "-t", file, "--node", "z", "-i", "eth1", "--rate", "100"});
        EXPECT_EQ(node.status, 1);
        EXPECT_EQ(node.err, "nsctl lab: lab pair has no linux node z\n");
        auto dev = nsctl(
            {"lab", "netem", "set", "-t", file, "--node", "a", "-i", "eth9", "--rate", "100"});
        EXPECT_EQ(dev.status, 1);
        EXPECT_NE(dev.err.find("nsctl lab: a: eth9"), std::string::npos) << dev.err;
        ASSERT_EQ(nsctl({"lab", "destroy", "-t", file}).status, 0);
        expect_nothing_left();
    });
}

TEST(LabNetem, DelayIsAppliedOrRefusedWithoutNetem) {
    run_in_fresh_namespaces([] {
        const bool netem = kernel_has_netem();
        std::string text = kRated;
        text.replace(text.find("{rate: 10mbit}"), 14, "{delay: 20ms, rate: 10mbit}");
        std::string file = write_topology("delayed.clab.yml", text);
        auto r = nsctl({"lab", "deploy", "-t", file});
        if (netem) {
            ASSERT_EQ(r.status, 0) << r.err;
            EXPECT_EQ(kind_of("clab-rated-a", "eth1"), "netem");
            // 20 ms each way: a round trip of at least 40 ms.
            auto ping = in_node("clab-rated-a", {"ping", "-c", "1", "-W", "5", "10.8.0.2"});
            ASSERT_EQ(ping.status, 0) << ping.out;
            size_t at = ping.out.find("time=");
            ASSERT_NE(at, std::string::npos) << ping.out;
            EXPECT_GE(std::stod(ping.out.substr(at + 5)), 40.0) << ping.out;
            ASSERT_EQ(nsctl({"lab", "destroy", "-t", file}).status, 0);
        } else {
            EXPECT_EQ(r.status, 1);
            EXPECT_EQ(r.err,
                      "nsctl lab: link a:eth1 b:eth1: x-nsctl-netem: node a: eth1: this kernel "
                      "has no netem queueing discipline (sch_netem): Operation not supported\n");
        }
        expect_nothing_left();

        // The verb: refused the same way, the interface left as it was.
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", write_topology("r.clab.yml", kRated)}).status, 0);
        auto set = nsctl({"lab", "netem", "set", "--name", "rated", "--node", "b", "-i", "eth1",
                          "--delay", "10ms", "--jitter", "2ms", "--loss", "5"});
        if (netem) {
            EXPECT_EQ(set.status, 0) << set.err;
            EXPECT_EQ(kind_of("clab-rated-b", "eth1"), "netem");
        } else {
            EXPECT_EQ(set.status, 1);
            EXPECT_EQ(set.err,
                      "nsctl lab: b: eth1: this kernel has no netem queueing discipline "
                      "(sch_netem): Operation not supported\n");
            EXPECT_EQ(kind_of("clab-rated-b", "eth1"), "tbf");
            EXPECT_EQ(tbf_rate("clab-rated-b", "eth1"), 1250000);
        }
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
        expect_nothing_left();
    });
}

TEST(LabNetem, BadCommandLines) {
    struct Case {
        std::vector<std::string> args;
        std::string error;
    };
    const std::vector<Case> cases = {
        {{"netem"}, "netem: give an action: set, show or reset"},
        {{"netem", "frob"}, "netem: unknown action 'frob' (set, show, reset)"},
        {{"netem", "set", "--name", "x", "-i", "eth1", "--rate", "1"},
         "netem: set: --node NODE is required"},
        {{"netem", "set", "--name", "x", "--node", "a", "--rate", "1"},
         "netem: set: -i INTERFACE is required"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "eth1"},
         "netem: set: give --delay, --jitter, --loss or --rate"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "eth1", "--jitter", "1ms"},
         "netem: set: --jitter needs --delay"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--delay", "10"},
         "netem: --delay 10: (want a number and us, ms or s, in whole microseconds: 50ms, 1.5s)"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--delay", "1.0000005ms"},
         "netem: --delay 1.0000005ms: (want a number and us, ms or s, in whole microseconds: "
         "50ms, 1.5s)"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--loss", "101"},
         "netem: --loss 101: (want 0 to 100, percent)"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--loss", "-1"},
         "netem: --loss -1: (want 0 to 100, percent)"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--rate", "0"},
         "netem: --rate 0: (want kbit/s above 0: 100, 10mbit, 1gbit)"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--rate", "fast"},
         "netem: --rate fast: (want kbit/s above 0: 100, 10mbit, 1gbit)"},
        {{"netem", "set", "--node", "a", "-i", "e", "--rate", "1"},
         "netem: give -t FILE or --name LAB"},
        {{"netem", "set", "--all", "--node", "a", "-i", "e", "--rate", "1"},
         "netem: --all: one lab at a time"},
        {{"netem", "set", "--name", "x", "--node", "a", "--node", "b", "-i", "e", "--rate", "1"},
         "netem: --node: one node at a time"},
        {{"netem", "reset", "--name", "x", "--node", "a", "-i", "e", "--rate", "1"},
         "netem: reset takes no --delay, --jitter, --loss or --rate"},
        {{"netem", "show", "-i", "eth1"},
         "netem: show takes -t FILE, --name LAB, --all, --node NODE and --format"},
        {{"netem", "set", "--name", "x", "--node", "a", "-i", "e", "--rate", "1", "-f", "json"},
         "netem: --format: only show prints"},
        {{"netem", "show", "--label", "a=b"}, "netem: unknown option --label"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"lab"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto r = nsctl(args);
        EXPECT_EQ(r.status, 1) << c.error;
        EXPECT_EQ(r.err,
                  "nsctl lab: " + c.error + "\nTry 'nsctl lab --help' for more information.\n");
    }
    auto help = nsctl({"lab", "netem", "--help"});
    EXPECT_EQ(help.status, 0) << help.err;
    EXPECT_NE(help.out.find("nsctl lab netem set"), std::string::npos);
    run_in_fresh_namespaces([] {
        auto r = nsctl({"lab", "netem", "show", "--name", "nosuch"});
        EXPECT_EQ(r.err, "nsctl lab: lab 'nosuch' is not deployed\n");
        EXPECT_EQ(nsctl({"lab", "netem", "show"}).out, "");
    });
}

}  // namespace
}  // namespace nsctl::test
