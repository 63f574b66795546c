// SPDX-License-Identifier: GPL-2.0-or-later
// What a parent does while its sandboxed child runs (nsctl run, nsctl exec): keep the signals it
// passes on blocked, and wait, passing them on.
#pragma once

#include <signal.h>

#include "base/result.h"
#include "sandbox/deadline.h"
#include "sandbox/spawn.h"

namespace nsctl::sandbox {

/// SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD (and SIGWINCH with a terminal) blocked while it
/// lives, so that they wait to be taken by sigwaitinfo or a signalfd; the old mask after.
class BlockedSignals {
  public:
    enum class Terminal { kNo, kYes };
    explicit BlockedSignals(Terminal tty);
    BlockedSignals(const BlockedSignals&) = delete;
    BlockedSignals& operator=(const BlockedSignals&) = delete;
    ~BlockedSignals();
    bool ok() const { return ok_; }
    const sigset_t& set() const { return set_; }
    const sigset_t& old() const { return old_; }

  private:
    sigset_t set_{}, old_{};
    bool ok_ = false;
};

/// Waits for child, passing every signal of set but SIGCHLD on to it and signalling it as
/// deadline says: its wait status.
Result<int> wait_forwarding(ChildProcess& child, const sigset_t& set, Deadline& deadline);

}  // namespace nsctl::sandbox
