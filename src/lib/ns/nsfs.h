// SPDX-License-Identifier: GPL-2.0-or-later
// Queries on an nsfs file descriptor (ioctl_ns(2)), and opening a namespace by its id.
#pragma once

#include <sys/types.h>

#include <cstdint>

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

/// NS_GET_ID (Linux 6.18): the namespace's 64-bit id, never reused while the system runs.
/// ENOTTY when fd is not a namespace or the kernel lacks the ioctl.
Result<uint64_t> ns_id(int nsfd);

/// Opens a namespace from the fields of an nsfs file handle (struct nsfs_file_handle): its
/// NS_GET_ID id, its CLONE_NEW* type and its nsfs inode number, the last two both 0 or both set.
/// The handle is opened by open_by_handle_at(2); its handle type and the mount fd come from our
/// own mount namespace (PIDFD_GET_MNT_NAMESPACE, Linux 6.11). Returns a new close-on-exec fd.
/// Errors, with util-linux 2.42 nsenter's contexts: "failed to fill namespace file handle" when
/// that preparation fails (ENOTTY, EOPNOTSUPP, EINVAL: a kernel without namespace handles);
/// "cannot open namespace of id ID": ESTALE when no namespace matches (Linux 6.18 finds one only
/// from all three fields, though the handle ABI allows the id alone), EPERM when the caller may
/// not open it.
Result<UniqueFd> open_by_handle(uint64_t id, uint32_t type, uint32_t inum);

/// open_by_handle(id, 0, 0): the namespace with that NS_GET_ID id, as util-linux 2.42's nsenter
/// opens --net=:ID.
Result<UniqueFd> open_by_id(uint64_t id);

}  // namespace nsctl::ns
