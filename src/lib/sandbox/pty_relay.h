// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl run --tty`: our terminal (stdin, stdout) and the sandbox's new terminal, joined.
#pragma once

#include <signal.h>

#include "base/result.h"
#include "sandbox/deadline.h"
#include "sandbox/spawn.h"

namespace nsctl::sandbox {

/// Relays our stdin to the terminal master and the master to our stdout until child (PID 1 of
/// the sandbox) has ended and the terminal has nothing more to say; meanwhile takes the signals
/// of set (blocked by the caller): SIGCHLD, SIGWINCH (the window size follows ours), and the
/// others are passed on to child. Our stdin, when it is a terminal, is in raw mode meanwhile and
/// restored after; when it is not, its end of file reaches the command as the terminal's EOF
/// character. Signals child as deadline says. Returns child's wait status.
Result<int> relay_terminal(ChildProcess& child, int master, const sigset_t& set,
                           Deadline& deadline);

}  // namespace nsctl::sandbox
