// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl lab as a user runs it: topology files deployed, reached, inspected, redeployed and
// destroyed, inside namespaces the test makes (run_in_fresh_namespaces: /run is a tmpfs of the
// test's own, so /run/netns and /run/nsctl/labs start empty; the "host" is a fresh network
// namespace). Checked with iproute2, ping and the files the lab leaves (or does not).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "cli/lab_helpers.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

TEST(Lab, LineOfThreeRoutesEndToEnd) {
    run_in_fresh_namespaces([] {
        auto r = nsctl({"lab", "deploy", "-t", source_file("line3.clab.yml")});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_NE(r.out.find("lab line3: 3 nodes, 2 links deployed (3 namespaces, 2 links"),
                  std::string::npos)
            << r.out;
        // r1 reaches r3 through r2, which forwards (its sysctl was written in its namespace).
        auto ping = in_node("clab-line3-r1", {"ping", "-c", "1", "-W", "5", "10.0.23.2"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        EXPECT_EQ(in_node("clab-line3-r2", {"cat", "/proc/sys/net/ipv4/ip_forward"}).out, "1\n");
        EXPECT_EQ(run({"cat", "/proc/sys/net/ipv4/ip_forward"}).out, "0\n") << "the host's changed";
        // Each node has its name as host name (its own UTS namespace); the host keeps its own.
        auto host = nsctl({"lab", "exec", "--name", "line3", "--node", "r2", "--", "hostname"});
        EXPECT_EQ(host.out, "r2\n") << host.err;
        EXPECT_NE(run({"hostname"}).out, "r2\n");
        auto ins = nsctl({"lab", "inspect", "--name", "line3", "--format", "json"});
        ASSERT_EQ(ins.status, 0) << ins.err;
        auto json = parse_json(ins.out);
        ASSERT_TRUE(json) << ins.out;
        const Json* containers = json->get("containers");
        ASSERT_TRUE(containers && containers->items.size() == 3) << ins.out;
        EXPECT_EQ(*containers->items[0].string("name"), "clab-line3-r1");
        EXPECT_EQ(*containers->items[0].string("ipv4_address"), "10.0.12.1/30");
        EXPECT_EQ(*containers->items[1].string("state"), "running");
        auto gone = nsctl({"lab", "destroy", "-t", source_file("line3.clab.yml")});
        EXPECT_EQ(gone.status, 0) << gone.err;
        EXPECT_EQ(gone.out, "lab line3: destroyed\n");
        expect_nothing_left();
    });
}

TEST(Lab, StarOnABridgeTheLabMakesAndRemoves) {
    run_in_fresh_namespaces([] {
        auto r = nsctl({"lab", "deploy", "-t", source_file("star5.clab.yml")});
        ASSERT_EQ(r.status, 0) << r.err;
        auto br = run({"ip", "-d", "-j", "link", "show", "star5-br"});
        ASSERT_EQ(br.status, 0) << "no bridge";
        auto ping = in_node("clab-star5-h1", {"ping", "-c", "1", "-W", "5", "10.5.0.5"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        auto master = run({"ip", "-o", "link", "show", "master", "star5-br"});
        EXPECT_EQ(std::count(master.out.begin(), master.out.end(), '\n'), 5) << master.out;
        // exec by label: every host (the kind's label), one after the other.
        auto names =
            nsctl({"lab", "exec", "--name", "star5", "--label", "role=host", "--", "hostname"});
        EXPECT_EQ(names.status, 0) << names.err;
        EXPECT_NE(names.out.find("== h3 ==\nh3\n"), std::string::npos) << names.out;
        EXPECT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
        expect_nothing_left();
    });
}

TEST(Lab, ABridgeThatWasThereStays) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"ip", "link", "add", "star5-br", "type", "bridge"}).status, 0);
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", source_file("star5.clab.yml")}).status, 0);
        ASSERT_EQ(nsctl({"lab", "destroy", "--name", "star5"}).status, 0);
        EXPECT_EQ(run({"ip", "link", "show", "star5-br"}).status, 0) << "the user's bridge went";
        EXPECT_EQ(run({"ip", "-o", "link", "show", "master", "star5-br"}).out, "");
        ASSERT_EQ(run({"ip", "link", "del", "star5-br"}).status, 0);
        expect_nothing_left();
    });
}

const char* kPair = R"(name: pair
topology:
  nodes:
    a: {kind: linux, exec: ["ip addr add 10.7.0.1/24 dev eth1"]}
    b: {kind: linux, exec: ["ip addr add 10.7.0.2/24 dev eth1"]}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
)";

