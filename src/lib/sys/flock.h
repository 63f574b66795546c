// SPDX-License-Identifier: GPL-2.0-or-later
// flock(2) and the directory calls netns management needs: mkdir, unlink.
#pragma once

#include <sys/types.h>

#include "base/result.h"

namespace nsctl::sys {

/// flock(2), retried on EINTR. op: LOCK_EX, LOCK_UN, ...
Result<void> flock(int fd, int op);

/// mkdirat(2).
Result<void> mkdirat(int dirfd, const char* path, mode_t mode);

/// renameat(2): replaces newpath atomically.
Result<void> renameat(int olddirfd, const char* oldpath, int newdirfd, const char* newpath);

/// unlinkat(2) (flags: 0 or AT_REMOVEDIR).
Result<void> unlinkat(int dirfd, const char* path, int flags);

}  // namespace nsctl::sys
