// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run --net user: a network for a sandbox with no privilege on the host, by pasta(1) from
// Debian's package passt. pasta joins the sandbox's user and network namespaces, makes its tap
// interface there with the host's addresses and routes (--config-net), and carries the
// sandbox's connections out through ordinary sockets of the caller's. nsctl passes --publish
// on as pasta's -t/-u, and turns off what would reach the host itself: no port of the host's
// loopback forwarded in (-T none, -U none), no gateway address mapped to the host
// (--no-map-gw). pasta daemonizes once the namespace is set up; its daemon is killed when the
// sandbox ends, and the daemons of nsctls that were killed are killed by the next --net user
// run (records in STATE_DIR/.pasta).
#pragma once

#include <sys/types.h>

#include <string>

#include "base/result.h"
#include "sandbox/network.h"

namespace nsctl::sandbox {

/// Checks that --net user can work for the caller: not root (pasta gives root up for nobody,
/// which may not enter the sandbox's namespaces), pasta installed, /dev/net/tun readable and
/// writable. A whole message (code 0) naming what is missing.
Result<void> check_user_network();

class UserNetwork {
  public:
    UserNetwork() = default;
    UserNetwork(UserNetwork&& other) noexcept;
    UserNetwork& operator=(UserNetwork&& other) noexcept;
    UserNetwork(const UserNetwork&) = delete;
    UserNetwork& operator=(const UserNetwork&) = delete;
    ~UserNetwork();

    /// Runs pasta for child's namespaces (its id maps written) and waits until it has set them
    /// up. state_dir: the caller's registry directory.
    static Result<UserNetwork> create(pid_t child, const NetworkSpec& spec,
                                      const std::string& state_dir);

  private:
    void stop();

    pid_t pid_ = -1;  ///< pasta's daemon
    std::string starttime_;
    std::string record_;
};

}  // namespace nsctl::sandbox
