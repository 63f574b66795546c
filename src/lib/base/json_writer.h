// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON layout of util-linux 2.42 (rules learned from lib/jsonwrt.c), in its three styles:
// pretty (3-space indents), compact and lines (LIBSMARTCOLS_JSON). Its quirks are kept on
// purpose, byte for byte: "},{" between objects, a named array in the lines style has no ':'.
// Internal to the output library.
#pragma once

#include <string>
#include <string_view>

#include "output/table.h"

namespace nsctl::output {

class JsonWriter {
  public:
    enum Node { kObject, kArray };

    JsonWriter(std::string* out, JsonStyle style) : out_(out), style_(style) {}

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

    /// A member: strings quoted, numbers bare; empty data is null, or false for a boolean
    /// (true unless it starts with '0', 'N' or 'n').
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
            quote(data, false);
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
        if (name) quote(name, true);
    }

    // Quotes and escapes: '"' and '\\' get a backslash, control characters short escapes or
    // \u00XX; everything else passes as is. Names are lower-cased (ASCII only).
    void quote(std::string_view s, bool lower) {
        static constexpr char kDigits[] = "0123456789abcdef";
        *out_ += '"';
        for (char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == '"' || c == '\\') {
                *out_ += '\\';
                *out_ += ch;
            } else if (c >= 0x20) {
                *out_ += lower && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch;
            } else if (c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                *out_ += '\\';
                *out_ += "btnfr"[std::string_view("\b\t\n\f\r").find(ch)];
            } else {
                *out_ += "\\u00";
                *out_ += kDigits[c >> 4];
                *out_ += kDigits[c & 15];
            }
        }
        *out_ += '"';
    }

    std::string* out_;
    JsonStyle style_;
    int indent_ = 0;
    bool after_close_ = false;
};

}  // namespace nsctl::output
