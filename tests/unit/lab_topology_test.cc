// SPDX-License-Identifier: GPL-2.0-or-later
// Topology files read as containerlab documents them (containerlab.dev/manual/topo-def-file,
// containerlab.dev/manual/nodes): the brief and extended link forms, and the precedence
// defaults -> kinds -> groups -> node. The refusals are in lab_topology_errors_test.cc.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "lab/topology.h"

namespace nsctl::lab {
namespace {

using Strings = std::vector<std::string>;

Topology parse_ok(std::string_view yaml, std::string_view file = "lab.clab.yml") {
    auto t = parse_topology(yaml, file);
    EXPECT_TRUE(t) << (t ? "" : t.error().message());
    return t ? std::move(*t) : Topology{};
}

TEST(LabTopology, BriefLinks) {
    Topology t = parse_ok(R"(name: line
topology:
  nodes:
    r1: {kind: linux}
    r2:
      kind: linux
  links:
    - endpoints: ["r1:eth1", "r2:eth1"]
    - endpoints: [r2:eth2, "r1:e1-2"]
)");
    EXPECT_EQ(t.name, "line");
    EXPECT_EQ(t.file, "lab.clab.yml");
    ASSERT_EQ(t.nodes.size(), 2u);
    EXPECT_EQ(t.nodes[0].name, "r1");
    EXPECT_EQ(t.nodes[0].pos.line, 4);
    EXPECT_EQ(t.nodes[0].pos.column, 5);
    EXPECT_EQ(t.nodes[1].kind, NodeKind::kLinux);
    ASSERT_EQ(t.links.size(), 2u);
    const Link& l = t.links[1];
    EXPECT_EQ(l.type, LinkType::kVeth);
    ASSERT_EQ(l.endpoints.size(), 2u);
    EXPECT_EQ(l.endpoints[0].node, "r2");
    EXPECT_EQ(l.endpoints[0].interface, "eth2");
    EXPECT_EQ(l.endpoints[1].node, "r1");
    EXPECT_EQ(l.endpoints[1].interface, "e1-2");
    EXPECT_EQ(l.endpoints[1].pos.line, 9);
    EXPECT_EQ(l.endpoints[1].pos.column, 28);
    EXPECT_EQ(l.pos.line, 9);
    EXPECT_EQ(l.pos.column, 7);
    EXPECT_FALSE(l.mtu);
    EXPECT_FALSE(l.netem);
    EXPECT_EQ(netns_name(t, "r1"), "clab-line-r1");
    EXPECT_EQ(find_node(t, "r2"), &t.nodes[1]);
    EXPECT_EQ(find_node(t, "r3"), nullptr);
}

TEST(LabTopology, BriefEndsOnTheHostABridgeAndAMacvlan) {
    Topology t = parse_ok(R"(name: ends
topology:
  nodes:
    a: {kind: linux}
    br0: {kind: bridge}
    h1: {kind: host, exec: [ip link set a-h1 up]}
  links:
    - endpoints: ["host:a-host", "a:eth1"]
    - endpoints: ["a:eth2", "br0:a-eth2"]
    - endpoints: ["a:eth3", "h1:a-h1"]
    - endpoints: ["macvlan:enp0s3", "a:eth4"]
    - endpoints: ["br0:br0-up", "host:up-br0"]
)");
    ASSERT_EQ(t.links.size(), 5u);
    // The node's end first, as in containerlab's host link.
    EXPECT_EQ(t.links[0].type, LinkType::kHost);
    EXPECT_EQ(t.links[0].endpoints[0].node, "a");
    EXPECT_EQ(t.links[0].endpoints[1].node, "host");
    EXPECT_EQ(t.links[0].endpoints[1].kind, NodeKind::kHost);
    EXPECT_EQ(t.links[0].endpoints[1].interface, "a-host");
    EXPECT_EQ(t.links[1].type, LinkType::kVeth);
    EXPECT_EQ(t.links[1].endpoints[1].kind, NodeKind::kBridge);
    EXPECT_EQ(t.links[2].type, LinkType::kHost);
    EXPECT_EQ(t.links[2].endpoints[1].node, "h1");
    EXPECT_EQ(t.links[3].type, LinkType::kMacvlan);
    ASSERT_EQ(t.links[3].endpoints.size(), 1u);
    EXPECT_EQ(t.links[3].endpoints[0].interface, "eth4");
    EXPECT_EQ(t.links[3].host_interface, "enp0s3");
    EXPECT_EQ(t.links[3].macvlan_mode, "bridge");
    EXPECT_EQ(t.links[4].type, LinkType::kHost);
    EXPECT_EQ(t.links[4].endpoints[0].node, "br0");
    EXPECT_EQ(t.nodes[2].exec, (Strings{"ip link set a-h1 up"}));
}

TEST(LabTopology, ExtendedLinks) {
    Topology t = parse_ok(R"(name: ext
topology:
  nodes:
    a: {kind: linux}
    b: {kind: linux}
  links:
    - type: veth
      mtu: 9000
      endpoints:
        - {node: a, interface: eth1, mac: "02:00:00:00:00:0a"}
        - node: b
          interface: eth1
      x-nsctl-netem: {delay: 10ms, jitter: 1500us, loss: 0.5%, rate: 10mbit}
    - type: host
      endpoint: {node: a, interface: eth2}
      host-interface: a-eth2
      mtu: 1400
    - type: macvlan
      endpoint: {node: b, interface: eth2}
      host-interface: enp0s3
      mode: vepa
    - type: vxlan
      endpoint: {node: b, interface: vx0, mac: "02:00:00:00:00:0b"}
      remote: 192.0.2.7
      vni: 100
      dst-port: 4789
      src-port: 10000
    - type: vxlan
      endpoint: {node: a, interface: vx0}
      remote: "2001:db8::7"
      vni: 16777215
      udp-port: 14788
    - type: vxlan
      endpoint: {node: a, interface: vx1}
      remote: 192.0.2.8
      vni: 1
      vars: {any: [thing]}
      labels: {any: thing}
)");
    ASSERT_EQ(t.links.size(), 6u);
    const Link& veth = t.links[0];
    EXPECT_EQ(veth.type, LinkType::kVeth);
    EXPECT_EQ(veth.mtu, 9000u);
    ASSERT_TRUE(veth.endpoints[0].mac);
    EXPECT_EQ(net::format_mac(*veth.endpoints[0].mac), "02:00:00:00:00:0a");
    EXPECT_FALSE(veth.endpoints[1].mac);
    EXPECT_EQ(veth.endpoints[1].pos.line, 11);
    ASSERT_TRUE(veth.netem);
    EXPECT_EQ(veth.netem->delay, std::chrono::microseconds(10000));
    EXPECT_EQ(veth.netem->jitter, std::chrono::microseconds(1500));
    EXPECT_EQ(veth.netem->loss_percent, 0.5);
    EXPECT_EQ(veth.netem->rate_kbit, 10000u);

    const Link& host = t.links[1];
    EXPECT_EQ(host.type, LinkType::kHost);
    ASSERT_EQ(host.endpoints.size(), 2u);
    EXPECT_EQ(host.endpoints[1].node, "host");
    EXPECT_EQ(host.endpoints[1].interface, "a-eth2");
    EXPECT_EQ(host.mtu, 1400u);

    EXPECT_EQ(t.links[2].type, LinkType::kMacvlan);
    EXPECT_EQ(t.links[2].host_interface, "enp0s3");
    EXPECT_EQ(t.links[2].macvlan_mode, "vepa");

    const Link& vx = t.links[3];
    EXPECT_EQ(vx.type, LinkType::kVxlan);
    ASSERT_TRUE(vx.vxlan);
    EXPECT_EQ(vx.vxlan->remote, "192.0.2.7");
    EXPECT_EQ(vx.vxlan->vni, 100u);
    EXPECT_EQ(vx.vxlan->dst_port, 4789);
    EXPECT_EQ(vx.vxlan->src_port, 10000);
    EXPECT_TRUE(vx.endpoints[0].mac);
    // udp-port is dst-port's older name; without either, containerlab's 14789.
    EXPECT_EQ(t.links[4].vxlan->dst_port, 14788);
    EXPECT_EQ(t.links[4].vxlan->vni, 16777215u);
    EXPECT_EQ(t.links[5].vxlan->dst_port, 14789);
    EXPECT_FALSE(t.links[5].vxlan->src_port);
}

TEST(LabTopology, NetemUnits) {
    auto netem = [](const std::string& values) {
        Topology t = parse_ok(
            "name: n\ntopology:\n  nodes: {a: {kind: linux}}\n  links:\n"
            "    - endpoints: [a:eth1, a:eth2]\n      x-nsctl-netem: " +
            values + "\n");
        return t.links.empty() ? Netem{} : t.links[0].netem.value_or(Netem{});
    };
    EXPECT_EQ(netem("{delay: 1.5s}").delay, std::chrono::microseconds(1500000));
    EXPECT_EQ(netem("{delay: 250us}").delay, std::chrono::microseconds(250));
    EXPECT_EQ(netem("{delay: 0ms, loss: 100}").loss_percent, 100.0);
    EXPECT_EQ(netem("{rate: 100}").rate_kbit, 100u);  // kbit/s, as containerlab's --rate
    EXPECT_EQ(netem("{rate: 2gbit}").rate_kbit, 2000000u);
    EXPECT_EQ(netem("{rate: 1.5mbit}").rate_kbit, 1500u);
}

class LabImages : public ::testing::Test {
  protected:
    void SetUp() override {
        char dir[] = "/tmp/nsctl-lab-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        dir_ = dir;
        for (const char* sub : {"/alpine", "/debian"}) {
            ASSERT_EQ(mkdir((dir_ + sub).c_str(), 0755), 0);
        }
    }
    void TearDown() override {
        for (const char* sub : {"/alpine", "/debian", ""}) {
            EXPECT_EQ(rmdir((dir_ + sub).c_str()), 0) << dir_ << sub;
        }
    }
    std::string dir_;
};

// containerlab.dev/manual/nodes: env and labels merged key by key, binds merged with a
// destination bound again replaced, image and cmd taken from the most specific level.
TEST_F(LabImages, DefaultsKindsGroupsNodePrecedence) {
    Topology t = parse_ok(R"(name: prec
topology:
  defaults:
    kind: linux
    image: alpine
    cmd: sleep 1
    env: {A: defaults, B: defaults, E:}
    labels: {tier: defaults}
    sysctls: {net.ipv4.ip_forward: 0}
    exec: [echo defaults, echo shared]
    binds: [/srv/d:/data, /srv/log:/log:ro]
  kinds:
    linux:
      env: {B: kind, C: kind}
      exec: [echo kind, echo shared]
      binds: [/srv/k:/data]
  groups:
    web:
      image: debian
      labels: {tier: web}
  nodes:
    n1:
      group: web
      cmd: sleep 3
      env: {C: node, D: 4}
      sysctls: {net.ipv4.ip_forward: 1}
      exec: [echo node]
      binds: [/srv/n:/log]
    n2:
)",
                          dir_ + "/lab.clab.yml");
    ASSERT_EQ(t.nodes.size(), 2u);
    const Node& n1 = t.nodes[0];
    EXPECT_EQ(n1.group, "web");
    EXPECT_EQ(n1.image, dir_ + "/debian");  // group over defaults, relative to the file
    EXPECT_EQ(n1.cmd, "sleep 3");
    EXPECT_EQ(n1.env,
              (StringMap{{"A", "defaults"}, {"B", "kind"}, {"E", ""}, {"C", "node"}, {"D", "4"}}));
    EXPECT_EQ(n1.labels, (StringMap{{"tier", "web"}}));
    EXPECT_EQ(n1.sysctls, (StringMap{{"net.ipv4.ip_forward", "1"}}));
    EXPECT_EQ(n1.exec, (Strings{"echo defaults", "echo shared", "echo kind", "echo node"}));
    EXPECT_EQ(n1.binds, (Strings{"/srv/k:/data", "/srv/n:/log"}));

