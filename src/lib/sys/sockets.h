// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// socket(2) with SOCK_CLOEXEC added.
Result<UniqueFd> socket(int domain, int type, int protocol);

/// send(2), retried on EINTR.
Result<size_t> send(int fd, const void* buf, size_t len, int flags);

/// recv(2), retried on EINTR.
Result<size_t> recv(int fd, void* buf, size_t len, int flags);

/// socketpair(2) AF_UNIX, SOCK_STREAM, with SOCK_CLOEXEC added.
Result<void> socketpair(UniqueFd fds[2]);

/// A SOCK_STREAM AF_UNIX socket connected to path (close-on-exec). ENAMETOOLONG when path does
/// not fit in sun_path.
Result<UniqueFd> connect_unix(const std::string& path);

/// sendmsg(2) of name (its bytes, at least one) with fd passed by SCM_RIGHTS: how runc hands a
/// terminal's master to a console socket, the name saying which terminal it is.
Result<void> send_fd_named(int sock, int fd, std::string_view name);

/// recvmsg(2) of one byte and one fd passed with SCM_RIGHTS (received close-on-exec). ENODATA
/// when the peer closed without sending one.
Result<UniqueFd> recv_fd(int sock);

/// setsockopt(2).
Result<void> setsockopt(int fd, int level, int optname, const void* val, socklen_t len);

/// bind(2).
Result<void> bind(int fd, const sockaddr* addr, socklen_t len);

/// sendto(2), retried on EINTR.
Result<size_t> sendto(int fd, const void* buf, size_t len, int flags, const sockaddr* to,
                      socklen_t to_len);

/// recvfrom(2), retried on EINTR; *from_len is the size of from on entry and the address's
/// length on return.
Result<size_t> recvfrom(int fd, void* buf, size_t len, int flags, sockaddr* from,
                        socklen_t* from_len);

/// getsockopt(2); *len is the size of val on entry and what the kernel wrote on return.
Result<void> getsockopt(int fd, int level, int optname, void* val, socklen_t* len);

namespace raw {
// Allocation-free, for a child between clone and exec: 0 or errno.

/// sendmsg(2) of one byte and fd with SCM_RIGHTS.
int send_fd(int sock, int fd);

/// The most fds send_byte_and_fds and recv_byte_and_fds pass at once.
inline constexpr int kMaxPassedFds = 8;

/// sendmsg(2) of byte and n fds (0 to kMaxPassedFds) with SCM_RIGHTS, retried on EINTR.
int send_byte_and_fds(int sock, char byte, const int* fds, int n);

/// The same with len bytes of data (at least one) instead of one byte.
int send_data_and_fds(int sock, const char* data, size_t len, const int* fds, int n);

/// recvmsg(2) of one byte and the fds passed with it (at most max, received close-on-exec),
/// retried on EINTR: 1 with *byte and *n set, 0 when the peer closed first, or -errno.
int recv_byte_and_fds(int sock, char* byte, int* fds, int max, int* n);

/// Sets the loopback interface "lo" of the caller's network namespace up (SIOCGIFFLAGS and
/// SIOCSIFFLAGS on a datagram socket): no netlink needed.
int set_loopback_up();
}  // namespace raw

}  // namespace nsctl::sys