TEST(Lab, SecondDeployMakesOnlyWhatIsMissing) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("pair.clab.yml", kPair);
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", file}).status, 0);
        auto again = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(again.status, 0) << again.err;
        EXPECT_NE(again.out.find("(0 namespaces, 0 links, 0 bridges made)"), std::string::npos)
            << again.out;
        // A third node and link added to the file: only those are made.
        std::string more = std::string(kPair) + "    - endpoints: [\"b:eth2\", \"c:eth1\"]\n";
        more.insert(more.find("  links:"), "    c: {kind: linux}\n");
        write_topology("pair.clab.yml", more);
        auto grown = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(grown.status, 0) << grown.err;
        EXPECT_NE(grown.out.find("(1 namespaces, 1 links, 0 bridges made)"), std::string::npos)
            << grown.out;
        auto ping = in_node("clab-pair-a", {"ping", "-c", "1", "-W", "5", "10.7.0.2"});
        EXPECT_EQ(ping.status, 0) << "the first deploy's addresses went";
        // --reconfigure: destroyed and made anew.
        auto re = nsctl({"lab", "deploy", "-t", file, "--reconfigure"});
        EXPECT_NE(re.out.find("(3 namespaces, 2 links, 0 bridges made)"), std::string::npos)
            << re.out << re.err;
        ASSERT_EQ(nsctl({"lab", "destroy", "-t", file}).status, 0);
        expect_nothing_left();
    });
}

TEST(Lab, AFailedDeployLeavesNothing) {
    run_in_fresh_namespaces([] {
        // The second link's host end takes a name the host has: the kernel refuses it after
        // the namespaces, the first link and the bridge were made.
        ASSERT_EQ(
            run({"ip", "link", "add", "taken0", "type", "veth", "peer", "name", "taken1"}).status,
            0);
        std::string file = write_topology("bad.clab.yml", R"(name: bad
topology:
  nodes:
    br: {kind: bridge}
    a: {kind: linux}
    b: {kind: linux}
  links:
    - endpoints: ["a:eth1", "br:bad-a"]
    - endpoints: ["b:eth1", "br:taken0"]
)");
        auto r = nsctl({"lab", "deploy", "-t", file});
        EXPECT_EQ(r.status, 1);
        EXPECT_NE(r.err.find("nsctl lab: link b:eth1 br:taken0: "), std::string::npos) << r.err;
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "");
        EXPECT_FALSE(exists("/run/nsctl/labs/bad"));
        EXPECT_NE(run({"ip", "link", "show", "br"}).status, 0) << "the lab's bridge stayed";
        EXPECT_NE(run({"ip", "link", "show", "bad-a"}).status, 0) << "the first link stayed";
        ASSERT_EQ(run({"ip", "link", "del", "taken0"}).status, 0);
        expect_nothing_left();
    });
}

TEST(Lab, AFailingExecLineRollsBack) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("exec.clab.yml", R"(name: ex
topology:
  nodes:
    a:
      kind: linux
      exec:
        - ip addr add 10.8.0.1/24 dev eth1
        - sh -c 'exit 3'
    b: {kind: linux}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
)");
        auto r = nsctl({"lab", "deploy", "-t", file});
        EXPECT_EQ(r.status, 1);
        EXPECT_NE(r.err.find("a: exec \"sh -c 'exit 3'\" exited with 3"), std::string::npos)
            << r.err;
        expect_nothing_left();
    });
}

TEST(Lab, DestroyFromTheStateWhenTheFileIsGone) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("gone.clab.yml", kPair);
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", file}).status, 0);
        ASSERT_EQ(unlink(file.c_str()), 0);
        auto by_file = nsctl({"lab", "destroy", "-t", file});
        EXPECT_EQ(by_file.status, 1);
        EXPECT_NE(by_file.err.find("gone.clab.yml"), std::string::npos) << by_file.err;
        auto r = nsctl({"lab", "destroy", "--name", "pair"});
        EXPECT_EQ(r.status, 0) << r.err;
        expect_nothing_left();
    });
}