    const Node& n2 = t.nodes[1];
    EXPECT_EQ(n2.group, "");
    EXPECT_EQ(n2.image, dir_ + "/alpine");
    EXPECT_EQ(n2.cmd, "sleep 1");
    EXPECT_EQ(n2.env, (StringMap{{"A", "defaults"}, {"B", "kind"}, {"E", ""}, {"C", "kind"}}));
    EXPECT_EQ(n2.labels, (StringMap{{"tier", "defaults"}}));
    EXPECT_EQ(n2.binds, (Strings{"/srv/log:/log:ro", "/srv/k:/data"}));

    // The levels are kept as written too.
    EXPECT_EQ(t.defaults.kind, NodeKind::kLinux);
    ASSERT_EQ(t.kinds.size(), 1u);
    EXPECT_EQ(t.kinds[0].first, NodeKind::kLinux);
    EXPECT_EQ(t.kinds[0].second.exec, (Strings{"echo kind", "echo shared"}));
    ASSERT_EQ(t.groups.size(), 1u);
    EXPECT_EQ(t.groups[0].first, "web");
}

TEST_F(LabImages, AnImageIsADirectoryNamedAbsolutelyOrFromTheFile) {
    Topology t = parse_ok("name: img\ntopology:\n  nodes:\n    a: {kind: linux, image: " + dir_ +
                          "/alpine}\n");
    ASSERT_EQ(t.nodes.size(), 1u);
    EXPECT_EQ(t.nodes[0].image, dir_ + "/alpine");
    // A file name without a directory: relative to the current one.
    char* cwd = getcwd(nullptr, 0);
    ASSERT_NE(cwd, nullptr);
    ASSERT_EQ(chdir(dir_.c_str()), 0);
    t = parse_ok("name: img\ntopology:\n  nodes:\n    a: {kind: linux, image: debian}\n");
    EXPECT_EQ(chdir(cwd), 0);
    free(cwd);
    ASSERT_EQ(t.nodes.size(), 1u);
    EXPECT_EQ(t.nodes[0].image, "debian");
}

// Inherited from defaults, what does not apply to a kind is left out of its nodes (written for
// the node or its kind, it is refused: lab_topology_errors_test.cc).
TEST_F(LabImages, InheritedKeysThatDoNotApplyAreLeftOut) {
    Topology t = parse_ok(R"(name: mixed
topology:
  defaults:
    kind: linux
    image: alpine
    exec: [echo hi]
    env: {A: 1}
    binds: [/srv:/srv]
    labels: {lab: mixed}
  nodes:
    br0: {kind: bridge}
    h: {kind: host}
    plain: {}
)",
                          dir_ + "/lab.clab.yml");
    ASSERT_EQ(t.nodes.size(), 3u);
    const Node& br = t.nodes[0];
    EXPECT_FALSE(br.image);
    EXPECT_TRUE(br.exec.empty());
    EXPECT_TRUE(br.env.empty());
    EXPECT_TRUE(br.binds.empty());
    EXPECT_EQ(br.labels, (StringMap{{"lab", "mixed"}}));
    const Node& h = t.nodes[1];
    EXPECT_FALSE(h.image);
    EXPECT_EQ(h.exec, (Strings{"echo hi"}));
    EXPECT_TRUE(h.env.empty());
    EXPECT_EQ(t.nodes[2].binds, (Strings{"/srv:/srv"}));
}

