// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/sockets.h"

#include <sys/socket.h>

#include <cerrno>

namespace nsctl::sys {

Result<UniqueFd> socket(int domain, int type, int protocol) {
    int fd = ::socket(domain, type | SOCK_CLOEXEC, protocol);
    if (fd < 0) return errno_error("socket");
    return UniqueFd(fd);
}

Result<size_t> send(int fd, const void* buf, size_t len, int flags) {
    while (true) {
        ssize_t n = ::send(fd, buf, len, flags);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return errno_error("send");
    }
}

Result<size_t> recv(int fd, void* buf, size_t len, int flags) {
    while (true) {
        ssize_t n = ::recv(fd, buf, len, flags);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return errno_error("recv");
    }
}

Result<void> getsockopt(int fd, int level, int optname, void* val, socklen_t* len) {
    if (::getsockopt(fd, level, optname, val, len) != 0) return errno_error("getsockopt");
    return {};
}

}  // namespace nsctl::sys
