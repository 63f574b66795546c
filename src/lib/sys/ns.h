// SPDX-License-Identifier: GPL-2.0-or-later
// Namespace syscalls: setns(2), unshare(2).
#pragma once

#include "base/result.h"

namespace nsctl::sys {

/// setns(2). Borrows fd (an nsfs file or a pidfd). nstype: 0 or CLONE_NEW* flags (several with a
/// pidfd). Errors: EPERM (no CAP_SYS_ADMIN in the target's owner), EINVAL (wrong type, or a pid
/// namespace that is not a descendant), EUSERS, ENOSPC.
Result<void> setns(int fd, int nstype);

/// unshare(2) with CLONE_NEW* flags.
Result<void> unshare(int flags);

namespace raw {
// Async-signal-safe variants for a child between fork and exec: no allocation; return 0 or errno.
int setns(int fd, int nstype);
int unshare(int flags);
}  // namespace raw

}  // namespace nsctl::sys
