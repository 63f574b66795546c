// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to src/lib/lab: reading yaml-cpp nodes into values, every failure one line
// "FILE:LINE:COLUMN: KEY: message". yaml-cpp throws; nothing here lets an exception out except
// from yaml-cpp calls the callers make themselves (parse_topology catches those).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "lab/topology.h"

namespace nsctl::lab::detail {

/// A key/value pair of a mapping: the key's text and both nodes (for their marks).
struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
};

/// "PATH.KEY" (or KEY at the top).
std::string child_path(const std::string& path, std::string_view key);
/// "PATH[INDEX]".
std::string index_path(const std::string& path, size_t index);

/// The 1-based position of a node (1:1 when yaml-cpp has none, as for an empty document).
SourcePos position(const YAML::Node& node);

class YamlReader {
  public:
    explicit YamlReader(std::string file) : file_(std::move(file)) {}

    const std::string& file() const { return file_; }

    /// Error{0, "FILE:LINE:COLUMN: PATH: MESSAGE"} at node's position.
    Error error(const YAML::Node& at, const std::string& path, const std::string& message) const;
    Error error(SourcePos at, const std::string& path, const std::string& message) const;

    /// The entries of a mapping in file order, with YAML 1.1 merge keys ("<<: *anchor", which
    /// yaml-cpp 0.7 leaves as a plain key) expanded: keys written in the mapping win over merged
    /// ones, earlier merged mappings over later ones. Null is an empty mapping. Errors: not a
    /// mapping, a key that is not a scalar, a key written twice.
    Result<std::vector<Entry>> entries(const YAML::Node& map, const std::string& path) const;

    /// A scalar's text (quoted or not). Errors: null, a sequence or a mapping.
    Result<std::string> scalar(const YAML::Node& node, const std::string& path) const;

    /// An unsigned decimal scalar within [min, max]; what names the value in the message.
    Result<uint64_t> number(const YAML::Node& node, const std::string& path, uint64_t min,
                            uint64_t max, std::string_view what) const;

    /// A sequence of scalars (null: empty).
    Result<std::vector<std::string>> scalars(const YAML::Node& node, const std::string& path) const;

    /// A mapping of scalar to scalar, in file order (null: empty). Values are taken as written
    /// (containerlab takes numbers and booleans as strings for env, labels and sysctls); a null
    /// value is "".
    Result<StringMap> string_map(const YAML::Node& node, const std::string& path) const;

  private:
    Result<void> merge_into(const YAML::Node& merged, const std::string& path,
                            std::vector<Entry>& out, std::unordered_set<std::string>& seen) const;

    std::string file_;
};

}  // namespace nsctl::lab::detail
