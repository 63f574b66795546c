// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/check.h"

#include <sys/socket.h>

#include "base/parse.h"
#include "lab/deploy_impl.h"
#include "net/echo.h"
#include "net/link.h"
#include "net/netlink.h"
#include "sys/fd.h"

namespace nsctl::lab {
namespace {

using Clock = std::chrono::steady_clock;

bool link_local6(const net::Prefix& p) {
    return p.family == AF_INET6 && p.bytes[0] == 0xfe && (p.bytes[1] & 0xc0) == 0x80;
}

// The addresses of an end's interface now: IPv4, and IPv6 but link-local (which every
// interface has, and which would need a scope to be reached). An interface that is gone has
// none.
Result<std::vector<net::Prefix>> end_addresses(impl::Namespaces& ns, const SegmentEnd& end) {
    auto nl = ns.netlink(end.netns);
    if (!nl) return Error{nl.error().code, "node " + end.node + ": namespace " + end.netns};
    auto index = net::link_index(**nl, end.ifname);
    if (!index) {
        if (index.error().code == ENODEV) return std::vector<net::Prefix>{};
        return Error{index.error().code, "node " + end.node + ": " + index.error().context};
    }
    auto addrs = net::list_addrs(**nl);
    if (!addrs) return Error{addrs.error().code, "node " + end.node + ": " + addrs.error().context};
    std::vector<net::Prefix> out;
    for (const auto& a : *addrs)
        if (a.index == *index && !link_local6(a.prefix)) out.push_back(a.prefix);
    return out;
}

Result<std::vector<AddressPair>> lab_pairs(const LabState& state, impl::Namespaces& ns) {
    std::vector<AddressPair> pairs;
    for (const Segment& segment : lab_segments(state)) {
        std::vector<std::vector<net::Prefix>> addresses;
        for (const SegmentEnd& end : segment.ends)
            addresses.push_back(NSCTL_TRY(end_addresses(ns, end)));
        for (auto& p : address_pairs(segment, addresses)) pairs.push_back(std::move(p));
    }
    return pairs;
}

// gc_thresh3 of a family's neighbour table; 0 where it cannot be read (the sysctl exists in the
// initial network namespace only).
size_t neighbour_limit(const char* family) {
    std::string path = std::string("/proc/sys/net/") + family + "/neigh/default/gc_thresh3";
    std::string text = sys::read_file_or_empty(path.c_str());
    while (!text.empty() && text.back() == '\n') text.pop_back();
    auto n = parse_u64(text);
    return n ? static_cast<size_t>(*n) : 0;
}

}  // namespace

Result<CheckReport> check(const LabState& state, const LabPaths& paths,
                          std::chrono::milliseconds timeout) {
    auto start = Clock::now();
    impl::Namespaces ns(paths.netns_dir);
    std::vector<AddressPair> pairs = NSCTL_TRY(lab_pairs(state, ns));
    std::vector<net::EchoProbe> probes;
    for (const AddressPair& p : pairs) {
        int fd = p.source.netns.empty() ? -1 : NSCTL_TRY(ns.fd(p.source.netns));
        probes.push_back({fd, p.source.ifname, p.source_address, p.target_address});
    }
    std::vector<net::EchoResult> echoes = NSCTL_TRY(net::echo_all(probes, timeout));
    CheckReport report;
    for (size_t i = 0; i < pairs.size(); ++i)
        report.pairs.push_back(
            {std::move(pairs[i]), echoes[i].ok, echoes[i].rtt_ms, std::move(echoes[i].error)});
    report.hint = neighbour_hint(report.pairs, neighbour_limit("ipv4"), neighbour_limit("ipv6"));
    report.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return report;
}

}  // namespace nsctl::lab
