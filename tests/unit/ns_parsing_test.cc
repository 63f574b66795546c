// SPDX-License-Identifier: GPL-2.0-or-later
// Parsers of the ns library: the kinds table, mountinfo, /proc/PID/stat.
#include <gtest/gtest.h>
#include <sched.h>

#include <set>

#include "ns/kinds.h"
#include "ns/mountinfo.h"
#include "ns/procfs.h"

namespace nsctl::ns {
namespace {

TEST(Kinds, TableIsConsistent) {
    std::set<std::string_view> names;
    std::set<int> flags;
    for (size_t i = 0; i < kKindCount; ++i) {
        const auto& k = kinds()[i];
        EXPECT_EQ(index(k.kind), i);
        EXPECT_EQ(kind_from_name(k.name), k.kind);
        EXPECT_EQ(kind_from_clone_flag(k.clone_flag), k.kind);
        names.insert(k.name);
        flags.insert(k.clone_flag);
    }
    EXPECT_EQ(names.size(), kKindCount);
    EXPECT_EQ(flags.size(), kKindCount);
    EXPECT_EQ(info(Kind::kMnt).clone_flag, CLONE_NEWNS);
    EXPECT_EQ(info(Kind::kNet).name, "net");
    EXPECT_FALSE(kind_from_name("network"));
    EXPECT_FALSE(kind_from_name("NET"));
    EXPECT_FALSE(kind_from_name(""));
    EXPECT_FALSE(kind_from_clone_flag(0));
}

TEST(Mountinfo, KeepsNsfsInOrderAndUnescapes) {
    const char* text =
        "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
        "611 25 0:4 net:[4026532300] /run/netns/blue rw shared:5 - nsfs nsfs rw\n"
        "612 25 0:4 net:[4026532301] /run/netns/with\\040space rw - nsfs nsfs rw\n"
        "garbage line\n"
        "613 25 0:4 mnt:[4026532302] /tmp/m rw master:1 shared:2 - nsfs nsfs rw\n"
        "614 25 0:4 / /tmp/fake rw - tmpfs nsfs rw\n";
    auto m = parse_nsfs_mounts(text);
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].root, "net:[4026532300]");
    EXPECT_EQ(m[0].target, "/run/netns/blue");
    EXPECT_EQ(m[1].target, "/run/netns/with space");
    EXPECT_EQ(m[2].root, "mnt:[4026532302]");
}

TEST(Mountinfo, Unescape) {
    EXPECT_EQ(unescape_mountinfo("a\\011b\\012c\\134d"), "a\tb\nc\\d");
    EXPECT_EQ(unescape_mountinfo("trailing\\04"), "trailing\\04");
    EXPECT_EQ(unescape_mountinfo("\\999"), "\\999");
}

TEST(ProcStat, CommWithSpacesAndParens) {
    auto f = parse_stat("1234 (a) b) (c) S 77 1234 1234 0 -1 4194560");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->pid, 1234);
    EXPECT_EQ(f->ppid, 77);
    auto g = parse_stat("1 (init) S 0 1 1");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->ppid, 0);
}

TEST(ProcStat, Malformed) {
    EXPECT_FALSE(parse_stat(""));
    EXPECT_FALSE(parse_stat("12 (x"));
    EXPECT_FALSE(parse_stat("12 (x) S"));
    EXPECT_FALSE(parse_stat("(x) S 1"));
    EXPECT_FALSE(parse_stat("12 (x) S y"));
}

TEST(ProcPath, Builds) {
    EXPECT_EQ(sys::proc_path(42, "ns/net"), "/proc/42/ns/net");
    EXPECT_EQ(sys::proc_path("/tmp/p", 1, ""), "/tmp/p/1");
}

TEST(NsLink, Parses) {
    EXPECT_EQ(parse_ns_link("net:[4026531840]"), 4026531840u);
    EXPECT_EQ(parse_ns_link("cgroup:[1]"), 1u);
    EXPECT_FALSE(parse_ns_link(""));
    EXPECT_FALSE(parse_ns_link(":[12]"));
    EXPECT_FALSE(parse_ns_link("net:[]"));
    EXPECT_FALSE(parse_ns_link("net:[12"));
    EXPECT_FALSE(parse_ns_link("net:[1x2]"));
    EXPECT_FALSE(parse_ns_link("/dev/null"));
    EXPECT_FALSE(parse_ns_link("net:[123456789012345678901]"));
}

TEST(NsLink, PathsFollowTheKindsTable) {
    for (const auto& k : kinds())
        EXPECT_EQ(std::string(ns_link_path(k.kind)), "ns/" + std::string(k.proc_entry));
}

TEST(IsNumber, Digits) {
    EXPECT_TRUE(is_number("123"));
    EXPECT_FALSE(is_number(""));
    EXPECT_FALSE(is_number("self"));
    EXPECT_FALSE(is_number("12a"));
}

}  // namespace
}  // namespace nsctl::ns
