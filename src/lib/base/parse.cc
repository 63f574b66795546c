// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/parse.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace nsctl {
namespace {

// strtoull/strtoll need a NUL-terminated string; a string_view may not be one.
template <typename T, typename F>
Result<T> parse_with(std::string_view text, F convert) {
    std::string copy(text);
    if (copy.empty()) return Error{EINVAL, ""};
    char* end = nullptr;
    errno = 0;
    T value = convert(copy.c_str(), &end);
    if (errno == ERANGE) return Error{ERANGE, ""};
    if (end == copy.c_str() || *end != '\0' || errno != 0) return Error{EINVAL, ""};
    return value;
}

}  // namespace

Result<uint64_t> parse_u64(std::string_view text) {
    // strtoull silently negates "-5"; util-linux rejects it, so do we.
    size_t first = text.find_first_not_of(" \t\n\v\f\r");
    if (first != std::string_view::npos && text[first] == '-') return Error{EINVAL, ""};
    return parse_with<uint64_t>(text, [](const char* s, char** e) {
        return static_cast<uint64_t>(std::strtoull(s, e, 10));
    });
}

Result<int32_t> parse_i32(std::string_view text) {
    auto v =
        parse_with<long long>(text, [](const char* s, char** e) { return std::strtoll(s, e, 10); });
    if (!v) return v.error();
    if (*v < INT32_MIN || *v > INT32_MAX) return Error{ERANGE, ""};
    return static_cast<int32_t>(*v);
}

Result<int64_t> parse_i64(std::string_view text) {
    auto v =
        parse_with<long long>(text, [](const char* s, char** e) { return std::strtoll(s, e, 10); });
    if (!v) return v.error();
    return static_cast<int64_t>(*v);
}

Result<uint64_t> parse_size(std::string_view text) {
    unsigned shift = 0;
    if (!text.empty()) {
        switch (text.back()) {
            case 'k':
            case 'K':
                shift = 10;
                break;
            case 'm':
            case 'M':
                shift = 20;
                break;
            case 'g':
            case 'G':
                shift = 30;
                break;
            case 't':
            case 'T':
                shift = 40;
                break;
            default:
                break;
        }
    }
    if (shift) text.remove_suffix(1);
    if (text.empty() || text.front() < '0' || text.front() > '9') return Error{EINVAL, ""};
    auto v = parse_u64(text);
    if (!v) return v.error();
    if (shift && *v > (UINT64_MAX >> shift)) return Error{ERANGE, ""};
    return *v << shift;
}

Result<int32_t> parse_pid(std::string_view text) {
    auto v = parse_i32(text);
    if (!v) return v.error();
    if (*v < 1) return Error{ERANGE, ""};
    return *v;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        size_t pos = text.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(text.substr(start));
            return out;
        }
        out.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

namespace {

// Appends c to out, a control byte as a C escape.
void append_printable(std::string& out, char ch) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\n') {
        out += "\\n";
    } else if (ch == '\t') {
        out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
        out += "\\x";
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    } else {
        out += ch;
    }
}

}  // namespace

std::string in_quotes(std::string_view text) {
    std::string out = "'";
    for (char ch : text) {
        if (ch == '\'' || ch == '\\') out += '\\';
        append_printable(out, ch);
    }
    return out + "'";
}

std::string printable(std::string_view text) {
    std::string out;
    for (char ch : text) append_printable(out, ch);
    return out;
}

}  // namespace nsctl
