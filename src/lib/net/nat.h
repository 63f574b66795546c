// SPDX-License-Identifier: GPL-2.0-or-later
// "Enable internet access" for a subnet: IPv4 forwarding plus masquerading, through libnftables,
// in a table that belongs to nsctl alone (ip nsctl). Nothing else of the ruleset is
// read-modified-written: other tables are never flushed or edited, and a table named ip nsctl
// that nsctl did not make is left alone. What nftables gets is JSON built from structure
// (net/nft.h), never nft command text. The forwarding setting found before the first subnet is
// recorded in a file of its own (outside nftables, so that a flushed ruleset does not lose it),
// and the last disable sets it back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::net {

/// Where the forwarding settings are recorded: one file per network namespace, named after its
/// cookie (SO_NETNS_COOKIE: never reused while the machine runs). In nsctl's state directory,
/// under a name no sandbox of nsctl run can have (they never start with '.').
inline constexpr const char* kNatStateDir = "/run/nsctl/.nat";

struct Ipv4Subnet {
    std::string address;  ///< "10.200.0.0"
    int length = 0;       ///< 1..32

    /// "10.200.0.0/24"
    std::string text() const { return address + "/" + std::to_string(length); }
};

struct NatRule {
    Ipv4Subnet subnet;
    std::optional<std::string> out;  ///< the one interface the traffic leaves through, if given
};

struct NatState {
    std::vector<NatRule> rules;
    bool forwarding = false;  ///< net.ipv4.ip_forward now
};

/// Parses an IPv4 subnet "A.B.C.D/LEN". EINVAL with a message naming the reason: not a subnet
/// ("invalid IPv4 subnet 'TEXT'"), host bits set (naming the subnet meant: nsctl does not mask
/// them away as iptables does, a typo must not widen or move what is masqueraded), or a /0
/// (every address: not a subnet behind this namespace).
Result<Ipv4Subnet> parse_ipv4_subnet(std::string_view text);

/// Masquerades traffic from the rule's subnet (leaving through its out interface, matched by
/// exactly that name, if given) and turns forwarding on, in the caller's network namespace or
/// netns_fd's (borrowed) if >= 0. Table, chain and rule are added in one nftables transaction.
/// Errors: EEXIST "SUBNET: already enabled"; EINVAL for an out that is not an interface name
/// (or one nftables cannot match exactly); a table ip nsctl that nsctl did not make (code 0, a
/// whole message); EPERM "nftables needs CAP_NET_ADMIN".
Result<void> nat_enable(const NatRule& rule, int netns_fd = -1,
                        const std::string& state_dir = kNatStateDir);

/// Removes exactly the subnet's rule; after the last one, the table, and forwarding is set back
/// to the recorded value (0 when there is no record). ENOENT "SUBNET: NAT is not enabled". When
/// no rule of nsctl's is left at all (someone flushed the ruleset or deleted the table),
/// forwarding is still set back and the record removed, and the error (ENOENT) says the rule is
/// gone.
Result<void> nat_disable(const Ipv4Subnet& subnet, int netns_fd = -1,
                         const std::string& state_dir = kNatStateDir);

/// The enabled subnets and the forwarding setting.
Result<NatState> nat_show(int netns_fd = -1);

}  // namespace nsctl::net
