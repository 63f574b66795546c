// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nsid.h"

#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <string>

namespace nsctl::net {
namespace {

// The NETNSA_NSID and NETNSA_CURRENT_NSID of an RTM_NEWNSID message (kNsidUnassigned where
// one is missing).
NsidEntry entry_of(const nlmsghdr* nlh) {
    NsidEntry e;
    for_each_attr(nlh, sizeof(rtgenmsg), [&](const nlattr* a) {
        if (mnl_attr_validate(a, MNL_TYPE_U32) < 0) return;
        int v = static_cast<int>(mnl_attr_get_u32(a));
        if (mnl_attr_get_type(a) == NETNSA_NSID) e.nsid = v;
        if (mnl_attr_get_type(a) == NETNSA_CURRENT_NSID) e.current_nsid = v;
    });
    return e;
}

int nsid_of(const nlmsghdr* nlh) { return entry_of(nlh).nsid; }

Message nsid_request(std::optional<int> target_nsid) {
    Message msg(RTM_GETNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    if (target_nsid) msg.put_u32(NETNSA_TARGET_NSID, static_cast<uint32_t>(*target_nsid));
    return msg;
}

}  // namespace

Result<void> set_nsid(Netlink& nl, int nsfd, int nsid, std::string_view what) {
    Message msg(RTM_NEWNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    msg.put_u32(NETNSA_FD, static_cast<uint32_t>(nsfd));
    msg.put_u32(NETNSA_NSID, static_cast<uint32_t>(nsid));
    return nl.call(msg, what);
}

Result<std::vector<NsidEntry>> list_nsids(Netlink& nl, std::optional<int> target_nsid) {
    Message msg = nsid_request(target_nsid);
    std::vector<NsidEntry> ids;
    std::string what = target_nsid ? "target-nsid " + std::to_string(*target_nsid) : "dump";
    NSCTL_TRY(nl.dump(
        msg,
        [&](const nlmsghdr* nlh) {
            if (nlh->nlmsg_type == RTM_NEWNSID) ids.push_back(entry_of(nlh));
        },
        what));
    return ids;
}

Result<NsidEntry> lookup_nsid(Netlink& nl, int nsid, std::optional<int> target_nsid,
                              std::string_view what) {
    Message msg = nsid_request(target_nsid);
    msg.put_u32(NETNSA_NSID, static_cast<uint32_t>(nsid));
    NsidEntry found;
    NSCTL_TRY(nl.get(msg, what, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type == RTM_NEWNSID) found = entry_of(nlh);
    }));
    return found;
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
