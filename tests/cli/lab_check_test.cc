// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl lab check: labs deployed in the test's own namespaces (run_in_fresh_namespaces), every
// address pair reached, then links broken with iproute2 behind nsctl's back and exactly the
// pairs across them reported, in the time asked for.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "cli/lab_helpers.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The output with the blanks between words squeezed to one: "r1 10.0.12.1 r2 10.0.12.2 ...".
std::string squeezed(const std::string& out) {
    std::istringstream lines(out);
    std::string all;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string w, one;
        while (words >> w) one += (one.empty() ? "" : " ") + w;
        all += one + "\n";
    }
    return all;
}

// The table's first row from source_address (blanks squeezed).
std::string row(const std::string& out, const std::string& source_address) {
    std::istringstream lines(squeezed(out));
    for (std::string line; std::getline(lines, line);)
        if (line.find(" " + source_address + " ") != std::string::npos) return line;
    return "";
}

bool has_row(const std::string& out, const std::string& row_text) {
    return ("\n" + squeezed(out)).find("\n" + row_text + "\n") != std::string::npos;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST(LabCheck, LineOfThreeThenOneLinkDown) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", source_file("line3.clab.yml")}).status, 0);
        auto ok = nsctl({"lab", "check", "-t", source_file("line3.clab.yml")});
        EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
        EXPECT_EQ(ok.err, "");
        EXPECT_EQ(ok.out.rfind("SOURCE  ADDRESS    TARGET  ADDRESS    RESULT\n", 0), 0u) << ok.out;
        EXPECT_EQ(row(ok.out, "10.0.12.1").rfind("r1 10.0.12.1 r2 10.0.12.2 ", 0), 0u) << ok.out;
        EXPECT_NE(row(ok.out, "10.0.12.1").find(" ms"), std::string::npos) << ok.out;
        EXPECT_EQ(row(ok.out, "10.0.23.1").rfind("r2 10.0.23.1 r3 10.0.23.2 ", 0), 0u) << ok.out;
        EXPECT_NE(ok.out.find("\nlab line3: 2 of 2 pairs reach in "), std::string::npos) << ok.out;
        // r3's end of the second link down (ip, behind nsctl's back): that pair, and only it.
        ASSERT_EQ(in_node("clab-line3-r3", {"ip", "link", "set", "eth1", "down"}).status, 0);
        auto start = std::chrono::steady_clock::now();
        auto bad = nsctl({"lab", "check", "--name", "line3", "--timeout", "300"});
        double took = seconds_since(start);
        EXPECT_EQ(bad.status, 1) << bad.out << bad.err;
        EXPECT_NE(row(bad.out, "10.0.12.1").find(" ms"), std::string::npos) << bad.out;
        EXPECT_EQ(row(bad.out, "10.0.23.1"), "r2 10.0.23.1 r3 10.0.23.2 unreachable") << bad.out;
        EXPECT_NE(bad.out.find("lab line3: 1 of 2 pairs reach in "), std::string::npos);
        EXPECT_NE(bad.out.find("; unreachable: r2 10.0.23.1 -> r3 10.0.23.2\n"), std::string::npos)
            << bad.out;
        EXPECT_GT(took, 0.29) << "gave up before the timeout";
        EXPECT_LT(took, 2.0) << "the timeout is a bound";
        // The same as JSON: counts, and the failed pair's null round trip.
        auto js = nsctl({"lab", "check", "--all", "--timeout", "200", "--format", "json"});
        EXPECT_EQ(js.status, 1);
        auto json = parse_json(js.out);
        ASSERT_TRUE(json) << js.out;
        const Json* labs = json->get("labs");
        ASSERT_TRUE(labs && labs->items.size() == 1) << js.out;
        const Json& lab = labs->items[0];
        EXPECT_EQ(*lab.string("lab"), "line3");
        EXPECT_EQ(lab.integer("pairs"), 2);
        EXPECT_EQ(lab.integer("reached"), 1);
        const Json* results = lab.get("results");
        ASSERT_TRUE(results && results->items.size() == 2) << js.out;
        EXPECT_TRUE(results->items[0].get("reach")->boolean);
        EXPECT_EQ(*results->items[0].string("segment"), "r1:eth1 r2:eth1");
        EXPECT_EQ(*results->items[0].string("source_address"), "10.0.12.1/30");
        EXPECT_FALSE(results->items[1].get("reach")->boolean);
        EXPECT_EQ(*results->items[1].string("target"), "r3");
        EXPECT_EQ(*results->items[1].string("target_interface"), "eth1");
        EXPECT_EQ(results->items[1].get("rtt_ms")->type, Json::Type::kNull) << js.out;
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
    });
}

TEST(LabCheck, StarOnABridgeThenOnePortOffIt) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", source_file("star5.clab.yml")}).status, 0);
        auto ok = nsctl({"lab", "check", "--name", "star5"});
        EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
        EXPECT_EQ(count(ok.out, " ms\n"), 11u) << "5 hosts: 10 pairs, and the summary\n" << ok.out;
        EXPECT_NE(ok.out.find("lab star5: 10 of 10 pairs reach in"), std::string::npos) << ok.out;
        // h3's port taken off the bridge: its four pairs fail, the six others reach.
        ASSERT_EQ(run({"ip", "link", "set", "star5-h3", "nomaster"}).status, 0);
        auto bad = nsctl({"lab", "check", "--name", "star5", "--timeout", "300"});
        EXPECT_EQ(bad.status, 1) << bad.out << bad.err;
        EXPECT_EQ(count(bad.out, "unreachable\n"), 4u) << bad.out;
        for (const char* r :
             {"h1 10.5.0.1 h3 10.5.0.3 unreachable", "h2 10.5.0.2 h3 10.5.0.3 unreachable",
              "h3 10.5.0.3 h4 10.5.0.4 unreachable", "h3 10.5.0.3 h5 10.5.0.5 unreachable"})
            EXPECT_TRUE(has_row(bad.out, r)) << r << "\n" << bad.out;
        EXPECT_NE(bad.out.find("lab star5: 6 of 10 pairs reach in "), std::string::npos);
        EXPECT_NE(bad.out.find(" and 1 more\n"), std::string::npos) << bad.out;
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
    });
}

