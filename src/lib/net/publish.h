// SPDX-License-Identifier: GPL-2.0-or-later
// Published ports of `nsctl run --publish`: a port of the host's own addresses forwarded (DNAT)
// to an address behind it, in a table of nsctl's own (ip nsctl_publish, apart from `nsctl nat`'s
// ip nsctl). Its chains hook prerouting (connections from elsewhere) and output (from the host
// itself), and every rule matches only packets addressed to the host (fib daddr type local), so
// the host's own connections to other machines' ports are never diverted. Rules carry the comment
// "nsctl:TAG" of their owner and are removed by it; the table goes with its last rule. Requests
// are JSON built from structure (net/nft_request.h). The callers serialize changes (nsctl run
// holds its lease directory's lock).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::net {

struct PortForward {
    uint16_t host_port = 0;
    uint16_t port = 0;
    bool udp = false;
};

/// The request that adds the table and its chains (when missing: nftables' add is idempotent)
/// and one rule per forward to `to` (an IPv4 address), commented "nsctl:TAG". Exposed for tests.
std::string publish_add_request(const std::string& tag, const std::string& to,
                                const std::vector<PortForward>& forwards);

/// Adds the forwards in one transaction, in the caller's network namespace. EPERM "nftables
/// needs CAP_NET_ADMIN".
Result<void> publish_add(const std::string& tag, const std::string& to,
                         const std::vector<PortForward>& forwards);

/// Removes the rules of TAG (none: no error), and the table when no rule is left in it.
Result<void> publish_remove(const std::string& tag);

}  // namespace nsctl::net
