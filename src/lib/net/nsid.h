// SPDX-License-Identifier: GPL-2.0-or-later
// Network namespace ids (nsid, rtnetlink(7) RTM_*NSID): the number under which one network
// namespace knows another, as `ip netns list`, `list-id` and `set` show and assign them.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/netlink.h"

struct mnl_socket;

namespace nsctl::net {

inline constexpr int kNsidUnassigned = -1;  ///< NETNSA_NSID_NOT_ASSIGNED
inline constexpr int kNsidAuto = -1;        ///< for set_nsid: the kernel picks the lowest free

/// RTM_NEWNSID in nl's namespace: gives nsfd's namespace (borrowed) the id nsid, or kNsidAuto.
/// EEXIST when the id is taken or the namespace has one already (the kernel's extended ACK
/// says which). `what` starts the error's context. Needs CAP_NET_ADMIN.
Result<void> set_nsid(Netlink& nl, int nsfd, int nsid, std::string_view what);

/// Every nsid assigned in nl's namespace (RTM_GETNSID dump), in the kernel's order.
Result<std::vector<int>> list_nsids(Netlink& nl);

/// RTM_GETNSID requests: a request with a reply (not an ACK), which Netlink does not send.
class NsidQuery {
  public:
    /// Opens a NETLINK_ROUTE socket in the calling thread's network namespace, or, with
    /// netns_fd >= 0 (borrowed), in that one (the thread enters it for socket(2) only).
    static Result<NsidQuery> open(int netns_fd = -1);

    NsidQuery(NsidQuery&& other) noexcept;
    NsidQuery& operator=(NsidQuery&& other) noexcept;
    NsidQuery(const NsidQuery&) = delete;
    NsidQuery& operator=(const NsidQuery&) = delete;
    ~NsidQuery();

    /// The id the socket's namespace gives nsfd's namespace (borrowed), or kNsidUnassigned.
    Result<int> get(int nsfd);

  private:
    explicit NsidQuery(mnl_socket* sock) : sock_(sock) {}
    mnl_socket* sock_ = nullptr;
    unsigned seq_ = 0;
};

}  // namespace nsctl::net
