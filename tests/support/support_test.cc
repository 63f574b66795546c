// SPDX-License-Identifier: GPL-2.0-or-later
//
// Self-tests of the test support: each helper can fail, and fails when it should.
#include "support/support.h"

#include <gtest/gtest-spi.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace nsctl::test {
namespace {

ino_t inode_of(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return 0;
    return st.st_ino;
}

// Mount points below /sys ("/sys/fs/cgroup", ...), from mountinfo.
std::set<std::string> mounts_below_sys() {
    std::set<std::string> points;
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        std::istringstream fields(line);
        std::string id, parent, devno, root, point;
        fields >> id >> parent >> devno >> root >> point;
        if (point.rfind("/sys/", 0) == 0) points.insert(point);
    }
    return points;
}

bool exists(const std::string& path) {
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
}

TEST(Run, CapturesStdoutStderrAndExitCodeSeparately) {
    RunResult r = run({"sh", "-c", "echo out; echo err >&2; exit 3"});
    EXPECT_EQ(r.out, "out\n");
    EXPECT_EQ(r.err, "err\n");
    EXPECT_EQ(r.status, 3);
}

TEST(Run, PassesArgumentsWithoutAShell) {
    RunResult r = run({"echo", "$HOME;", "*", "a  b"});
    EXPECT_EQ(r.out, "$HOME; * a  b\n");
    EXPECT_EQ(r.status, 0);
}

TEST(Run, FeedsStdinLargerThanAPipe) {
    std::string data(1 << 20, 'x');
    data += "\nend\n";
    RunResult r = run({"cat"}, data);
    EXPECT_EQ(r.out.size(), data.size());
    EXPECT_TRUE(r.out == data);
    EXPECT_EQ(r.status, 0);
}

TEST(Run, SurvivesAProgramThatIgnoresStdin) {
    RunResult r = run({"true"}, std::string(4 << 20, 'x'));  // EPIPE, not SIGPIPE, for us
    EXPECT_EQ(r.status, 0);
}

TEST(Run, ReportsSignalAs128PlusN) {
    RunResult r = run({"sh", "-c", "kill -TERM $$"});
    EXPECT_EQ(r.status, 128 + 15);
}

TEST(Run, ReportsAProgramThatCannotBeExecuted) {
    RunResult r = run({"/nonexistent/nsctl-test-program"});
    EXPECT_EQ(r.status, 127);
    EXPECT_NE(r.err.find("cannot execute /nonexistent/nsctl-test-program"), std::string::npos)
        << r.err;
}

TEST(Run, AddsAndOverridesEnvironment) {
    setenv("NSCTL_TEST_OVERRIDDEN", "old", 1);
    RunResult r = run({"sh", "-c", "echo \"$NSCTL_TEST_ADDED|$NSCTL_TEST_OVERRIDDEN\""}, "",
                      {{"NSCTL_TEST_ADDED", "a b"}, {"NSCTL_TEST_OVERRIDDEN", "new"}});
    unsetenv("NSCTL_TEST_OVERRIDDEN");
    EXPECT_EQ(r.out, "a b|new\n");
}

TEST(Run, ReturnsSoonAfterExitWhenAGrandchildHoldsTheOutput) {
    auto start = std::chrono::steady_clock::now();
    RunResult r = run({"sh", "-c", "sleep 3 & echo started"});
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.out, "started\n");
    EXPECT_EQ(r.status, 0);
    EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
}

TEST(UniqueName, HasTheDocumentedFormAndNeverRepeats) {
    std::string a = unique_name(), b = unique_name();
    std::regex form("nsctl-t" + std::to_string(getpid()) + "-[0-9]+");
    EXPECT_TRUE(std::regex_match(a, form)) << a;
    EXPECT_TRUE(std::regex_match(b, form)) << b;
    EXPECT_NE(a, b);
}

TEST(HaveRoot, AgreesWithId) {
    RunResult r = run({"id", "-u"});
    ASSERT_EQ(r.status, 0);
    if (have_root()) {
        EXPECT_EQ(r.out, "0\n");
    }
    if (r.out != "0\n") {
        EXPECT_FALSE(have_root());
    }
}

