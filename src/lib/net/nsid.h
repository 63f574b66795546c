// SPDX-License-Identifier: GPL-2.0-or-later
// Network namespace ids (nsid, rtnetlink(7) RTM_*NSID): the number under which one network
// namespace knows another, as `ip netns list`, `list-id` and `set` show and assign them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/netlink.h"

namespace nsctl::net {

inline constexpr int kNsidUnassigned = -1;  ///< NETNSA_NSID_NOT_ASSIGNED
inline constexpr int kNsidAuto = -1;        ///< for set_nsid: the kernel picks the lowest free

/// RTM_NEWNSID in nl's namespace: gives nsfd's namespace (borrowed) the id nsid, or kNsidAuto.
/// EEXIST when the id is taken or the namespace has one already (the kernel's extended ACK
/// says which). `what` starts the error's context. Needs CAP_NET_ADMIN.
Result<void> set_nsid(Netlink& nl, int nsfd, int nsid, std::string_view what);

/// One id of an RTM_GETNSID answer. With a target namespace, nsid is the target's id for a
/// peer and current_nsid the id nl's own namespace gives that peer (NETNSA_CURRENT_NSID).
struct NsidEntry {
    int nsid = kNsidUnassigned;
    int current_nsid = kNsidUnassigned;
};

/// Every nsid assigned in nl's namespace, or (target_nsid) in the namespace that nl's knows by
/// that id (RTM_GETNSID dump with NETNSA_TARGET_NSID), in the kernel's order. EINVAL with the
/// kernel's text when no namespace has the target id.
Result<std::vector<NsidEntry>> list_nsids(Netlink& nl, std::optional<int> target_nsid = {});

/// RTM_GETNSID for one id (NETNSA_NSID), in nl's namespace or the target's: the entry, or the
/// kernel's error (EINVAL "Peer netns reference is invalid" for an unknown id). `what` starts
/// the error's context.
Result<NsidEntry> lookup_nsid(Netlink& nl, int nsid, std::optional<int> target_nsid,
                              std::string_view what);

/// RTM_GETNSID: the id nl's namespace gives nsfd's namespace (borrowed), or kNsidUnassigned.
Result<int> get_nsid(Netlink& nl, int nsfd);

}  // namespace nsctl::net