TEST(LabTopology, AnchorsAndMergeKeys) {
    Topology t = parse_ok(R"(name: anchors
x-common: &common
  kind: linux
  env: {A: "1", B: "2"}
topology:
  nodes:
    a:
      <<: *common
      env: {B: "3"}
    b: *common
    c:
      <<: [*common, {labels: {x: "y"}}]
  links:
    - endpoints: &ends ["a:eth1", "b:eth1"]
    - endpoints: ["c:eth1", "a:eth2"]
)");
    ASSERT_EQ(t.nodes.size(), 3u);
    EXPECT_EQ(t.nodes[0].env, (StringMap{{"B", "3"}}));  // written keys win over merged ones
    EXPECT_EQ(t.nodes[1].env, (StringMap{{"A", "1"}, {"B", "2"}}));
    EXPECT_EQ(t.nodes[2].labels, (StringMap{{"x", "y"}}));
    EXPECT_EQ(t.nodes[2].kind, NodeKind::kLinux);
}

TEST(LabTopology, MultiLineScalarsAndFlowStyles) {
    Topology t = parse_ok(R"(name: styles
topology: {nodes: {a: {kind: linux, exec: [
      "ip link set eth1 up",
      'ip address add 10.0.0.1/24 dev eth1']}, b: {kind: linux}},
  links: [{endpoints: [a:eth1, b:eth1]}]}
)");
    ASSERT_EQ(t.nodes.size(), 2u);
    EXPECT_EQ(t.nodes[0].exec.size(), 2u);
    t = parse_ok(
        "name: s\ntopology:\n  nodes:\n    a:\n      kind: linux\n      cmd: >\n"
        "        sh -c\n        'sleep 100'\n");
    ASSERT_EQ(t.nodes.size(), 1u);
    EXPECT_EQ(t.nodes[0].cmd, "sh -c 'sleep 100'\n");
}

