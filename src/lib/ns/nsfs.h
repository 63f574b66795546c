// SPDX-License-Identifier: GPL-2.0-or-later
// Queries on an nsfs file descriptor (ioctl_ns(2)).
#pragma once

#include <sys/types.h>

#include "base/result.h"
#include "base/unique_fd.h"
#include "ns/kinds.h"

namespace nsctl::ns {

/// NS_GET_NSTYPE. Errors: ENOTTY when fd is not a namespace (or the kernel lacks the ioctl);
/// EINVAL for a kind nsctl does not know.
Result<Kind> nstype(int nsfd);

/// NS_GET_PARENT: the parent of a pid or user namespace (a new fd, owned by the caller).
/// EPERM when the parent is outside the caller's reach (e.g. the initial namespace).
Result<UniqueFd> parent(int nsfd);

/// NS_GET_USERNS: the user namespace owning the namespace (a new fd). EPERM as for parent().
Result<UniqueFd> owner(int nsfd);

/// NS_GET_OWNER_UID: the uid of the creator of a user namespace. EINVAL for other kinds.
Result<uid_t> owner_uid(int nsfd);

}  // namespace nsctl::ns
