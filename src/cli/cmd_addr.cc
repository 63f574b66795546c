// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl addr: add, del, flush, show (IPv4 and IPv6).
#include <cstdio>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/net_args.h"
#include "net/addr.h"
#include "net/link.h"
#include "output/table.h"

namespace nsctl::cli {
namespace {

const char kAddrHelp[] =
    "Usage: nsctl [-n NETNS] addr add|del ADDRESS/LEN dev DEV\n"
    "       nsctl [-n NETNS] addr flush [dev] DEV\n"
    "       nsctl [-n NETNS] [-j] addr [show [dev] [DEV]]\n";

// "ADDR/LEN dev DEV" in either order.
int addr_change(NetContext& ctx, Args a, bool add) {
    const std::string what = add ? "addr add" : "addr del";
    std::optional<net::Prefix> prefix;
    std::string dev;
    while (!a.done()) {
        std::string key = a.next();
        if (key == "dev") {
            auto v = a.value(key);
            if (!v) return usage_error(what, v.error().context);
            dev = *v;
            continue;
        }
        if (key == "local" && !a.done()) key = a.next();
        if (prefix) return usage_error(what, "unknown argument " + in_quotes(key));
        prefix = net::parse_prefix(key);
        if (!prefix) return usage_error(what, "invalid address " + in_quotes(key));
    }
    if (!prefix) return usage_error(what, "missing ADDRESS/LEN");
    if (dev.empty()) return usage_error(what, "missing \"dev DEV\"");
    auto nl = ctx.netlink();
    if (!nl) return net_fail(what, nl.error());
    auto r = add ? net::add_addr(**nl, *prefix, dev) : net::del_addr(**nl, *prefix, dev);
    if (!r) return net_fail(what, r.error());
    return 0;
}

// "[dev] DEV": every address of DEV goes.
int addr_flush(NetContext& ctx, Args a) {
    if (!a.done() && a.peek() == "dev") a.next();
    if (a.done()) return usage_error("addr flush", "missing DEV");
    std::string dev = a.next();
    if (!a.done()) return usage_error("addr flush", "unknown argument " + in_quotes(a.peek()));
    auto nl = ctx.netlink();
    if (!nl) return net_fail("addr flush", nl.error());
    auto r = net::flush_addrs(**nl, dev);
    if (!r) return net_fail("addr flush", r.error());
    return 0;
}

int addr_show(NetContext& ctx, Args a) {
    std::string dev;
    if (!a.done() && a.peek() == "dev") a.next();
    if (!a.done()) dev = a.next();
    if (!a.done()) return usage_error("addr show", "unknown argument " + in_quotes(a.peek()));
    auto nl = ctx.netlink();
    if (!nl) return net_fail("addr show", nl.error());
    auto links = net::list_links(**nl);
    if (!links) return net_fail("addr show", links.error());
    int want = 0;
    for (const auto& l : *links)
        if (l.name == dev) want = l.index;
    if (!dev.empty() && want == 0) return net_fail("addr show", Error{ENODEV, dev});
    auto addrs = net::list_addrs(**nl);
    if (!addrs) return net_fail("addr show", addrs.error());
    output::Table table(net_table_options(ctx, "addresses"));
    table.add_column({"DEV", 0, 0, output::JsonType::kString});
    table.add_column({"FAMILY", 0, 0, output::JsonType::kString});
    table.add_column({"ADDRESS", 0, 0, output::JsonType::kString});
    for (const auto& ad : *addrs) {
        if (want && ad.index != want) continue;
        auto line = table.add_line();
        for (const auto& l : *links)
            if (l.index == ad.index) table.set_cell(line, 0, l.name);
        table.set_cell(line, 1, ad.prefix.family_name());
        table.set_cell(line, 2, net::format_prefix(ad.prefix));
    }
    return print_stdout("nsctl", table.render());
}

}  // namespace

int cmd_addr(NetContext& ctx, const std::vector<std::string>& args) {
    std::string sub = args.size() > 1 ? args[1] : "show";
    Args rest(args, 2);
    if (sub == "add") return addr_change(ctx, rest, true);
    if (sub == "del" || sub == "delete") return addr_change(ctx, rest, false);
    if (sub == "flush") return addr_flush(ctx, rest);
    if (sub == "show" || sub == "list" || sub == "ls") return addr_show(ctx, rest);
    if (is_help(sub)) return print_stdout("nsctl", kAddrHelp);
    std::fputs(kAddrHelp, stderr);
    return usage_error("addr", "unknown command " + in_quotes(sub));
}

}  // namespace nsctl::cli
