// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON writer and reader of src/lib/base: what goes to libnftables must read back exactly.
#include <gtest/gtest.h>

#include "base/json_reader.h"
#include "base/json_writer.h"

namespace nsctl {
namespace {

TEST(JsonReader, ReadsADocument) {
    auto j = parse_json(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "x\"y"}} )");
    ASSERT_TRUE(j);
    ASSERT_EQ(j->type, Json::Type::kObject);
    const Json* a = j->get("a");
    ASSERT_TRUE(a && a->items.size() == 5);
    EXPECT_EQ(a->items[0].text, "1");
    EXPECT_EQ(a->items[1].text, "-2.5e3");
    EXPECT_TRUE(a->items[2].boolean);
    EXPECT_EQ(a->items[3].type, Json::Type::kBool);
    EXPECT_FALSE(a->items[3].boolean);
    EXPECT_EQ(a->items[4].type, Json::Type::kNull);
    ASSERT_TRUE(j->get("b")->string("c"));
    EXPECT_EQ(*j->get("b")->string("c"), "x\"y");
    EXPECT_EQ(j->get("b")->string("nope"), nullptr);
}

TEST(JsonReader, DecodesEscapesToUtf8) {
    auto j = parse_json(R"(["\n\t\\\/\b\f\r", "\u00e9\u20ac", "\ud83d\ude00", "\u0001"])");
    ASSERT_TRUE(j);
    EXPECT_EQ(j->items[0].text, "\n\t\\/\b\f\r");
    EXPECT_EQ(j->items[1].text, "\xc3\xa9\xe2\x82\xac");
    EXPECT_EQ(j->items[2].text, "\xf0\x9f\x98\x80");
    EXPECT_EQ(j->items[3].text, "\x01");
}

TEST(JsonReader, RefusesWhatIsNotJson) {
    for (const char* bad :
         {"", "{", "[1,]", "{\"a\" 1}", "\"a\nb\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "01",
          "1.", "-", "tru", "[1] 2", "'a'", "{\"a\":1,}", "\"abc"})
        EXPECT_FALSE(parse_json(bad)) << bad;
    EXPECT_FALSE(parse_json(std::string(300, '[') + std::string(300, ']')));
    EXPECT_TRUE(parse_json(std::string(200, '[') + std::string(200, ']')));
}

TEST(JsonWriter, StringsReadBackExactly) {
    const std::string values[] = {"plain",
                                  "q\"uote",
                                  "back\\slash",
                                  "semi;colon",
                                  "{brace}",
                                  "#hash",
                                  "new\nline",
                                  "tab\t",
                                  std::string("ctl\x01\x1f"),
                                  "x\" ; delete table inet victim ; add rule ip nsctl postrouting",
                                  "\xc3\xa9t\xc3\xa9"};
    for (const auto& v : values) {
        std::string doc;
        JsonWriter w(&doc, JsonStyle::kPretty);
        w.open(nullptr, JsonWriter::kObject);
        w.value("key", v, JsonType::kString);
        w.close(JsonWriter::kObject);
        auto j = parse_json(doc);
        ASSERT_TRUE(j) << doc;
        ASSERT_TRUE(j->string("key")) << doc;
        EXPECT_EQ(*j->string("key"), v) << doc;
    }
}

TEST(JsonWriter, PrettyStyleIsPlainJson) {
    std::string doc;
    JsonWriter w(&doc, JsonStyle::kPretty);
    w.open(nullptr, JsonWriter::kObject);
    w.open("list", JsonWriter::kArray);
    w.open(nullptr, JsonWriter::kObject);
    w.open("inner", JsonWriter::kObject);
    w.value("n", "5", JsonType::kNumber);
    w.value("null", "", JsonType::kString);
    w.close(JsonWriter::kObject);
    w.close(JsonWriter::kObject);
    w.value(nullptr, "s", JsonType::kString);
    w.close(JsonWriter::kArray);
    w.close(JsonWriter::kObject);
    auto j = parse_json(doc);
    ASSERT_TRUE(j) << doc;
    const Json* list = j->get("list");
    ASSERT_TRUE(list && list->items.size() == 2) << doc;
    EXPECT_EQ(list->items[0].get("inner")->integer("n"), 5);
    EXPECT_EQ(list->items[0].get("inner")->get("null")->type, Json::Type::kNull);
    EXPECT_EQ(list->items[1].text, "s");
}

TEST(JsonSafeUtf8, AcceptsUtf8AndRefusesTheRest) {
    EXPECT_TRUE(is_json_safe_utf8(""));
    EXPECT_TRUE(is_json_safe_utf8("eth0\"\\;{#"));
    EXPECT_TRUE(is_json_safe_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
    for (std::string bad :
         {std::string("a\0b", 3), std::string("\xff"), std::string("\xc0\xaf"),
          std::string("\xe0\x80\xaf"), std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"),
          std::string("\xc3"), std::string("\x80")})
        EXPECT_FALSE(is_json_safe_utf8(bad)) << bad;
}

}  // namespace
}  // namespace nsctl
