// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl link/addr/route (and -n, -j, -batch) as a user runs them, inside namespaces the test
// makes (run_in_fresh_namespaces), checked with iproute2 and ping.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

RunResult nsctl(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), NSCTL_BINARY);
    return run(args, input);
}

TEST(NetCli, BatchBuildsAPairThatPings) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"ip", "netns", "add", "cli-a"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "add", "cli-b"}).status, 0);
        const std::string batch =
            "# two namespaces joined by a veth pair\n"
            "-n cli-a link add va type veth peer name vb netns cli-b\n"
            "-n cli-a addr add 10.55.0.1/24 dev va\n"
            "-n cli-b addr add 10.55.0.2/24 dev vb\n"
            "-n cli-a link set va up\n"
            "-n cli-b link set vb up\n"
            "-n cli-a link set lo up\n"
            "-n cli-b route add default via 10.55.0.1\n";
        auto r = nsctl({"-batch", "-"}, batch);
        ASSERT_EQ(r.status, 0) << r.err;
        auto ping =
            run({"ip", "netns", "exec", "cli-b", "ping", "-c", "1", "-W", "5", "10.55.0.1"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        // ip sees what nsctl made: the peer was created in cli-b.
        auto link = parse_json(run({"ip", "-j", "-n", "cli-b", "-d", "link", "show", "vb"}).out);
        ASSERT_TRUE(link && !link->items.empty());
        EXPECT_EQ(link->items[0].get("linkinfo")->get("info_kind")->text, "veth");
        auto route = run({"ip", "-n", "cli-b", "route", "show", "default"});
        EXPECT_EQ(route.out, "default via 10.55.0.1 dev vb \n");
        // Our JSON says the same.
        auto ours = parse_json(nsctl({"-n", "cli-b", "-j", "addr", "show", "vb"}).out);
        ASSERT_TRUE(ours);
        bool found = false;
        for (const auto& a : ours->get("addresses")->items)
            found = found || a.get("address")->text == "10.55.0.2/24";
        EXPECT_TRUE(found);
        EXPECT_EQ(run({"ip", "netns", "delete", "cli-a"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "delete", "cli-b"}).status, 0);
    });
}

// addr flush takes every address of a device, secondaries and IPv6 link-local ones included,
// and nothing of another device; route replace swaps a route's gateway where add refuses.
TEST(NetCli, AddrFlushAndRouteReplace) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"ip", "link", "add", "f0", "type", "veth", "peer", "name", "f1"}).status, 0);
        ASSERT_EQ(run({"ip", "link", "set", "f0", "up"}).status, 0);
        ASSERT_EQ(run({"ip", "link", "set", "f1", "up"}).status, 0);
        const char* const addrs[] = {"10.61.0.1/24", "10.61.0.2/24", "10.62.0.1/16", "fd61::1/64"};
        for (const char* a : addrs) ASSERT_EQ(nsctl({"addr", "add", a, "dev", "f0"}).status, 0);
        ASSERT_EQ(nsctl({"addr", "add", "10.63.0.1/24", "dev", "f1"}).status, 0);
        // Wait for the kernel's own link-local address: flush must take it too.
        for (int i = 0; i < 200; ++i) {
            if (run({"ip", "-6", "addr", "show", "dev", "f0", "scope", "link"}).out.find("fe80") !=
                std::string::npos)
                break;
            usleep(10000);
        }
        auto r = nsctl({"addr", "flush", "dev", "f0"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(run({"ip", "-o", "addr", "show", "dev", "f0"}).out, "");
        EXPECT_NE(run({"ip", "-o", "addr", "show", "dev", "f1"}).out.find("10.63.0.1/24"),
                  std::string::npos);
        EXPECT_EQ(nsctl({"addr", "flush", "f0"}).status, 0);  // nothing left: still fine
        auto bad = nsctl({"addr", "flush", "dev", "nope"});
        EXPECT_EQ(bad.status, 1);
        EXPECT_EQ(bad.err, "nsctl: addr flush: nope: No such device\n");
        EXPECT_EQ(nsctl({"addr", "flush"}).err, "nsctl: addr flush: missing DEV\n");

        ASSERT_EQ(nsctl({"addr", "add", "10.61.0.1/24", "dev", "f0"}).status, 0);
        ASSERT_EQ(nsctl({"route", "add", "10.69.0.0/16", "via", "10.61.0.5"}).status, 0);
        EXPECT_EQ(nsctl({"route", "add", "10.69.0.0/16", "via", "10.61.0.6"}).status, 1);
        r = nsctl({"route", "replace", "10.69.0.0/16", "via", "10.61.0.6"});
        EXPECT_EQ(r.status, 0) << r.err;
        r = nsctl({"route", "replace", "10.68.0.0/16", "dev", "f0"});  // replace adds too
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(run({"ip", "route", "show", "10.69.0.0/16"}).out,
                  "10.69.0.0/16 via 10.61.0.6 dev f0 \n");
        EXPECT_EQ(run({"ip", "route", "show", "10.68.0.0/16"}).out,
                  "10.68.0.0/16 dev f0 scope link \n");
        EXPECT_EQ(run({"ip", "link", "del", "f0"}).status, 0);
    });
}

