// SPDX-License-Identifier: GPL-2.0-or-later
// The top of a topology file (containerlab.dev/manual/topo-def-file): name, prefix, mgmt and
// the topology container, whose parts are read in a fixed order (defaults, kinds, groups,
// nodes, links) whatever their order in the file, so that a link may come before its nodes.
#include "lab/topology.h"

#include <algorithm>

#include "lab/env_expand.h"
#include "lab/parse_impl.h"
#include "lab/yaml_init.h"
#include "net/netns.h"
#include "sys/fd.h"

namespace nsctl::lab {
namespace {

using detail::child_path;
using detail::dq;
using detail::Entry;
using detail::ParseContext;
using detail::SettingsLevel;
using detail::YamlReader;

// containerlab's mgmt keys (clab.schema.json): recorded, since nsctl makes no management
// network, and checked, so that a typo is not taken silently.
constexpr std::string_view kMgmtKeys[] = {
    "network",    "bridge",     "ipv4-subnet", "ipv6-subnet",     "ipv4-gw",          "ipv6-gw",
    "ipv4-range", "ipv6-range", "mtu",         "external-access", "skip-when-unused", "driver-opts",
};

// The parts of the topology container, read after the whole file is.
struct Parts {
    YAML::Node defaults, kinds, groups, nodes, links;
    bool has_nodes = false;
};

std::string dir_of(std::string_view file) {
    size_t slash = file.rfind('/');
    if (slash == std::string_view::npos) return "";
    if (slash == 0) return "/";
    return std::string(file.substr(0, slash));
}

// containerlab's rule for a lab name and a prefix (clab.schema.json): a letter or digit, then
// letters, digits, '-', '.', '_'. Such a name is a file name too: /run/nsctl/labs/NAME.
bool valid_lab_name(std::string_view name) {
    auto ok = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_';
    };
    return !name.empty() && std::all_of(name.begin(), name.end(), ok) && name[0] != '-' &&
           name[0] != '.' && name[0] != '_' && net::validate_netns_name(name);
}

constexpr std::string_view kNameRule =
    "letters, digits, '-', '.' and '_', starting with a letter or digit, at most 255 bytes "
    "(containerlab's rule)";

Result<std::string> lab_name(const YamlReader& r, const YAML::Node& value,
                             const std::string& path) {
    std::string name = NSCTL_TRY(r.scalar(value, path));
    if (!valid_lab_name(name)) {
        return r.error(value, path,
                       dq(name) + " is not a usable lab name: " + std::string(kNameRule));
    }
    return name;
}

Result<std::string> lab_prefix(const YamlReader& r, const YAML::Node& value,
                               const std::string& path) {
    std::string prefix = NSCTL_TRY(r.scalar(value, path));
    if (prefix.empty() || prefix == "__lab-name" || valid_lab_name(prefix)) return prefix;
    return r.error(
        value, path,
        dq(prefix) + " is not a usable prefix: \"\", \"__lab-name\" or " + std::string(kNameRule));
}

Result<StringMap> mgmt(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    StringMap out;
    for (const auto& e : NSCTL_TRY(r.entries(value, path))) {
        std::string p = child_path(path, e.key);
        if (std::find(std::begin(kMgmtKeys), std::end(kMgmtKeys), e.key) == std::end(kMgmtKeys)) {
            if (detail::is_foreign_extension(e.key)) continue;
            return r.error(e.key_node, p,
                           "unknown key (containerlab's mgmt keys are network, "
                           "bridge, ipv4-subnet, ipv6-subnet, ...)");
        }
        if (e.key != "driver-opts") {
            out.emplace_back(e.key, NSCTL_TRY(r.scalar(e.value, p)));
            continue;
        }
        for (auto& [k, v] : NSCTL_TRY(r.string_map(e.value, p))) {
            out.emplace_back(e.key + "." + k, std::move(v));
        }
    }
    return out;
}

Result<Parts> topology_parts(const YamlReader& r, const YAML::Node& value) {
    Parts parts;
    for (const auto& e : NSCTL_TRY(r.entries(value, "topology"))) {
        if (e.key == "defaults") {
            parts.defaults = e.value;
        } else if (e.key == "kinds") {
            parts.kinds = e.value;
        } else if (e.key == "groups") {
            parts.groups = e.value;
        } else if (e.key == "nodes") {
            parts.nodes = e.value;
            parts.has_nodes = true;
        } else if (e.key == "links") {
            parts.links = e.value;
        } else if (!detail::is_foreign_extension(e.key)) {
            return r.error(e.key_node, child_path("topology", e.key),
                           "unknown key (topology takes nodes, links, kinds, defaults, groups)");
        }
    }
    if (!parts.has_nodes) return r.error(value, "topology.nodes", "missing: a lab needs nodes");
    return parts;
}

Result<void> parse_kinds(const ParseContext& ctx, const YAML::Node& kinds, Topology& t) {
    for (const auto& e : NSCTL_TRY(ctx.reader.entries(kinds, "topology.kinds"))) {
        std::string path = child_path("topology.kinds", e.key);
        auto kind = detail::parse_kind(e.key);
        if (!kind) {
            return ctx.reader.error(
                e.key_node, path,
                "unknown kind " + dq(e.key) + " (nsctl lab supports linux, bridge, host)");
        }
        auto s = NSCTL_TRY(detail::parse_settings(ctx, e.value, path, SettingsLevel::kKind));
        NSCTL_TRY(detail::check_applicable(ctx, *kind, s, e.value, path));
        t.kinds.emplace_back(*kind, std::move(s));
    }
    return {};
}

Result<void> parse_groups(const ParseContext& ctx, const Parts& parts, Topology& t) {
    for (const auto& e : NSCTL_TRY(ctx.reader.entries(parts.groups, "topology.groups"))) {
        std::string path = child_path("topology.groups", e.key);
        auto s = NSCTL_TRY(detail::parse_settings(ctx, e.value, path, SettingsLevel::kGroup));
        if (s.kind) NSCTL_TRY(detail::check_applicable(ctx, *s.kind, s, e.value, path));
        t.groups.emplace_back(e.key, std::move(s));
    }
    const std::string& group = t.defaults.group;
    bool known = std::any_of(t.groups.begin(), t.groups.end(),
                             [&](const auto& g) { return g.first == group; });
    if (group.empty() || known) return {};
    for (const auto& e : NSCTL_TRY(ctx.reader.entries(parts.defaults, "topology.defaults"))) {
        if (e.key == "group") {
            return ctx.reader.error(e.value, "topology.defaults.group",
                                    "no group " + dq(group) + " in topology.groups");
        }
    }
    return {};
}

Result<void> parse_parts(const ParseContext& ctx, const Parts& parts, Topology& t) {
    t.defaults = NSCTL_TRY(
        detail::parse_settings(ctx, parts.defaults, "topology.defaults", SettingsLevel::kDefaults));
    NSCTL_TRY(parse_kinds(ctx, parts.kinds, t));
    NSCTL_TRY(parse_groups(ctx, parts, t));
    detail::NodeIndex index;
    auto nodes = NSCTL_TRY(ctx.reader.entries(parts.nodes, "topology.nodes"));
    if (nodes.empty()) return ctx.reader.error(parts.nodes, "topology.nodes", "a lab needs nodes");
    t.nodes.reserve(nodes.size());
    for (const Entry& e : nodes) {
        std::string path = child_path("topology.nodes", e.key);
        auto own = NSCTL_TRY(detail::parse_settings(ctx, e.value, path, SettingsLevel::kNode));
        t.nodes.push_back(NSCTL_TRY(detail::resolve_node(ctx, t, e.key, e, own, path)));
        index.emplace(e.key, t.nodes.back().kind);
    }
    return detail::parse_links(ctx, parts.links, index, t);
}

Result<Topology> parse_document(const ParseContext& ctx, const YAML::Node& root) {
    const auto& r = ctx.reader;
    Topology t;
    t.file = r.file();
    std::optional<YAML::Node> name, body;
    for (const auto& e : NSCTL_TRY(r.entries(root, ""))) {
        if (e.key == "name") {
            name = e.value;
        } else if (e.key == "prefix") {
            t.prefix = NSCTL_TRY(lab_prefix(r, e.value, "prefix"));
        } else if (e.key == "mgmt") {
            t.mgmt = NSCTL_TRY(mgmt(r, e.value, "mgmt"));
        } else if (e.key == "topology") {
            body = e.value;
        } else if (e.key == "settings") {
            return r.error(e.key_node, e.key,
                           "not supported: certificate settings need a container engine");
        } else if (e.key != "debug" && !detail::is_foreign_extension(e.key)) {
            return r.error(e.key_node, e.key,
                           "unknown key (a topology file takes name, prefix, mgmt, topology)");
        }
    }
    if (!name) return r.error(root, "name", "missing: a lab needs a name (clab-NAME-NODE)");
    t.name = NSCTL_TRY(lab_name(r, *name, "name"));
    if (!body) return r.error(root, "topology", "missing: a lab needs topology.nodes");
    Parts parts = NSCTL_TRY(topology_parts(r, *body));
    NSCTL_TRY(parse_parts(ctx, parts, t));
    return t;
}

}  // namespace

