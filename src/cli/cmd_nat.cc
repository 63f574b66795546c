// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl nat: masquerading and forwarding for a subnet, in nsctl's own nftables table.
#include <cstdio>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/net_args.h"
#include "net/link.h"
#include "net/nat.h"
#include "output/table.h"

namespace nsctl::cli {
namespace {

const char kNatHelp[] =
    "Usage: nsctl [-n NETNS] nat enable SUBNET [--out IFACE]\n"
    "       nsctl [-n NETNS] nat disable SUBNET\n"
    "       nsctl [-n NETNS] [-j] nat [show]\n"
    "SUBNET is an IPv4 network, e.g. 10.200.0.0/24. enable turns on net.ipv4.ip_forward and\n"
    "masquerades the subnet's traffic (leaving through IFACE); disable removes exactly that and,\n"
    "after the last subnet, sets forwarding back to what it was.\n";

// The namespace for -n, as an fd, or -1 for ours.
Result<UniqueFd> target_netns(NetContext& ctx) {
    if (!ctx.netns) return UniqueFd();
    auto fd = ctx.registry.open(*ctx.netns);
    if (!fd) return Error{fd.error().code, "netns " + *ctx.netns};
    return std::move(*fd);
}

int nat_change(NetContext& ctx, Args a, bool enable) {
    const std::string what = enable ? "nat enable" : "nat disable";
    std::optional<net::Ipv4Subnet> subnet;
    std::optional<std::string> out;
    while (!a.done()) {
        std::string key = a.next();
        if (enable && (key == "--out" || key == "out" || key == "-o")) {
            auto v = a.value(key);
            if (!v) return usage_error(what, v.error().context);
            out = *v;
        } else if (!subnet) {
            auto parsed = net::parse_ipv4_subnet(key);
            if (!parsed) return usage_error(what, parsed.error().context);
            subnet = *parsed;
        } else {
            return usage_error(what, "unknown argument " + in_quotes(key));
        }
    }
    if (!subnet) return usage_error(what, "missing SUBNET");
    if (out) {
        auto valid = net::validate_ifname(*out);
        if (!valid) return usage_error(what, valid.error().context);
    }
    auto ns = target_netns(ctx);
    if (!ns) return net_fail(what, ns.error());
    int fd = ns->valid() ? ns->get() : -1;
    auto r = enable ? net::nat_enable({*subnet, out}, fd) : net::nat_disable(*subnet, fd);
    if (!r) return net_fail(what, r.error());
    return 0;
}

int nat_show(NetContext& ctx, Args a) {
    if (!a.done()) return usage_error("nat show", "unknown argument " + in_quotes(a.peek()));
    auto ns = target_netns(ctx);
    if (!ns) return net_fail("nat show", ns.error());
    auto state = net::nat_show(ns->valid() ? ns->get() : -1);
    if (!state) return net_fail("nat show", state.error());
    output::Table table(net_table_options(ctx, "nat"));
    table.add_column({"SUBNET", 0, 0, output::JsonType::kString});
    table.add_column({"OUT", 0, 0, output::JsonType::kString});
    table.add_column({"FORWARDING", 0, 0, output::JsonType::kBoolean});
    for (const auto& r : state->rules) {
        auto line = table.add_line();
        table.set_cell(line, 0, r.subnet.text());
        if (r.out) table.set_cell(line, 1, *r.out);
        table.set_cell(line, 2, state->forwarding ? "yes" : "no");
    }
    return print_stdout("nsctl", table.render());
}

}  // namespace

int cmd_nat(NetContext& ctx, const std::vector<std::string>& args) {
    std::string sub = args.size() > 1 ? args[1] : "show";
    Args rest(args, 2);
    if (sub == "enable") return nat_change(ctx, rest, true);
    if (sub == "disable") return nat_change(ctx, rest, false);
    if (sub == "show" || sub == "list") return nat_show(ctx, rest);
    if (is_help(sub)) return print_stdout("nsctl", kNatHelp);
    std::fputs(kNatHelp, stderr);
    return usage_error("nat", "unknown command " + in_quotes(sub));
}

}  // namespace nsctl::cli
