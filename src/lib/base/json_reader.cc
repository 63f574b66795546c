// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/json_reader.h"

#include <cstdint>
#include <cstdlib>

namespace nsctl {
namespace {

constexpr int kMaxDepth = 256;

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

class Reader {
  public:
    explicit Reader(std::string_view s) : s_(s) {}

    std::optional<Json> document() {
        auto v = value(0);
        skip();
        if (!v || pos_ != s_.size()) return std::nullopt;
        return v;
    }

  private:
    void skip() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
            ++pos_;
    }
    bool eat(char c) {
        skip();
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    bool word(std::string_view w) {
        if (s_.substr(pos_, w.size()) != w) return false;
        pos_ += w.size();
        return true;
    }

    std::optional<Json> value(int depth) {
        skip();
        if (pos_ >= s_.size() || depth > kMaxDepth) return std::nullopt;
        Json j;
        char c = s_[pos_];
        if (c == '{') return object(depth + 1);
        if (c == '[') return array(depth + 1);
        if (c == '"') {
            auto str = string();
            if (!str) return std::nullopt;
            j.type = Json::Type::kString;
            j.text = std::move(*str);
            return j;
        }
        if (word("null")) return j;
        if (word("true") || word("false")) {
            j.type = Json::Type::kBool;
            j.boolean = s_[pos_ - 1] == 'e' && s_[pos_ - 2] == 'u';  // "...ue", not "...se"
            return j;
        }
        return number();
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written.
    std::optional<Json> number() {
        size_t start = pos_;
        auto digits = [&] {
            size_t from = pos_;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
            return pos_ - from;
        };
        if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
        size_t first = pos_;
        size_t n = digits();
        if (n == 0 || (n > 1 && s_[first] == '0')) return std::nullopt;
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            if (digits() == 0) return std::nullopt;
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (digits() == 0) return std::nullopt;
        }
        Json j;
        j.type = Json::Type::kNumber;
        j.text = std::string(s_.substr(start, pos_ - start));
        return j;
    }

    std::optional<uint32_t> hex4() {
        if (pos_ + 4 > s_.size()) return std::nullopt;
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = s_[pos_++];
            int d = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
            if (d < 0) return std::nullopt;
            v = v * 16 + static_cast<uint32_t>(d);
        }
        return v;
    }

    // After "\u": one code point, a surrogate pair taking a second "\uXXXX".
    std::optional<uint32_t> escaped_code_point() {
        auto cp = hex4();
        if (!cp || (*cp >= 0xdc00 && *cp <= 0xdfff)) return std::nullopt;
        if (*cp < 0xd800 || *cp > 0xdbff) return cp;
        if (!word("\\u")) return std::nullopt;
        auto low = hex4();
        if (!low || *low < 0xdc00 || *low > 0xdfff) return std::nullopt;
        return 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
    }

    std::optional<std::string> string() {
        if (!eat('"')) return std::nullopt;
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != '"') {
            char c = s_[pos_++];
            if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ >= s_.size()) return std::nullopt;
            char e = s_[pos_++];
            auto simple = std::string_view("\"\\/bfnrt").find(e);
            if (simple != std::string_view::npos) {
                out.push_back("\"\\/\b\f\n\r\t"[simple]);
            } else if (e == 'u') {
                auto cp = escaped_code_point();
                if (!cp) return std::nullopt;
                append_utf8(out, *cp);
            } else {
                return std::nullopt;
            }
        }
        if (pos_ >= s_.size()) return std::nullopt;
        ++pos_;  // the closing quote
        return out;
    }

    std::optional<Json> array(int depth) {
        Json j;
        j.type = Json::Type::kArray;
        eat('[');
        if (eat(']')) return j;
        do {
            auto v = value(depth);
            if (!v) return std::nullopt;
            j.items.push_back(std::move(*v));
        } while (eat(','));
        if (!eat(']')) return std::nullopt;
        return j;
    }

    std::optional<Json> object(int depth) {
        Json j;
        j.type = Json::Type::kObject;
        eat('{');
        if (eat('}')) return j;
        do {
            skip();
            auto key = string();
            if (!key || !eat(':')) return std::nullopt;
            auto v = value(depth);
            if (!v) return std::nullopt;
            j.members.emplace_back(std::move(*key), std::move(*v));
        } while (eat(','));
        if (!eat('}')) return std::nullopt;
        return j;
    }

    std::string_view s_;
    size_t pos_ = 0;
};

// The length of the UTF-8 sequence at s[i], or 0 when it is not well-formed.
size_t utf8_sequence(std::string_view s, size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    size_t n = b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc2 ? 2 : 0;
    if (n == 0 || b0 > 0xf4 || i + n > s.size()) return 0;
    uint32_t cp = b0 & (0x7f >> n);
    for (size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3f);
    }
    bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    bool surrogate = cp >= 0xd800 && cp <= 0xdfff;
    if (overlong || surrogate || cp > 0x10ffff) return 0;
    return n;
}

}  // namespace

Json::Json() = default;
Json::~Json() = default;
Json::Json(const Json&) = default;
Json::Json(Json&&) noexcept = default;
Json& Json::operator=(const Json&) = default;
Json& Json::operator=(Json&&) noexcept = default;

const Json* Json::get(std::string_view key) const {
    for (const auto& m : members)
        if (m.first == key) return &m.second;
    return nullptr;
}

long long Json::integer(std::string_view key) const {
    const Json* v = get(key);
    if (!v || v->type != Type::kNumber) return 0;
    return std::strtoll(v->text.c_str(), nullptr, 10);
}

const std::string* Json::string(std::string_view key) const {
    const Json* v = get(key);
    return v && v->type == Type::kString ? &v->text : nullptr;
}

std::optional<Json> parse_json(std::string_view text) { return Reader(text).document(); }

bool is_json_safe_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '\0') return false;
        size_t n = utf8_sequence(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

}  // namespace nsctl
