// SPDX-License-Identifier: GPL-2.0-or-later
// A node's settings with containerlab's precedence applied (containerlab.dev/manual/nodes,
// containerlab.dev/manual/topo-def-file#groups): node -> group -> kind -> defaults, the node
// most specific. How each key combines, as those pages document it:
//   image, cmd                 the most specific level that sets it
//   env, labels, sysctls       merged key by key, the most specific value wins ("The variables
//                              values are merged when the same vars are defined on multiple
//                              levels with nodes level being the most specific")
//   binds                      merged, duplicates removed; a destination bound again on a more
//                              specific level replaces the less specific bind ("When a bind with
//                              the same destination is defined on multiple levels, the lowest
//                              level takes precedence"). containerlab then sorts them; we keep
//                              the order of the levels, defaults first.
//   exec                       the levels' lists one after the other, defaults first, each
//                              command kept once (the pages do not say; containerlab's
//                              GetNodeExec merges the lists as it merges binds)
#include <algorithm>

#include "base/parse.h"
#include "lab/parse_impl.h"
#include "net/netns.h"

namespace nsctl::lab::detail {
namespace {

constexpr size_t kHostNameMax = 64;  // HOST_NAME_MAX: sethostname(2) takes no more

// The position of a key, or of its value, in a node's mapping (merge keys included); the
// mapping's own when the key is not there.
enum class At { kKey, kValue };
SourcePos pos_of(const YamlReader& r, const YAML::Node& map, std::string_view key, At at) {
    auto entries = r.entries(map, "");
    if (entries) {
        for (const auto& e : *entries) {
            if (e.key == key) return position(at == At::kKey ? e.key_node : e.value);
        }
    }
    return position(map);
}

const NodeSettings* find_kind(const Topology& t, NodeKind kind) {
    for (const auto& [k, s] : t.kinds) {
        if (k == kind) return &s;
    }
    return nullptr;
}

const NodeSettings* find_group(const Topology& t, std::string_view group) {
    for (const auto& [g, s] : t.groups) {
        if (g == group) return &s;
    }
    return nullptr;
}

void merge_map(StringMap& into, const StringMap& from) {
    for (const auto& [key, value] : from) {
        auto it = std::find_if(into.begin(), into.end(), [&](auto& kv) { return kv.first == key; });
        if (it != into.end()) {
            it->second = value;
        } else {
            into.emplace_back(key, value);
        }
    }
}

void merge_exec(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& cmd : from) {
        if (std::find(into.begin(), into.end(), cmd) == into.end()) into.push_back(cmd);
    }
}

std::string_view bind_destination(std::string_view bind) { return split(bind, ':')[1]; }

void merge_binds(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& bind : from) {
        std::erase_if(into, [&](const std::string& b) {
            return bind_destination(b) == bind_destination(bind);
        });
        into.push_back(bind);
    }
}

// One level over the levels below it.
void apply(Node& n, const NodeSettings& s) {
    if (s.image) n.image = s.image;
    if (s.cmd) n.cmd = *s.cmd;
    merge_exec(n.exec, s.exec);
    merge_map(n.env, s.env);
    merge_binds(n.binds, s.binds);
    merge_map(n.sysctls, s.sysctls);
    merge_map(n.labels, s.labels);
}

// Inherited from defaults or a group, a key that does not apply to the node's kind is left out.
void keep_applicable(Node& n) {
    if (n.kind != NodeKind::kLinux) {
        n.image.reset();
        n.cmd.clear();
        n.env.clear();
        n.binds.clear();
        n.sysctls.clear();
    }
    if (n.kind == NodeKind::kBridge) n.exec.clear();
    if (!n.image) n.binds.clear();
}

bool valid_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

