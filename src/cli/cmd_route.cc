// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl route: add, replace, del, show (main table).
#include <cstdio>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/net_args.h"
#include "net/addr.h"
#include "net/link.h"
#include "output/table.h"

namespace nsctl::cli {
namespace {

const char kRouteHelp[] =
    "Usage: nsctl [-n NETNS] route add|replace|del DEST/LEN|default [via GATEWAY] [dev DEV]\n"
    "       nsctl [-n NETNS] [-j] route [show]\n";

Result<net::RouteSpec> parse_route(Args& a) {
    net::RouteSpec r;
    bool have_dst = false;
    while (!a.done()) {
        std::string key = a.next();
        if (key == "via") {
            std::string v = NSCTL_TRY(a.value(key));
            r.via = net::parse_address(v);
            if (!r.via) return Error{EINVAL, "invalid gateway " + in_quotes(v)};
        } else if (key == "dev") {
            r.dev = NSCTL_TRY(a.value(key));
        } else if (!have_dst && key == "default") {
            have_dst = true;
        } else if (!have_dst) {
            r.dst = net::parse_prefix(key);
            if (!r.dst) return Error{EINVAL, "invalid destination " + in_quotes(key)};
            have_dst = true;
        } else {
            return Error{EINVAL, "unknown argument " + in_quotes(key)};
        }
    }
    if (!have_dst) return Error{EINVAL, "missing DEST or \"default\""};
    if (!r.via && !r.dev) return Error{EINVAL, "needs \"via GATEWAY\" or \"dev DEV\""};
    if (r.dst && r.via && r.dst->family != r.via->family)
        return Error{EINVAL, "destination and gateway of different families"};
    return r;
}

enum class Change { kAdd, kReplace, kDel };

int route_change(NetContext& ctx, Args a, Change change) {
    const std::string what = change == Change::kAdd       ? "route add"
                             : change == Change::kReplace ? "route replace"
                                                          : "route del";
    auto r = parse_route(a);
    if (!r) return usage_error(what, r.error().context);
    auto nl = ctx.netlink();
    if (!nl) return net_fail(what, nl.error());
    auto done = change == Change::kAdd       ? net::add_route(**nl, *r)
                : change == Change::kReplace ? net::replace_route(**nl, *r)
                                             : net::del_route(**nl, *r);
    if (!done) return net_fail(what, done.error());
    return 0;
}

int route_show(NetContext& ctx, Args a) {
    if (!a.done()) return usage_error("route show", "unknown argument " + in_quotes(a.peek()));
    auto nl = ctx.netlink();
    if (!nl) return net_fail("route show", nl.error());
    auto links = net::list_links(**nl);
    auto routes = net::list_routes(**nl);
    if (!links) return net_fail("route show", links.error());
    if (!routes) return net_fail("route show", routes.error());
    output::Table table(net_table_options(ctx, "routes"));
    for (const char* col : {"DEST", "VIA", "DEV"})
        table.add_column({col, 0, 0, output::JsonType::kString});
    for (const auto& r : *routes) {
        auto line = table.add_line();
        table.set_cell(line, 0, r.dst ? net::format_prefix(*r.dst) : "default");
        if (r.via) table.set_cell(line, 1, net::format_prefix(*r.via, false));
        for (const auto& l : *links)
            if (l.index == r.oif) table.set_cell(line, 2, l.name);
    }
    return print_stdout("nsctl", table.render());
}

}  // namespace

int cmd_route(NetContext& ctx, const std::vector<std::string>& args) {
    std::string sub = args.size() > 1 ? args[1] : "show";
    Args rest(args, 2);
    if (sub == "add") return route_change(ctx, rest, Change::kAdd);
    if (sub == "replace") return route_change(ctx, rest, Change::kReplace);
    if (sub == "del" || sub == "delete") return route_change(ctx, rest, Change::kDel);
    if (sub == "show" || sub == "list" || sub == "ls") return route_show(ctx, rest);
    if (is_help(sub)) return print_stdout("nsctl", kRouteHelp);
    std::fputs(kRouteHelp, stderr);
    return usage_error("route", "unknown command " + in_quotes(sub));
}

}  // namespace nsctl::cli
