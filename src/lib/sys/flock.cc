// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/flock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "base/unique_fd.h"
#include "sys/fd.h"

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

Result<void> replace_file(const std::string& path, std::string_view text, mode_t mode) {
    return replace_file_at(AT_FDCWD, path, text, mode);
}

Result<void> replace_file_at(int dirfd, const std::string& path, std::string_view text,
                             mode_t mode) {
    std::string tmp = path + ".tmp";
    {
        UniqueFd fd = NSCTL_TRY(openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode));
        size_t done = 0;
        while (done < text.size())
            done += NSCTL_TRY(write(fd.get(), text.data() + done, text.size() - done));
    }
    return renameat(dirfd, tmp.c_str(), dirfd, path.c_str());
}

Result<void> mkfifo(const char* path, mode_t mode) {
    if (::mknodat(AT_FDCWD, path, S_IFIFO | mode, 0) != 0)
        return errno_error(std::string("mkfifo ") + path);
    return {};
}

Result<void> unlinkat(int dirfd, const char* path, int flags) {
    if (::unlinkat(dirfd, path, flags) != 0) return errno_error(std::string("unlink ") + path);
    return {};
}

}  // namespace nsctl::sys
