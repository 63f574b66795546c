// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/env_expand.h"

#include <cstdlib>

namespace nsctl::lab {
namespace {

bool name_char(char c, bool first) {
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    return letter || (!first && c >= '0' && c <= '9');
}

// Where offset is in text: "FILE:LINE:COLUMN".
std::string position(std::string_view text, size_t offset, std::string_view file) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

// Whether the line holding offset is a comment (its first non-blank character is '#').
bool in_comment(std::string_view text, size_t offset) {
    size_t start = text.rfind('\n', offset);
    start = start == std::string_view::npos ? 0 : start + 1;
    size_t first = text.find_first_not_of(" \t", start);
    return first != std::string_view::npos && first < offset && text[first] == '#';
}

}  // namespace

Result<std::string> expand_env(std::string_view text, std::string_view file,
                               const EnvLookup& lookup) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        size_t at = text.find('$', i);
        if (at == std::string_view::npos || at + 1 >= text.size()) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, at - i));
        if (text.compare(at, 3, "$${") == 0) {
            out += "${";
            i = at + 3;
            continue;
        }
        if (text[at + 1] != '{' || in_comment(text, at)) {
            out += '$';
            i = at + 1;
            continue;
        }
        size_t close = text.find('}', at);
        size_t eol = text.find('\n', at);
        if (close == std::string_view::npos || (eol != std::string_view::npos && eol < close))
            return Error{0, position(text, at, file) + ": ${ without a closing }"};
        std::string_view inside = text.substr(at + 2, close - at - 2);
        size_t n = 0;
        while (n < inside.size() && name_char(inside[n], n == 0)) ++n;
        std::string_view rest = inside.substr(n);
        bool has_default = rest.starts_with(":=") || rest.starts_with(":-");
        if (n == 0 || (!rest.empty() && !has_default))
            return Error{0, position(text, at, file) + ": ${" + std::string(inside) +
                                "}: not a variable name"};
        std::string name(inside.substr(0, n));
        const char* value = lookup ? lookup(name.c_str()) : std::getenv(name.c_str());
        if (has_default && (!value || !*value)) {
            out.append(rest.substr(2));
        } else if (!value) {
            return Error{0, position(text, at, file) + ": ${" + name +
                                "}: not set (give it a value, or a default: ${" + name +
                                ":=VALUE})"};
        } else {
            out += value;
        }
        i = close + 1;
    }
    return out;
}

}  // namespace nsctl::lab
