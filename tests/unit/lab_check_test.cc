// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl lab check` without namespaces: the segments of a lab's state and the address pairs on
// them.
#include <gtest/gtest.h>

#include <string>

#include "lab/check.h"

namespace nsctl::lab {
namespace {

NodeState node(const std::string& name, NodeKind kind = NodeKind::kLinux) {
    NodeState n;
    n.name = name;
    n.kind = kind;
    if (kind == NodeKind::kLinux) n.netns = "clab-t-" + name;
    return n;
}

LabState state(std::vector<NodeState> nodes, std::vector<std::string> links) {
    LabState s;
    s.name = "t";
    s.nodes = std::move(nodes);
    s.links = std::move(links);
    return s;
}

std::string ends_of(const Segment& s) {
    std::string out;
    for (const auto& e : s.ends) out += (out.empty() ? "" : " ") + e.node + "/" + e.ifname;
    return out;
}

net::Prefix prefix(const char* text) {
    auto p = net::parse_prefix(text);
    EXPECT_TRUE(p) << text;
    return p.value_or(net::Prefix{});
}

TEST(LabCheckSegments, EachVethLinkIsOne) {
    auto s = lab_segments(
        state({node("r1"), node("r2"), node("r3")}, {"r1:eth1 r2:eth1", "r2:eth2 r3:eth1"}));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].name, "r1:eth1 r2:eth1");
    EXPECT_EQ(ends_of(s[0]), "r1/eth1 r2/eth1");
    EXPECT_EQ(s[0].ends[1].netns, "clab-t-r2");
    EXPECT_EQ(ends_of(s[1]), "r2/eth2 r3/eth1");
}

TEST(LabCheckSegments, ABridgeJoinsItsPortsAndBridgesLinkedTogetherAreOne) {
    auto s = lab_segments(state({node("br-a", NodeKind::kBridge), node("br-b", NodeKind::kBridge),
                                 node("a1"), node("a2"), node("b1"), node("x"), node("y")},
                                {"br-a:ab br-b:ba", "a1:eth1 br-a:p1", "x:eth1 y:eth1",
                                 "a2:eth1 br-a:p2", "b1:eth1 br-b:p1"}));
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].name, "bridge br-a,br-b");
    EXPECT_EQ(ends_of(s[0]), "a1/eth1 a2/eth1 b1/eth1");
    EXPECT_EQ(s[1].name, "x:eth1 y:eth1");
}

TEST(LabCheckSegments, HostEndsAreInTheHostsNamespaceOneEndedLinksAndLoneEndsLeftOut) {
    auto s = lab_segments(
        state({node("h1", NodeKind::kHost), node("r1"), node("br0", NodeKind::kBridge)},
              {"host:vt0 r1:eth1", "r1:eth2 h1:r1-h1", "r1:eth3", "r1:eth4 br0:p1"}));
    ASSERT_EQ(s.size(), 2u) << "the bridge has one port, r1:eth3 is a macvlan";
    EXPECT_EQ(ends_of(s[0]), "host/vt0 r1/eth1");
    EXPECT_EQ(s[0].ends[0].netns, "");
    EXPECT_EQ(ends_of(s[1]), "r1/eth2 h1/r1-h1");
    EXPECT_EQ(s[1].ends[1].netns, "");
}