TEST(LabCheck, TwoBridgesAreOneSegment) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", source_file("two-bridges.clab.yml")}).status, 0);
        auto r = nsctl({"lab", "check", "--name", "two-bridges", "--format", "json"});
        EXPECT_EQ(r.status, 0) << r.out << r.err;
        auto json = parse_json(r.out);
        ASSERT_TRUE(json) << r.out;
        const Json& lab = json->get("labs")->items.at(0);
        EXPECT_EQ(lab.integer("pairs"), 6) << r.out;
        EXPECT_EQ(lab.integer("reached"), 6) << r.out;
        EXPECT_EQ(*lab.get("results")->items.at(0).string("segment"), "bridge tb-br-a,tb-br-b");
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
    });
}

TEST(LabCheck, HostEndsAndIPv6) {
    run_in_fresh_namespaces([] {
        // A veth to the host (the test's namespace) with IPv4, and a link with IPv6 only
        // (nodad: the address is usable at once).
        std::string file = write_topology("hv.clab.yml", R"(name: hv
topology:
  nodes:
    a: {kind: linux, exec: ["ip addr add 192.168.77.2/24 dev v1",
                            "ip -6 addr add fd00:77::1/64 dev eth1 nodad"]}
    b: {kind: linux, exec: ["ip -6 addr add fd00:77::2/64 dev eth1 nodad"]}
    host: {kind: host, exec: ["ip addr add 192.168.77.1/24 dev hv0"]}
  links:
    - endpoints: ["host:hv0", "a:v1"]
    - endpoints: ["a:eth1", "b:eth1"]
)");
        auto up = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(up.status, 0) << up.err;
        auto r = nsctl({"lab", "check", "-t", file});
        EXPECT_EQ(r.status, 0) << r.out << r.err;
        // The host's end is the link's second (as the state has it): a pings the host.
        EXPECT_EQ(row(r.out, "192.168.77.2").rfind("a 192.168.77.2 host 192.168.77.1 ", 0), 0u)
            << r.out;
        EXPECT_EQ(row(r.out, "fd00:77::1").rfind("a fd00:77::1 b fd00:77::2 ", 0), 0u) << r.out;
        EXPECT_NE(r.out.find("lab hv: 2 of 2 pairs reach"), std::string::npos) << r.out;
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
    });
}

TEST(LabCheck, NoAddressPairsIsAWarning) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("bare.clab.yml", R"(name: bare
topology:
  nodes:
    a: {kind: linux}
    b: {kind: linux, exec: ["ip addr add 10.8.0.2/24 dev eth1"]}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
)");
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", file}).status, 0);
        auto r = nsctl({"lab", "check", "-t", file});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_NE(r.err.find("nsctl lab: lab bare: no address pairs to check"), std::string::npos)
            << r.err;
        EXPECT_EQ(r.out.rfind("lab bare: 0 of 0 pairs reach in ", 0), 0u) << r.out;
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
    });
}

TEST(LabCheck, BadInput) {
    auto none = nsctl({"lab", "check"});
    EXPECT_EQ(none.status, 1);
    EXPECT_NE(none.err.find("check: give -t FILE, --name LAB or --all"), std::string::npos)
        << none.err;
    for (const char* t : {"abc", "0", "-5", "60001", "", "1.5"}) {
        auto r = nsctl({"lab", "check", "--all", "--timeout", t});
        EXPECT_EQ(r.status, 1) << t;
        EXPECT_NE(r.err.find(std::string("check: --timeout ") + t +
                             ": milliseconds from 1 to 60000 expected"),
                  std::string::npos)
            << r.err;
    }
    auto no_value = nsctl({"lab", "check", "--all", "--timeout"});
    EXPECT_NE(no_value.err.find("--timeout needs a value"), std::string::npos) << no_value.err;
    auto opt = nsctl({"lab", "check", "--all", "--node", "a"});
    EXPECT_NE(opt.err.find("check: unknown option --node"), std::string::npos) << opt.err;
    auto fmt = nsctl({"lab", "check", "--all", "--format", "xml"});
    EXPECT_NE(fmt.err.find("--format xml: table or json"), std::string::npos) << fmt.err;
    auto help = nsctl({"lab", "check", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("nsctl lab check -t FILE | --name LAB | --all"), std::string::npos);
    run_in_fresh_namespaces([] {
        auto r = nsctl({"lab", "check", "--name", "nosuch"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl lab: lab 'nosuch' is not deployed\n");
        EXPECT_EQ(r.out, "");
        auto all = nsctl({"lab", "check", "--all"});
        EXPECT_EQ(all.status, 0);
        EXPECT_EQ(all.err, "nsctl lab: no lab is deployed\n");
        // A node's namespace removed behind nsctl's back: said so, in one line.
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", source_file("line3.clab.yml")}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "del", "clab-line3-r2"}).status, 0);
        auto gone = nsctl({"lab", "check", "--name", "line3"});
        EXPECT_EQ(gone.status, 1);
        EXPECT_EQ(gone.err,
                  "nsctl lab: line3: node r2: namespace clab-line3-r2: No such file or directory\n")
            << gone.err;
    });
}

}  // namespace
}  // namespace nsctl::test
