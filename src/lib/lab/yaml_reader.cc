// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/yaml_reader.h"

#include <unordered_set>

#include "base/parse.h"

namespace nsctl::lab::detail {
namespace {

// The kind of YAML value a node is, for "expected a mapping, found a sequence".
std::string_view type_name(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
            return "nothing";
        case YAML::NodeType::Scalar:
            return "a scalar";
        case YAML::NodeType::Sequence:
            return "a sequence";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Undefined:
            break;
    }
    return "nothing";
}

}  // namespace

std::string child_path(const std::string& path, std::string_view key) {
    if (path.empty()) return std::string(key);
    return path + "." + std::string(key);
}

std::string index_path(const std::string& path, size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

SourcePos position(const YAML::Node& node) {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) return SourcePos{1, 1};
    return SourcePos{mark.line + 1, mark.column + 1};
}

Error YamlReader::error(SourcePos at, const std::string& path, const std::string& message) const {
    std::string where = file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    if (path.empty()) return Error{0, where + ": " + message};
    // A key may hold anything, a newline too: the message stays one line.
    return Error{0, where + ": " + printable(path) + ": " + message};
}

Error YamlReader::error(const YAML::Node& at, const std::string& path,
                        const std::string& message) const {
    return error(position(at), path, message);
}

Result<std::vector<Entry>> YamlReader::entries(const YAML::Node& map,
                                               const std::string& path) const {
    std::vector<Entry> out;
    if (map.IsNull()) return out;
    if (!map.IsMap()) {
        return error(map, path, "expected a mapping, found " + std::string(type_name(map)));
    }
    // The keys written here first: they win over every merged key, wherever the "<<" is.
    std::unordered_set<std::string> seen;
    for (const auto& kv : map) {
        if (!kv.first.IsScalar()) return error(kv.first, path, "a key must be a plain string");
        const std::string& key = kv.first.Scalar();
        if (key == "<<" && kv.first.Tag() == "?") continue;
        if (!seen.insert(key).second) {
            return error(kv.first, child_path(path, key), "the key is given twice");
        }
    }
    for (const auto& kv : map) {
        const std::string& key = kv.first.Scalar();
        if (key == "<<" && kv.first.Tag() == "?") {
            NSCTL_TRY(merge_into(kv.second, path, out, seen));
        } else {
            out.push_back(Entry{key, kv.first, kv.second});
        }
    }
    return out;
}

// A merge key's value is a mapping or a sequence of mappings (yaml.org/type/merge.html).
Result<void> YamlReader::merge_into(const YAML::Node& merged, const std::string& path,
                                    std::vector<Entry>& out,
                                    std::unordered_set<std::string>& seen) const {
    std::vector<YAML::Node> maps;
    if (merged.IsSequence()) {
        for (const auto& m : merged) maps.push_back(m);
    } else {
        maps.push_back(merged);
    }
    for (const auto& m : maps) {
        if (!m.IsMap()) {
            return error(m, child_path(path, "<<"),
                         "a merge key takes a mapping or a sequence of mappings");
        }
        // The merged mapping may merge others itself.
        auto inner = NSCTL_TRY(entries(m, path));
        for (auto& e : inner) {
            if (!seen.insert(e.key).second) continue;
            out.push_back(std::move(e));
        }
    }
    return {};
}

Result<std::string> YamlReader::scalar(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) {
        return error(node, path, "expected a string, found " + std::string(type_name(node)));
    }
    return node.Scalar();
}

Result<uint64_t> YamlReader::number(const YAML::Node& node, const std::string& path, uint64_t min,
                                    uint64_t max, std::string_view what) const {
    std::string text = NSCTL_TRY(scalar(node, path));
    auto range = std::string(what) + " takes " + std::to_string(min) + " to " + std::to_string(max);
    auto n = parse_u64(text);
    if (!n) return error(node, path, in_quotes(text) + " is not a number (" + range + ")");
    if (*n < min || *n > max) {
        return error(node, path, std::to_string(*n) + " is out of range (" + range + ")");
    }
    return *n;
}

Result<std::vector<std::string>> YamlReader::scalars(const YAML::Node& node,
                                                     const std::string& path) const {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) {
        return error(node, path, "expected a sequence, found " + std::string(type_name(node)));
    }
    size_t i = 0;
    for (const auto& item : node) {
        out.push_back(NSCTL_TRY(scalar(item, index_path(path, i))));
        ++i;
    }
    return out;
}

Result<StringMap> YamlReader::string_map(const YAML::Node& node, const std::string& path) const {
    StringMap out;
    for (const auto& e : NSCTL_TRY(entries(node, path))) {
        // "KEY:" alone is an empty value, as containerlab (Go's YAML) reads it into a string.
        std::string value;
        if (!e.value.IsNull()) value = NSCTL_TRY(scalar(e.value, child_path(path, e.key)));
        out.emplace_back(e.key, std::move(value));
    }
    return out;
}

}  // namespace nsctl::lab::detail
