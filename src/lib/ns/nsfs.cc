// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/nsfs.h"

#include <cerrno>

#include "sys/fd.h"
#include "sys/linux_compat.h"

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

}  // namespace nsctl::ns
