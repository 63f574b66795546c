// SPDX-License-Identifier: GPL-2.0-or-later
// Allocation-free signal calls, for a forked child or a signal handler.
#pragma once

#include <signal.h>
#include <sys/types.h>

namespace nsctl::sys::raw {

/// sigprocmask(2); 0 or errno.
int sigprocmask(int how, const sigset_t* set, sigset_t* old);

/// kill(2); 0 or errno. Async-signal-safe (usable in a handler).
int kill(pid_t pid, int sig);

}  // namespace nsctl::sys::raw
