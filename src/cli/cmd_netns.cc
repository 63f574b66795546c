// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl netns`: named network namespaces, interoperable with `ip netns` (same /run/netns).
// This file parses and dispatches, and runs the subcommands that change the registry.
#include <cstdio>

#include "cli/commands.h"
#include "cli/net_context.h"
#include "cli/netns_commands.h"
#include "cli/netns_options.h"
#include "net/nsid.h"

namespace nsctl::cli {
namespace {

int netns_add(NetContext& ctx, const NetnsArgs& a) {
    int rc = 0;
    for (const auto& name : a.names) {
        auto r = ctx.registry.add(name);
        if (!r) {
            net_error(a.what, r.error());
            rc = 1;
        }
    }
    return rc;
}

int netns_delete(NetContext& ctx, const NetnsArgs& a) {
    std::vector<std::string> names = a.names;
    if (ctx.all) {
        auto listed = ctx.registry.list();
        if (!listed) {
            net_error(a.what, listed.error());
            return 1;
        }
        names = std::move(*listed);
    }
    int rc = 0;
    for (const auto& name : names) {
        ctx.forget(name);
        auto r = ctx.registry.remove(name);
        if (!r) {
            net_error(a.what, r.error());
            rc = 1;
        }
    }
    return rc;
}

int netns_attach(NetContext& ctx, const NetnsArgs& a) {
    auto r = ctx.registry.attach(a.names[0], a.pid);
    if (r) return 0;
    net_error(a.what, r.error());
    return 1;
}

int netns_set(NetContext& ctx, const NetnsArgs& a) {
    const std::string& name = a.names[0];
    auto fd = ctx.registry.open(name);
    if (!fd) {
        net_error(a.what, fd.error());
        return 1;
    }
    auto nl = ctx.netlink();
    if (!nl) {
        net_error(a.what, nl.error());
        return 1;
    }
    auto r = net::set_nsid(**nl, fd->get(), a.nsid, name);
    if (r) return 0;
    net_error(a.what, r.error());
    return 1;
}

int netns_help(const NetnsArgs& a) {
    std::string text = netns_usage(a.help_topic);
    if (text.empty()) {
        warnx("nsctl", "netns help: unknown subcommand \"" + a.help_topic + "\"");
        return 1;
    }
    return print_stdout("nsctl", text);
}

}  // namespace

int cmd_netns(NetContext& ctx, const std::vector<std::string>& args) {
    auto parsed = parse_netns_args(args, ctx.all);
    if (!parsed) {
        warnx("nsctl", parsed.error().context);
        return 1;
    }
    const NetnsArgs& a = *parsed;
    switch (a.sub) {
        case NetnsSub::kList:
            return netns_list(ctx, a);
        case NetnsSub::kListId:
            return netns_list_id(ctx, a);
        case NetnsSub::kHelp:
            return netns_help(a);
        case NetnsSub::kAdd:
            return netns_add(ctx, a);
        case NetnsSub::kSet:
            return netns_set(ctx, a);
        case NetnsSub::kDelete:
            return netns_delete(ctx, a);
        case NetnsSub::kIdentify:
            return netns_identify(ctx, a);
        case NetnsSub::kPids:
            return netns_pids(ctx, a);
        case NetnsSub::kExec:
            return netns_exec(ctx, a);
        case NetnsSub::kMonitor:
            return netns_monitor(ctx, a);
        case NetnsSub::kAttach:
            return netns_attach(ctx, a);
    }
    return 1;
}

}  // namespace nsctl::cli
