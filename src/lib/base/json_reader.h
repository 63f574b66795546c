// SPDX-License-Identifier: GPL-2.0-or-later
// The one JSON reader: a whole document into a tree. The net library reads libnftables' JSON
// listings with it (docs/design.md), the tests read `ip -j`, `lsns -J` and nft output with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nsctl {

struct Json {
    enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

    // Defined where Json is complete (json_reader.cc): clang with libstdc++ refuses to
    // instantiate them inside the class for a vector of pairs holding the type itself.
    Json();
    ~Json();
    Json(const Json&);
    Json(Json&&) noexcept;
    Json& operator=(const Json&);
    Json& operator=(Json&&) noexcept;

    Type type = Type::kNull;
    bool boolean = false;
    std::string text;  ///< a string's value (UTF-8), or a number as written
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;  ///< in document order

    /// The member named key, or nullptr.
    const Json* get(std::string_view key) const;
    /// A number member as an integer (0 when absent, null or not a number).
    long long integer(std::string_view key) const;
    /// A string member's text, or nullptr when absent or not a string.
    const std::string* string(std::string_view key) const;
};

/// Parses one JSON document (RFC 8259; blanks around it allowed): nullopt when malformed,
/// including raw control characters or invalid escapes in strings, and nesting deeper than 256.
/// \uXXXX escapes (surrogate pairs too) become UTF-8.
std::optional<Json> parse_json(std::string_view text);

/// True when text is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF) without NUL bytes: what a JSON string can carry as it is.
bool is_json_safe_utf8(std::string_view text);

}  // namespace nsctl
