// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl netns` subcommands that only look: list, list-id, identify, pids, monitor. Text as
// `ip netns` prints it; with -j, JSON as `ip -j netns list` prints it.
#include <cstdio>
#include <map>
#include <optional>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "cli/netns_commands.h"
#include "net/netns_monitor.h"
#include "net/netns_query.h"
#include "net/nsid.h"

namespace nsctl::cli {
namespace {

int fail(const NetnsArgs& a, const Error& e) {
    net_error(a.what, e);
    return 1;
}

int print(const std::string& text) { return print_stdout("nsctl", text); }

// The id -n's namespace (or ours) gives a name's namespace; unassigned when it cannot be had,
// as iproute2 then lists names without ids.
int nsid_of(NetContext& ctx, const std::string& name) {
    auto nl = ctx.netlink();
    auto fd = ctx.registry.open(name);
    if (!nl || !fd) return net::kNsidUnassigned;
    auto id = net::get_nsid(**nl, fd->get());
    return id ? *id : net::kNsidUnassigned;
}

// A JSON array of one-member-or-two objects, compact as `ip -j` writes it.
std::string json_array(const std::vector<std::string>& objects) {
    std::string out = "[";
    for (size_t i = 0; i < objects.size(); ++i) out += (i ? ",{" : "{") + objects[i] + "}";
    return out + "]\n";
}

}  // namespace

std::string json_quote(std::string_view text) {
    std::string out;
    append_json_string(&out, text);
    return out;
}

int netns_list(NetContext& ctx, const NetnsArgs& a) {
    auto names = ctx.registry.list();
    if (!names) return fail(a, names.error());
    std::string text;
    std::vector<std::string> objects;
    for (const auto& name : *names) {
        int id = nsid_of(ctx, name);
        std::string n = std::to_string(id);
        text += name + (id >= 0 ? " (id: " + n + ")" : "") + "\n";
        objects.push_back("\"name\":" + json_quote(name) + (id >= 0 ? ",\"id\":" + n : ""));
    }
    return print(ctx.json ? json_array(objects) : text);
}

int netns_list_id(NetContext& ctx, const NetnsArgs& a) {
    auto nl = ctx.netlink();
    if (!nl) return fail(a, nl.error());
    std::vector<net::NsidEntry> ids;
    if (a.only_nsid) {
        auto one = net::lookup_nsid(**nl, *a.only_nsid, a.target_nsid,
                                    "nsid " + std::to_string(*a.only_nsid));
        if (!one) return fail(a, one.error());
        ids.push_back(*one);
    } else {
        auto all = net::list_nsids(**nl, a.target_nsid);
        if (!all) return fail(a, all.error());
        ids = std::move(*all);
    }
    std::map<int, std::string> names;  // the first name of each id, as iproute2's cache
    auto listed = ctx.registry.list();
    if (listed)
        for (const auto& name : *listed) names.emplace(nsid_of(ctx, name), name);
    std::string text;
    std::vector<std::string> objects;
    for (const auto& e : ids) {
        // With a target, the peer is named through the id our namespace gives it.
        int own = a.target_nsid ? e.current_nsid : e.nsid;
        auto it = names.find(own);
        bool named = own >= 0 && it != names.end();
        std::string n = std::to_string(e.nsid), c = std::to_string(e.current_nsid);
        bool current = a.target_nsid && e.current_nsid >= 0;
        text += "nsid " + n + " " + (current ? "current-nsid " + c + " " : "");
        text += (named ? "(iproute2 netns name: " + it->second + ")" : "") + std::string("\n");
        objects.push_back("\"nsid\":" + n + (current ? ",\"current-nsid\":" + c : "") +
                          (named ? ",\"name\":" + json_quote(it->second) : ""));
    }
    return print(ctx.json ? json_array(objects) : text);
}

int netns_identify(NetContext& ctx, const NetnsArgs& a) {
    auto fd = net::open_process_netns(a.pid);
    if (!fd) return fail(a, fd.error());
    auto names = ctx.registry.identify(fd->get());
    if (!names) return fail(a, names.error());
    std::string text;
    std::vector<std::string> objects;
    // One line, empty when unnamed, as `ip netns identify` (which shows only one of several).
    for (const auto& name : *names) {
        text += (text.empty() ? "" : " ") + name;
        objects.push_back("\"name\":" + json_quote(name));
    }
    text += "\n";
    return print(ctx.json ? json_array(objects) : text);
}

int netns_pids(NetContext& ctx, const NetnsArgs& a) {
    auto fd = ctx.registry.open(a.names[0]);
    if (!fd) return fail(a, fd.error());
    auto pids = net::netns_pids(fd->get());
    if (!pids) return fail(a, pids.error());
    std::string text;
    std::vector<std::string> objects;
    for (pid_t pid : *pids) {
        text += std::to_string(pid) + "\n";
        objects.push_back("\"pid\":" + std::to_string(pid));
    }
    return print(ctx.json ? json_array(objects) : text);
}

int netns_monitor(NetContext& ctx, const NetnsArgs& a) {
    auto monitor = net::NetnsMonitor::open(ctx.registry);
    if (!monitor) return fail(a, monitor.error());
    while (true) {
        auto events = monitor->next();
        if (!events) return fail(a, events.error());
        std::string text;
        for (const auto& e : *events)
            text += (e.kind == net::NetnsEvent::kAdd ? "add " : "delete ") + e.name + "\n";
        if (int rc = print_stdout("nsctl", text)) return rc;
    }
}

}  // namespace nsctl::cli
