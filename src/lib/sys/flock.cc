// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/flock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

namespace nsctl::sys {

Result<void> flock(int fd, int op) {
    while (::flock(fd, op) != 0) {
        if (errno != EINTR) return errno_error("flock");
    }
    return {};
}

Result<void> mkdirat(int dirfd, const char* path, mode_t mode) {
    if (::mkdirat(dirfd, path, mode) != 0) return errno_error(std::string("mkdir ") + path);
    return {};
}

Result<void> renameat(int olddirfd, const char* oldpath, int newdirfd, const char* newpath) {
    if (::renameat(olddirfd, oldpath, newdirfd, newpath) != 0)
        return errno_error(std::string("rename ") + oldpath);
    return {};
}

Result<void> unlinkat(int dirfd, const char* path, int flags) {
    if (::unlinkat(dirfd, path, flags) != 0) return errno_error(std::string("unlink ") + path);
    return {};
}

}  // namespace nsctl::sys