TEST(NetCli, BatchStopsAtTheFirstFailureUnlessForced) {
    run_in_fresh_namespaces([] {
        const std::string batch =
            "link add b0 type bridge\n"
            "link add b0 type bridge\n"
            "link add b1 type bridge\n";
        auto r = nsctl({"-batch", "-"}, batch);
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: -batch -:2: link add: b0: File exists\n");
        EXPECT_NE(run({"ip", "link", "show", "b1"}).status, 0);
        auto forced = nsctl({"-force", "-batch", "-"}, batch);
        EXPECT_EQ(forced.status, 1);
        EXPECT_EQ(run({"ip", "link", "show", "b1"}).status, 0);
    });
}

TEST(NetCli, ErrorsAreOneLineAndExitOne) {
    run_in_fresh_namespaces([] {
        struct Case {
            std::vector<std::string> args;
            std::string err;
        } cases[] = {
            {{"link", "add", "q", "type", "nope"},
             "nsctl: link add: q: Unknown device type: Operation not supported\n"},
            {{"link", "set", "nope", "up"}, "nsctl: link set: nope: No such device\n"},
            {{"link", "set", "lo", "mtu", "abc"}, "nsctl: link set: invalid mtu 'abc'\n"},
            {{"link", "set", "lo", "address", "zz:00:00:00:00:00"},
             "nsctl: link set: invalid MAC address 'zz:00:00:00:00:00'\n"},
            {{"addr", "add", "10.0.0.1/33", "dev", "lo"},
             "nsctl: addr add: invalid address '10.0.0.1/33'\n"},
            {{"addr", "add", "10.0.0.1/8"}, "nsctl: addr add: missing \"dev DEV\"\n"},
            {{"addr", "del", "10.9.9.9/8", "dev", "lo"},
             "nsctl: addr del: 10.9.9.9/8 dev lo: ipv4: Address not found: Cannot assign requested "
             "address\n"},
            {{"route", "add", "default"},
             "nsctl: route add: needs \"via GATEWAY\" or \"dev DEV\"\n"},
            {{"route", "add", "default", "via", "300.1.1.1"},
             "nsctl: route add: invalid gateway '300.1.1.1'\n"},
            {{"-n", "nope", "link"}, "nsctl: link show: netns nope: No such file or directory\n"},
            {{"link", "add", "v0", "type", "veth"},
             "nsctl: link add: missing \"peer name PEER\"\n"},
            {{"link", "del"}, "nsctl: link del: missing DEV\n"},
        };
        for (const auto& c : cases) {
            auto r = nsctl(c.args);
            EXPECT_EQ(r.status, 1) << c.args[0];
            EXPECT_EQ(r.err, c.err);
            EXPECT_EQ(r.out, "");
        }
    });
}

TEST(NetCli, VethPeerNameTakenLeavesNothing) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"link", "add", "t0", "type", "veth", "peer", "name", "t1"}).status, 0);
        auto r = nsctl({"link", "add", "t2", "type", "veth", "peer", "name", "t1"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: link add: peer t1: File exists\n");
        EXPECT_NE(run({"ip", "link", "show", "t2"}).status, 0);
        ASSERT_EQ(nsctl({"link", "del", "t0"}).status, 0);
        EXPECT_NE(run({"ip", "link", "show", "t1"}).status, 0);
    });
}

