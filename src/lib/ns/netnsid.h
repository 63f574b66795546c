// SPDX-License-Identifier: GPL-2.0-or-later
// The id a network namespace has in the caller's network namespace (RTM_GETNSID, rtnetlink(7)).
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::ns {

inline constexpr int kNetnsidUnassigned = -1;  ///< NETNSA_NSID_NOT_ASSIGNED

class NetnsidQuery {
  public:
    /// Opens a NETLINK_ROUTE socket.
    static Result<NetnsidQuery> open();

    /// The nsid of the network namespace nsfd refers to, or kNetnsidUnassigned. Borrows nsfd.
    Result<int> query(int nsfd);

  private:
    explicit NetnsidQuery(UniqueFd sock) : sock_(std::move(sock)) {}
    UniqueFd sock_;
    unsigned seq_ = 0;
};

}  // namespace nsctl::ns
