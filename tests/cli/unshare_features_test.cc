// SPDX-License-Identifier: GPL-2.0-or-later
// unshare where Debian's 2.38 cannot be the oracle: the expected output below is util-linux
// 2.42's, taken from its binary by hand. Also signals (--kill-child, --forward-signals) and the
// nsctl extensions (--clear-env, --whitelist-env).
#include <gtest/gtest.h>

#include "unshare_compare.h"

namespace nsctl::test {
namespace {

using namespace unshare_cli;  // NOLINT(google-build-using-namespace)

RunResult ours(const std::vector<std::string>& args, const std::vector<std::string>& prefix = {}) {
    return run_unshare(our_unshare(), args, prefix);
}

TEST(UnshareFeatures, ChildKilledBySigkillKillsUs) {
    NSCTL_REQUIRE_ROOT();
    // 2.38 fails here ("sigprocmask unblock failed"); 2.42 dies of SIGKILL too.
    RunResult r = ours({"-f", "sh", "-c", "kill -KILL $$"});
    EXPECT_EQ(r.status, 137);
    EXPECT_EQ(r.err, "");
}

TEST(UnshareFeatures, MessagesOf242) {
    NSCTL_REQUIRE_ROOT();
    RunResult r = ours({"--monotonic", "3", "true"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "unshare: options --monotonic and --boottime require unsharing of a time "
              "namespace (-T)\n");
    r = ours({"-w", "/nonexist", "true"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "unshare: cannot change directory to /nonexist: No such file or directory\n");
    r = ours({"-S", "1", "true"}, as_nobody());
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "unshare: setuid() failed: Operation not permitted\n");
    r = ours({"--owner", "1"});
    EXPECT_EQ(r.err, "unshare: failed to parse owner\n");
    r = ours({"--map-users=1:2", "true"});
    EXPECT_EQ(r.err, "unshare: invalid mapping '1:2'\n");
}

TEST(UnshareFeatures, RangesWrittenDirectlyAsRoot) {
    NSCTL_REQUIRE_ROOT();
    // 2.42 writes root's maps itself (2.38 runs newuidmap, which refuses without subuids).
    RunResult r = ours({"--map-users=100000,0,65536", "--map-groups=0:100000:65536", "cat",
                        "/proc/self/uid_map", "/proc/self/gid_map"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "         0     100000      65536\n"
              "         0     100000      65536\n");
    r = ours(
        {"--map-users=100:1000:10", "--map-users=200,2000,5", "-r", "cat", "/proc/self/uid_map"});
    EXPECT_EQ(r.out,
              "         0          0          1\n"
              "       100       1000         10\n"
              "      2000        200          5\n");
    r = ours({"--owner", "1:2", "-r", "cat", "/proc/self/uid_map"});
    EXPECT_EQ(r.out, "         0          0          1\n");
}

TEST(UnshareFeatures, KillChildWhenWeDie) {
    NSCTL_REQUIRE_ROOT();
    // unshare is SIGKILLed; its child must get the --kill-child signal (TERM here).
    // A killed child stays a zombie until init reaps it: "gone" is dead or a zombie.
    const std::string script = our_unshare() +
                               " --kill-child=TERM sleep 1000 & p=$!; sleep 0.5;"
                               " c=$(tr -d ' ' </proc/$p/task/$p/children); kill -KILL $p;"
                               " alive() { s=$(awk '{print $3}' /proc/$c/stat 2>/dev/null);"
                               "   [ -n \"$s\" ] && [ \"$s\" != Z ]; };"
                               " for i in 1 2 3 4 5 6 7 8 9 10; do alive || break; sleep 0.1; done;"
                               " if alive; then kill -KILL $c; echo alive; else echo gone; fi";
    // In a pid namespace of its own, so that the killed child is reaped with it, not left a
    // zombie of the machine's init.
    RunResult r = run({"/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script});
    EXPECT_EQ(r.out, "gone\n") << r.err;
}

TEST(UnshareFeatures, ForwardSignals) {
    NSCTL_REQUIRE_ROOT();
    // The child's trap stops its own sleep, so that nothing outlives the test.
    const std::string script = our_unshare() +
                               " --forward-signals sh -c 'sleep 100 & s=$!;"
                               " trap \"kill $s; echo got TERM; exit 7\" TERM; wait' &"
                               " p=$!; sleep 0.5; kill -TERM $p; wait $p; echo rc=$?";
    RunResult r = run({"sh", "-c", script});
    EXPECT_EQ(r.out, "got TERM\nrc=7\n") << r.err;
}

TEST(UnshareFeatures, ClearAndWhitelistEnvironment) {
    RunResult r = run({our_unshare(), "--clear-env", "env"}, "", {{"NSCTL_T", "1"}});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");
    r = run({our_unshare(), "--whitelist-env=NSCTL_T,NSCTL_NONE", "env"}, "", {{"NSCTL_T", "1"}});
    EXPECT_EQ(r.out, "NSCTL_T=1\n");
}

TEST(UnshareFeatures, LoginShellWithoutProgram) {
    // No program: $SHELL as a login shell ("-sh" as argv[0]).
    RunResult r = run({our_unshare()}, "echo $0\n", {{"SHELL", "/bin/sh"}});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "-sh\n");
    RunResult theirs = run({kUtilLinuxUnshare}, "echo $0\n", {{"SHELL", "/bin/sh"}});
    EXPECT_EQ(theirs.out, r.out);
    r = run({our_unshare()}, "", {{"SHELL", "/nonexistent/shell"}});
    EXPECT_EQ(r.status, 127);
    EXPECT_EQ(r.err, "unshare: failed to execute /nonexistent/shell: No such file or directory\n");
}

}  // namespace
}  // namespace nsctl::test