// Issue 8: each of these named no cause; each says what went wrong now, in one line, with the
// exit code it had (1).
TEST(NetCli, ErrorsNameTheCause) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "blue"}).status, 0);
        ASSERT_EQ(nsctl({"link", "add", "d0", "type", "bridge"}).status, 0);
        ASSERT_EQ(nsctl({"-n", "blue", "link", "add", "taken", "type", "bridge"}).status, 0);
        const std::string ifname_rule =
            " is not a valid interface name (1 to 15 bytes; no '/', ':' or white space; not '.' "
            "or '..')\n";
        struct Case {
            std::vector<std::string> args;
            std::string err;
        } cases[] = {
            {{"link", "set", "d0", "netns", "99999999"},
             "nsctl: link set: netns 99999999: No such process\n"},
            {{"link", "set", "d0", "netns", "-5"},
             "nsctl: link set: netns '-5': not a pid or namespace name: Invalid argument\n"},
            {{"link", "set", "d0", "netns", "0"},
             "nsctl: link set: netns '0': not a pid or namespace name: Invalid argument\n"},
            {{"link", "set", "d0", "netns", "nosuch"},
             "nsctl: link set: no network namespace named 'nosuch': No such file or directory\n"},
            {{"link", "add", "v0", "type", "veth", "peer", "name", "taken", "netns", "blue"},
             "nsctl: link add: peer taken in netns blue: File exists\n"},
            {{"link", "set", "d0", "name", "xxxxxxxxxxxxxxxx"},
             "nsctl: link set: 'xxxxxxxxxxxxxxxx'" + ifname_rule},
            {{"link", "set", "d0", "name", "a b"}, "nsctl: link set: 'a b'" + ifname_rule},
            {{"link", "set", "d0", "name", "a\nb"}, "nsctl: link set: 'a\\nb'" + ifname_rule},
            {{"link", "add", "a/b", "type", "bridge"}, "nsctl: link add: 'a/b'" + ifname_rule},
            {{"link", "add", "v1", "type", "veth", "peer", "name", ".."},
             "nsctl: link add: '..'" + ifname_rule},
            {{"-n", "", "link"},
             "nsctl: -n '': not a network namespace name (1 to 255 bytes; no '/'; not '.' or "
             "'..')\n"},
            {{"-n", "x\ny", "link"}, "nsctl: link show: netns x\\ny: No such file or directory\n"},
            {{"link", "del", "dev", "a\nb"}, "nsctl: link del: a\\nb: No such device\n"},
            {{"link", "del", "group", "0"},
             "nsctl: link del: group 0 is the default group of every link: the kernel deletes no "
             "link by it\n"},
        };
        for (const auto& c : cases) {
            auto r = nsctl(c.args);
            EXPECT_EQ(r.status, 1) << c.args[1];
            EXPECT_EQ(r.err, c.err);
            EXPECT_EQ(r.out, "");
        }
        // Nothing of the failures was made, d0 is where it was.
        EXPECT_NE(run({"ip", "link", "show", "v0"}).status, 0);
        EXPECT_NE(run({"ip", "-n", "blue", "link", "show", "v0"}).status, 0);
        EXPECT_EQ(run({"ip", "link", "show", "d0"}).status, 0);
        // A name first, then a pid, as ip takes them: a namespace named "1" is not pid 1's.
        ASSERT_EQ(nsctl({"netns", "add", "1"}).status, 0);
        ASSERT_EQ(nsctl({"link", "add", "m0", "type", "veth", "peer", "name", "m1"}).status, 0);
        auto moved = nsctl({"link", "set", "m0", "netns", "1"});
        EXPECT_EQ(moved.status, 0) << moved.err;
        EXPECT_EQ(run({"ip", "-n", "1", "link", "show", "m0"}).status, 0);
    });
}

