// SPDX-License-Identifier: GPL-2.0-or-later
// Network namespace ids (nsid, rtnetlink(7) RTM_*NSID): the number under which one network
// namespace knows another, as `ip netns list`, `list-id` and `set` show and assign them.
#pragma once

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

/// Every nsid assigned in nl's namespace (RTM_GETNSID dump), in the kernel's order.
Result<std::vector<int>> list_nsids(Netlink& nl);

/// RTM_GETNSID: the id nl's namespace gives nsfd's namespace (borrowed), or kNsidUnassigned.
Result<int> get_nsid(Netlink& nl, int nsfd);

}  // namespace nsctl::net
