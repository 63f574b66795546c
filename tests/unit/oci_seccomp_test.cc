// SPDX-License-Identifier: GPL-2.0-or-later
// linux.seccomp as nsctl's policy form (oci/seccomp_spec.h): actions, errno values, argument
// conditions, what is left out with a warning and what is refused.
#include <gtest/gtest.h>

#include <string>

#include "oci/seccomp_spec.h"

namespace nsctl::oci {
namespace {

Seccomp profile(const std::string& fallback) {
    Seccomp s;
    s.default_action = fallback;
    s.architectures = {"SCMP_ARCH_X86_64"};
    return s;
}

TEST(OciSeccomp, ProfileBecomesAPolicyInOrder) {
    Seccomp s = profile("SCMP_ACT_ERRNO");
    s.default_errno_ret = 38;
    s.syscalls.push_back({{"read", "write"}, "SCMP_ACT_ALLOW", {}, {}});
    s.syscalls.push_back({{"mkdir"}, "SCMP_ACT_ERRNO", 13, {}});
    s.syscalls.push_back({{"personality"}, "SCMP_ACT_ALLOW", {}, {{0, 8, {}, "SCMP_CMP_EQ"}}});
    s.syscalls.push_back(
        {{"clone"}, "SCMP_ACT_ALLOW", {}, {{0, 0x7e020000, 0, "SCMP_CMP_MASKED_EQ"}}});
    s.syscalls.push_back({{"kill"}, "SCMP_ACT_LOG", {}, {{1, 9, {}, "SCMP_CMP_NE"}}});
    s.syscalls.push_back({{"ptrace"}, "SCMP_ACT_KILL_PROCESS", {}, {}});
    s.syscalls.push_back({{"getpid"}, "SCMP_ACT_TRAP", {}, {{0, 1, {}, "SCMP_CMP_LE"}}});
    auto f = seccomp_filter(s);
    ASSERT_TRUE(f) << f.error().context;
    EXPECT_EQ(f->policy,
              "default errno 38\n"
              "read allow\n"
              "write allow\n"
              "mkdir errno 13\n"
              "personality allow arg0 == 8\n"
              "clone allow arg0&2114060288 == 0\n"
              "kill log arg1 != 9\n"
              "ptrace kill\n"
              "getpid trap arg0 <= 1\n");
    EXPECT_FALSE(f->program.empty());
    EXPECT_TRUE(f->warnings.empty());
}

TEST(OciSeccomp, ErrnoWithoutAValueIsEperm) {
    Seccomp s = profile("SCMP_ACT_ALLOW");
    s.syscalls.push_back({{"chroot"}, "SCMP_ACT_ERRNO", {}, {}});
    auto f = seccomp_filter(s);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->policy, "default allow\nchroot errno 1\n");
}

TEST(OciSeccomp, UnknownNamesOtherArchitecturesAndFlagsAreWarnedAbout) {
    Seccomp s = profile("SCMP_ACT_ERRNO");
    s.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
    s.flags = {"SECCOMP_FILTER_FLAG_SPEC_ALLOW"};
    s.syscalls.push_back({{"_llseek", "read", "no_such_call"}, "SCMP_ACT_ALLOW", {}, {}});
    auto f = seccomp_filter(s);
    ASSERT_TRUE(f) << f.error().context;
    EXPECT_EQ(f->policy, "default errno 1\nread allow\n");
    ASSERT_EQ(f->warnings.size(), 3u);
    EXPECT_EQ(f->warnings[0],
              "linux.seccomp.architectures: SCMP_ARCH_X86, SCMP_ARCH_X32: not filtered; their "
              "system calls fail with ENOSYS");
    EXPECT_EQ(f->warnings[1], "linux.seccomp.flags: SECCOMP_FILTER_FLAG_SPEC_ALLOW not applied");
    EXPECT_EQ(f->warnings[2],
              "linux.seccomp.syscalls: 2 system call names this build does not know left out "
              "(_llseek, ...)");
}

TEST(OciSeccomp, WhatCannotBeAppliedIsRefusedByKey) {
    auto error_of = [](const Seccomp& s) {
        auto f = seccomp_filter(s);
        return f ? std::string("(compiled)") : f.error().context;
    };
    EXPECT_EQ(error_of(profile("SCMP_ACT_TRAP")),
              "linux.seccomp.defaultAction: SCMP_ACT_TRAP as the default is not supported");
    EXPECT_EQ(error_of(profile("SCMP_ACT_BOGUS")),
              "linux.seccomp.defaultAction: unknown action SCMP_ACT_BOGUS");
    Seccomp s = profile("SCMP_ACT_ALLOW");
    s.syscalls.push_back({{"read"}, "SCMP_ACT_NOTIFY", {}, {}});
    EXPECT_EQ(error_of(s),
              "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY is not supported (no tracer or "
              "listener)");
    s.syscalls[0].action = "SCMP_ACT_TRACE";
    EXPECT_EQ(error_of(s),
              "linux.seccomp.syscalls[0].action: SCMP_ACT_TRACE is not supported (no tracer or "
              "listener)");
    s.syscalls[0] = {{"read"}, "SCMP_ACT_ERRNO", {}, {{6, 0, {}, "SCMP_CMP_EQ"}}};
    EXPECT_EQ(error_of(s), "linux.seccomp.syscalls[0].args[0].index: 6 is past 5");
    s.syscalls[0].args[0] = {0, 0, {}, "SCMP_CMP_SOMETIMES"};
    EXPECT_EQ(error_of(s),
              "linux.seccomp.syscalls[0].args[0].op: unknown operator SCMP_CMP_SOMETIMES");
}

}  // namespace
}  // namespace nsctl::oci
