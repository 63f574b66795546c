// SPDX-License-Identifier: GPL-2.0-or-later
// The one way nsctl starts a child that runs some steps and then execs a program: unshare,
// nsenter, `netns exec` and `run` all go through it. Three parts:
//   - ChildProcess owns the child (its pid, and a pidfd where the kernel has them): killed and
//     reaped when forgotten, waited for with its status;
//   - the child reports a failed step as a ChildReport {errno, step, detail, index}, written
//     without allocating over a close-on-exec pipe: an empty pipe at exec means success;
//   - the exit codes of a failed exec (127 not found, 126 cannot execute) live here only.
// This file and spawn.cc form the library nsctl_spawn, which sits below ns and net (they use it);
// the rest of src/lib/sandbox sits above them (docs/design.md, "Layers").
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"
#include "sys/stack.h"

namespace nsctl::sandbox {

/// What a child reports when a step fails. Written as is, so it must stay a plain struct.
struct ChildReport {
    int code = 0;    ///< errno; 0 only for a report that carries no error of its own
    int step = 0;    ///< the caller's step enum, as an int
    int detail = 0;  ///< which call of the step, where a step makes several
    int index = 0;   ///< which item of a list (a bind, an id map)
};

/// Exit codes of a child whose program could not be run, as shells and util-linux use them.
inline constexpr int kExitCannotExecute = 126;
inline constexpr int kExitNotFound = 127;

/// The exit code for a failed exec: kExitNotFound for ENOENT, else kExitCannotExecute.
int exec_exit_code(int err);

/// Child side, between fork and exec: writes r to report_fd and goes on (a non-fatal report,
/// such as a file that could not be bound). Allocation-free, async-signal-safe.
void report_and_continue(int report_fd, const ChildReport& r);

/// Child side, between fork and exec: writes r to report_fd and _exits with exit_code.
/// Allocation-free, async-signal-safe.
[[noreturn]] void report_and_exit(int report_fd, const ChildReport& r, int exit_code = 1);

/// How a program is looked up by exec_program and exec_or_report.
enum class ExecSearch { kPath, kNone };

/// execvp(3) (kPath) or execve(2) with environ (kNone) of file with argv: returns errno, only
/// when it fails. For a process that replaces itself (no fork) as well as for a child.
/// Allocation-free.
int exec_program(const char* file, char* const argv[], ExecSearch search = ExecSearch::kPath);

/// Child side: execvp(3) (kPath) or execve(2) with environ (kNone) of file with argv; on failure
/// reports {errno, step} and _exits with exec_exit_code(errno). Allocation-free.
[[noreturn]] void exec_or_report(int report_fd, const char* file, char* const argv[], int step,
                                 ExecSearch search = ExecSearch::kPath);

/// Owns a child process: its pid and, where the kernel has them, a pidfd (signals through it
/// cannot reach a recycled pid). Unless released or waited for until it ended, the destructor
/// SIGKILLs the child and reaps it. Move-only.
class ChildProcess {
  public:
    ChildProcess() = default;
    /// Takes ownership of the child pid (and of pidfd, which may be invalid, and of the stack
    /// it runs on when it shares our memory: unmapped once the child has been reaped).
    ChildProcess(pid_t pid, UniqueFd pidfd, sys::Stack stack = {})
        : pid_(pid), pidfd_(std::move(pidfd)), stack_(std::move(stack)) {}
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    /// The child's pid (in our PID namespace); -1 when none is owned.
    pid_t pid() const { return pid_; }
    /// Its pidfd (borrowed), or -1.
    int pidfd() const { return pidfd_.get(); }
    bool owns() const { return pid_ > 0; }

    /// Sends sig: pidfd_send_signal(2) through the pidfd, kill(2) without one.
    Result<void> signal(int sig);

    /// waitpid(2) with options (WUNTRACED, WNOHANG), retried on EINTR: the raw wait status, or
    /// nullopt under WNOHANG while the child runs. Once the child has exited or been killed it is
    /// no longer owned.
    Result<std::optional<int>> wait(int options = 0);

    /// Gives up ownership (the child is neither killed nor reaped, and the stack of a child
    /// that shares our memory stays mapped); returns its pid.
    pid_t release();

  private:
    void kill_and_reap();
    void ended();

    pid_t pid_ = -1;
    UniqueFd pidfd_;
    sys::Stack stack_;
};

/// How spawn() makes the child.
enum class SpawnMode {
    /// clone3(2) as fork: the child has a copy of our memory, may be born in new namespaces and a
    /// cgroup, and may wait for the parent (a sync pipe of the caller's).
    kFork,
    /// vfork(2): we are suspended until the child execs or exits; nothing of our memory is
    /// copied (much quicker for a large process). The child must not wait for us.
    kVfork,
    /// clone(2) with CLONE_VM on a stack of its own: as kFork (new namespaces, may wait for us),
    /// but the child shares our memory instead of a copy, so that neither side faults pages in
    /// again (about 1.4 ms less per `nsctl run` here). It runs alongside us for as long as it
    /// lives, on our thread's storage: it must make raw calls only (sys/raw_call.h: errno
    /// untouched), write nothing we use, and ctx must outlive it. As kFork where that cannot hold:
    /// raw calls made through libc (sys::raw::kCallsLeaveErrno), AddressSanitizer (its record of
    /// our thread's stack would be the child's too), a cgroup to be born in (clone3 only).
    kSharedMemory,
};

struct SpawnOptions {
    SpawnMode mode = SpawnMode::kFork;
    uint64_t clone_flags = 0;  ///< CLONE_NEW*: namespaces the child is born in (not kVfork)
    int cgroup_fd = -1;        ///< a cgroup2 directory the child is born in (kFork only)
    /// The context of the Error when the child cannot be made (clone3 or vfork failed), as the
    /// caller words it ("fork failed"); nullptr: "clone3", "clone" or "vfork".
    const char* fail_context = nullptr;
};

/// The child's side: runs the caller's steps with ctx and report_fd (the pipe's write end), then
/// execs (exec_or_report) or fails (report_and_exit). It must not return, allocate or throw.
using ChildMain = void (*)(const void* ctx, int report_fd);

/// A child that spawn() started, and the read end of its report pipe.
struct Spawned {
    ChildProcess process;
    UniqueFd report;
};

/// Starts a child that runs child_main(ctx, report_fd). In the parent: the child and the report
/// pipe's read end (the write end is closed here). Errors: "clone3", "clone" or "vfork" (or
/// options.fail_context) with errno (EPERM/ENOSPC/EUSERS for namespaces the caller may not make,
/// EINVAL for flags the kernel lacks, EAGAIN at a process limit), "pipe2".
Result<Spawned> spawn(const SpawnOptions& options, ChildMain child_main, const void* ctx);

/// Reads the reports of a child until the pipe closes (its exec or exit): empty when every step
/// worked. Non-fatal reports may come before a fatal one, which is last.
Result<std::vector<ChildReport>> read_reports(int report_fd);

/// Reads the next report of a child: nullopt when the pipe closed (its exec or exit) first.
Result<std::optional<ChildReport>> read_report(int report_fd);

}  // namespace nsctl::sandbox
