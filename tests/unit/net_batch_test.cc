// SPDX-License-Identifier: GPL-2.0-or-later
// -batch files read as ip -batch reads them (iproute2's getcmdline and makeargs).
#include "cli/net_batch.h"

#include <gtest/gtest.h>

namespace nsctl::cli {
namespace {

using Words = std::vector<std::string>;

TEST(NetBatch, WordsCommentsAndBlankLines) {
    auto cmds = read_batch_commands(
        "# a comment\n\n  \t \nlink add a type bridge # the rest\n"
        "netns add 'x y' \"z\"\nlink add a#b\nx\"y z'\n'a b'c\r\n");
    ASSERT_EQ(cmds.size(), 5u);
    EXPECT_EQ(cmds[0].words, (Words{"link", "add", "a", "type", "bridge"}));
    EXPECT_EQ(cmds[0].first_line, 4u);
    EXPECT_EQ(cmds[1].words, (Words{"netns", "add", "x y", "z"}));
    EXPECT_EQ(cmds[2].words, (Words{"link", "add", "a"}));  // '#' anywhere, as ip
    EXPECT_EQ(cmds[3].words, (Words{"x\"y", "z'"}));        // quotes only at a word's start
    EXPECT_EQ(cmds[4].words, (Words{"a b", "c"}));          // a quote ends the word
    EXPECT_EQ(cmds[4].last_line, 8u);
}

TEST(NetBatch, BackslashContinues) {
    auto cmds = read_batch_commands("link add \\\n  a \\\ntype bridge\nnext\n");
    ASSERT_EQ(cmds.size(), 2u);
    EXPECT_EQ(cmds[0].words, (Words{"link", "add", "a", "type", "bridge"}));
    EXPECT_EQ(cmds[0].where("f"), "f:1-3");
    EXPECT_EQ(cmds[1].words, (Words{"next"}));
    EXPECT_EQ(cmds[1].where("f"), "f:4");
    // Joined as is: no blank is put in.
    EXPECT_EQ(read_batch_commands("ab\\\ncd\n")[0].words, (Words{"abcd"}));
    // Not before a comment, not before "\r\n", not at the end of a file without a newline.
    EXPECT_EQ(read_batch_commands("a \\# c\nb\n").size(), 2u);
    EXPECT_EQ(read_batch_commands("a \\\r\nb\n").size(), 2u);
    EXPECT_EQ(read_batch_commands("a \\")[0].words, (Words{"a", "\\"}));
    // A comment line inside a continued command ends it... as ip: "#" cuts its line's newline.
    auto c = read_batch_commands("a \\\n# x \\\nb\n");
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].words, (Words{"a"}));
    EXPECT_EQ(c[0].where("f"), "f:1-2");
}

TEST(NetBatch, ErrorsOfReading) {
    using namespace std::string_literals;
    auto cmds = read_batch_commands("a \"b\nc\0d\nok # \0 in a comment\ne \\\n"s);
    ASSERT_EQ(cmds.size(), 4u);
    EXPECT_EQ(cmds[0].error, "unterminated quote");
    EXPECT_EQ(cmds[1].error, "a NUL byte in the line");
    EXPECT_TRUE(cmds[1].words.empty());
    EXPECT_EQ(cmds[2].error, "");
    EXPECT_EQ(cmds[2].words, (Words{"ok"}));
    EXPECT_EQ(cmds[3].error, "the last line ends in '\\': the line it continues is missing");
    EXPECT_EQ(cmds[3].first_line, 4u);
}

}  // namespace
}  // namespace nsctl::cli
