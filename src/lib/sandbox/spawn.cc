// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/spawn.h"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <utility>

#include "sys/child_io.h"
#include "sys/clone.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"
#include "sys/process.h"
#include "sys/raw_call.h"

namespace nsctl::sandbox {

int exec_exit_code(int err) { return err == ENOENT ? kExitNotFound : kExitCannotExecute; }

void report_and_continue(int report_fd, const ChildReport& r) {
    (void)sys::raw::write_all(report_fd, &r, sizeof(r));
}

void report_and_exit(int report_fd, const ChildReport& r, int exit_code) {
    report_and_continue(report_fd, r);
    sys::raw::exit(exit_code);
}

int exec_program(const char* file, char* const argv[], ExecSearch search) {
    return search == ExecSearch::kPath ? sys::raw::execvp(file, argv)
                                       : sys::raw::execve(file, argv, environ);
}

void exec_or_report(int report_fd, const char* file, char* const argv[], int step,
                    ExecSearch search) {
    int err = exec_program(file, argv, search);
    report_and_exit(report_fd, ChildReport{err, step, 0, 0}, exec_exit_code(err));
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::move(other.pidfd_)),
      stack_(std::move(other.stack_)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        kill_and_reap();
        pid_ = std::exchange(other.pid_, -1);
        pidfd_ = std::move(other.pidfd_);
        stack_ = std::move(other.stack_);
    }
    return *this;
}

void ChildProcess::ended() {
    pid_ = -1;
    pidfd_.reset();
    stack_ = sys::Stack();  // nothing runs on it any more
}

ChildProcess::~ChildProcess() { kill_and_reap(); }

void ChildProcess::kill_and_reap() {
    if (pid_ <= 0) return;
    (void)signal(SIGKILL);
    (void)sys::waitpid(pid_, 0);
    ended();
}

Result<void> ChildProcess::signal(int sig) {
    if (pid_ <= 0) return Error{ESRCH, "signal: no child"};
    if (pidfd_.valid()) return sys::pidfd_send_signal(pidfd_.get(), sig);
    return sys::kill(pid_, sig);
}

Result<std::optional<int>> ChildProcess::wait(int options) {
    if (pid_ <= 0) return Error{ECHILD, "waitpid: no child"};
    int status = 0;
    pid_t got;
    while ((got = ::waitpid(pid_, &status, options)) < 0) {
        if (errno != EINTR) return errno_error("waitpid " + std::to_string(pid_));
    }
    if (got == 0) return std::optional<int>();  // WNOHANG, still running
    if (WIFEXITED(status) || WIFSIGNALED(status)) ended();
    return std::optional<int>(status);
}

pid_t ChildProcess::release() {
    pidfd_.reset();
    stack_.abandon();
    return std::exchange(pid_, -1);
}

namespace {

// How big the stack of a child that shares our memory is: its deepest path is the reaper's
// vfork child searching PATH (a PATH_MAX buffer) on the reaper's stack.
constexpr size_t kSharedStackSize = 256 * 1024;

// What such a child starts with. It lives at the top of the child's own stack, so that it stays
// valid once spawn() has returned.
struct SharedStart {
    ChildMain main;
    const void* ctx;
    int report_read;
    int report_write;
};

int shared_child(void* arg) {
    const auto* start = static_cast<const SharedStart*>(arg);
    sys::raw::close(start->report_read);
    start->main(start->ctx, start->report_write);
    sys::raw::exit(1);  // child_main must not return; if it does, fail plainly
}

bool can_share_memory(const SpawnOptions& options) {
#if defined(__SANITIZE_ADDRESS__)
    (void)options;
    return false;
#else
    // clone(2) takes 32 bits of flags, the low byte of which is the exit signal.
    constexpr uint64_t kCloneOnly = 0xffffffff00000000ULL | CSIGNAL;
    return sys::raw::kCallsLeaveErrno && options.cgroup_fd < 0 &&
           (options.clone_flags & kCloneOnly) == 0;
#endif
}

// The child of a SpawnMode::kSharedMemory spawn: its pid, its stack in *stack. Errors: "mmap"
// or "mprotect" for the stack, the caller's words or "clone" for the child.
Result<pid_t> spawn_sharing_memory(const SpawnOptions& options, ChildMain child_main,
                                   const void* ctx, const UniqueFd report[2], int* pidfd,
                                   sys::Stack* stack) {
    sys::Stack mapped = NSCTL_TRY(sys::Stack::map(kSharedStackSize));
    char* top = mapped.top() - sizeof(SharedStart);
    auto* start = new (top) SharedStart{child_main, ctx, report[0].get(), report[1].get()};
    top -= reinterpret_cast<uintptr_t>(top) % 16;  // the ABIs want it 16-byte aligned
    pid_t pid =
        sys::raw::clone_vm(shared_child, top, options.clone_flags | CLONE_PIDFD, start, pidfd);
    if (pid < 0) return Error{-pid, options.fail_context ? options.fail_context : "clone"};
    *stack = std::move(mapped);
    return pid;
}

}  // namespace

