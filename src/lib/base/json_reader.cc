// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/json.h"

#include <cstdlib>

namespace nsctl::test {
namespace {

class Reader {
  public:
    explicit Reader(std::string_view s) : s_(s) {}

    std::optional<Json> document() {
        auto v = value();
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

    std::optional<Json> value() {
        skip();
        if (pos_ >= s_.size()) return std::nullopt;
        Json j;
        char c = s_[pos_];
        if (c == '{') return object();
        if (c == '[') return array();
        if (c == '"') {
            auto str = string();
            if (!str) return std::nullopt;
            j.type = Json::Type::kString;
            j.text = *str;
            return j;
        }
        if (word("null")) return j;
        if (word("true") || word("false")) {
            j.type = Json::Type::kBool;
            j.boolean = s_[pos_ - 4] == 't';  // "true" ends 4 back at 't'; "false" at 'a'
            return j;
        }
        size_t start = pos_;
        while (pos_ < s_.size() &&
               std::string_view("+-.eE0123456789").find(s_[pos_]) != std::string_view::npos)
            ++pos_;
        if (pos_ == start) return std::nullopt;
        j.type = Json::Type::kNumber;
        j.text = std::string(s_.substr(start, pos_ - start));
        return j;
    }

    std::optional<std::string> string() {
        if (!eat('"')) return std::nullopt;
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != '"') {
            char c = s_[pos_++];
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ >= s_.size()) return std::nullopt;
            char e = s_[pos_++];
            switch (e) {
                case 'n':
                    out.push_back('\n');
                    break;
                case 't':
                    out.push_back('\t');
                    break;
                case 'r':
                    out.push_back('\r');
                    break;
                case 'b':
                    out.push_back('\b');
                    break;
                case 'f':
                    out.push_back('\f');
                    break;
                case 'u': {
                    if (pos_ + 4 > s_.size()) return std::nullopt;
                    long cp = std::strtol(std::string(s_.substr(pos_, 4)).c_str(), nullptr, 16);
                    pos_ += 4;
                    if (cp < 0x80)
                        out.push_back(static_cast<char>(cp));
                    else
                        out += "?";  // tests only meet ASCII escapes
                    break;
                }
                default:
                    out.push_back(e);
                    break;
            }
        }
        if (!eat('"')) return std::nullopt;
        return out;
    }

    std::optional<Json> array() {
        Json j;
        j.type = Json::Type::kArray;
        eat('[');
        if (eat(']')) return j;
        do {
            auto v = value();
            if (!v) return std::nullopt;
            j.items.push_back(std::move(*v));
        } while (eat(','));
        if (!eat(']')) return std::nullopt;
        return j;
    }

    std::optional<Json> object() {
        Json j;
        j.type = Json::Type::kObject;
        eat('{');
        if (eat('}')) return j;
        do {
            skip();
            auto key = string();
            if (!key || !eat(':')) return std::nullopt;
            auto v = value();
            if (!v) return std::nullopt;
            j.members.emplace_back(std::move(*key), std::move(*v));
        } while (eat(','));
        if (!eat('}')) return std::nullopt;
        return j;
    }

    std::string_view s_;
    size_t pos_ = 0;
};

}  // namespace

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

std::optional<Json> parse_json(std::string_view text) { return Reader(text).document(); }

}  // namespace nsctl::test
