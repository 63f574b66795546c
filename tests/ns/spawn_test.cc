// SPDX-License-Identifier: GPL-2.0-or-later
// The spawn primitive (src/lib/sandbox/spawn.h) on the real kernel: children killed and reaped
// when forgotten (seen from /proc and waitpid), wait statuses, reports from the child, the exit
// codes of a failed exec, both ways of making the child, and namespaces it is born in (seen
// from the inodes of /proc/PID/ns).
#include "sandbox/spawn.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "support/rootfs.h"
#include "support/support.h"
#include "sys/child_io.h"
#include "sys/process.h"
#include "sys/raw_call.h"

namespace nsctl::sandbox {
namespace {

using test::run_in_fresh_namespaces;

constexpr int kStepExec = 4;

// What the test children run: ctx is an ExecCtx.
struct ExecCtx {
    const char* file;
    char* const* argv;
    ExecSearch search = ExecSearch::kPath;
};

void exec_main(const void* ctx, int report_fd) {
    const auto& c = *static_cast<const ExecCtx*>(ctx);
    exec_or_report(report_fd, c.file, c.argv, kStepExec, c.search);
}

char* const kSleepArgv[] = {const_cast<char*>("sleep"), const_cast<char*>("1000"), nullptr};
const ExecCtx kSleep{"sleep", kSleepArgv};

std::string proc_dir(pid_t pid) { return "/proc/" + std::to_string(pid); }

bool exists(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

ino_t inode(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
    return st.st_ino;
}

Result<Spawned> start(SpawnMode mode, ChildMain child_main, const void* ctx) {
    SpawnOptions options;
    options.mode = mode;
    return spawn(options, child_main, ctx);
}

const char* name_of(SpawnMode mode) {
    switch (mode) {
        case SpawnMode::kFork:
            return "SpawnMode::kFork";
        case SpawnMode::kVfork:
            return "SpawnMode::kVfork";
        case SpawnMode::kSharedMemory:
            return "SpawnMode::kSharedMemory";
    }
    return "?";
}

// Runs check once with each way of making the child.
void for_each_mode(void (*check)(SpawnMode)) {
    for (SpawnMode mode : {SpawnMode::kFork, SpawnMode::kVfork, SpawnMode::kSharedMemory}) {
        SCOPED_TRACE(name_of(mode));
        check(mode);
    }
}

// Whether a kSharedMemory child shares our memory in this build (spawn() forks under
// AddressSanitizer and where raw calls go through libc).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSharesMemory = false;
#else
constexpr bool kSharesMemory = sys::raw::kCallsLeaveErrno;
#endif

// The mappings of our address space, a line each.
size_t mapping_count() {
    std::ifstream in("/proc/self/maps");
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

// The reports of a child that has exec'd or exited.
std::vector<ChildReport> reports_of(Spawned& s) {
    auto r = read_reports(s.report.get());
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : std::vector<ChildReport>{};
}

int wait_status(ChildProcess& p) {
    auto st = p.wait();
    EXPECT_TRUE(st) << st.error().message();
    EXPECT_TRUE(st && *st);
    return st && *st ? **st : -1;
}

TEST(Spawn, ExecLeavesThePipeEmptyAndPassesTheStatus) {
    for_each_mode([](SpawnMode mode) {
        char* const argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"),
                              const_cast<char*>("exit 42"), nullptr};
        ExecCtx ctx{"sh", argv};
        auto started = start(mode, exec_main, &ctx);
        ASSERT_TRUE(started) << started.error().message();
        Spawned s = std::move(*started);
        EXPECT_GT(s.process.pid(), 0);
        EXPECT_GE(s.process.pidfd(), 0);
        EXPECT_TRUE(reports_of(s).empty());
        int status = wait_status(s.process);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 42);
        EXPECT_FALSE(s.process.owns());
        auto again = s.process.wait();
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, ECHILD);
    });
}

TEST(Spawn, MissingProgramIs127WithItsReport) {
    for_each_mode([](SpawnMode mode) {
        char* const argv[] = {const_cast<char*>("/nonexistent/nsctl-spawn-test"), nullptr};
        ExecCtx ctx{argv[0], argv, ExecSearch::kNone};
        auto started = start(mode, exec_main, &ctx);
        ASSERT_TRUE(started) << started.error().message();
        Spawned s = std::move(*started);
        auto reports = reports_of(s);
        ASSERT_EQ(reports.size(), 1u);
        EXPECT_EQ(reports[0].code, ENOENT);
        EXPECT_EQ(reports[0].step, kStepExec);
        int status = wait_status(s.process);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), kExitNotFound);
        EXPECT_EQ(WEXITSTATUS(status), 127);
    });
}