// netns list with a regular file at /run/netns: nsctl says so, naming the file (ip lists nothing
// and exits 0, which hides why `netns add` fails there too).
TEST(NetCli, NetnsListWhenRunNetnsIsAFile) {
    run_in_fresh_namespaces([] {
        std::ofstream("/run/netns") << "";
        auto r = nsctl({"netns", "list"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: netns list: open /run/netns: Not a directory\n");
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(nsctl({"netns", "add", "x"}).err,
                  "nsctl: netns add: open /run/netns: Not a directory\n");
    });
}

// --help (and -h, help) of every network command: usage on stdout, exit 0, as netns --help.
TEST(NetCli, HelpOfEveryCommand) {
    for (const char* cmd : {"netns", "link", "addr", "route", "nat"}) {
        for (const char* help : {"--help", "-h", "help"}) {
            auto r = nsctl({cmd, help});
            EXPECT_EQ(r.status, 0) << cmd << " " << help;
            EXPECT_EQ(r.out.rfind("Usage: nsctl", 0), 0u) << cmd << " " << help << ": " << r.out;
            EXPECT_EQ(r.err, "") << cmd << " " << help;
        }
    }
}

// Link names in this network namespace, in index order, from ip.
std::vector<std::string> link_names() {
    std::vector<std::string> names;
    auto doc = parse_json(run({"ip", "-j", "link", "show"}).out);
    for (const auto& l : doc ? doc->items : std::vector<Json>{})
        if (l.get("ifname")) names.push_back(l.get("ifname")->text);
    return names;
}

// A batch file as ip -batch reads it: '\' at the end of a line continues the command, '#'
// starts a comment anywhere, blank lines and a quote at a word's start. The same file through
// ip and through nsctl makes the same links.
TEST(NetCli, BatchReadsAsIpDoes) {
    run_in_fresh_namespaces([] {
        const std::string batch =
            "# bridges, one continued over three lines\n"
            "link add br0 \\\n"
            "    type \\\n"
            "    bridge\n"
            "\n"
            "   \t\n"
            "link add br1 type bridge # a comment \\\n"
            "link add 'br2' type \"bridge\"\n"
            "link add br3 type bridge#comment right after a word\n";
        const std::string file = "/tmp/" + unique_name() + ".batch";  // removed below
        std::ofstream(file) << batch;
        auto ip = run({"ip", "-batch", file});
        auto made_by_ip = link_names();
        for (const char* l : {"br0", "br1", "br2", "br3"}) run({"ip", "link", "del", l});
        auto ours = nsctl({"-batch", file});
        unlink(file.c_str());
        ASSERT_EQ(ip.status, 0) << ip.err;
        EXPECT_EQ(ours.status, 0) << ours.err;
        EXPECT_EQ(ours.err, "");
        EXPECT_EQ(link_names(), made_by_ip);
        EXPECT_EQ(made_by_ip, (std::vector<std::string>{"lo", "br0", "br1", "br2", "br3"}));
    });
}

// Every error of a batch names its line (both lines of a continued command), one line each.
TEST(NetCli, BatchErrorsNameTheirLine) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "bx"}).status, 0);
        const std::string batch = std::string(
                                      "link add b0 type bridge\n"
                                      "link add b0 type bridge\n"
                                      "link add \\\n"
                                      "  b0 type bridge\n"
                                      "-x link\n"
                                      "link add \"b9 type bridge\n"
                                      "link add a") +
                                  '\0' +
                                  "b type bridge\n"
                                  "netns exec bx false\n"
                                  "-n '' link\n"
                                  "link add b1 type bridge \\\n";
        auto r = nsctl({"-force", "-batch", "-"}, batch);
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err,
                  "nsctl: -batch -:2: link add: b0: File exists\n"
                  "nsctl: -batch -:3-4: link add: b0: File exists\n"
                  "nsctl: -batch -:5: unknown option '-x'\n"
                  "nsctl: -batch -:6: unterminated quote\n"
                  "nsctl: -batch -:7: a NUL byte in the line\n"
                  "nsctl: -batch -:8: command failed with exit status 1\n"
                  "nsctl: -batch -:9: -n '': not a network namespace name (1 to 255 bytes; no "
                  "'/'; not '.' or '..')\n"
                  "nsctl: -batch -:10: the last line ends in '\\': the line it continues is "
                  "missing\n");
        EXPECT_EQ(link_names(), (std::vector<std::string>{"lo", "b0"}));
    });
}

}  // namespace
}  // namespace nsctl::test
