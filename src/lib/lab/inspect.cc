// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/inspect.h"

#include <sys/socket.h>

#include "lab/deploy_impl.h"
#include "net/addr.h"
#include "net/link.h"
#include "ns/procfs.h"
#include "sandbox/registry.h"
#include "sys/fd.h"

namespace nsctl::lab {
namespace {

// The addresses of the links only_index names (0: every link but the loopback), IPv6
// link-local ones left out.
Result<void> addresses_of(net::Netlink& nl, int only_index, NodeStatus* status) {
    auto links = NSCTL_TRY(net::list_links(nl));
    auto addrs = NSCTL_TRY(net::list_addrs(nl));
    for (const auto& a : addrs) {
        bool skip = only_index && a.index != only_index;
        for (const auto& l : links)
            if (!only_index && l.index == a.index && l.name == "lo") skip = true;
        if (skip) continue;
        if (a.prefix.family == AF_INET) {
            status->ipv4.push_back(net::format_prefix(a.prefix));
        } else if (!(a.prefix.bytes[0] == 0xfe && (a.prefix.bytes[1] & 0xc0) == 0x80)) {
            status->ipv6.push_back(net::format_prefix(a.prefix));
        }
    }
    return {};
}

}  // namespace

Result<std::vector<NodeStatus>> inspect(const LabState& state, const LabPaths& paths) {
    impl::Namespaces ns(paths.netns_dir);
    std::vector<NodeStatus> out;
    for (const auto& node : state.nodes) {
        NodeStatus s;
        s.name = node.name;
        s.kind = node.kind;
        s.netns = node.netns;
        s.labels = node.labels;
        s.cmd_running = node.cmd_pid > 0 && ns::process_alive(node.cmd_pid, node.cmd_starttime);
        if (!node.sandbox.empty()) {
            auto sandbox = sandbox::Registry().find(node.sandbox);
            s.cmd_running = sandbox && sandbox->running();
        }
        if (node.kind == NodeKind::kLinux) {
            s.present = sys::path_exists(ns.registry().path(node.netns).c_str());
            if (s.present) {
                auto nl = ns.netlink(node.netns);
                if (nl) NSCTL_TRY(addresses_of(**nl, 0, &s));
            }
        } else if (node.kind == NodeKind::kBridge) {
            net::Netlink* host = NSCTL_TRY(ns.netlink(""));
            auto index = net::link_index(*host, node.name);
            s.present = static_cast<bool>(index);
            if (s.present) NSCTL_TRY(addresses_of(*host, *index, &s));
        } else {
            s.present = true;
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace nsctl::lab