TEST(Spawn, NonExecutableFileIs126) {
    for_each_mode([](SpawnMode mode) {
        char path[] = "/tmp/nsctl-spawn-XXXXXX";
        int fd = mkstemp(path);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(write(fd, "#!/bin/sh\n", 10), 10);
        close(fd);
        ASSERT_EQ(chmod(path, 0644), 0);
        char* const argv[] = {path, nullptr};
        ExecCtx ctx{path, argv};
        auto started = start(mode, exec_main, &ctx);
        ASSERT_TRUE(started) << started.error().message();
        Spawned s = std::move(*started);
        auto reports = reports_of(s);
        int status = wait_status(s.process);
        unlink(path);
        ASSERT_EQ(reports.size(), 1u);
        EXPECT_EQ(reports[0].code, EACCES);
        EXPECT_EQ(reports[0].step, kStepExec);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), kExitCannotExecute);
        EXPECT_EQ(WEXITSTATUS(status), 126);
    });
}

TEST(Spawn, ReportsArriveInOrderWithStepDetailAndIndex) {
    for_each_mode([](SpawnMode mode) {
        auto child = [](const void*, int report_fd) {
            report_and_continue(report_fd, ChildReport{ENOENT, 2, 1, 3});
            report_and_exit(report_fd, ChildReport{EPERM, 5, 6, 7}, 9);
        };
        auto started = start(mode, child, nullptr);
        ASSERT_TRUE(started) << started.error().message();
        Spawned s = std::move(*started);
        auto reports = reports_of(s);
        ASSERT_EQ(reports.size(), 2u);
        EXPECT_EQ(reports[0].code, ENOENT);
        EXPECT_EQ(reports[0].step, 2);
        EXPECT_EQ(reports[0].detail, 1);
        EXPECT_EQ(reports[0].index, 3);
        EXPECT_EQ(reports[1].code, EPERM);
        EXPECT_EQ(reports[1].step, 5);
        EXPECT_EQ(reports[1].detail, 6);
        EXPECT_EQ(reports[1].index, 7);
        int status = wait_status(s.process);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 9);
    });
}

TEST(Spawn, WaitPassesASignalThroughAndWnohangSeesItRun) {
    for_each_mode([](SpawnMode mode) {
        auto started = start(mode, exec_main, &kSleep);
        ASSERT_TRUE(started) << started.error().message();
        Spawned s = std::move(*started);
        EXPECT_TRUE(reports_of(s).empty());  // at exec: the sleep runs
        auto running = s.process.wait(WNOHANG);
        ASSERT_TRUE(running) << running.error().message();
        EXPECT_FALSE(*running);
        EXPECT_TRUE(s.process.owns());
        ASSERT_TRUE(s.process.signal(SIGTERM));
        int status = wait_status(s.process);
        ASSERT_TRUE(WIFSIGNALED(status));
        EXPECT_EQ(WTERMSIG(status), SIGTERM);
    });
}

TEST(Spawn, ForgottenChildIsKilledAndReaped) {
    for_each_mode([](SpawnMode mode) {
        pid_t pid;
        {
            auto started = start(mode, exec_main, &kSleep);
            ASSERT_TRUE(started) << started.error().message();
            Spawned s = std::move(*started);
            EXPECT_TRUE(reports_of(s).empty());
            pid = s.process.pid();
            ASSERT_TRUE(exists(proc_dir(pid)));
        }
        // Reaped: no /proc entry (a zombie would have one), and no child of ours any more.
        EXPECT_FALSE(exists(proc_dir(pid)));
        EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1);
        EXPECT_EQ(errno, ECHILD);
    });
}

