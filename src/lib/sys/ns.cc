// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/ns.h"

#include <sched.h>

#include <cerrno>
#include <string>

namespace nsctl::sys {

Result<void> setns(int fd, int nstype) {
    if (::setns(fd, nstype) != 0) return errno_error("setns");
    return {};
}

Result<void> unshare(int flags) {
    if (::unshare(flags) != 0) return errno_error("unshare");
    return {};
}

namespace raw {
int setns(int fd, int nstype) { return ::setns(fd, nstype) == 0 ? 0 : errno; }
int unshare(int flags) { return ::unshare(flags) == 0 ? 0 : errno; }
}  // namespace raw

}  // namespace nsctl::sys
