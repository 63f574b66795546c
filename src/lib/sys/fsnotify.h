// SPDX-License-Identifier: GPL-2.0-or-later
// inotify(7): inotify_init1(2) and inotify_add_watch(2).
#pragma once

#include <cstdint>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// inotify_init1(2) with IN_CLOEXEC added.
Result<UniqueFd> inotify_init1(int flags);

/// inotify_add_watch(2): the watch descriptor. Borrows fd. Context names the path.
Result<int> inotify_add_watch(int fd, const char* path, uint32_t mask);

}  // namespace nsctl::sys
