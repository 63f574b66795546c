// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/ns.h"

#include <sched.h>

#include <cerrno>
#include <string>

#include "sys/raw_call.h"

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
int setns(int fd, int nstype) { return error_of(call(SYS_setns, fd, nstype)); }
int unshare(int flags) { return error_of(call(SYS_unshare, flags)); }
}  // namespace raw

}  // namespace nsctl::sys
