// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/fsnotify.h"

#include <sys/inotify.h>

#include <cerrno>
#include <string>

namespace nsctl::sys {

Result<UniqueFd> inotify_init1(int flags) {
    int fd = ::inotify_init1(flags | IN_CLOEXEC);
    if (fd < 0) return errno_error("inotify_init1");
    return UniqueFd(fd);
}

Result<int> inotify_add_watch(int fd, const char* path, uint32_t mask) {
    int wd = ::inotify_add_watch(fd, path, mask);
    if (wd < 0) return errno_error(std::string("inotify_add_watch ") + path);
    return wd;
}

}  // namespace nsctl::sys