TEST(LabTopology, PrefixAndMgmt) {
    const char* body = "\ntopology:\n  nodes:\n    n1: {kind: linux}\n";
    Topology t = parse_ok(std::string("name: p\nprefix: my") + body);
    EXPECT_EQ(netns_name(t, "n1"), "my-p-n1");
    t = parse_ok(std::string("name: p\nprefix: __lab-name") + body);
    EXPECT_EQ(netns_name(t, "n1"), "p-n1");
    t = parse_ok(std::string("name: p\nprefix: \"\"") + body);
    EXPECT_EQ(netns_name(t, "n1"), "n1");
    t = parse_ok(std::string("name: p\nmgmt:\n  network: m\n  ipv4-subnet: 172.20.0.0/24\n"
                             "  driver-opts: {com.docker.network.driver.mtu: 1450}\n"
                             "debug: true\nx-notes: anything") +
                 body);
    EXPECT_EQ(t.mgmt, (StringMap{{"network", "m"},
                                 {"ipv4-subnet", "172.20.0.0/24"},
                                 {"driver-opts.com.docker.network.driver.mtu", "1450"}}));
}

TEST(LabTopology, ExtensionKeysAreIgnoredButNsctlOnes) {
    Topology t = parse_ok(R"(name: x
x-top: 1
topology:
  x-anything: {a: b}
  nodes:
    a: {kind: linux, x-color: red}
  links:
    - endpoints: [a:eth1, a:eth2]
      x-other: 3
)");
    EXPECT_EQ(t.links.size(), 1u);
}

