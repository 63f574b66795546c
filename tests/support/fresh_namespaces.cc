// SPDX-License-Identifier: GPL-2.0-or-later
//
// run_in_fresh_namespaces(): the ns tier's test bodies run in a forked child that has its own
// mount and network namespaces (STYLE.md section 8), so nothing they do reaches the machine.
#include <gtest/gtest-spi.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>

#include "support/support.h"

namespace nsctl::test {
namespace {

// Exit codes of the child.
constexpr int kChildOk = 0;
constexpr int kChildFailed = 1;
constexpr int kChildSetupFailed = 2;
constexpr int kChildSkipped = 77;

constexpr const char* kNewSys = "/run/.nsctl-test-sys";

// Mount points directly below /sys (cgroup, debugfs, ...), outermost first, from mountinfo:
// "<id> <parent id> <major:minor> <root> <mount point> ...".
std::vector<std::string> submounts_of_sys() {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line, sys_id;
    std::vector<std::pair<std::string, std::string>> mounts;  // (parent id, mount point)
    while (std::getline(mountinfo, line)) {
        std::istringstream fields(line);
        std::string id, parent, devno, root, point;
        fields >> id >> parent >> devno >> root >> point;
        if (point == "/sys") sys_id = id;  // the last one is the visible one
        mounts.emplace_back(parent, point);
    }
    std::vector<std::string> result;
    for (const auto& [parent, point] : mounts) {
        if (parent == sys_id && !sys_id.empty()) result.push_back(point);
    }
    return result;
}

[[noreturn]] void setup_failed(const char* step, const std::string& what) {
    std::fprintf(stderr, "run_in_fresh_namespaces: %s %s: %s\n", step, what.c_str(),
                 std::strerror(errno));
    std::fflush(nullptr);
    _exit(kChildSetupFailed);
}

// A sysfs mounted in the new netns shows its links under /sys/class/net (sysfs is tagged with
// the netns of the mounter). The old /sys's submounts are moved onto the new one first, so that
// /sys/fs/cgroup and friends stay where tests expect them.
void remount_sys() {
    if (mkdir(kNewSys, 0755) != 0) setup_failed("mkdir", kNewSys);
    if (mount("sysfs", kNewSys, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
        setup_failed("mount sysfs on", kNewSys);
    }
    for (const auto& point : submounts_of_sys()) {
        std::string target = kNewSys + point.substr(4);
        struct stat st;
        if (stat(target.c_str(), &st) != 0) continue;  // not in this sysfs: stays hidden
        if (mount(point.c_str(), target.c_str(), nullptr, MS_MOVE, nullptr) != 0) {
            setup_failed("move mount", point);
        }
    }
    if (mount(kNewSys, "/sys", nullptr, MS_MOVE, nullptr) != 0) setup_failed("move", kNewSys);
    rmdir(kNewSys);
}

void enter_fresh_namespaces() {
    if (unshare(CLONE_NEWNS | CLONE_NEWNET) != 0) setup_failed("unshare", "CLONE_NEWNS|NEWNET");
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        setup_failed("make private", "/");
    }
    if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
        setup_failed("mount tmpfs on", "/run");
    }
    remount_sys();
}

// Prints the child's assertion results as GoogleTest would, and says how the child ends.
int report_results(const ::testing::TestPartResultArray& results) {
    int code = kChildOk;
    for (int i = 0; i < results.size(); ++i) {
        const ::testing::TestPartResult& r = results.GetTestPartResult(i);
        const char* file = r.file_name() != nullptr ? r.file_name() : "unknown file";
        std::printf("%s:%d: %s\n%s\n", file, r.line_number(), r.skipped() ? "Skipped" : "Failure",
                    r.message());
        if (r.failed()) code = kChildFailed;
        if (r.skipped() && code == kChildOk) code = kChildSkipped;
    }
    return code;
}

[[noreturn]] void child_main(pid_t parent, const std::function<void()>& fn) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(kChildSetupFailed);  // the test process is already gone
    enter_fresh_namespaces();
    int code = kChildOk;
    {
        // Collects the results of fn's assertions here in the child, whatever reporters the
        // parent had installed (EXPECT_NONFATAL_FAILURE installs one for its thread that would
        // swallow them): one for this thread, which takes precedence, and one for any other.
        using Reporter = ::testing::ScopedFakeTestPartResultReporter;
        ::testing::TestPartResultArray results;
        Reporter all_threads(Reporter::INTERCEPT_ALL_THREADS, &results);
        Reporter this_thread(Reporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
        try {
            fn();
        } catch (const std::exception& e) {
            std::printf("run_in_fresh_namespaces: exception: %s\n", e.what());
            code = kChildFailed;
        } catch (...) {
            std::printf("run_in_fresh_namespaces: unknown exception\n");
            code = kChildFailed;
        }
        int assertions = report_results(results);
        if (code == kChildOk) code = assertions;
    }
    std::fflush(nullptr);  // _exit would drop buffered output
    _exit(code);
}

}  // namespace

void run_in_fresh_namespaces(const std::function<void()>& fn) {
    NSCTL_REQUIRE_ROOT();
    std::fflush(nullptr);  // or the child would print the parent's buffered output again
    pid_t parent = getpid();
    pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork: " << std::strerror(errno);
    if (pid == 0) child_main(parent, fn);

    int status = 0;
    pid_t r;
    do {
        r = waitpid(pid, &status, 0);
    } while (r < 0 && errno == EINTR);
    ASSERT_EQ(r, pid) << "waitpid: " << std::strerror(errno);
    if (WIFSIGNALED(status)) {
        ADD_FAILURE() << "test child killed by signal " << WTERMSIG(status) << " ("
                      << strsignal(WTERMSIG(status)) << ")";
        return;
    }
    switch (WEXITSTATUS(status)) {
        case kChildOk:
            return;
        case kChildSkipped:
            GTEST_SKIP() << "skipped in the test child";
        case kChildSetupFailed:
            ADD_FAILURE() << "test child could not set up its namespaces (see stderr)";
            return;
        default:
            ADD_FAILURE() << "test child exited with status " << WEXITSTATUS(status)
                          << " (its failures are printed above)";
    }
}

}  // namespace nsctl::test