TEST(Spawn, MoveAssignmentKillsTheChildItReplaces) {
    for_each_mode([](SpawnMode mode) {
        auto first_started = start(mode, exec_main, &kSleep);
        ASSERT_TRUE(first_started) << first_started.error().message();
        Spawned first = std::move(*first_started);
        auto second_started = start(mode, exec_main, &kSleep);
        ASSERT_TRUE(second_started) << second_started.error().message();
        Spawned second = std::move(*second_started);
        pid_t old_pid = first.process.pid(), new_pid = second.process.pid();
        first.process = std::move(second.process);
        EXPECT_FALSE(exists(proc_dir(old_pid)));
        EXPECT_EQ(first.process.pid(), new_pid);
        EXPECT_FALSE(
            second.process.owns());  // NOLINT(bugprone-use-after-move): moved-from is empty
        EXPECT_TRUE(exists(proc_dir(new_pid)));
    });
}

TEST(Spawn, ReleasedChildIsLeftAlone) {
    for_each_mode([](SpawnMode mode) {
        pid_t pid;
        {
            auto started = start(mode, exec_main, &kSleep);
            ASSERT_TRUE(started) << started.error().message();
            Spawned s = std::move(*started);
            pid = s.process.release();
            EXPECT_FALSE(s.process.owns());
        }
        EXPECT_TRUE(exists(proc_dir(pid)));
        int status = 0;
        ASSERT_EQ(kill(pid, SIGKILL), 0);
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFSIGNALED(status));
    });
}

TEST(SpawnFork, CloneFlagsMakeTheChildsNamespaces) {
    run_in_fresh_namespaces([] {
        SpawnOptions options;
        options.clone_flags = CLONE_NEWUTS | CLONE_NEWIPC;
        auto s = spawn(options, exec_main, &kSleep);
        ASSERT_TRUE(s) << s.error().message();
        std::string ns = proc_dir(s->process.pid()) + "/ns/";
        EXPECT_NE(inode(ns + "uts"), inode("/proc/self/ns/uts"));
        EXPECT_NE(inode(ns + "ipc"), inode("/proc/self/ns/ipc"));
        EXPECT_EQ(inode(ns + "net"), inode("/proc/self/ns/net"));  // not asked for: ours
        EXPECT_EQ(inode(ns + "mnt"), inode("/proc/self/ns/mnt"));
    });
}

TEST(SpawnFork, FailedCloneIsAnErrorInTheCallersWords) {
    SpawnOptions options;
    options.clone_flags = CLONE_SIGHAND;  // without CLONE_VM: EINVAL
    auto s = spawn(options, exec_main, &kSleep);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, EINVAL);
    EXPECT_EQ(s.error().context, "clone3");
    options.fail_context = "fork failed";
    s = spawn(options, exec_main, &kSleep);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message(), "fork failed: Invalid argument");
}

// What SharedCtx children do: wait for the go byte, fail some raw calls (EBADF, ENOENT), write
// 42 where ctx says, then exit 7.
struct SharedCtx {
    int go;
    volatile int* written;
};

void shared_main(const void* ctx, int /*report_fd*/) {
    const auto& c = *static_cast<const SharedCtx*>(ctx);
    char byte;
    (void)sys::raw::read(c.go, &byte, 1);
    (void)sys::raw::close(-1);
    (void)sys::raw::open("/nonexistent/nsctl-spawn-test", 0);
    *c.written = 42;
    sys::raw::exit(7);
}

// The child writes into our memory (it is ours, not a copy) and leaves our errno alone while it
// fails calls of its own (our thread's storage is its too); its stack is gone once it is reaped.
TEST(SpawnSharedMemory, ChildWritesOurMemoryButNotOurErrno) {
    int go[2];
    ASSERT_EQ(pipe2(go, O_CLOEXEC), 0);
    volatile int written = 0;
    SharedCtx ctx{go[0], &written};
    size_t before = mapping_count();
    auto started = start(SpawnMode::kSharedMemory, shared_main, &ctx);
    ASSERT_TRUE(started) << started.error().message();
    Spawned s = std::move(*started);
    if (kSharesMemory) {
        EXPECT_GT(mapping_count(), before);  // its stack (and guard page)
    }
    errno = 0;
    ASSERT_EQ(write(go[1], "x", 1), 1);
    int status = wait_status(s.process);
    EXPECT_EQ(errno, 0) << "the child's failed calls set our errno";
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 7);
    EXPECT_EQ(written, kSharesMemory ? 42 : 0);
    if (kSharesMemory) {
        EXPECT_EQ(mapping_count(), before);  // (AddressSanitizer's allocator maps as it goes)
    }
    close(go[0]);
    close(go[1]);
}

