// SPDX-License-Identifier: GPL-2.0-or-later
// Process syscalls: fork, wait, kill, exec, credentials, signals, working directory.
#pragma once

#include <sched.h>
#include <signal.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// fork(2): the child's pid in the parent, 0 in the child.
Result<pid_t> fork();

/// waitpid(2), retried on EINTR; returns the raw wait status.
Result<int> waitpid(pid_t pid, int options);

/// kill(2).
Result<void> kill(pid_t pid, int sig);

/// pidfd_send_signal(2) with no siginfo.
Result<void> pidfd_send_signal(int pidfd, int sig);

/// prctl(PR_SET_PDEATHSIG, sig): sig is sent to us when our parent thread dies.
Result<void> set_parent_death_signal(int sig);

/// sched_getaffinity(2) of the calling thread: the CPUs it may run on.
Result<cpu_set_t> sched_getaffinity();

/// sched_setaffinity(2) of the calling thread. EINVAL when set holds no allowed CPU.
Result<void> sched_setaffinity(const cpu_set_t& set);

/// sigprocmask(2).
Result<void> sigprocmask(int how, const sigset_t* set, sigset_t* old);

/// sigaction(2) setting a plain handler (or SIG_DFL/SIG_IGN), flags as given.
Result<void> signal_handler(int sig, void (*handler)(int), int flags);

/// The exit code a shell reports for a wait status: the exit status, or 128+N for signal N.
int exit_code_of(int wait_status);

/// The signal that ended a process with this wait status, or 0 when it exited.
int term_signal_of(int wait_status);
/// Ends this process the way the child with this wait status ended: the same exit status, or
/// the same signal (default disposition restored, the signal unblocked, then raised; as
/// util-linux's unshare does with --fork). Falls back to exit(128+N) if the signal is survived.
[[noreturn]] void exit_like(int wait_status);

/// time(2): seconds since the epoch.
int64_t wall_seconds();
/// nanosleep(2) for ms milliseconds (EINTR ends it early).
void sleep_ms(int ms);
uid_t getuid();
uid_t geteuid();
gid_t getgid();
gid_t getegid();
pid_t getpid();

/// pipe2(2) with O_CLOEXEC added: [0] read end, [1] write end.
Result<void> pipe(UniqueFd fds[2]);

namespace raw {
// Async-signal-safe variants for a child between fork and exec: no allocation, errno untouched
// (raw_call.h); 0 or errno.
int setresuid(uid_t r, uid_t e, uid_t s);
int setresgid(gid_t r, gid_t e, gid_t s);
int setgroups(size_t n, const gid_t* groups);
int chdir(const char* path);
int fchdir(int fd);
int chroot(const char* path);
int set_parent_death_signal(int sig);
/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants are reparented to the caller.
int set_child_subreaper();
/// execvp(3) with the environment envp, whose PATH (or "/bin:/usr/bin") is searched; a file
/// without "#!" that the kernel cannot run (ENOEXEC) is run by /bin/sh. Returns errno, only
/// when it fails. Made of raw system calls: errno is not touched.
int execvpe(const char* file, char* const argv[], char* const envp[]);
/// execvpe with environ.
int execvp(const char* file, char* const argv[]);
/// execve(2); returns errno only when it fails.
int execve(const char* path, char* const argv[], char* const envp[]);
/// setrlimit(2) of resource to soft and hard; 0 or errno.
int set_rlimit(int resource, uint64_t soft, uint64_t hard);
/// setsid(2): a new session (and process group) led by the caller; 0 or errno.
int setsid();
/// sethostname(2); 0 or errno.
int sethostname(const char* name, size_t len);
/// write(2) of all of buf, retried on EINTR.
int write_all(int fd, const void* buf, size_t len);
}  // namespace raw

}  // namespace nsctl::sys
