// SPDX-License-Identifier: GPL-2.0-or-later
// --timeout: the sandbox gets SIGTERM when its time is up, and SIGKILL a grace period later.
#pragma once

#include <time.h>

#include <optional>

#include "sandbox/spawn.h"

namespace nsctl::sandbox {

class Deadline {
  public:
    /// No deadline without timeout (seconds); kill_after seconds after the SIGTERM, SIGKILL.
    Deadline(std::optional<double> timeout, double kill_after);

    /// Milliseconds until the next signal is due (0 when due now), or -1 for none.
    int wait_ms() const;

    /// Sends child what is due now, if anything: SIGTERM first, then SIGKILL.
    void fire_due(ChildProcess& child);

    /// True once the SIGTERM has been sent.
    bool timed_out() const { return step_ > 0; }

  private:
    std::optional<timespec> term_at_, kill_at_;
    int step_ = 0;  ///< 0 nothing sent, 1 SIGTERM sent, 2 SIGKILL sent
};

}  // namespace nsctl::sandbox
