// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/text_cells.h"

#include <cctype>
#include <cwchar>
#include <cwctype>

namespace nsctl::output {

namespace {

void append_hex(std::string* out, unsigned char c) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const char hex[4] = {'\\', 'x', kDigits[c >> 4], kDigits[c & 15]};
    out->append(hex, 4);
}

// One multibyte character at s[*i]: copied when printable, else each byte as \xHH; an invalid
// byte stays only if the locale calls it printable. Returns the width in cells.
size_t encode_multibyte(std::string_view s, size_t* i, std::mbstate_t* st, std::string* out) {
    wchar_t wc = 0;
    size_t len = std::mbrtowc(&wc, s.data() + *i, s.size() - *i, st);
    if (len == 0 || len == static_cast<size_t>(-1) || len == static_cast<size_t>(-2)) {
        *st = std::mbstate_t{};
        const auto c = static_cast<unsigned char>(s[(*i)++]);
        const bool printable = std::isprint(c) != 0;
        if (out && printable) out->push_back(static_cast<char>(c));
        if (out && !printable) append_hex(out, c);
        return printable ? 1 : 4;
    }
    const size_t start = *i;
    *i += len;
    if (!std::iswprint(static_cast<wint_t>(wc))) {
        for (size_t k = start; out && k < *i; k++)
            append_hex(out, static_cast<unsigned char>(s[k]));
        return 4 * len;
    }
    if (out) out->append(s.substr(start, len));
    const int cells = ::wcwidth(wc);
    return cells > 0 ? static_cast<size_t>(cells) : 0;
}

}  // namespace

size_t encode_safe(std::string_view s, NewlineMode newline, std::string* out) {
    size_t width = 0;
    std::mbstate_t st{};
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (newline == NewlineMode::kKeep && c == '\n') {
            if (out) out->push_back('\n');
            i++;
        } else if ((c == '\\' && i + 1 < s.size() && s[i + 1] == 'x') || std::iscntrl(c)) {
            if (out) append_hex(out, c);
            width += 4;
            i++;
        } else if (c < 0x80) {  // printable ASCII: one cell in every locale
            if (out) out->push_back(static_cast<char>(c));
            width++;
            i++;
        } else {
            width += encode_multibyte(s, &i, &st, out);
        }
    }
    return width;
}

size_t truncate_cells(std::string* s, size_t width) {
    std::mbstate_t st{};
    size_t cells = 0;
    size_t i = 0;
    while (i < s->size()) {
        const auto c = static_cast<unsigned char>((*s)[i]);
        size_t len = 1;
        int w = 1;
        if (c >= 0x80 || std::iscntrl(c)) {
            wchar_t wc = 0;
            len = std::mbrtowc(&wc, s->data() + i, s->size() - i, &st);
            if (len == 0 || len > s->size() - i) break;  // not from encode_safe(): keep the rest
            w = ::wcwidth(wc);
            if (w < 0) w = 1;  // mbs_truncate shows such a character as one replacement cell
        }
        if (cells + static_cast<size_t>(w) > width) {
            s->resize(i);
            return cells;
        }
        cells += static_cast<size_t>(w);
        i += len;
    }
    return cells;
}

void escape_raw(std::string_view s, std::string* out) {
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isblank(c) || c == '\\' || !std::isprint(c) || std::iscntrl(c)) {
            append_hex(out, c);
        } else {
            out->push_back(ch);
        }
    }
}

}  // namespace nsctl::output