TEST(SpawnSharedMemory, NamespacesAsForFork) {
    run_in_fresh_namespaces([] {
        SpawnOptions options;
        options.mode = SpawnMode::kSharedMemory;
        options.clone_flags = CLONE_NEWUTS | CLONE_NEWPID;
        auto s = spawn(options, exec_main, &kSleep);
        ASSERT_TRUE(s) << s.error().message();
        std::string ns = proc_dir(s->process.pid()) + "/ns/";
        EXPECT_NE(inode(ns + "uts"), inode("/proc/self/ns/uts"));
        EXPECT_NE(inode(ns + "pid"), inode("/proc/self/ns/pid"));
        EXPECT_EQ(inode(ns + "net"), inode("/proc/self/ns/net"));
    });
}

// Plain raw calls: errno is left as it was, the error comes back as -errno.
TEST(RawCall, ReturnsMinusErrnoAndLeavesErrnoAlone) {
    errno = 0;
    EXPECT_EQ(sys::raw::call(SYS_close, -1), -EBADF);
    EXPECT_EQ(sys::raw::open("/nonexistent/nsctl-spawn-test", 0), -ENOENT);
    EXPECT_EQ(sys::raw::close(-1), EBADF);
    if (sys::raw::kCallsLeaveErrno) {
        EXPECT_EQ(errno, 0);
    }
    EXPECT_EQ(sys::raw::call(SYS_getpid), getpid());
}

// raw::execvpe in a child: the exit status of what ran, or 200 + the errno it returned.
int execvpe_status(const char* file, std::vector<std::string> env) {
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    char* const argv[] = {const_cast<char*>(file), nullptr};
    pid_t pid = fork();
    if (pid == 0) _exit(200 + sys::raw::execvpe(file, argv, envp.data()));
    int status = 0;
    EXPECT_EQ(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void write_program(const std::string& path, const char* text, mode_t mode) {
    std::ofstream(path) << text;
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
}

// The PATH search is execvp(3)'s, made of raw calls: the environment's PATH in order, a file
// found but not executable skipped (EACCES if nothing else runs), a script without "#!" run by
// /bin/sh, a name with a slash not searched.
TEST(RawExecvpe, SearchesTheGivenPathAsExecvpDoes) {
    test::TempDir a("path-a"), b("path-b");
    write_program(a.path() + "/prog", "#!/bin/sh\nexit 5\n", 0644);  // not executable
    write_program(b.path() + "/prog", "#!/bin/sh\nexit 6\n", 0755);
    write_program(b.path() + "/plain", "exit 7\n", 0755);  // no "#!"
    const std::string both = "PATH=" + a.path() + ":" + b.path();
    EXPECT_EQ(execvpe_status("prog", {both}), 6);
    EXPECT_EQ(execvpe_status("prog", {"PATH=" + a.path()}), 200 + EACCES);
    EXPECT_EQ(execvpe_status("plain", {both}), 7);
    EXPECT_EQ(execvpe_status("nsctl-no-such-program", {both}), 200 + ENOENT);
    EXPECT_EQ(execvpe_status("", {both}), 200 + ENOENT);
    EXPECT_EQ(execvpe_status((b.path() + "/prog").c_str(), {"PATH=/nonexistent"}), 6);
    EXPECT_EQ(execvpe_status("sh", {"X=1"}), 0);  // no PATH: /bin:/usr/bin (sh reads no input)
}

TEST(SpawnExitCodes, AsShellsUseThem) {
    EXPECT_EQ(exec_exit_code(ENOENT), 127);
    EXPECT_EQ(exec_exit_code(EACCES), 126);
    EXPECT_EQ(exec_exit_code(ENOEXEC), 126);
}

}  // namespace
}  // namespace nsctl::sandbox
