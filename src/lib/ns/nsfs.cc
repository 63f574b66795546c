// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/nsfs.h"

#include <fcntl.h>
#include <linux/ioctl.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "sys/enter_calls.h"
#include "sys/fd.h"
#include "sys/fhandle.h"
#include "sys/linux_compat.h"
#include "sys/process.h"

namespace nsctl::ns {

Result<Kind> nstype(int nsfd) {
    int flag = NSCTL_TRY(sys::ioctl(nsfd, NS_GET_NSTYPE));
    auto kind = kind_from_clone_flag(flag);
    if (!kind) return Error{EINVAL, "NS_GET_NSTYPE"};
    return *kind;
}

Result<UniqueFd> parent(int nsfd) {
    auto r = sys::ioctl(nsfd, NS_GET_PARENT);
    if (!r) return Error{r.error().code, "NS_GET_PARENT"};
    return UniqueFd(*r);
}

Result<UniqueFd> owner(int nsfd) {
    auto r = sys::ioctl(nsfd, NS_GET_USERNS);
    if (!r) return Error{r.error().code, "NS_GET_USERNS"};
    return UniqueFd(*r);
}

Result<uid_t> owner_uid(int nsfd) {
    uid_t uid = 0;
    auto r = sys::ioctl(nsfd, NS_GET_OWNER_UID, &uid);
    if (!r) return Error{r.error().code, "NS_GET_OWNER_UID"};
    return uid;
}

static_assert(NS_GET_ID == _IOR(0xb7, 13, uint64_t));

Result<uint64_t> ns_id(int nsfd) {
    uint64_t value = 0;
    auto r = sys::ioctl(nsfd, NS_GET_ID, &value);
    if (!r) return Error{r.error().code, "NS_GET_ID"};
    return value;
}

Result<UniqueFd> open_by_handle(uint64_t id, uint32_t type, uint32_t inum) {
    // FILEID_NSFS is not in the uapi headers: take the handle type from a handle of a namespace
    // we have, our mount namespace (every kernel has one), whose fd also serves as mount_fd.
    const char* const fill = "failed to fill namespace file handle";
    auto pidfd = sys::pidfd_open(sys::getpid(), 0);
    if (!pidfd) return Error{pidfd.error().code, fill};
    auto mntns = sys::ioctl_fd(pidfd->get(), sys::kPidfdGetMntNamespace);
    if (!mntns) return Error{mntns.error().code, fill};
    auto handle = sys::name_to_handle_at(mntns->get(), "", AT_EMPTY_PATH | AT_HANDLE_FID);
    if (!handle) return Error{handle.error().code, fill};
    // The nsfs handle ABI allows handles built in userspace, so ours replaces the bytes.
    sys::NsfsFileHandle nsfh{id, type, inum};
    handle->size = sizeof nsfh;
    std::memcpy(handle->data.data(), &nsfh, sizeof nsfh);
    auto fd = sys::open_by_handle_at(mntns->get(), *handle, O_RDONLY);
    if (!fd) return Error{fd.error().code, "cannot open namespace of id " + std::to_string(id)};
    return std::move(*fd);
}

Result<UniqueFd> open_by_id(uint64_t id) { return open_by_handle(id, 0, 0); }

}  // namespace nsctl::ns
