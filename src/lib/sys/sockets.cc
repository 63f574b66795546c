// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/sockets.h"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sys/raw_call.h"

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

Result<void> socketpair(UniqueFd fds[2]) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return errno_error("socketpair");
    fds[0].reset(sv[0]);
    fds[1].reset(sv[1]);
    return {};
}

Result<UniqueFd> connect_unix(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof(addr.sun_path)) return Error{ENAMETOOLONG, path};
    std::memcpy(addr.sun_path, path.data(), path.size());
    UniqueFd fd = NSCTL_TRY(sys::socket(AF_UNIX, SOCK_STREAM, 0));
    while (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
        if (errno != EINTR) return Error{errno, path};
    }
    return fd;
}

Result<void> send_fd_named(int sock, int fd, std::string_view name) {
    if (name.empty()) return Error{EINVAL, "send_fd_named"};
    if (int e = raw::send_data_and_fds(sock, name.data(), name.size(), &fd, 1))
        return Error{e, "sendmsg"};
    return {};
}

Result<UniqueFd> recv_fd(int sock) {
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n;
    while ((n = ::recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0) {
        if (errno != EINTR) return errno_error("recvmsg");
    }
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    if (n == 0 || c == nullptr || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        return Error{ENODATA, "recvmsg"};
    int fd;
    std::memcpy(&fd, CMSG_DATA(c), sizeof(fd));
    return UniqueFd(fd);
}

Result<void> getsockopt(int fd, int level, int optname, void* val, socklen_t* len) {
    if (::getsockopt(fd, level, optname, val, len) != 0) return errno_error("getsockopt");
    return {};
}

Result<void> setsockopt(int fd, int level, int optname, const void* val, socklen_t len) {
    if (::setsockopt(fd, level, optname, val, len) != 0) return errno_error("setsockopt");
    return {};
}

Result<void> bind(int fd, const sockaddr* addr, socklen_t len) {
    if (::bind(fd, addr, len) != 0) return errno_error("bind");
    return {};
}

Result<size_t> sendto(int fd, const void* buf, size_t len, int flags, const sockaddr* to,
                      socklen_t to_len) {
    while (true) {
        ssize_t n = ::sendto(fd, buf, len, flags, to, to_len);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return errno_error("sendto");
    }
}

Result<size_t> recvfrom(int fd, void* buf, size_t len, int flags, sockaddr* from,
                        socklen_t* from_len) {
    while (true) {
        ssize_t n = ::recvfrom(fd, buf, len, flags, from, from_len);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return errno_error("recvfrom");
    }
}

namespace raw {

int send_fd(int sock, int fd) { return send_byte_and_fds(sock, 0, &fd, 1); }

int send_byte_and_fds(int sock, char byte, const int* fds, int n) {
    return send_data_and_fds(sock, &byte, 1, fds, n);
}

int send_data_and_fds(int sock, const char* data, size_t len, const int* fds, int n) {
    if (n < 0 || n > kMaxPassedFds) return EINVAL;
    iovec iov{const_cast<char*>(data), len};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxPassedFds)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (n > 0) {
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * static_cast<size_t>(n));
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * static_cast<size_t>(n));
        std::memcpy(CMSG_DATA(c), fds, sizeof(int) * static_cast<size_t>(n));
    }
    long r;
    while ((r = call(SYS_sendmsg, sock, &msg, MSG_NOSIGNAL)) == -EINTR) {
    }
    return error_of(r);
}

int recv_byte_and_fds(int sock, char* byte, int* fds, int max, int* n) {
    iovec iov{byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxPassedFds)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    long r;
    while ((r = call(SYS_recvmsg, sock, &msg, MSG_CMSG_CLOEXEC)) == -EINTR) {
    }
    *n = 0;
    if (r <= 0) return static_cast<int>(r);
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
            if (*n < max) {
                fds[(*n)++] = fd;
            } else {
                call(SYS_close, fd);  // more than asked for: not ours to keep
            }
        }
    }
    return 1;
}

int set_loopback_up() {
    long s = call(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return static_cast<int>(-s);
    ifreq ifr{};
    std::memcpy(ifr.ifr_name, "lo", 3);
    int err = error_of(call(SYS_ioctl, s, SIOCGIFFLAGS, &ifr));
    if (err == 0) {
        ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
        err = error_of(call(SYS_ioctl, s, SIOCSIFFLAGS, &ifr));
    }
    call(SYS_close, s);
    return err;
}

}  // namespace raw

}  // namespace nsctl::sys