TEST(Lab, TwoLabsWithTheSameNodeNames) {
    run_in_fresh_namespaces([] {
        std::string one = write_topology("one.clab.yml", kPair);
        std::string other = std::string(kPair);
        other.replace(0, std::string("name: pair").size(), "name: twin");
        std::string two = write_topology("two.clab.yml", other);
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", one}).status, 0);
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", two}).status, 0);
        EXPECT_EQ(run({"ls", "/run/netns"}).out,
                  "clab-pair-a\nclab-pair-b\nclab-twin-a\nclab-twin-b\n");
        // The same lab name from another file is refused, and changes nothing.
        std::string three = write_topology("three.clab.yml", kPair);
        auto clash = nsctl({"lab", "deploy", "-t", three});
        EXPECT_EQ(clash.status, 1);
        EXPECT_NE(clash.err.find("lab 'pair' is deployed from /run/one.clab.yml"),
                  std::string::npos)
            << clash.err;
        ASSERT_EQ(nsctl({"lab", "destroy", "--name", "pair"}).status, 0);
        auto ping = in_node("clab-twin-a", {"ping", "-c", "1", "-W", "5", "10.7.0.2"});
        EXPECT_EQ(ping.status, 0) << "destroying one lab touched the other";
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
        expect_nothing_left();
    });
}

// Whether pid is gone (or a zombie waiting for init), waiting up to 2 s.
bool ends(pid_t pid) {
    for (int i = 0; i < 200; ++i) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        if (!std::getline(stat, line)) return true;
        size_t paren = line.rfind(')');
        if (paren != std::string::npos && line.compare(paren + 2, 1, "Z") == 0) return true;
        usleep(10'000);
    }
    return false;
}

TEST(Lab, ACommandRunsUntilDestroy) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("cmd.clab.yml", R"(name: cmd
topology:
  nodes:
    a: {kind: linux, cmd: "echo $GREETING from $(hostname); exec sleep 600", env: {GREETING: hello}}
)");
        ASSERT_EQ(nsctl({"lab", "deploy", "-t", file}).status, 0);
        auto ins = parse_json(nsctl({"lab", "inspect", "-t", file, "-f", "json"}).out);
        ASSERT_TRUE(ins);
        EXPECT_TRUE(ins->get("containers")->items[0].get("cmd_running")->boolean);
        auto state = parse_json(run({"cat", "/run/nsctl/labs/cmd/state.json"}).out);
        ASSERT_TRUE(state);
        auto pid = static_cast<pid_t>(state->get("nodes")->items[0].integer("cmd_pid"));
        ASSERT_GT(pid, 0);
        EXPECT_FALSE(ends(pid));
        // Its output went to its log; it ran in the node's namespaces, with the node's env.
        EXPECT_EQ(run({"cat", "/run/nsctl/labs/cmd/a.log"}).out, "hello from a\n");
        ASSERT_EQ(nsctl({"lab", "destroy", "--name", "cmd"}).status, 0);
        EXPECT_TRUE(ends(pid)) << "the command outlived its lab";
        expect_nothing_left();
    });
}

// A lab with one node whose vxlan link reaches REMOTE; its node has ADDR.
std::string vxlan_lab(const std::string& name, const std::string& addr, const std::string& remote) {
    return write_topology(name + ".clab.yml", "name: " + name + R"(
topology:
  nodes:
    n1: {kind: linux, exec: ["ip addr add )" + addr +
                                                  R"(/24 dev vx0"]}
  links:
    - type: vxlan
      endpoint: {node: n1, interface: vx0}
      remote: )" + remote + R"(
      vni: 100
      dst-port: 4789
)");
}

