// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl lab check`: whether every two nodes that share a layer-2 segment and a subnet reach
// each other, by ICMP echo from this process (net/echo.h), all pairs at once, in bounded time.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/result.h"
#include "lab/state.h"
#include "net/addr.h"

namespace nsctl::lab {

/// A node's interface on a segment.
struct SegmentEnd {
    std::string node;
    std::string netns;  ///< the node's namespace; empty: the host's (the calling thread's)
    std::string ifname;
};

/// One layer-2 segment: a veth link between two nodes, or every interface linked to a bridge
/// node (and to the bridge nodes joined to it by links).
struct Segment {
    std::string name;  ///< the link as the state has it ("r1:eth1 r2:eth1"), or "bridge BR[,BR2]"
    std::vector<SegmentEnd> ends;  ///< in the order of the state's links
};

/// The segments of a deployed lab, from its state alone: linux nodes' ends in their
/// namespaces, ends of the host (a "host:IF" end) in the host's namespace; the ends on bridge
/// nodes are the bridges' ports and are not listed. vxlan and macvlan links (one end) and
/// segments with fewer than two ends are left out.
std::vector<Segment> lab_segments(const LabState& state);

/// Two addresses that should reach each other over a segment.
struct AddressPair {
    std::string segment;  ///< Segment::name
    SegmentEnd source;
    net::Prefix source_address;
    SegmentEnd target;
    net::Prefix target_address;
};

/// Whether a and b are in one subnet: the same family, and b inside a's prefix or a inside b's.
bool same_subnet(const net::Prefix& a, const net::Prefix& b);

/// The pairs of a segment, given the addresses of each of its ends (addresses[i] for
/// segment.ends[i]): every two addresses of different nodes in one subnet, once each (the
/// source from the end that comes first in the segment), in the segment's order.
std::vector<AddressPair> address_pairs(const Segment& segment,
                                       const std::vector<std::vector<net::Prefix>>& addresses);

struct PairResult {
    AddressPair pair;
    bool ok = false;
    double rtt_ms = 0;
    std::string error;  ///< the kernel's reason when it gave one (net::EchoResult::error)
};

struct CheckReport {
    std::vector<PairResult> pairs;
    double elapsed_ms = 0;  ///< reading the addresses and the echoes
    /// When pairs failed and the lab needs more neighbour (ARP, NDISC) entries than the kernel
    /// keeps: a hint naming the sysctl (neighbour_hint()); empty otherwise.
    std::string hint;
    size_t reached() const;
};

/// The hint of a report whose pairs failed: the kernel's neighbour tables are shared by every
/// namespace and hold at most gc_thresh3 entries (net.ipv4.neigh.default.gc_thresh3, and
/// net.ipv6's; 1024 by default, readable in the initial namespace only), entries younger than
/// five seconds are never dropped to make room, and each pair needs two (one on either side).
/// limits: the IPv4 and IPv6 gc_thresh3, 0 when unknown (then the default is assumed).
std::string neighbour_hint(const std::vector<PairResult>& pairs, size_t limit4, size_t limit6);

/// Checks a deployed lab: reads the IPv4 and global IPv6 addresses each segment end has now
/// (RTM_GETADDR in its namespace), pairs them (address_pairs) and sends one ICMP echo per pair
/// from its source, all at once, resending to the silent ones, until all have answered or
/// timeout has passed. Errors: a linux node's namespace is gone (ENOENT, "node N: namespace
/// clab-L-N"), netlink, setns (EPERM without CAP_SYS_ADMIN), raw sockets (EPERM without
/// CAP_NET_RAW). Single-threaded: the calling thread enters the nodes' namespaces and returns.
Result<CheckReport> check(const LabState& state, const LabPaths& paths,
                          std::chrono::milliseconds timeout);

}  // namespace nsctl::lab
