// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/supervise.h"

#include <sys/wait.h>

#include "sys/signals.h"

namespace nsctl::sandbox {

BlockedSignals::BlockedSignals(Terminal tty) {
    sigemptyset(&set_);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD}) sigaddset(&set_, sig);
    if (tty == Terminal::kYes) sigaddset(&set_, SIGWINCH);
    ok_ = sys::raw::sigprocmask(SIG_BLOCK, &set_, &old_) == 0;
}

BlockedSignals::~BlockedSignals() {
    if (ok_) (void)sys::raw::sigprocmask(SIG_SETMASK, &old_, nullptr);
}

Result<int> wait_forwarding(ChildProcess& child, const sigset_t& set, Deadline& deadline) {
    while (true) {
        int sig = NSCTL_TRY(sys::sigwait(set, deadline.wait_ms()));
        if (sig == 0) {
            deadline.fire_due(child);
            continue;
        }
        if (sig != SIGCHLD) {
            (void)child.signal(sig);
            continue;
        }
        auto st = NSCTL_TRY(child.wait(WNOHANG));
        if (st) return *st;
    }
}

}  // namespace nsctl::sandbox