// Two "hosts" (namespaces joined by a veth underlay), a lab on each: their nodes reach each
// other over VXLAN, whose sockets stay in the host that deployed each lab.
TEST(Lab, VxlanBetweenLabsOnTwoHosts) {
    run_in_fresh_namespaces([] {
        for (const char* cmd : {"ip netns add hostA", "ip netns add hostB",
                                "ip -n hostA link add u0 type veth peer name u0 netns hostB",
                                "ip -n hostA addr add 172.30.0.1/24 dev u0",
                                "ip -n hostB addr add 172.30.0.2/24 dev u0",
                                "ip -n hostA link set u0 up", "ip -n hostB link set u0 up"})
            ASSERT_EQ(run({"sh", "-c", cmd}).status, 0) << cmd;
        std::string a = vxlan_lab("vxa", "10.99.0.1", "172.30.0.2");
        std::string b = vxlan_lab("vxb", "10.99.0.2", "172.30.0.1");
        auto on = [](const char* host, std::vector<std::string> args) {
            args.insert(args.begin(),
                        {"nsenter", std::string("--net=/run/netns/") + host, NSCTL_BINARY});
            return run(args);
        };
        auto da = on("hostA", {"lab", "deploy", "-t", a});
        ASSERT_EQ(da.status, 0) << da.err;
        ASSERT_EQ(on("hostB", {"lab", "deploy", "-t", b}).status, 0);
        auto link = run({"ip", "-d", "-n", "clab-vxa-n1", "link", "show", "vx0"});
        EXPECT_NE(link.out.find("vxlan id 100 remote 172.30.0.2"), std::string::npos) << link.out;
        EXPECT_NE(link.out.find("link-netns hostA"), std::string::npos) << link.out;
        auto ping = in_node("clab-vxa-n1", {"ping", "-c", "1", "-W", "5", "10.99.0.2"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        // From another network namespace than deploy's, destroy would miss the host ends.
        auto elsewhere = nsctl({"lab", "destroy", "--name", "vxa"});
        EXPECT_EQ(elsewhere.status, 1);
        EXPECT_NE(elsewhere.err.find("lab 'vxa' was deployed from the network namespace net:["),
                  std::string::npos)
            << elsewhere.err;
        EXPECT_EQ(on("hostA", {"lab", "destroy", "--name", "vxa"}).status, 0);
        EXPECT_EQ(on("hostB", {"lab", "destroy", "--name", "vxb"}).status, 0);
        EXPECT_EQ(run({"ls", "/run/netns"}).out, "hostA\nhostB\n");
    });
}

// Two nodes with a macvlan each on one host interface, in bridge mode: they reach each other.
TEST(Lab, MacvlanNodesOnOneHostInterface) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"sh", "-c",
                       "ip link add mparent type veth peer name mpeer && "
                       "ip link set mparent up && ip link set mpeer up"})
                      .status,
                  0);
        std::string file = write_topology("mv.clab.yml", R"(name: mv
topology:
  nodes:
    a: {kind: linux, exec: ["ip addr add 10.66.0.1/24 dev mv0"]}
    b: {kind: linux, exec: ["ip addr add 10.66.0.2/24 dev mv0"]}
  links:
    - type: macvlan
      endpoint: {node: a, interface: mv0}
      host-interface: mparent
    - type: macvlan
      endpoint: {node: b, interface: mv0}
      host-interface: mparent
      mode: bridge
)");
        auto r = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(r.status, 0) << r.err;
        auto ping = in_node("clab-mv-a", {"ping", "-c", "1", "-W", "5", "10.66.0.2"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        // A parent that does not exist: refused, and what was made goes.
        std::string bad = write_topology("mvbad.clab.yml", R"(name: mvbad
topology:
  nodes:
    a: {kind: linux}
  links:
    - type: macvlan
      endpoint: {node: a, interface: mv0}
      host-interface: nosuch0
)");
        auto refused = nsctl({"lab", "deploy", "-t", bad});
        EXPECT_EQ(refused.status, 1);
        EXPECT_NE(refused.err.find("link a:mv0: nosuch0: No such device"), std::string::npos)
            << refused.err;
        ASSERT_EQ(nsctl({"lab", "destroy", "--all"}).status, 0);
        ASSERT_EQ(run({"ip", "link", "del", "mparent"}).status, 0);
        expect_nothing_left();
    });
}

TEST(Lab, QuickReferenceTestNetwork) {
    run_in_fresh_namespaces([] {
        auto r = nsctl({"lab", "deploy", "-t", source_file("quickref-testnet.clab.yml")});
        ASSERT_EQ(r.status, 0) << r.err;
        // The host's end is on the host, with the host node's address; the server answers.
        auto addr = run({"ip", "-o", "-4", "addr", "show", "dev", "vtest0"});
        EXPECT_NE(addr.out.find("192.168.100.1/24"), std::string::npos) << addr.out;
        auto got = fetch_url("http://192.168.100.2:8080/");
        EXPECT_EQ(got.out, "200") << got.err;
        ASSERT_EQ(nsctl({"lab", "destroy", "--name", "quickref"}).status, 0);
        EXPECT_NE(run({"ip", "link", "show", "vtest0"}).status, 0) << "the host's end stayed";
        expect_nothing_left();
    });
}

TEST(Lab, IpLinesNsctlDoesNotTakeGoToIp) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("ip.clab.yml", R"(name: ipl
topology:
  nodes:
    a:
      kind: linux
      exec:
        - ip link set eth1 promisc on
        - ip -6 addr add fd00::1/64 dev eth1 nodad
        - ip neigh add 10.9.0.2 lladdr 02:00:00:00:00:02 dev eth1
    b: {kind: linux}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
)");
        auto r = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "") << "a usage error of our grammar was printed";
        auto link = run({"ip", "-n", "clab-ipl-a", "link", "show", "eth1"});
        EXPECT_NE(link.out.find("PROMISC"), std::string::npos) << link.out;
        auto addr = run({"ip", "-n", "clab-ipl-a", "-6", "addr", "show", "dev", "eth1"});
        EXPECT_NE(addr.out.find("fd00::1/64"), std::string::npos) << addr.out;
        auto neigh = run({"ip", "-n", "clab-ipl-a", "neigh", "show", "10.9.0.2"});
        EXPECT_NE(neigh.out.find("02:00:00:00:00:02"), std::string::npos) << neigh.out;
        ASSERT_EQ(nsctl({"lab", "destroy", "--name", "ipl"}).status, 0);
        expect_nothing_left();
    });
}

