// SPDX-License-Identifier: GPL-2.0-or-later
// flock(2) and the directory calls netns management and state files need: mkdir, rename,
// unlink, mkfifo, and a file replaced whole.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/result.h"

namespace nsctl::sys {

/// flock(2), retried on EINTR. op: LOCK_EX, LOCK_UN, ...
Result<void> flock(int fd, int op);

/// mkdirat(2).
Result<void> mkdirat(int dirfd, const char* path, mode_t mode);

/// renameat(2): replaces newpath atomically.
Result<void> renameat(int olddirfd, const char* oldpath, int newdirfd, const char* newpath);

/// Writes text to path.tmp (mode for a new file) and renames it over path: readers see the old
/// file or the new one whole. "open PATH.tmp", "write PATH.tmp" or "rename PATH.tmp" on failure.
Result<void> replace_file(const std::string& path, std::string_view text, mode_t mode);
/// The same, path relative to dirfd (AT_FDCWD: to the working directory): a directory opened
/// before the caller changed its mount namespace still names the caller's own.
Result<void> replace_file_at(int dirfd, const std::string& path, std::string_view text,
                             mode_t mode);

/// mkfifo(3) (mknodat with S_IFIFO).
Result<void> mkfifo(const char* path, mode_t mode);

/// unlinkat(2) (flags: 0 or AT_REMOVEDIR).
Result<void> unlinkat(int dirfd, const char* path, int flags);

}  // namespace nsctl::sys
