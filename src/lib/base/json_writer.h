// SPDX-License-Identifier: GPL-2.0-or-later
// The one JSON writer: the layout of util-linux 2.42 (rules learned from lib/jsonwrt.c), in its
// three styles: pretty (3-space indents), compact and lines (LIBSMARTCOLS_JSON). Its quirks are
// kept on purpose, byte for byte: "},{" between objects, a named array in the lines style has no
// ':'. The pretty style is plain JSON throughout: the output library renders tables in all three,
// the net library writes libnftables' JSON input in the pretty one (so that no value is ever
// parsed as nft syntax: docs/design.md).
#pragma once

#include <string>
#include <string_view>

namespace nsctl {

enum class JsonType { kString, kNumber, kBoolean };

/// LIBSMARTCOLS_JSON: "compact" (one line per object) or "lines" (one object per line, no
/// wrapper), default pretty.
enum class JsonStyle { kPretty, kCompact, kLines };

/// Appends text to out as a JSON string: quoted, '"' and '\\' with a backslash, control
/// characters as short escapes or \u00XX; every other byte as it is (so the result is valid JSON
/// when text is valid UTF-8).
inline void append_json_string(std::string* out, std::string_view text) {
    static constexpr char kDigits[] = "0123456789abcdef";
    *out += '"';
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            *out += '\\';
            *out += ch;
        } else if (c >= 0x20) {
            *out += ch;
        } else if (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
            *out += '\\';
            *out += "btnfr"[std::string_view("\b\t\n\f\r").find(ch)];
        } else {
            *out += "\\u00";
            *out += kDigits[c >> 4];
            *out += kDigits[c & 15];
        }
    }
    *out += '"';
}

/// How member names are written: lower-cased (ASCII), as libsmartcols prints column names, or
/// as given (keys of a schema of their own, labels the user wrote).
enum class JsonNames { kLowerCase, kAsGiven };

class JsonWriter {
  public:
    enum Node { kObject, kArray };

    JsonWriter(std::string* out, JsonStyle style, JsonNames names = JsonNames::kLowerCase)
        : out_(out), style_(style), names_(names) {}

    /// Opens an object or array; name is null inside arrays.
    void open(const char* name, Node node) {
        print_name(name);
        if (node == kObject) {
            if (style_ == JsonStyle::kLines) {
                *out_ += "{";
            } else if (style_ == JsonStyle::kCompact) {
                *out_ += indent_ != 2 ? "{" : name ? ":{" : "\n{";
            } else {
                *out_ += name ? ": {\n" : "{\n";
            }
        } else if (style_ == JsonStyle::kLines) {
            *out_ += "[";
        } else if (style_ == JsonStyle::kCompact) {
            *out_ += name ? ":[" : "[";
        } else {
            *out_ += name ? ": [\n" : "[\n";
        }
        indent_++;
        after_close_ = false;
    }

    void close(Node node) {
        indent_--;
        if (style_ == JsonStyle::kCompact && indent_ == 1) *out_ += '\n';
        if (style_ == JsonStyle::kPretty) {
            *out_ += '\n';
            print_indent();
        }
        *out_ += node == kObject ? '}' : ']';
        if (style_ != JsonStyle::kLines && indent_ == 0) *out_ += '\n';
        after_close_ = true;
    }

    /// A member (name null inside arrays): strings quoted, numbers bare; empty data is null, or
    /// false for a boolean (true unless it starts with '0', 'N' or 'n').
    void value(const char* name, std::string_view data, JsonType type) {
        print_name(name);
        if (style_ == JsonStyle::kPretty) {
            *out_ += name ? ": " : " ";
        } else if (name) {
            *out_ += ":";
        }
        if (type == JsonType::kBoolean) {
            const bool no = data.empty() || data[0] == '0' || data[0] == 'N' || data[0] == 'n';
            *out_ += no ? "false" : "true";
        } else if (data.empty()) {
            *out_ += "null";
        } else if (type == JsonType::kNumber) {
            *out_ += data;
        } else {
            append_json_string(out_, data);
        }
        after_close_ = true;
    }

  private:
    void print_indent() {
        for (int i = 0; i < indent_; i++) *out_ += "   ";
    }

    void print_name(const char* name) {
        if (after_close_) {
            if (style_ == JsonStyle::kLines) {
                *out_ += indent_ == 0 ? "\n" : ",";
            } else if (style_ == JsonStyle::kCompact) {
                *out_ += ",";
            } else {
                *out_ += name ? ",\n" : ",";
            }
        }
        if (style_ == JsonStyle::kPretty && (name || !after_close_)) print_indent();
        if (name) append_name(name);
    }

    // Names are lower-cased (ASCII only), as libsmartcols prints column names, unless kAsGiven.
    void append_name(std::string_view name) {
        if (names_ == JsonNames::kAsGiven) return append_json_string(out_, name);
        std::string lower(name);
        for (char& c : lower)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        append_json_string(out_, lower);
    }

    std::string* out_;
    JsonStyle style_;
    JsonNames names_;
    int indent_ = 0;
    bool after_close_ = false;
};

}  // namespace nsctl
