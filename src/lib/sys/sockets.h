// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// socket(2) with SOCK_CLOEXEC added.
Result<UniqueFd> socket(int domain, int type, int protocol);

/// send(2), retried on EINTR.
Result<size_t> send(int fd, const void* buf, size_t len, int flags);

/// recv(2), retried on EINTR.
Result<size_t> recv(int fd, void* buf, size_t len, int flags);

/// getsockopt(2); *len is the size of val on entry and what the kernel wrote on return.
Result<void> getsockopt(int fd, int level, int optname, void* val, socklen_t* len);

}  // namespace nsctl::sys
