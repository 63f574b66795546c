// SPDX-License-Identifier: GPL-2.0-or-later
// Our unshare against util-linux's (Debian 12: 2.38) where 2.38 behaves as 2.42 does (each case
// checked by hand against 2.42's binary): stdout, stderr without our hint lines, exit code.
// Cases where 2.38 differs from 2.42 are pinned with 2.42's output in unshare_features_test.cc
// (and the parser's messages in tests/unit/unshare_options_test.cc).
#include <gtest/gtest.h>

#include "unshare_compare.h"

namespace nsctl::test {
namespace {

using namespace unshare_cli;  // NOLINT(google-build-using-namespace)

using Args = std::vector<std::string>;

TEST(UnshareSideBySide, ProgramAndExitStatus) {
    NSCTL_REQUIRE_ROOT();
    for (const Args& a :
         {Args{"-u", "hostname"}, Args{"--uts", "sh", "-c", "hostname x; hostname"},
          Args{"-mupinf", "--mount-proc", "ps", "-o", "pid,comm"}, Args{"-r", "id"},
          Args{"-pf", "sh", "-c", "echo $$"}, Args{"no-such-program-here"}, Args{"/etc/passwd"},
          Args{"-f", "sh", "-c", "exit 3"}, Args{"sh", "-c", "exit 4"},
          Args{"-f", "sh", "-c", "kill -TERM $$"}, Args{"-f", "--", "sh", "-c", "kill -INT $$"},
          Args{"-n", "ip", "-br", "link"}, Args{"-C", "cat", "/proc/self/cgroup"}})
        expect_same(a);
}

TEST(UnshareSideBySide, BadInput) {
    NSCTL_REQUIRE_ROOT();
    for (const Args& a :
         {Args{"--propagation", "foo"}, Args{"--setgroups", "x", "true"},
          Args{"--kill-child=FOO", "true"}, Args{"--kill-child=rtmin", "true"},
          Args{"-S", "5x", "true"}, Args{"-G", "99999999999999999999", "true"},
          Args{"--monotonic", "x", "-T", "true"},

          Args{"-T", "--boottime", "99999999999999999999", "true"},
          Args{"--map-group", "1", "--setgroups", "allow", "true"}, Args{"-x"}, Args{"--nope"},
          Args{"-R"}, Args{"--wd"}, Args{"--mount=a", "-x"}, Args{"-R", "/nonexist", "true"},

          Args{"--mount-proc=/nonexist", "true"}, Args{"--net=/nonexist", "true"},
          Args{"--pid=/nonexist", "true"}, Args{"--user=/nonexist", "true"}})
        expect_same(a);
}

TEST(UnshareSideBySide, UserNamespacesAsRoot) {
    NSCTL_REQUIRE_ROOT();
    for (const Args& a :
         {Args{"-c", "cat", "/proc/self/uid_map", "/proc/self/gid_map"},
          Args{"--map-user=7", "--map-group=8", "cat", "/proc/self/uid_map", "/proc/self/gid_map"},
          Args{"-U", "--setgroups", "deny", "cat", "/proc/self/setgroups"},
          Args{"-U", "--setgroups", "allow", "cat", "/proc/self/setgroups"},
          Args{"-r", "--setgroups", "deny", "cat", "/proc/self/setgroups"},
          Args{"-S", "1", "-G", "2", "-r", "id"}, Args{"-r", "-S", "0", "-G", "0", "id"},
          Args{"-f", "--keep-caps", "-r", "grep", "^Cap", "/proc/self/status"},
          Args{"-T", "--boottime", "1000", "-f", "cat", "/proc/self/timens_offsets"},
          Args{"-T", "--monotonic", "-1000", "--boottime", "5", "-f", "cat",
               "/proc/self/timens_offsets"}})
        expect_same(a);
}

TEST(UnshareSideBySide, Unprivileged) {
    NSCTL_REQUIRE_ROOT();  // setpriv needs root to become nobody
    for (const Args& a :
         {Args{"-m", "true"}, Args{"-n", "true"}, Args{"-U", "-n", "true"}, Args{"-r", "id"},
          Args{"-c", "id"}, Args{"--map-user=5", "--map-group=6", "id"},
          Args{"-r", "--mount-proc", "true"},
          Args{"-r", "-mupinf", "--mount-proc", "ps", "-o", "pid,comm"},
          Args{"-r", "-n", "ip", "-br", "link"},
          Args{"-U", "--setgroups", "deny", "cat", "/proc/self/setgroups"},
          Args{"--user=/tmp/x", "true"}, Args{"-T", "--monotonic", "1", "true"}})
        expect_same(a, as_nobody());
}

TEST(UnshareHints, OneHintLineAfterUtilLinuxsLine) {
    NSCTL_REQUIRE_ROOT();
    struct Case {
        Args args;
        bool nobody;
        std::string hint;
    };
    const Case cases[] = {
        {{"-m", "true"},
         true,
         "unshare: hint: creating mnt namespaces needs CAP_SYS_ADMIN: run as root, or add -r "
         "(--map-root-user) to create a user namespace first"},
        {{"-r", "--mount-proc", "true"},
         true,
         "unshare: hint: proc can be mounted in a new user namespace only with a new pid "
         "namespace: add -p -f (--pid --fork)"},
        {{"--net=/nonexist", "true"},
         false,
         "unshare: hint: /nonexist does not exist: create it first (touch /nonexist)"},
        {{"--pid=/nonexist", "true"},
         false,
         "unshare: hint: a new pid namespace exists only once a child is forked: add -f "
         "(--fork)"},
    };
    for (const auto& c : cases) {
        RunResult ours = expect_same(c.args, c.nobody ? as_nobody() : Args{});
        auto lines = lines_of(ours.err);
        ASSERT_EQ(lines.size(), 2u) << ours.err;
        EXPECT_EQ(lines[1], c.hint);
    }
    // A failure we know nothing more about gets no hint.
    RunResult ours = run_unshare(our_unshare(), {"--propagation", "foo"}, {}, "", false);
    EXPECT_EQ(ours.err, "unshare: unsupported propagation mode: foo\n");
}

}  // namespace
}  // namespace nsctl::test
