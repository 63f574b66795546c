// SPDX-License-Identifier: GPL-2.0-or-later
// A libnftables JSON request ({"nftables": [COMMAND, ...]}, libnftables-json(5)) written from
// structure with base/json_writer.h: every value is escaped by the writer, none is ever read as
// nft syntax. Used by `nsctl nat` (nat_json.cc) and the published ports of `nsctl run`
// (publish.cc).
#pragma once

#include <cassert>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/json_writer.h"

namespace nsctl::net {

class NftRequest {
  public:
    NftRequest() : w_(&doc_, JsonStyle::kPretty) {
        w_.open(nullptr, JsonWriter::kObject);
        w_.open("nftables", JsonWriter::kArray);
    }

    /// One command {"VERB": {"OBJECT": {members}}}; members writes the object's members.
    void command(const char* verb, const char* object,
                 const std::function<void(NftRequest&)>& members) {
        w_.open(nullptr, JsonWriter::kObject);
        w_.open(verb, JsonWriter::kObject);
        w_.open(object, JsonWriter::kObject);
        members(*this);
        w_.close(JsonWriter::kObject);
        w_.close(JsonWriter::kObject);
        w_.close(JsonWriter::kObject);
    }

    /// value is never empty: the writer writes empty data as null.
    void string(const char* name, std::string_view value) {
        assert(!value.empty());
        w_.value(name, value, JsonType::kString);
    }
    void number(const char* name, uint64_t value) {
        w_.value(name, std::to_string(value), JsonType::kNumber);
    }
    void integer(const char* name, int64_t value) {
        w_.value(name, std::to_string(value), JsonType::kNumber);
    }
    void null(const char* name) { w_.value(name, "", JsonType::kString); }  // empty is null
    void open(const char* name, JsonWriter::Node node) { w_.open(name, node); }
    void close(JsonWriter::Node node) { w_.close(node); }

    /// "family", then "name" (a table) or "table" (what is in it).
    void table_members(const char* family, const char* table, bool in_table) {
        string("family", family);
        string(in_table ? "table" : "name", table);
    }

    /// {"match": {"op": "==", "left": {...}, "right": ...}}: left writes the members of the
    /// left object, right writes the "right" member itself.
    void match(const std::function<void(NftRequest&)>& left,
               const std::function<void(NftRequest&)>& right) {
        open(nullptr, JsonWriter::kObject);
        open("match", JsonWriter::kObject);
        string("op", "==");
        open("left", JsonWriter::kObject);
        left(*this);
        close(JsonWriter::kObject);
        right(*this);
        close(JsonWriter::kObject);
        close(JsonWriter::kObject);
    }

    std::string finish() {
        w_.close(JsonWriter::kArray);
        w_.close(JsonWriter::kObject);
        return std::move(doc_);
    }

  private:
    std::string doc_;
    JsonWriter w_;
};

}  // namespace nsctl::net
