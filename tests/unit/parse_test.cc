// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/parse.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace nsctl {
namespace {

TEST(ParseU64, AcceptsDecimals) {
    EXPECT_EQ(*parse_u64("0"), 0u);
    EXPECT_EQ(*parse_u64("4026531833"), 4026531833u);
    EXPECT_EQ(*parse_u64(" 42"), 42u);  // strtoull skips leading blanks, as util-linux accepts
    EXPECT_EQ(*parse_u64("18446744073709551615"), 18446744073709551615u);
}

TEST(ParseU64, RejectsGarbage) {
    for (const char* bad : {"", "abc", "12x", "-1", " -3", "1.5", "0x10 ", "1 "}) {
        auto r = parse_u64(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, EINVAL) << bad;
    }
    auto big = parse_u64("99999999999999999999999");
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, ERANGE);
}

TEST(ParsePid, RangeAsUtilLinux) {
    EXPECT_EQ(*parse_pid("1"), 1);
    EXPECT_EQ(*parse_pid("+7"), 7);
    EXPECT_EQ(*parse_pid("2147483647"), 2147483647);
    EXPECT_EQ(parse_pid("0").error().code, ERANGE);
    EXPECT_EQ(parse_pid("-1").error().code, ERANGE);
    EXPECT_EQ(parse_pid("2147483648").error().code, ERANGE);
    EXPECT_EQ(parse_pid("99999999999").error().code, ERANGE);
    EXPECT_EQ(parse_pid("1x").error().code, EINVAL);
    EXPECT_EQ(parse_pid("").error().code, EINVAL);
}

TEST(Split, KeepsEmptyFields) {
    auto v = split("a,,b,", ',');
    ASSERT_EQ(v.size(), 4u);
    EXPECT_EQ(v[0], "a");
    EXPECT_EQ(v[1], "");
    EXPECT_EQ(v[2], "b");
    EXPECT_EQ(v[3], "");
}

TEST(Iequals, AsciiOnly) {
    EXPECT_TRUE(iequals("NetNsId", "NETNSID"));
    EXPECT_FALSE(iequals("NS", "NSX"));
    EXPECT_FALSE(iequals("a", "b"));
}

TEST(InQuotes, ClosesOnTheSameLine) {
    EXPECT_EQ(in_quotes("eth0"), "'eth0'");
    EXPECT_EQ(in_quotes(""), "''");
    EXPECT_EQ(in_quotes("a b\"c"), "'a b\"c'");
    EXPECT_EQ(in_quotes("it's"), "'it\\'s'");
    EXPECT_EQ(in_quotes("a\\b"), "'a\\\\b'");
    EXPECT_EQ(in_quotes("a\nb\tc"), "'a\\nb\\tc'");
    EXPECT_EQ(in_quotes(std::string("a\0b\x1b\x7f", 5)), "'a\\x00b\\x1b\\x7f'");
    EXPECT_EQ(in_quotes("\xc3\xa9"), "'\xc3\xa9'");  // UTF-8 passes
}

TEST(Printable, EscapesControlBytesOnly) {
    EXPECT_EQ(printable("eth0 'a\\b'"), "eth0 'a\\b'");
    EXPECT_EQ(printable(std::string("a\nb\0c\x1b", 6)), "a\\nb\\x00c\\x1b");
}

TEST(ResultTest, ErrorMessage) {
    Error e{ENOENT, "open /run/netns/x"};
    EXPECT_EQ(e.message(), "open /run/netns/x: No such file or directory");
    EXPECT_EQ((Error{0, "plain"}).message(), "plain");
}

Result<int> half(int v) {
    if (v % 2) return Error{EINVAL, "odd"};
    return v / 2;
}

Result<int> quarter(int v) {
    int h = NSCTL_TRY(half(v));
    return NSCTL_TRY(half(h));
}

TEST(ResultTest, TryPropagates) {
    EXPECT_EQ(*quarter(8), 2);
    auto r = quarter(6);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().context, "odd");
}

}  // namespace
}  // namespace nsctl
