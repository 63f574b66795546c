// SPDX-License-Identifier: GPL-2.0-or-later
// The segments of a lab and the address pairs on them: no system calls here (unit-tested).
#include <sys/socket.h>

#include <numeric>
#include <optional>
#include <string_view>

#include "lab/check.h"

namespace nsctl::lab {
namespace {

struct LinkEnd {
    std::string node;
    std::string ifname;
};

// "a:eth1 b:eth1" (one end for vxlan and macvlan links). An interface name has no ':'
// (the kernel's dev_valid_name), so the last one splits node from interface.
std::vector<LinkEnd> parse_link(std::string_view text) {
    std::vector<LinkEnd> ends;
    while (!text.empty()) {
        size_t space = text.find(' ');
        std::string_view word = text.substr(0, space);
        size_t colon = word.rfind(':');
        if (colon != std::string_view::npos)
            ends.push_back(
                {std::string(word.substr(0, colon)), std::string(word.substr(colon + 1))});
        text = space == std::string_view::npos ? "" : text.substr(space + 1);
    }
    return ends;
}

// Union-find over the links and the bridge nodes (a bridge node is item links.size() + its
// index among the nodes): the links that touch a bridge join it, so one bridge, or bridges
// linked together, make one segment.
class Groups {
  public:
    explicit Groups(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
    size_t find(size_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void join(size_t a, size_t b) { parent_[find(a)] = find(b); }

  private:
    std::vector<size_t> parent_;
};

std::optional<size_t> bridge_item(const LabState& state, const std::string& node) {
    for (size_t i = 0; i < state.nodes.size(); ++i)
        if (state.nodes[i].name == node && state.nodes[i].kind == NodeKind::kBridge)
            return state.links.size() + i;
    return std::nullopt;
}

// The end as a segment end: a linux node's in its namespace, the host's in ours; nullopt for
// a bridge's port and for a node the state does not know.
std::optional<SegmentEnd> segment_end(const LabState& state, const LinkEnd& e) {
    const NodeState* node = state.node(e.node);
    if (!node) {
        if (e.node == "host") return SegmentEnd{e.node, "", e.ifname};  // no host node written
        return std::nullopt;
    }
    if (node->kind == NodeKind::kBridge) return std::nullopt;
    return SegmentEnd{e.node, node->kind == NodeKind::kLinux ? node->netns : "", e.ifname};
}

// A segment on bridges is named after them: "bridge BR", "bridge BR1,BR2".
void name_bridge(Segment* segment, const std::string& bridge) {
    constexpr std::string_view kPrefix = "bridge ";
    std::string& name = segment->name;
    if (name.rfind(kPrefix, 0) != 0) {
        name = std::string(kPrefix) + bridge;
        return;
    }
    std::string listed = "," + name.substr(kPrefix.size()) + ",";
    if (listed.find("," + bridge + ",") == std::string::npos) name += "," + bridge;
}

}  // namespace

std::vector<Segment> lab_segments(const LabState& state) {
    std::vector<std::vector<LinkEnd>> links;
    for (const auto& text : state.links) links.push_back(parse_link(text));
    Groups groups(state.links.size() + state.nodes.size());
    for (size_t i = 0; i < links.size(); ++i) {
        if (links[i].size() != 2) continue;
        for (const LinkEnd& e : links[i])
            if (auto b = bridge_item(state, e.node)) groups.join(i, *b);
    }
    std::vector<Segment> segments;
    std::vector<size_t> roots;  // segments[k] is the group roots[k]
    for (size_t i = 0; i < links.size(); ++i) {
        if (links[i].size() != 2) continue;
        size_t root = groups.find(i);
        size_t k = 0;
        while (k < roots.size() && roots[k] != root) ++k;
        if (k == roots.size()) {
            roots.push_back(root);
            segments.push_back(Segment{state.links[i], {}});
        }
        for (const LinkEnd& e : links[i]) {
            if (bridge_item(state, e.node)) {
                name_bridge(&segments[k], e.node);
            } else if (auto end = segment_end(state, e)) {
                segments[k].ends.push_back(std::move(*end));
            }
        }
    }
    std::erase_if(segments, [](const Segment& s) { return s.ends.size() < 2; });
    return segments;
}

bool same_subnet(const net::Prefix& a, const net::Prefix& b) {
    if (a.family != b.family) return false;
    auto inside = [](const net::Prefix& addr, const net::Prefix& net) {
        size_t full = net.len / 8;
        for (size_t i = 0; i < full; ++i)
            if (addr.bytes[i] != net.bytes[i]) return false;
        int rest = net.len % 8;
        if (rest == 0) return true;
        auto mask = static_cast<uint8_t>(0xff << (8 - rest));
        return (addr.bytes[full] & mask) == (net.bytes[full] & mask);
    };
    return inside(b, a) || inside(a, b);
}

std::vector<AddressPair> address_pairs(const Segment& segment,
                                       const std::vector<std::vector<net::Prefix>>& addresses) {
    std::vector<AddressPair> pairs;
    for (size_t i = 0; i < segment.ends.size() && i < addresses.size(); ++i) {
        for (size_t j = i + 1; j < segment.ends.size() && j < addresses.size(); ++j) {
            if (segment.ends[i].node == segment.ends[j].node) continue;
            for (const net::Prefix& a : addresses[i])
                for (const net::Prefix& b : addresses[j])
                    if (same_subnet(a, b))
                        pairs.push_back({segment.name, segment.ends[i], a, segment.ends[j], b});
        }
    }
    return pairs;
}

std::string neighbour_hint(const std::vector<PairResult>& pairs, size_t limit4, size_t limit6) {
    constexpr size_t kDefaultLimit = 1024;  // the kernel's gc_thresh3 for ARP and NDISC
    size_t failed = 0, need4 = 0, need6 = 0;
    for (const PairResult& p : pairs) {
        failed += !p.ok;
        (p.pair.source_address.family == AF_INET6 ? need6 : need4) += 2;
    }
    if (failed == 0) return "";
    struct Table {
        const char* family;
        size_t need, limit;
    };
    for (const Table& t : {Table{"ipv4", need4, limit4 ? limit4 : kDefaultLimit},
                           Table{"ipv6", need6, limit6 ? limit6 : kDefaultLimit}}) {
        if (t.need <= t.limit) continue;
        return "the pairs need up to " + std::to_string(t.need) + " neighbour entries, and the " +
               "kernel keeps " + std::to_string(t.limit) + " for all namespaces together " +
               "(net." + t.family + ".neigh.default.gc_thresh3): pairs fail for that alone";
    }
    return "";
}

size_t CheckReport::reached() const {
    size_t n = 0;
    for (const PairResult& p : pairs) n += p.ok;
    return n;
}

}  // namespace nsctl::lab
