// SPDX-License-Identifier: GPL-2.0-or-later
// A small JSON reader for tests: enough to walk lsns -J and ip -j output.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nsctl::test {

struct Json {
    enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
    Type type = Type::kNull;
    bool boolean = false;
    std::string text;  ///< a string's value, or a number as written
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;  ///< in document order

    /// The member named key, or nullptr.
    const Json* get(std::string_view key) const;
    /// A number member as an integer (0 when absent or null).
    long long integer(std::string_view key) const;
};

/// Parses one JSON document (trailing blanks allowed); nullopt when malformed.
std::optional<Json> parse_json(std::string_view text);

}  // namespace nsctl::test
