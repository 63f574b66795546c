// SPDX-License-Identifier: GPL-2.0-or-later
// Private to filter.cc: the scanner of the scols-filter(5) language. It follows the rules of
// util-linux 2.42's flex scanner: longest match first, keywords only in all-lower or all-upper
// case, strings without escapes that end on their line, and characters that start no token
// skipped (flex's default rule copies them to stdout).
#pragma once

#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nsctl::output::filter_detail {

// clang-format off
enum class Tok {
    kEnd, kNumber, kFloat, kString, kHolder, kTrue, kFalse, kBadNumber,
    kOr, kAnd, kEq, kNe, kLt, kLe, kGt, kGe, kReg, kNreg,  // the binary operators, in a row
    kNot, kLParen, kRParen, kInvalid
};
// clang-format on

// The names bison gives the tokens in "syntax error, unexpected X" (libsmartcols drops "T_").
inline constexpr const char* kTokenNames[] = {
    "end of file", "NUMBER", "FLOAT", "STRING", "HOLDER", "TRUE",         "FALSE", "INVALID_NUMBER",
    "OR",          "AND",    "EQ",    "NE",     "LT",     "LE",           "GT",    "GE",
    "REG",         "NREG",   "NEG",   "'('",    "')'",    "invalid token"};

struct Token {
    Tok kind = Tok::kEnd;
    std::string text;  // holder name, string contents, or the error of a bad number
    uint64_t num = 0;
    long double fnum = 0;
};

struct Word {
    std::string_view text;
    Tok kind;
};

// Two-character operators first: the first match is the longest, as in flex.
inline constexpr Word kOperators[] = {
    {"&&", Tok::kAnd},   {"||", Tok::kOr},  {"==", Tok::kEq}, {"!=", Tok::kNe},
    {"!~", Tok::kNreg},  {"=~", Tok::kReg}, {"<=", Tok::kLe}, {">=", Tok::kGe},
    {"!", Tok::kNot},    {"<", Tok::kLt},   {">", Tok::kGt},  {"(", Tok::kLParen},
    {")", Tok::kRParen},
};

// Keywords are all-lower or all-upper case; "And" is a column name.
inline constexpr Word kKeywords[] = {
    {"and", Tok::kAnd},     {"AND", Tok::kAnd},     {"or", Tok::kOr},     {"OR", Tok::kOr},
    {"not", Tok::kNot},     {"NOT", Tok::kNot},     {"eq", Tok::kEq},     {"EQ", Tok::kEq},
    {"ne", Tok::kNe},       {"NE", Tok::kNe},       {"le", Tok::kLe},     {"LE", Tok::kLe},
    {"lt", Tok::kLt},       {"LT", Tok::kLt},       {"ge", Tok::kGe},     {"GE", Tok::kGe},
    {"gt", Tok::kGt},       {"GT", Tok::kGt},       {"true", Tok::kTrue}, {"TRUE", Tok::kTrue},
    {"false", Tok::kFalse}, {"FALSE", Tok::kFalse},
};

inline constexpr std::string_view kSpaces = " \t\n\v\f\r";
inline constexpr std::string_view kSuffixes = "KMGTPEZY";

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_name_char(char c) {
    return is_alpha(c) || is_digit(c) ||
           std::string_view("_.%:/-").find(c) != std::string_view::npos;
}

inline std::string trim(std::string_view s) {
    size_t first = s.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return "";
    return std::string(s.substr(first, s.find_last_not_of(kSpaces) - first + 1));
}

// A number with a size suffix, read as util-linux's strtosize() reads it: base-0 strtoumax (so
// "010K" is octal and "08K" is invalid), then powers of 1024. Returns 0 or an errno value.
inline int parse_size(const std::string& text, uint64_t* out) {
    errno = 0;
    char* end = nullptr;
    uintmax_t x = std::strtoumax(text.c_str(), &end, 0);
    if (errno != 0 && (x == UINTMAX_MAX || x == 0)) return errno;
    size_t rest = std::strlen(end);
    if (rest != 1 && !(rest == 3 && end[1] == 'i' && end[2] == 'B')) return EINVAL;
    for (size_t power = kSuffixes.find(end[0]) + 1; power > 0; --power) {
        if (x > UINTMAX_MAX / 1024) return ERANGE;
        x *= 1024;
    }
    *out = x;
    return 0;
}

class Scanner {
  public:
    explicit Scanner(std::string_view in) : in_(in) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        do {
            out.push_back(next());
        } while (out.back().kind != Tok::kEnd);
        return out;
    }

    std::string echoed;  // characters no rule matches: flex's default rule copies them out

  private:
    Token next() {
        while (pos_ < in_.size()) {
            char c = in_[pos_];
            if (c == ' ' || c == '\t' || c == '\n') {
                ++pos_;
            } else if (is_digit(c)) {
                return number();
            } else if (is_alpha(c)) {
                return word();
            } else if (auto t = quoted(c)) {
                return *t;
            } else if (auto op = operator_token()) {
                return *op;
            } else {
                echoed.push_back(c);
                ++pos_;
            }
        }
        return Token{};
    }

    std::optional<Token> operator_token() {
        for (const Word& op : kOperators) {
            if (in_.substr(pos_, op.text.size()) != op.text) continue;
            pos_ += op.text.size();
            return Token{op.kind};
        }
        return std::nullopt;
    }

    // A string ends at the same quote on the same line; there are no escapes. A lone "'" is a
    // token of its own that the grammar does not know ("invalid token"); a lone '"' is skipped.
    std::optional<Token> quoted(char quote) {
        if (quote != '"' && quote != '\'') return std::nullopt;
        const char stops[] = {quote, '\n', '\0'};
        size_t end = in_.find_first_of(stops, pos_ + 1);
        if (end != std::string_view::npos && in_[end] == quote) {
            Token t{Tok::kString, trim(in_.substr(pos_ + 1, end - pos_ - 1))};
            pos_ = end + 1;
            return t;
        }
        if (quote == '"') return std::nullopt;
        ++pos_;
        return Token{Tok::kInvalid};
    }

    Token word() {
        size_t end = pos_ + 1;
        while (end < in_.size() && is_name_char(in_[end])) ++end;
        std::string_view w = in_.substr(pos_, end - pos_);
        pos_ = end;
        for (const Word& k : kKeywords) {
            if (w == k.text) return Token{k.kind};
        }
        return Token{Tok::kHolder, std::string(w)};
    }

    Token number() {
        size_t end = pos_;
        while (end < in_.size() && is_digit(in_[end])) ++end;
        bool is_float = end + 1 < in_.size() && in_[end] == '.' && is_digit(in_[end + 1]);
        bool has_suffix = end < in_.size() && kSuffixes.find(in_[end]) != std::string_view::npos;
        if (is_float) {
            for (end += 2; end < in_.size() && is_digit(in_[end]);) ++end;
        } else if (has_suffix) {
            end += in_.substr(end + 1, 2) == "iB" ? 3 : 1;
        }
        std::string text(in_.substr(pos_, end - pos_));
        pos_ = end;
        Token t{is_float ? Tok::kFloat : Tok::kNumber};
        if (is_float) {
            t.fnum = std::strtold(text.c_str(), nullptr);
        } else if (!has_suffix) {
            t.num = std::strtoumax(text.c_str(), nullptr, 10);  // saturates, as util-linux's
        } else if (int err = parse_size(text, &t.num); err != 0) {
            t = Token{Tok::kBadNumber, "\"" + text + "\" token error: " + std::strerror(err)};
        }
        return t;
    }

    std::string_view in_;
    size_t pos_ = 0;
};

}  // namespace nsctl::output::filter_detail
