// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl link: add (veth with its peer made in place, bridge, ...), set, del, show.
#include <cstdio>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/net_args.h"
#include "net/link.h"
#include "output/table.h"

namespace nsctl::cli {
namespace {

const char kLinkHelp[] =
    "Usage: nsctl [-n NETNS] [-j] link add NAME [group N] type veth peer name PEER\n"
    "                                          [netns NETNS]\n"
    "       nsctl [-n NETNS] link add NAME [group N] type bridge|KIND\n"
    "       nsctl [-n NETNS] link set DEV [up|down] [netns NETNS|PID] [master BRIDGE]\n"
    "                                     [nomaster] [name NEW] [mtu N] [address MAC]\n"
    "       nsctl [-n NETNS] link del DEV | group N\n"
    "       nsctl [-n NETNS] [-j] link [show [DEV]]\n";

// link add [name] NAME type KIND [peer name PEER [netns NS]]
int link_add(NetContext& ctx, Args a) {
    std::string name, kind, peer, peer_ns;
    uint32_t group = 0;
    bool in_peer = false;  // after "peer", "name" and "netns" are the peer's
    while (!a.done()) {
        std::string key = a.next();
        Result<std::string> v = Error{};
        if (key == "name" || key == "type" || key == "netns" || key == "group") {
            v = a.value(key);
            if (!v) return usage_error("link add", v.error().context);
        }
        if (key == "name") {
            (in_peer ? peer : name) = *v;
        } else if (key == "type") {
            kind = *v;
        } else if (key == "group") {
            auto g = parse_u64(*v);
            if (!g || *g == 0 || *g > 0xffffffffu)
                return usage_error("link add", "invalid group " + in_quotes(*v));
            group = static_cast<uint32_t>(*g);
        } else if (key == "peer") {
            if (kind != "veth") return usage_error("link add", "\"peer\" is only for type veth");
            in_peer = true;
        } else if (key == "netns") {
            if (!in_peer) return usage_error("link add", "\"netns\" is only for a veth peer");
            peer_ns = *v;
        } else if (name.empty()) {
            name = key;
        } else {
            return usage_error("link add", "unknown argument " + in_quotes(key));
        }
    }
    if (name.empty()) return usage_error("link add", "missing NAME");
    if (kind.empty()) return usage_error("link add", "missing \"type KIND\"");
    if (kind == "veth" && peer.empty())
        return usage_error("link add", "missing \"peer name PEER\"");
    for (const std::string* n : {&name, &peer}) {
        if (n->empty()) continue;
        auto valid = net::validate_ifname(*n);
        if (!valid) return usage_error("link add", valid.error().context);
    }
    auto nl = ctx.netlink();
    if (!nl) return net_fail("link add", nl.error());
    Result<void> r;
    if (kind == "veth") {
        UniqueFd ns_fd;
        if (!peer_ns.empty()) {
            auto fd = open_netns_arg(ctx, peer_ns);
            if (!fd) return net_fail("link add", fd.error());
            ns_fd = std::move(*fd);
        }
        r = net::add_veth(**nl, name, peer, ns_fd.valid() ? ns_fd.get() : -1, group);
        // The library says which name was taken; only we know what the user called the place.
        if (!r && !peer_ns.empty() && r.error().code == EEXIST &&
            r.error().context == "peer " + peer)
            r = Error{EEXIST, "peer " + peer + " in netns " + peer_ns};
    } else {
        r = net::add_link(**nl, name, kind, group);
    }
    if (!r) return net_fail("link add", r.error());
    return 0;
}

// The changes of `link set DEV ...`; netns keeps the target as written (opened later, so that a
// usage error is told as one and a missing namespace as what it is).
Result<void> parse_change(Args& a, net::LinkChange& c, std::optional<std::string>& netns) {
    while (!a.done()) {
        std::string key = a.next();
        if (key == "up" || key == "down") {
            c.up = key == "up";
        } else if (key == "nomaster") {
            c.nomaster = true;
        } else if (key == "netns") {
            netns = NSCTL_TRY(a.value(key));
        } else if (key == "master") {
            c.master = NSCTL_TRY(a.value(key));
        } else if (key == "name") {
            c.new_name = NSCTL_TRY(a.value(key));
            NSCTL_TRY(net::validate_ifname(*c.new_name));
        } else if (key == "mtu") {
            std::string v = NSCTL_TRY(a.value(key));
            auto mtu = parse_u64(v);
            if (!mtu || *mtu > 0xffffffffu) return Error{EINVAL, "invalid mtu " + in_quotes(v)};
            c.mtu = static_cast<uint32_t>(*mtu);
        } else if (key == "address") {
            std::string v = NSCTL_TRY(a.value(key));
            c.address = net::parse_mac(v);
            if (!c.address) return Error{EINVAL, "invalid MAC address " + in_quotes(v)};
        } else {
            return Error{EINVAL, "unknown argument " + in_quotes(key)};
        }
    }
    return {};
}

int link_set(NetContext& ctx, Args a) {
    if (a.done()) return usage_error("link set", "missing DEV");
    std::string dev = a.next();
    net::LinkChange change;
    std::optional<std::string> netns;
    auto parsed = parse_change(a, change, netns);
    if (!parsed) return usage_error("link set", parsed.error().context);
    UniqueFd ns_fd;
    if (netns) {
        auto fd = open_netns_arg(ctx, *netns);
        if (!fd) return net_fail("link set", fd.error());
        ns_fd = std::move(*fd);
        change.netns_fd = ns_fd.get();
    }
    auto nl = ctx.netlink();
    if (!nl) return net_fail("link set", nl.error());
    auto r = net::set_link(**nl, dev, change);
    if (!r) return net_fail("link set", r.error());
    return 0;
}

int link_del(NetContext& ctx, Args a) {
    if (a.done()) return usage_error("link del", "missing DEV");
    std::string dev = a.next();
    bool group = dev == "group";
    if ((dev == "dev" || group) && !a.done()) dev = a.next();
    if (!a.done()) return usage_error("link del", "unknown argument " + in_quotes(a.peek()));
    auto g = parse_u64(dev);
    if (group && (!g || *g > 0xffffffffu))
        return usage_error("link del", "invalid group " + in_quotes(dev));
    if (group && *g == 0)
        return usage_error("link del",
                           "group 0 is the default group of every link: the kernel "
                           "deletes no link by it");
    auto nl = ctx.netlink();
    if (!nl) return net_fail("link del", nl.error());
    auto r = group ? net::del_group(**nl, static_cast<uint32_t>(*g)) : net::del_link(**nl, dev);
    if (!r) return net_fail("link del", r.error());
    return 0;
}

std::string name_of(const std::vector<net::LinkInfo>& links, int index) {
    for (const auto& l : links)
        if (l.index == index) return l.name;
    return {};
}

int link_show(NetContext& ctx, Args a) {
    std::string dev;
    if (!a.done() && a.peek() == "dev") a.next();
    if (!a.done()) dev = a.next();
    if (!a.done()) return usage_error("link show", "unknown argument " + in_quotes(a.peek()));
    auto nl = ctx.netlink();
    if (!nl) return net_fail("link show", nl.error());
    auto links = net::list_links(**nl);
    if (!links) return net_fail("link show", links.error());
    output::Table table(net_table_options(ctx, "links"));
    using output::JsonType;
    table.add_column({"INDEX", 0, output::kRight, JsonType::kNumber});
    for (const char* col : {"NAME", "KIND", "STATE"})
        table.add_column({col, 0, 0, JsonType::kString});
    table.add_column({"MTU", 0, output::kRight, JsonType::kNumber});
    table.add_column({"ADDRESS", 0, 0, JsonType::kString});
    table.add_column({"MASTER", 0, 0, JsonType::kString});
    bool found = dev.empty();
    for (const auto& l : *links) {
        if (!dev.empty() && l.name != dev) continue;
        found = true;
        auto line = table.add_line();
        table.set_cell(line, 0, std::to_string(l.index));
        table.set_cell(line, 1, l.name);
        if (!l.kind.empty()) table.set_cell(line, 2, l.kind);
        table.set_cell(line, 3, l.up ? "UP" : "DOWN");
        table.set_cell(line, 4, std::to_string(l.mtu));
        if (l.address) table.set_cell(line, 5, net::format_mac(*l.address));
        if (l.master) table.set_cell(line, 6, name_of(*links, l.master));
    }
    if (!found) return net_fail("link show", Error{ENODEV, dev});
    return print_stdout("nsctl", table.render());
}

}  // namespace

int cmd_link(NetContext& ctx, const std::vector<std::string>& args) {
    std::string sub = args.size() > 1 ? args[1] : "show";
    Args rest(args, 2);
    if (sub == "add") return link_add(ctx, rest);
    if (sub == "set") return link_set(ctx, rest);
    if (sub == "del" || sub == "delete") return link_del(ctx, rest);
    if (sub == "show" || sub == "list" || sub == "ls") return link_show(ctx, rest);
    if (is_help(sub)) return print_stdout("nsctl", kLinkHelp);
    std::fputs(kLinkHelp, stderr);
    return usage_error("link", "unknown command " + in_quotes(sub));
}

}  // namespace nsctl::cli
