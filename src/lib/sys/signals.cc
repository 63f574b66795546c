// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/signals.h"

#include <cerrno>

namespace nsctl::sys::raw {

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
    return ::sigprocmask(how, set, old) == 0 ? 0 : errno;
}

int kill(pid_t pid, int sig) { return ::kill(pid, sig) == 0 ? 0 : errno; }

}  // namespace nsctl::sys::raw
