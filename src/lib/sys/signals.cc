// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/signals.h"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

#include "sys/raw_call.h"

namespace nsctl::sys {

Result<UniqueFd> signalfd(const sigset_t& set) {
    int fd = ::signalfd(-1, &set, SFD_CLOEXEC);
    if (fd < 0) return errno_error("signalfd");
    return UniqueFd(fd);
}

Result<int> read_signal(int sfd) {
    signalfd_siginfo info{};
    while (true) {
        ssize_t n = ::read(sfd, &info, sizeof(info));
        if (n == static_cast<ssize_t>(sizeof(info))) return static_cast<int>(info.ssi_signo);
        if (n >= 0) return Error{EIO, "read signalfd"};
        if (errno != EINTR) return errno_error("read signalfd");
    }
}

Result<int> sigwait(const sigset_t& set) {
    int sig = raw::sigwaitinfo(&set, nullptr);
    if (sig < 0) return Error{-sig, "sigwaitinfo"};
    return sig;
}

Result<int> sigwait(const sigset_t& set, int timeout_ms) {
    if (timeout_ms < 0) return sigwait(set);
    timespec t{timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
    while (true) {
        int sig = ::sigtimedwait(&set, nullptr, &t);
        if (sig >= 0) return sig;
        if (errno == EAGAIN) return 0;
        if (errno != EINTR) return errno_error("sigtimedwait");
    }
}

Result<int> poll(pollfd* fds, size_t n, int timeout_ms) {
    while (true) {
        int r = ::poll(fds, n, timeout_ms);
        if (r >= 0) return r;
        if (errno != EINTR) return errno_error("poll");
    }
}

Result<void> wait_pidfd_exited(int pidfd, int timeout_ms) {
    pollfd p{pidfd, POLLIN, 0};
    while (NSCTL_TRY(sys::poll(&p, 1, timeout_ms)) == 0) {
        if (timeout_ms >= 0) return Error{ETIMEDOUT, "waiting for a process to end"};
    }
    return {};
}

}  // namespace nsctl::sys

namespace nsctl::sys::raw {

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
    return error_of(call(SYS_rt_sigprocmask, how, set, old, kKernelSigsetSize));
}

int kill(pid_t pid, int sig) { return error_of(call(SYS_kill, pid, sig)); }

int sigwaitinfo(const sigset_t* set, siginfo_t* info) {
    while (true) {
        long sig = call(SYS_rt_sigtimedwait, set, info, nullptr, kKernelSigsetSize);
        if (sig != -EINTR) return static_cast<int>(sig);
    }
}

int signal_default(int sig) {
    // The kernel's struct sigaction (not libc's): SIG_DFL needs no restorer, and no signal is
    // blocked while a default action runs.
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)();
        unsigned long mask;
    } sa{SIG_DFL, 0, nullptr, 0};
    return error_of(call(SYS_rt_sigaction, sig, &sa, nullptr, kKernelSigsetSize));
}

}  // namespace nsctl::sys::raw