TEST(FreshNamespaces, ChildHasItsOwnMountAndNetNamespace) {
    ino_t net = inode_of("/proc/self/ns/net");
    ino_t mnt = inode_of("/proc/self/ns/mnt");
    std::set<std::string> sys_mounts = mounts_below_sys();
    run_in_fresh_namespaces([net, mnt, sys_mounts] {
        EXPECT_NE(inode_of("/proc/self/ns/net"), net);
        EXPECT_NE(inode_of("/proc/self/ns/mnt"), mnt);
        EXPECT_FALSE(exists("/run/netns")) << "/run is a fresh tmpfs";
        // sysfs shows the new netns: only lo, as ip (netlink) sees it too.
        EXPECT_EQ(run({"ls", "/sys/class/net"}).out, "lo\n");
        EXPECT_EQ(mounts_below_sys(), sys_mounts) << "the mounts under /sys moved along";
        RunResult ip = run({"ip", "-o", "link", "show"});
        EXPECT_EQ(ip.status, 0) << ip.err;
        EXPECT_NE(ip.out.find(": lo:"), std::string::npos) << ip.out;
        EXPECT_EQ(ip.out.find('\n'), ip.out.size() - 1) << "only lo expected:\n" << ip.out;
    });
}

TEST(FreshNamespaces, NothingReachesTheMachine) {
    std::string netns = unique_name(), link = unique_name(), peer = unique_name();
    run_in_fresh_namespaces([&] {
        EXPECT_EQ(run({"ip", "netns", "add", netns}).status, 0);
        RunResult r = run({"ip", "link", "add", link, "type", "veth", "peer", "name", peer});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_TRUE(exists("/run/netns/" + netns));
        EXPECT_TRUE(exists("/sys/class/net/" + link));
    });
    EXPECT_FALSE(exists("/run/netns/" + netns));
    EXPECT_FALSE(exists("/sys/class/net/" + link));
}

TEST(FreshNamespaces, FailureInTheChildFailsTheTest) {
    // The child prints its own failure ("expected by the self-test"); the parent's is checked.
    EXPECT_NONFATAL_FAILURE(
        run_in_fresh_namespaces([] { ADD_FAILURE() << "expected by the self-test"; }),
        "test child exited with status 1");
}

// Run only by LeakCheck.ReportsWhatATestLeft, in a process of its own inside that test's private
// namespaces: it leaves a named netns (and the mounts that make it) behind.
TEST(LeakCheck, DISABLED_LeaveANamedNetns) {
    const char* name = std::getenv("NSCTL_TEST_LEAK_NAME");
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(run({"ip", "netns", "add", name}).status, 0);
}

// The helper runs in a mount namespace of our own with a fresh /run (run_in_fresh_namespaces), not
// on the machine: ip's first `netns add` also makes /run/netns a shared bind mount of itself, which
// `ip netns delete` never undoes, so on a machine where /run/netns was no mount point yet the test
// would leave one behind. The leak check of the helper's process sees everything the helper made,
// the directory's own mount included; all of it ends with the private namespaces.
TEST(LeakCheck, ReportsWhatATestLeft) {
    std::string name = unique_name();
    run_in_fresh_namespaces([&] {
        RunResult r = run({"/proc/self/exe", "--gtest_also_run_disabled_tests",
                           "--gtest_filter=LeakCheck.DISABLED_LeaveANamedNetns"},
                          "", {{"NSCTL_TEST_LEAK_NAME", name}});
        EXPECT_NE(r.status, 0) << r.out;
        EXPECT_NE(r.out.find("named netns (/run/netns) appeared: " + name + "\n"),
                  std::string::npos)
            << r.out;
        EXPECT_NE(r.out.find("mount point appeared: /run/netns/" + name + "\n"), std::string::npos)
            << r.out;
        EXPECT_NE(r.out.find("mount point appeared: /run/netns\n"), std::string::npos) << r.out;
    });
}

}  // namespace
}  // namespace nsctl::test
