// SPDX-License-Identifier: GPL-2.0-or-later
// statvfs(3): the mount flags of the file system holding a path.
#pragma once

namespace nsctl::sys::raw {

/// statvfs(3), reduced to the f_flag word (ST_RDONLY, ...): 0 or errno, the flags in *flags.
/// Async-signal-safe, allocation-free: for a child between fork and exec.
int statvfs_flags(const char* path, unsigned long* flags);

}  // namespace nsctl::sys::raw
