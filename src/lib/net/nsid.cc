// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nsid.h"

#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <string>

namespace nsctl::net {
namespace {

// The NETNSA_NSID of an RTM_NEWNSID message, or kNsidUnassigned without one.
int nsid_of(const nlmsghdr* nlh) {
    int id = kNsidUnassigned;
    for_each_attr(nlh, sizeof(rtgenmsg), [&](const nlattr* a) {
        if (mnl_attr_get_type(a) == NETNSA_NSID && mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
            id = static_cast<int>(mnl_attr_get_u32(a));
    });
    return id;
}

}  // namespace

Result<void> set_nsid(Netlink& nl, int nsfd, int nsid, std::string_view what) {
    Message msg(RTM_NEWNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    msg.put_u32(NETNSA_FD, static_cast<uint32_t>(nsfd));
    msg.put_u32(NETNSA_NSID, static_cast<uint32_t>(nsid));
    return nl.call(msg, what);
}

Result<std::vector<int>> list_nsids(Netlink& nl) {
    Message msg(RTM_GETNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    std::vector<int> ids;
    NSCTL_TRY(nl.dump(msg, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type == RTM_NEWNSID) ids.push_back(nsid_of(nlh));
    }));
    return ids;
}

Result<int> get_nsid(Netlink& nl, int nsfd) {
    Message msg(RTM_GETNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    msg.put_u32(NETNSA_FD, static_cast<uint32_t>(nsfd));
    int id = kNsidUnassigned;
    NSCTL_TRY(nl.get(msg, "RTM_GETNSID", [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type == RTM_NEWNSID) id = nsid_of(nlh);
    }));
    return id;
}

}  // namespace nsctl::net
