// SPDX-License-Identifier: GPL-2.0-or-later
// Syscalls that nsenter needs and the other sys files do not wrap: statfs(2), the nsfs and pidfd
// ioctls, and the capability calls of --keep-caps.
#pragma once

#include <sys/types.h>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// <linux/magic.h> values compared against statfs_type().
inline constexpr long kCgroup2Magic = 0x63677270;
inline constexpr long kNsfsMagic = 0x6e736673;

/// pidfd ioctls (Linux 6.11+): a namespace of the process, as a new nsfs fd
/// (PIDFD_GET_MNT_NAMESPACE, PIDFD_GET_USER_NAMESPACE).
inline constexpr unsigned long kPidfdGetMntNamespace = 0xff03;
inline constexpr unsigned long kPidfdGetUserNamespace = 0xff09;

/// statfs(2): the f_type of the filesystem holding path.
Result<long> statfs_type(const char* path);

/// fstatfs(2): the f_type of the filesystem holding fd.
Result<long> fstatfs_type(int fd);

/// An ioctl that returns a new fd (NS_GET_USERNS, NS_GET_PARENT, SIOCGSKNS, the pidfd
/// namespace ioctls). The kernel makes it close-on-exec. Errors: ENOTTY, EPERM, ESRCH.
Result<UniqueFd> ioctl_fd(int fd, unsigned long request);

}  // namespace nsctl::sys