TEST(Lab, BadCommandLines) {
    auto none = nsctl({"lab"});
    EXPECT_EQ(none.status, 1);
    EXPECT_NE(none.err.find("nsctl lab: missing verb"), std::string::npos) << none.err;
    auto verb = nsctl({"lab", "depoy"});
    EXPECT_NE(verb.err.find("unknown verb 'depoy'"), std::string::npos) << verb.err;
    auto no_file = nsctl({"lab", "deploy"});
    EXPECT_NE(no_file.err.find("deploy: -t FILE is required"), std::string::npos);
    auto two = nsctl({"lab", "destroy", "--name", "x", "--all"});
    EXPECT_NE(two.err.find("give one of -t FILE, --name LAB and --all"), std::string::npos);
    auto fmt = nsctl({"lab", "inspect", "--format", "yaml"});
    EXPECT_NE(fmt.err.find("--format yaml: table or json"), std::string::npos);
    auto exec = nsctl({"lab", "exec", "--name", "x", "--node", "a"});
    EXPECT_NE(exec.err.find("no command"), std::string::npos);
    auto opt = nsctl({"lab", "graph", "--reconfigure"});
    EXPECT_NE(opt.err.find("graph: unknown option --reconfigure"), std::string::npos);
    auto help = nsctl({"lab", "deploy", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("nsctl lab deploy -t FILE"), std::string::npos);
    auto missing = nsctl({"lab", "deploy", "-t", "/nonexistent/x.clab.yml"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("/nonexistent/x.clab.yml"), std::string::npos) << missing.err;
}

TEST(Lab, NotDeployed) {
    run_in_fresh_namespaces([] {
        auto r = nsctl({"lab", "destroy", "--name", "nosuch"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl lab: lab 'nosuch' is not deployed\n");
        auto e = nsctl({"lab", "exec", "--name", "nosuch", "--node", "a", "--", "true"});
        EXPECT_EQ(e.err, "nsctl lab: lab 'nosuch' is not deployed\n");
        EXPECT_EQ(nsctl({"lab", "inspect"}).out, "");
    });
}

TEST(Lab, GraphAsDot) {
    auto r = nsctl({"lab", "graph", "-t", source_file("line3.clab.yml"), "--dot"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.rfind("graph", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("r2"), std::string::npos);
}

}  // namespace
}  // namespace nsctl::test

namespace nsctl::test {
namespace {

// A node's sysctls are written as soon as its namespace exists, before its links come up (so
// that net.ipv6.conf.default.* applies to them), and an interface's keys once it exists.
TEST(Lab, SysctlsBeforeTheLinksAndInterfaceKeysAfter) {
    run_in_fresh_namespaces([] {
        std::string file = write_topology("sysctl.clab.yml", R"(name: sc
topology:
  nodes:
    a:
      kind: linux
      sysctls: {net.ipv6.conf.default.disable_ipv6: 1, net.ipv4.conf.eth1.rp_filter: 2}
    b: {kind: linux}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
)");
        auto r = nsctl({"lab", "deploy", "-t", file});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(in_node("clab-sc-a", {"cat", "/proc/sys/net/ipv6/conf/eth1/disable_ipv6"}).out,
                  "1\n");
        EXPECT_EQ(in_node("clab-sc-b", {"cat", "/proc/sys/net/ipv6/conf/eth1/disable_ipv6"}).out,
                  "0\n");
        EXPECT_EQ(in_node("clab-sc-a", {"cat", "/proc/sys/net/ipv4/conf/eth1/rp_filter"}).out,
                  "2\n");
        ASSERT_EQ(nsctl({"lab", "destroy", "-t", file}).status, 0);
        // A key that does not exist even after the links: refused, rolled back.
        std::string bad = write_topology("bad.clab.yml", R"(name: sc
topology:
  nodes:
    a: {kind: linux, sysctls: {net.ipv4.conf.eth9.rp_filter: 2}}
)");
        auto refused = nsctl({"lab", "deploy", "-t", bad});
        EXPECT_EQ(refused.status, 1);
        EXPECT_NE(refused.err.find("a: "), std::string::npos) << refused.err;
        EXPECT_NE(refused.err.find("eth9"), std::string::npos) << refused.err;
        expect_nothing_left();
    });
}

}  // namespace
}  // namespace nsctl::test
