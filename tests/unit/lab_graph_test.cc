// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl lab graph`: DOT and Mermaid renderings of a topology, against golden strings.
#include <gtest/gtest.h>

#include <string>

#include "lab/graph.h"

namespace nsctl::lab {
namespace {

// Every kind of node and link: linux, bridge, a declared host node and the undeclared host,
// a macvlan, two vxlan links to one remote VTEP, and an interface name with a double quote.
constexpr const char* kTopology = R"(name: graph
topology:
  nodes:
    r1: {kind: linux}
    r2: {kind: linux}
    br0: {kind: bridge}
    h1: {kind: host}
  links:
    - endpoints: ["r1:eth1", "r2:eth1"]
    - endpoints: ["r1:eth2", "br0:r1-eth2"]
    - endpoints: ["host:r2-host", "r2:eth2"]
    - endpoints: ["r2:eth3", "h1:r2-h1"]
    - endpoints: ["r1:eth3", "macvlan:enp0s3"]
    - type: vxlan
      endpoint: {node: r2, interface: vx0}
      remote: 192.0.2.9
      vni: 42
    - type: vxlan
      endpoint: {node: br0, interface: vx1}
      remote: 192.0.2.9
      vni: 43
    - endpoints: ['r1:say"hi', "r2:eth4"]
)";

Topology parse(std::string_view yaml) {
    auto t = parse_topology(yaml, "graph.clab.yml");
    EXPECT_TRUE(t) << (t ? "" : t.error().message());
    return t ? std::move(*t) : Topology{};
}

TEST(LabGraph, Dot) {
    EXPECT_EQ(to_dot(parse(kTopology)),
              "graph \"graph\" {\n"
              "    \"r1\" [shape=box];\n"
              "    \"r2\" [shape=box];\n"
              "    \"br0\" [shape=ellipse];\n"
              "    \"h1\" [shape=house];\n"
              "    \"host\" [shape=house];\n"
              "    \"vtep 192.0.2.9\" [shape=box, style=dashed];\n"
              "    \"r1\" -- \"r2\" [taillabel=\"eth1\", headlabel=\"eth1\"];\n"
              "    \"r1\" -- \"br0\" [taillabel=\"eth2\", headlabel=\"r1-eth2\"];\n"
              "    \"r2\" -- \"host\" [taillabel=\"eth2\", headlabel=\"r2-host\"];\n"
              "    \"r2\" -- \"h1\" [taillabel=\"eth3\", headlabel=\"r2-h1\"];\n"
              "    \"r1\" -- \"host\" [taillabel=\"eth3\", headlabel=\"enp0s3 (macvlan)\"];\n"
              "    \"r2\" -- \"vtep 192.0.2.9\" [taillabel=\"vx0\", headlabel=\"vni 42\", "
              "style=dashed];\n"
              "    \"br0\" -- \"vtep 192.0.2.9\" [taillabel=\"vx1\", headlabel=\"vni 43\", "
              "style=dashed];\n"
              "    \"r1\" -- \"r2\" [taillabel=\"say\\\"hi\", headlabel=\"eth4\"];\n"
              "}\n");
}

TEST(LabGraph, Mermaid) {
    EXPECT_EQ(to_mermaid(parse(kTopology)),
              "graph LR\n"
              "    n0[\"r1\"]\n"
              "    n1[\"r2\"]\n"
              "    n2([\"br0\"])\n"
              "    n3{{\"h1\"}}\n"
              "    n4{{\"host\"}}\n"
              "    n5[/\"vtep 192.0.2.9\"/]\n"
              "    n0 ---|\"eth1 -- eth1\"| n1\n"
              "    n0 ---|\"eth2 -- r1-eth2\"| n2\n"
              "    n1 ---|\"eth2 -- r2-host\"| n4\n"
              "    n1 ---|\"eth3 -- r2-h1\"| n3\n"
              "    n0 ---|\"eth3 -- enp0s3 (macvlan)\"| n4\n"
              "    n1 -.-|\"vx0 -- vni 42\"| n5\n"
              "    n2 -.-|\"vx1 -- vni 43\"| n5\n"
              "    n0 ---|\"say#quot;hi -- eth4\"| n1\n");
}

TEST(LabGraph, NodesWithoutLinksAndTheSameOutputTwice) {
    Topology t = parse(
        "name: alone\ntopology:\n  nodes:\n    b: {kind: linux}\n"
        "    a: {kind: bridge}\n");
    EXPECT_EQ(to_dot(t),
              "graph \"alone\" {\n"
              "    \"b\" [shape=box];\n"
              "    \"a\" [shape=ellipse];\n"
              "}\n");
    EXPECT_EQ(to_mermaid(t),
              "graph LR\n"
              "    n0[\"b\"]\n"
              "    n1([\"a\"])\n");
    Topology big = parse(kTopology);
    EXPECT_EQ(to_dot(big), to_dot(parse(kTopology)));
    EXPECT_EQ(to_mermaid(big), to_mermaid(parse(kTopology)));
}

}  // namespace
}  // namespace nsctl::lab