TEST(LabTopology, SampleFiles) {
    struct Sample {
        const char* file;
        size_t nodes, links;
    };
    for (Sample s : {Sample{"line3.clab.yml", 3, 2}, Sample{"star5.clab.yml", 6, 5},
                     Sample{"two-bridges.clab.yml", 6, 5}}) {
        auto t = load_topology(std::string(NSCTL_SOURCE_DIR) + "/tests/lab/" + s.file);
        ASSERT_TRUE(t) << t.error().message();
        EXPECT_EQ(t->nodes.size(), s.nodes) << s.file;
        EXPECT_EQ(t->links.size(), s.links) << s.file;
    }
    auto line = load_topology(std::string(NSCTL_SOURCE_DIR) + "/tests/lab/line3.clab.yml");
    ASSERT_TRUE(line);
    EXPECT_EQ(line->nodes[1].sysctls, (StringMap{{"net.ipv4.ip_forward", "1"}}));
    auto star = load_topology(std::string(NSCTL_SOURCE_DIR) + "/tests/lab/star5.clab.yml");
    ASSERT_TRUE(star);
    EXPECT_EQ(star->nodes[0].kind, NodeKind::kBridge);
    EXPECT_TRUE(star->nodes[0].labels.empty());  // kinds.linux does not reach a bridge
    EXPECT_EQ(star->nodes[1].labels, (StringMap{{"role", "host"}}));
}

TEST(LabTopology, AThousandNodeLineParsesQuickly) {
    std::string yaml = "name: big\ntopology:\n  defaults: {kind: linux}\n  nodes:\n";
    for (int i = 0; i < 1000; ++i) yaml += "    n" + std::to_string(i) + ":\n";
    yaml += "  links:\n";
    for (int i = 0; i + 1 < 1000; ++i) {
        yaml += "    - endpoints: [\"n" + std::to_string(i) + ":eth2\", \"n" +
                std::to_string(i + 1) + ":eth1\"]\n";
    }
    auto start = std::chrono::steady_clock::now();
    auto t = parse_topology(yaml, "big.clab.yml");
    auto took = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->nodes.size(), 1000u);
    EXPECT_EQ(t->links.size(), 999u);
    EXPECT_EQ(t->links[998].endpoints[1].node, "n999");
    // A bound, not a measurement (bench/ measures): a quadratic step would pass it by far.
    EXPECT_LT(took, std::chrono::seconds(1));
}

}  // namespace
}  // namespace nsctl::lab
