// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/process.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <string>

#include "sys/linux_compat.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace nsctl::sys {

Result<pid_t> fork() {
    pid_t pid = ::fork();
    if (pid < 0) return errno_error("fork");
    return pid;
}

Result<int> waitpid(pid_t pid, int options) {
    int status = 0;
    while (::waitpid(pid, &status, options) < 0) {
        if (errno != EINTR) return errno_error("waitpid " + std::to_string(pid));
    }
    return status;
}

Result<void> kill(pid_t pid, int sig) {
    if (::kill(pid, sig) != 0) return errno_error("kill " + std::to_string(pid));
    return {};
}

Result<void> pidfd_send_signal(int pidfd, int sig) {
    if (::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0) != 0)
        return errno_error("pidfd_send_signal");
    return {};
}

Result<void> set_parent_death_signal(int sig) {
    if (::prctl(PR_SET_PDEATHSIG, sig) != 0) return errno_error("prctl PR_SET_PDEATHSIG");
    return {};
}

Result<cpu_set_t> sched_getaffinity() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof(set), &set) != 0) return errno_error("sched_getaffinity");
    return set;
}

Result<void> sched_setaffinity(const cpu_set_t& set) {
    if (::sched_setaffinity(0, sizeof(set), &set) != 0) return errno_error("sched_setaffinity");
    return {};
}

Result<void> sigprocmask(int how, const sigset_t* set, sigset_t* old) {
    if (::sigprocmask(how, set, old) != 0) return errno_error("sigprocmask");
    return {};
}

Result<void> signal_handler(int sig, void (*handler)(int), int flags) {
    struct sigaction sa {};
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (::sigaction(sig, &sa, nullptr) != 0) return errno_error("sigaction");
    return {};
}

int exit_code_of(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 1;
}

int term_signal_of(int wait_status) { return WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0; }

void exit_like(int wait_status) {
    if (WIFSIGNALED(wait_status)) {
        int sig = WTERMSIG(wait_status);
        ::signal(sig, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
        ::raise(sig);
    }
    ::_exit(exit_code_of(wait_status));
}

int64_t wall_seconds() { return static_cast<int64_t>(::time(nullptr)); }
void sleep_ms(int ms) {
    timespec t{ms / 1000, (ms % 1000) * 1000000L};
    ::nanosleep(&t, nullptr);
}
uid_t getuid() { return ::getuid(); }
uid_t geteuid() { return ::geteuid(); }
gid_t getgid() { return ::getgid(); }
gid_t getegid() { return ::getegid(); }
pid_t getpid() { return ::getpid(); }

Result<void> pipe(UniqueFd fds[2]) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return errno_error("pipe2");
    fds[0].reset(p[0]);
    fds[1].reset(p[1]);
    return {};
}

namespace raw {
int setresuid(uid_t r, uid_t e, uid_t s) { return ::setresuid(r, e, s) == 0 ? 0 : errno; }
int setresgid(gid_t r, gid_t e, gid_t s) { return ::setresgid(r, e, s) == 0 ? 0 : errno; }
int setgroups(size_t n, const gid_t* groups) { return ::setgroups(n, groups) == 0 ? 0 : errno; }
int chdir(const char* path) { return ::chdir(path) == 0 ? 0 : errno; }
int fchdir(int fd) { return ::fchdir(fd) == 0 ? 0 : errno; }
int chroot(const char* path) { return ::chroot(path) == 0 ? 0 : errno; }
int set_parent_death_signal(int sig) { return ::prctl(PR_SET_PDEATHSIG, sig) == 0 ? 0 : errno; }
int set_child_subreaper() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 ? 0 : errno; }
int execvp(const char* file, char* const argv[]) {
    ::execvp(file, argv);
    return errno;
}
int execve(const char* path, char* const argv[], char* const envp[]) {
    ::execve(path, argv, envp);
    return errno;
}
int set_rlimit(int resource, uint64_t soft, uint64_t hard) {
    rlimit limit{soft, hard};
    return ::setrlimit(static_cast<__rlimit_resource>(resource), &limit) == 0 ? 0 : errno;
}
int setsid() { return ::setsid() >= 0 ? 0 : errno; }
int sethostname(const char* name, size_t len) { return ::sethostname(name, len) == 0 ? 0 : errno; }
int write_all(int fd, const void* buf, size_t len) {
    const char* p = static_cast<const char*>(buf);
    while (len > 0) {
        ssize_t n = ::write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        p += n;
        len -= static_cast<size_t>(n);
    }
    return 0;
}
}  // namespace raw

}  // namespace nsctl::sys