// vfork() below: g++ warns that locals "might be clobbered" as after setjmp. They cannot be: the
// child never returns into this frame (child_main execs or _exits), and the parent resumes only
// then.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wclobbered"
Result<Spawned> spawn(const SpawnOptions& options, ChildMain child_main, const void* ctx) {
    UniqueFd report[2];
    NSCTL_TRY(sys::pipe(report));
    int pidfd = -1;
    pid_t pid;
    sys::Stack stack;
    if (options.mode == SpawnMode::kSharedMemory && can_share_memory(options)) {
        pid = NSCTL_TRY(spawn_sharing_memory(options, child_main, ctx, report, &pidfd, &stack));
    } else if (options.mode == SpawnMode::kVfork) {
        // Called here, not through a wrapper: the child runs on this frame until it execs.
        pid = ::vfork();
        if (pid < 0) return errno_error(options.fail_context ? options.fail_context : "vfork");
    } else {
        uint64_t flags = options.clone_flags | CLONE_PIDFD;
        if (options.cgroup_fd >= 0) flags |= CLONE_INTO_CGROUP;
        pid = sys::raw::clone3_fork(flags, &pidfd, options.cgroup_fd);
        // Without clone3 (before Linux 5.3, or under valgrind 3.19): clone(2) does the same but
        // for a cgroup to be born in.
        if (pid == -ENOSYS && options.cgroup_fd < 0) pid = sys::raw::clone_fork(flags, &pidfd);
        if (pid < 0) return Error{-pid, options.fail_context ? options.fail_context : "clone3"};
    }
    if (pid == 0) {
        // Closed, not released: under vfork the UniqueFd is the parent's, which still owns it.
        sys::raw::close(report[0].get());
        child_main(ctx, report[1].get());
        sys::raw::exit(1);  // child_main must not return; if it does, fail plainly
    }
    report[1].reset();
    UniqueFd owned_pidfd(pidfd);
    if (!owned_pidfd.valid()) {
        auto fd = sys::pidfd_open(pid, 0);  // a zombie has one too; older kernels: none
        if (fd) owned_pidfd = std::move(*fd);
    }
    return Spawned{ChildProcess(pid, std::move(owned_pidfd), std::move(stack)),
                   std::move(report[0])};
}
#pragma GCC diagnostic pop

Result<std::optional<ChildReport>> read_report(int report_fd) {
    ChildReport r;
    size_t have = 0;
    while (have < sizeof(r)) {
        size_t n =
            NSCTL_TRY(sys::read(report_fd, reinterpret_cast<char*>(&r) + have, sizeof(r) - have));
        if (n == 0) return std::optional<ChildReport>();
        have += n;
    }
    return std::optional<ChildReport>(r);
}

Result<std::vector<ChildReport>> read_reports(int report_fd) {
    std::vector<ChildReport> reports;
    ChildReport r;
    size_t have = 0;
    while (true) {
        size_t n =
            NSCTL_TRY(sys::read(report_fd, reinterpret_cast<char*>(&r) + have, sizeof(r) - have));
        if (n == 0) break;
        have += n;
        if (have == sizeof(r)) {
            reports.push_back(r);
            have = 0;
        }
    }
    return reports;
}

}  // namespace nsctl::sandbox