std::string_view kind_name(NodeKind kind) {
    switch (kind) {
        case NodeKind::kLinux:
            return "linux";
        case NodeKind::kBridge:
            return "bridge";
        case NodeKind::kHost:
            return "host";
    }
    return "?";
}

std::string_view link_type_name(LinkType type) {
    switch (type) {
        case LinkType::kVeth:
            return "veth";
        case LinkType::kHost:
            return "host";
        case LinkType::kMacvlan:
            return "macvlan";
        case LinkType::kVxlan:
            return "vxlan";
    }
    return "?";
}

Result<Topology> parse_topology(std::string_view yaml_text, std::string_view file_name) {
    run_deferred_initialisers();
    ParseContext ctx{YamlReader(std::string(file_name)), dir_of(file_name)};
    // yaml-cpp reports with exceptions; the library returns Errors (STYLE.md section 3).
    try {
        std::string expanded = NSCTL_TRY(expand_env(yaml_text, file_name));
        YAML::Node root = YAML::Load(expanded);
        return parse_document(ctx, root);
    } catch (const YAML::Exception& e) {
        SourcePos at{1, 1};
        if (!e.mark.is_null()) at = SourcePos{e.mark.line + 1, e.mark.column + 1};
        return ctx.reader.error(at, "", e.msg);
    }
}

Result<Topology> load_topology(const std::string& path) {
    auto text = sys::read_file(path.c_str());
    if (!text) return Error{text.error().code, path};
    return parse_topology(*text, path);
}

const Node* find_node(const Topology& topology, std::string_view name) {
    for (const auto& n : topology.nodes) {
        if (n.name == name) return &n;
    }
    return nullptr;
}

std::string netns_name(const Topology& topology, std::string_view node) {
    std::string prefix = topology.prefix.value_or("clab");
    if (prefix.empty()) return std::string(node);
    std::string lab_node = topology.name + "-" + std::string(node);
    if (prefix == "__lab-name") return lab_node;
    return prefix + "-" + lab_node;
}

}  // namespace nsctl::lab
