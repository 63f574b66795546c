// SPDX-License-Identifier: GPL-2.0-or-later
// The hint line nsctl's nsenter adds under util-linux's message: util-linux's first line is
// kept as it is (compared with /usr/bin/nsenter where 2.38 prints the same as 2.42, else with
// 2.42's text taken by hand), then one "nsenter: hint: " line names the cause.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli/nsenter_target.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

struct Lines {
    std::string first;
    std::string hint;
};

Lines split(const std::string& err) {
    size_t nl = err.find('\n');
    if (nl == std::string::npos) return {err, ""};
    return {err.substr(0, nl + 1), err.substr(nl + 1)};
}

RunResult ours(const Args& args, const Args& prefix = {}) { return run_our_nsenter(args, prefix); }

Args concat(Args a, const Args& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

class NsenterHints : public ::testing::Test {
  protected:
    void SetUp() override { NSCTL_REQUIRE_ROOT(); }
};

TEST_F(NsenterHints, VanishedTarget) {
    std::string pid = std::to_string(vanished_pid());
    for (const Args& args : {Args{"-t", pid, "-n", "true"}, Args{"-t", pid, "-a", "true"}}) {
        RunResult r = ours(args);
        RunResult ul = run(concat({kUtilLinuxNsenter}, args));
        Lines l = split(r.err);
        EXPECT_EQ(l.first, ul.err) << args[2];
        EXPECT_EQ(l.hint, "nsenter: hint: no process has PID " + pid + " (it may have exited)\n");
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(ul.status, 1);
    }
}

TEST_F(NsenterHints, FileIsNotANamespace) {
    struct Case {
        std::string option;
        std::string hint;
    };
    const Case cases[] = {
        {"--net=/etc/passwd",
         "the file given to --net is not a namespace file (use /proc/PID/ns/net or a bind mount "
         "of one)"},
        {"-m/etc/passwd",
         "the file given to --mount is not a namespace file (use /proc/PID/ns/mnt or a bind "
         "mount of one)"},
        {"--net=/proc/self/ns/user", "the file given to --net is a user namespace, not a net one"},
    };
    for (const auto& c : cases) {
        RunResult r = ours({c.option, "true"});
        RunResult ul = run({kUtilLinuxNsenter, c.option, "true"});
        Lines l = split(r.err);
        EXPECT_EQ(l.first, ul.err);
        EXPECT_NE(l.first.find("Invalid argument"), std::string::npos) << l.first;
        EXPECT_EQ(l.hint, "nsenter: hint: " + c.hint + "\n");
        EXPECT_EQ(r.status, 1);
    }
}

TEST_F(NsenterHints, OwnUserNamespace) {
    RunResult r = ours({"-t", std::to_string(getpid()), "-U", "true"});
    EXPECT_EQ(r.err,
              "nsenter: reassociate to namespaces failed: Invalid argument\n"
              "nsenter: hint: you are already in the target's user namespace, and setns(2) "
              "cannot re-enter it: leave out --user\n");
    EXPECT_EQ(r.status, 1);
}

TEST_F(NsenterHints, UnprivilegedCaller) {
    Target t(concat(as_nobody(), {"unshare", "-r", "--net", "--uts", "sleep", "600"}));
    ASSERT_GT(t.pid(), 0);
    const std::string eperm =
        "nsenter: reassociate to namespaces failed: Operation not permitted\n";
    // Without --user: the namespaces are owned by the target's user namespace.
    RunResult r = ours({"-t", t.pid_str(), "--net", "true"}, as_nobody());
    EXPECT_EQ(r.err, eperm +
                         "nsenter: hint: the target's namespaces belong to another user "
                         "namespace, and entering them needs CAP_SYS_ADMIN there: add --user "
                         "(with --preserve-credentials to keep your uid and gid)\n");
    // --all: the target's mount, pid, ... namespaces are still the machine's.
    r = ours({"-t", t.pid_str(), "--all", "true"}, as_nobody());
    EXPECT_EQ(r.err, eperm +
                         "nsenter: hint: the target's mnt, pid, ipc, cgroup, time namespaces are "
                         "not owned by its user namespace (entering it gives no CAP_SYS_ADMIN "
                         "over them): enter only the others, e.g. --net --uts, not --all\n");
    // unshare -r denies setgroups: nsenter's default drop of groups fails.
    r = ours({"-t", t.pid_str(), "--user", "--net", "true"}, as_nobody());
    RunResult ul =
        run(concat(as_nobody(), {kUtilLinuxNsenter, "-t", t.pid_str(), "--user", "--net", "true"}));
    Lines l = split(r.err);
    EXPECT_EQ(l.first, ul.err);
    EXPECT_EQ(l.hint,
              "nsenter: hint: setgroups(2) is denied in the target's user namespace (its "
              "/proc/PID/setgroups says \"deny\", as unshare --map-root-user leaves it): add "
              "--preserve-credentials\n");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(ul.status, 1);
}

TEST_F(NsenterHints, TargetOfAnotherUser) {
    Target t({"unshare", "--net", "sleep", "600"});
    ASSERT_GT(t.pid(), 0);
    RunResult r = ours({"-t", t.pid_str(), "--net", "true"}, as_nobody());
    EXPECT_EQ(r.err,
              "nsenter: reassociate to namespaces failed: Operation not permitted\n"
              "nsenter: hint: process " +
                  t.pid_str() +
                  " belongs to uid 0: its namespaces are open only to that user or to "
                  "CAP_SYS_PTRACE\n");
    EXPECT_EQ(r.status, 1);
}

TEST_F(NsenterHints, FollowContextWithoutSelinux) {
    if (access("/sys/fs/selinux/enforce", F_OK) == 0) GTEST_SKIP() << "SELinux is in use here";
    Target t({"unshare", "--net", "sleep", "600"});
    ASSERT_GT(t.pid(), 0);
    RunResult r = ours({"-Z", "-t", t.pid_str(), "-n", "true"});
    EXPECT_EQ(r.err,
              "nsenter: warning: SELinux is not in use on this system: --follow-context "
              "ignored\n");
    EXPECT_EQ(r.status, 0);
    // A usage error comes alone, as 2.42 prints it (2.38's -Z differs): the notice is for a
    // run that goes on.
    EXPECT_EQ(ours({"-Z", "true"}).err, "nsenter: no namespace specified\n");
    RunResult bad = ours({"-Z", "-n", "true"});
    EXPECT_EQ(bad.err, "nsenter: no target PID specified\n");
    EXPECT_EQ(bad.status, 1);
}

}  // namespace
}  // namespace nsctl::test
