// SPDX-License-Identifier: GPL-2.0-or-later
// Private to filter.cc: the values a filter compares. libsmartcols knows four data types and
// converts between them as below; a cell arrives as text and is converted to its column's type
// first. The functions return 0 or an errno value, the one util-linux's err(3) would print.
#pragma once

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "base/parse.h"
#include "output/filter_scanner.h"
#include "output/table.h"

namespace nsctl::output::filter_detail {

enum class Type { kString, kU64, kFloat, kBool };

struct Value {
    Type type = Type::kString;
    bool empty = false;              // an empty cell: every comparison of numbers is false
    std::optional<std::string> str;  // nullopt for an empty cell (util-linux's NULL)
    uint64_t num = 0;
    long double fnum = 0;
    bool boolean = false;
};

// ul_strtou64(): negative numbers are out of range, not wrapped.
inline int to_u64(const std::string& s, uint64_t* out) {
    if (s.empty()) return EINVAL;
    char* end = nullptr;
    if (std::strtoimax(s.c_str(), &end, 10) < 0) return ERANGE;
    errno = 0;
    uintmax_t v = std::strtoumax(s.c_str(), &end, 10);
    if (errno != 0) return errno;
    if (end == s.c_str() || *end != '\0') return EINVAL;
    *out = v;
    return 0;
}

inline int to_float(const std::string& s, long double* out) {
    if (s.empty()) return EINVAL;
    char* end = nullptr;
    errno = 0;
    long double v = std::strtold(s.c_str(), &end);
    if (errno != 0) return errno;
    if (end == s.c_str() || *end != '\0') return EINVAL;
    *out = v;
    return 0;
}

inline int from_string(Value& v, Type want) {
    std::optional<std::string> s = std::move(v.str);
    v.str.reset();
    if (want == Type::kU64) return s ? to_u64(*s, &v.num) : 0;
    if (want == Type::kFloat) return s ? to_float(*s, &v.fnum) : 0;
    v.boolean = s && !s->empty() && (*s == "1" || iequals(*s, "true") || rpmatch(s->c_str()) == 1);
    return 0;
}

inline std::string float_text(long double f) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%Lg", f);
    return buf;
}

// libsmartcols' casts between its four data types, in place. Returns 0 or an errno value.
inline int cast(Value& v, Type want) {
    if (v.type == want) return 0;
    if (v.type == Type::kString) {
        if (int err = from_string(v, want); err != 0) return err;
    } else if (v.type == Type::kU64) {
        if (want == Type::kString) v.str = std::to_string(v.num);
        v.fnum = static_cast<long double>(v.num);
        v.boolean = v.num > 0;
    } else if (v.type == Type::kFloat) {
        if (want == Type::kString) v.str = float_text(v.fnum);
        // Float to number never happens (a float operand makes the comparison a float one).
        v.num = v.fnum >= 0 && v.fnum < 0x1p64L ? static_cast<uint64_t>(v.fnum) : 0;
        v.boolean = v.fnum > 0;
    } else {
        if (want == Type::kString) v.str = v.boolean ? "true" : "false";
        v.num = v.boolean ? 1 : 0;
        v.fnum = v.boolean ? 1 : 0;
    }
    v.type = want;
    return 0;
}

// A string as libsmartcols stores one: a leading quote is dropped with its twin at the end
// (meant for literals, but cells and copies go through it too), then blanks are trimmed.
inline Value string_value(std::optional<std::string_view> text) {
    Value v;
    if (!text) {
        v.empty = true;
        return v;
    }
    std::string_view s = text->substr(0, text->find('\0'));
    if (!s.empty() && (s[0] == '"' || s[0] == '\'')) {
        bool twin = s.size() >= 2 && s.back() == s[0];
        s = s.size() < 2 ? std::string_view() : s.substr(1, s.size() - (twin ? 2 : 1));
    }
    v.str = trim(s);
    return v;
}

// libsmartcols copies a value before converting it; the copy of a number is never empty.
inline Value copy_of(const Value& v) {
    if (v.type == Type::kString) return string_value(v.str);
    Value c = v;
    c.empty = false;
    return c;
}

inline Type column_type(JsonType t) {
    if (t == JsonType::kNumber) return Type::kU64;
    return t == JsonType::kBoolean ? Type::kBool : Type::kString;
}

}  // namespace nsctl::output::filter_detail