TEST(LabCheckPairs, SameSubnetEitherWay) {
    EXPECT_TRUE(same_subnet(prefix("10.0.12.1/30"), prefix("10.0.12.2/30")));
    EXPECT_FALSE(same_subnet(prefix("10.0.12.1/30"), prefix("10.0.12.5/30")));
    EXPECT_TRUE(same_subnet(prefix("10.0.0.1/16"), prefix("10.0.200.9/24")));  // in a's /16
    EXPECT_TRUE(same_subnet(prefix("10.0.200.9/24"), prefix("10.0.0.1/16")));
    EXPECT_TRUE(same_subnet(prefix("10.1.2.3/23"), prefix("10.1.3.200/23")));
    EXPECT_FALSE(same_subnet(prefix("10.1.2.3/23"), prefix("10.1.4.1/23")));
    EXPECT_TRUE(same_subnet(prefix("fd00::1/64"), prefix("fd00::2/64")));
    EXPECT_FALSE(same_subnet(prefix("fd00::1/64"), prefix("fd00:0:0:1::2/64")));
    EXPECT_FALSE(same_subnet(prefix("10.0.0.1/8"), prefix("fd00::1/8")));
    EXPECT_TRUE(same_subnet(prefix("10.0.0.1/0"), prefix("192.0.2.1/32")));
}

TEST(LabCheckPairs, EveryTwoAddressesOfDifferentNodesInOneSubnetOnce) {
    Segment seg{"bridge br", {{"a", "ns-a", "eth1"}, {"b", "ns-b", "eth1"}, {"c", "ns-c", "eth1"}}};
    auto pairs = address_pairs(seg, {{prefix("10.5.0.1/24"), prefix("fd00::1/64")},
                                     {prefix("10.5.0.2/24"), prefix("192.0.2.1/24")},
                                     {prefix("10.5.0.3/24"), prefix("fd00::3/64")}});
    std::vector<std::string> got;
    for (const auto& p : pairs)
        got.push_back(p.source.node + " " + net::format_prefix(p.source_address, false) + " " +
                      p.target.node + " " + net::format_prefix(p.target_address, false));
    std::vector<std::string> want = {"a 10.5.0.1 b 10.5.0.2", "a 10.5.0.1 c 10.5.0.3",
                                     "a fd00::1 c fd00::3", "b 10.5.0.2 c 10.5.0.3"};
    EXPECT_EQ(got, want);
    EXPECT_EQ(pairs[0].segment, "bridge br");
    EXPECT_EQ(pairs[0].target.netns, "ns-b");
}

TEST(LabCheckPairs, TwoEndsOfOneNodeAndEndsWithoutAddressesMakeNone) {
    Segment seg{"bridge br", {{"a", "ns-a", "eth1"}, {"a", "ns-a", "eth2"}, {"b", "ns-b", "eth1"}}};
    EXPECT_TRUE(address_pairs(seg, {{prefix("10.0.0.1/24")}, {prefix("10.0.0.2/24")}, {}}).empty());
    EXPECT_EQ(address_pairs(seg, {{prefix("10.0.0.1/24")}, {}, {prefix("10.0.0.9/24")}}).size(),
              1u);
}

std::vector<PairResult> results(size_t n, const char* source, size_t failed) {
    std::vector<PairResult> out(n);
    for (size_t i = 0; i < n; ++i) {
        out[i].pair.source_address = prefix(source);
        out[i].ok = i >= failed;
    }
    return out;
}

TEST(LabCheckPairs, NeighbourTableHintOnlyWhenPairsFailAndTheTableIsTooSmall) {
    EXPECT_EQ(neighbour_hint(results(1225, "10.0.0.1/16", 0), 0, 0), "") << "all reached";
    EXPECT_EQ(neighbour_hint(results(400, "10.0.0.1/16", 3), 0, 0), "") << "800 fit in 1024";
    EXPECT_EQ(neighbour_hint(results(1225, "10.0.0.1/16", 700), 0, 0),
              "the pairs need up to 2450 neighbour entries, and the kernel keeps 1024 for all "
              "namespaces together (net.ipv4.neigh.default.gc_thresh3): pairs fail for that alone");
    EXPECT_EQ(neighbour_hint(results(1225, "10.0.0.1/16", 700), 4096, 0), "") << "raised";
    EXPECT_NE(neighbour_hint(results(600, "fd00::1/64", 1), 4096, 512).find("net.ipv6.neigh"),
              std::string::npos);
}

}  // namespace
}  // namespace nsctl::lab
