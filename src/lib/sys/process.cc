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
#include <climits>
#include <cstring>
#include <ctime>
#include <string>

#include "sys/linux_compat.h"
#include "sys/raw_call.h"

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
int setresuid(uid_t r, uid_t e, uid_t s) { return error_of(call(SYS_setresuid, r, e, s)); }
int setresgid(gid_t r, gid_t e, gid_t s) { return error_of(call(SYS_setresgid, r, e, s)); }
int setgroups(size_t n, const gid_t* groups) { return error_of(call(SYS_setgroups, n, groups)); }
int chdir(const char* path) { return error_of(call(SYS_chdir, path)); }
int fchdir(int fd) { return error_of(call(SYS_fchdir, fd)); }
int chroot(const char* path) { return error_of(call(SYS_chroot, path)); }
int set_parent_death_signal(int sig) { return error_of(call(SYS_prctl, PR_SET_PDEATHSIG, sig)); }
int set_child_subreaper() { return error_of(call(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1)); }

namespace {

// The value of PATH in envp, or the search path POSIX shells default to.
const char* search_path(char* const envp[]) {
    for (char* const* e = envp; e && *e; ++e) {
        if (std::strncmp(*e, "PATH=", 5) == 0) return *e + 5;
    }
    return "/bin:/usr/bin";
}

// execve(2) of path; a file the kernel does not recognise (ENOEXEC: a script without "#!")
// is run by /bin/sh, as execvp(3) does. Returns errno.
int execve_or_shell(const char* path, char* const argv[], char* const envp[]) {
    int err = static_cast<int>(-call(SYS_execve, path, argv, envp));
    if (err != ENOEXEC) return err;
    size_t argc = 0;
    while (argv[argc]) ++argc;
    char* sh_argv[argc + 2];
    sh_argv[0] = const_cast<char*>("/bin/sh");
    sh_argv[1] = const_cast<char*>(path);
    for (size_t i = 1; i <= argc; ++i) sh_argv[i + 1] = argv[i];  // argv[argc] is the nullptr
    if (argc == 0) sh_argv[2] = nullptr;
    call(SYS_execve, "/bin/sh", sh_argv, envp);
    return ENOEXEC;
}

}  // namespace

int execvpe(const char* file, char* const argv[], char* const envp[]) {
    if (file[0] == '\0') return ENOENT;
    if (std::strchr(file, '/')) return execve_or_shell(file, argv, envp);
    size_t file_len = std::strlen(file);
    if (file_len > NAME_MAX) return ENAMETOOLONG;
    // Each directory of PATH in turn; an empty entry is the current directory. A file found but
    // not executable (EACCES) is reported if nothing later runs; a directory that is missing,
    // not a directory or unreachable is skipped; any other error ends the search.
    bool denied = false;
    int last = ENOENT;
    const char* dir = search_path(envp);
    while (true) {
        const char* colon = std::strchr(dir, ':');
        size_t dir_len = colon ? static_cast<size_t>(colon - dir) : std::strlen(dir);
        char path[PATH_MAX];
        if (dir_len + 1 + file_len < sizeof(path)) {
            std::memcpy(path, dir, dir_len);
            size_t at = dir_len;
            if (dir_len > 0) path[at++] = '/';
            std::memcpy(path + at, file, file_len + 1);
            int err = execve_or_shell(path, argv, envp);
            if (err == EACCES) {
                denied = true;
            } else if (err != ENOENT && err != ENOTDIR && err != ESTALE && err != ENODEV &&
                       err != ETIMEDOUT) {
                return err;
            }
            last = err;
        } else {
            last = ENAMETOOLONG;
        }
        if (!colon) break;
        dir = colon + 1;
    }
    return denied ? EACCES : last;
}
int execvp(const char* file, char* const argv[]) { return execvpe(file, argv, environ); }
int execve(const char* path, char* const argv[], char* const envp[]) {
    return static_cast<int>(-call(SYS_execve, path, argv, envp));
}
int set_rlimit(int resource, uint64_t soft, uint64_t hard) {
    rlimit64 limit{soft, hard};
    return error_of(call(SYS_prlimit64, 0, resource, &limit, nullptr));
}
int setsid() { return error_of(call(SYS_setsid)); }
int sethostname(const char* name, size_t len) { return error_of(call(SYS_sethostname, name, len)); }
int write_all(int fd, const void* buf, size_t len) {
    const char* p = static_cast<const char*>(buf);
    while (len > 0) {
        long n = call(SYS_write, fd, p, len);
        if (n == -EINTR) continue;
        if (n < 0) return static_cast<int>(-n);
        p += n;
        len -= static_cast<size_t>(n);
    }
    return 0;
}
}  // namespace raw

}  // namespace nsctl::sys
