// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/enter_calls.h"

#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace nsctl::sys {

Result<long> statfs_type(const char* path) {
    struct statfs st {};
    if (::statfs(path, &st) != 0) return errno_error(std::string("statfs ") + path);
    return static_cast<long>(st.f_type);
}

Result<long> fstatfs_type(int fd) {
    struct statfs st {};
    if (::fstatfs(fd, &st) != 0) return errno_error("fstatfs");
    return static_cast<long>(st.f_type);
}

Result<UniqueFd> ioctl_fd(int fd, unsigned long request) {
    int r = ::ioctl(fd, request, 0);
    if (r < 0) return errno_error("ioctl");
    return UniqueFd(r);
}

}  // namespace nsctl::sys