Result<void> check_name(const ParseContext& ctx, const Topology& t, const Node& n,
                        const std::string& path) {
    const auto& r = ctx.reader;
    const std::string& name = n.name;
    bool ok = !name.empty() && name[0] != '-' && name[0] != '.' && name[0] != '_' &&
              std::all_of(name.begin(), name.end(), valid_name_char);
    if (!ok) {
        return r.error(n.pos, path,
                       "a node name is letters, digits, '-', '.' and '_', starting with a letter "
                       "or digit (containerlab's rule)");
    }
    if (is_reserved_node_name(name) && !(name == "host" && n.kind == NodeKind::kHost)) {
        return r.error(n.pos, path, dq(name) + " is reserved (\"host\" is the host, kind host)");
    }
    if (n.kind == NodeKind::kBridge) {
        auto ok_ifname = net::validate_ifname(name);
        if (!ok_ifname) {
            return r.error(n.pos, path,
                           "a bridge node's name is its interface's: " + ok_ifname.error().context);
        }
    }
    if (n.kind != NodeKind::kLinux) return {};
    if (name.size() > kHostNameMax) {
        return r.error(n.pos, path,
                       "a linux node's name is its host name, at most 64 bytes (HOST_NAME_MAX)");
    }
    std::string ns = netns_name(t, name);
    if (!net::validate_netns_name(ns)) {
        return r.error(n.pos, path,
                       "its namespace name " + dq(ns) + " is " + std::to_string(ns.size()) +
                           " bytes, more than /run/netns takes (255, NAME_MAX)");
    }
    return {};
}

}  // namespace

bool is_reserved_node_name(std::string_view name) {
    return name == "host" || name == "macvlan" || name == "mgmt-net";
}

Result<void> check_applicable(const ParseContext& ctx, NodeKind kind, const NodeSettings& s,
                              const YAML::Node& map, const std::string& path) {
    if (kind == NodeKind::kLinux) return {};
    std::vector<std::string_view> set;
    if (s.image) set.push_back("image");
    if (kind == NodeKind::kBridge && !s.exec.empty()) set.push_back("exec");
    if (s.cmd) set.push_back("cmd");
    if (!s.env.empty()) set.push_back("env");
    if (!s.binds.empty()) set.push_back("binds");
    if (!s.sysctls.empty()) set.push_back("sysctls");
    if (set.empty()) return {};
    std::string key(set.front());
    std::string who = key == "exec" ? "linux and host nodes" : "linux nodes";
    std::string what = kind == NodeKind::kBridge
                           ? "a bridge node is a Linux bridge on the host"
                           : "a host node is the host itself: it takes exec and labels";
    return ctx.reader.error(pos_of(ctx.reader, map, key, At::kKey), child_path(path, key),
                            key + " applies to " + who + " only (" + what + ")");
}

Result<Node> resolve_node(const ParseContext& ctx, const Topology& topology,
                          const std::string& name, const Entry& entry, const NodeSettings& own,
                          const std::string& path) {
    const auto& r = ctx.reader;
    Node n;
    n.name = name;
    n.pos = position(entry.key_node);
    n.group = own.group.empty() ? topology.defaults.group : own.group;
    const NodeSettings* group = nullptr;
    if (!n.group.empty()) {
        group = find_group(topology, n.group);
        // An unknown group in topology.defaults is refused where it is written (topology.cc).
        if (!group) {
            return r.error(pos_of(r, entry.value, "group", At::kValue), child_path(path, "group"),
                           "no group " + dq(n.group) + " in topology.groups");
        }
    }
    std::optional<NodeKind> kind = own.kind;
    if (!kind && group) kind = group->kind;
    if (!kind) kind = topology.defaults.kind;
    if (!kind) {
        return r.error(n.pos, path,
                       "no kind: set kind here, in its group or in topology.defaults (nsctl lab "
                       "supports linux, bridge, host)");
    }
    n.kind = *kind;
    NSCTL_TRY(check_applicable(ctx, n.kind, own, entry.value, path));
    for (const NodeSettings* level :
         {&topology.defaults, find_kind(topology, n.kind), group, &own}) {
        if (level) apply(n, *level);
    }
    if (n.kind == NodeKind::kLinux && !n.image && !own.binds.empty()) {
        return r.error(pos_of(r, entry.value, "binds", At::kKey), child_path(path, "binds"),
                       "binds need image (a local rootfs directory): a node without image has "
                       "the host's file system");
    }
    keep_applicable(n);
    NSCTL_TRY(check_name(ctx, topology, n, path));
    return n;
}

}  // namespace nsctl::lab::detail
