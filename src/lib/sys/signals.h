// SPDX-License-Identifier: GPL-2.0-or-later
// Allocation-free signal calls, for a forked child or a signal handler.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/types.h>

#include <cstddef>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// signalfd(2) (SFD_CLOEXEC) for the signals of set, which the caller keeps blocked.
Result<UniqueFd> signalfd(const sigset_t& set);

/// Reads one signal from a signalfd: its number.
Result<int> read_signal(int sfd);

/// sigwaitinfo(2), retried on EINTR: the signal taken from set (which must be blocked).
Result<int> sigwait(const sigset_t& set);

/// sigtimedwait(2), retried on EINTR: the signal, or 0 when timeout_ms passed first (a
/// negative timeout waits for ever).
Result<int> sigwait(const sigset_t& set, int timeout_ms);

/// poll(2), retried on EINTR: how many fds have events.
Result<int> poll(pollfd* fds, size_t n, int timeout_ms);

/// Waits until the process of pidfd has ended (its pidfd polls readable then; the process need
/// not be our child); ETIMEDOUT after timeout_ms (-1: no limit).
Result<void> wait_pidfd_exited(int pidfd, int timeout_ms = -1);

}  // namespace nsctl::sys

namespace nsctl::sys::raw {

/// sigprocmask(2); 0 or errno.
int sigprocmask(int how, const sigset_t* set, sigset_t* old);

/// kill(2); 0 or errno. Async-signal-safe (usable in a handler).
int kill(pid_t pid, int sig);

/// sigwaitinfo(2), retried on EINTR: the signal taken from set (which must be blocked), with
/// its details in *info; or -errno.
int sigwaitinfo(const sigset_t* set, siginfo_t* info);

/// sigaction(2) setting the default disposition of sig; 0 or errno.
int signal_default(int sig);

}  // namespace nsctl::sys::raw
