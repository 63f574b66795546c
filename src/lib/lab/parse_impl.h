// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to src/lib/lab: the steps of parse_topology (topology.cc), each in its own file:
// one block of node settings (node_settings.cc), their precedence (node_resolve.cc), links
// (links.cc, link_endpoints.cc, link_values.cc).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "lab/topology.h"
#include "lab/yaml_reader.h"

namespace nsctl::lab::detail {

/// Where a block of node settings is written; each level takes its own keys.
enum class SettingsLevel { kDefaults, kKind, kGroup, kNode };

/// What the parsers share: the reader (file name, messages) and the directory a relative
/// image path is looked up in ("" for the current one).
struct ParseContext {
    YamlReader reader;
    std::string base_dir;
};

/// The kind a name stands for: "linux", "bridge" or "host".
std::optional<NodeKind> parse_kind(std::string_view text);

/// text in double quotes, its control bytes escaped: one line whatever it holds.
std::string dq(std::string_view text);

/// Whether a key nobody knows is to be passed over: "x-" keys, except nsctl's own ("x-nsctl-"),
/// which must be known where they are written.
bool is_foreign_extension(std::string_view key);

/// The names nsctl lab keeps for itself in endpoints: "host" (the host), "macvlan:IF" and
/// "mgmt-net:IF" (containerlab's brief forms). A node may not be named so, but "host" of kind
/// host.
bool is_reserved_node_name(std::string_view name);

/// Parses one block of node settings (topology.defaults, topology.kinds.K, topology.groups.G
/// or topology.nodes.N). An image is checked to be a directory here, where it is written.
Result<NodeSettings> parse_settings(const ParseContext& ctx, const YAML::Node& map,
                                    const std::string& path, SettingsLevel level);

/// Refuses keys that do not apply to `kind` where they are written for it (a node, or its
/// kind's entry in topology.kinds): image on a bridge, cmd on the host, ...
Result<void> check_applicable(const ParseContext& ctx, NodeKind kind, const NodeSettings& s,
                              const YAML::Node& map, const std::string& path);

/// The node `name` with defaults, its kind's and its group's settings applied under its own
/// (`own`, parsed from `map` at `path`), then checked for its kind.
Result<Node> resolve_node(const ParseContext& ctx, const Topology& topology,
                          const std::string& name, const Entry& entry, const NodeSettings& own,
                          const std::string& path);

/// The nodes of the topology by name, with their kinds: what endpoints are checked against.
using NodeIndex = std::unordered_map<std::string, NodeKind>;

/// Parses topology.links into topology.links, checking every endpoint against the nodes and
/// every interface against the others (no interface made twice in one namespace).
Result<void> parse_links(const ParseContext& ctx, const YAML::Node& links, const NodeIndex& nodes,
                         Topology& topology);

}  // namespace nsctl::lab::detail
