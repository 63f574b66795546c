// SPDX-License-Identifier: GPL-2.0-or-later
// "Enable internet access" for a subnet: IPv4 forwarding plus masquerading, through libnftables,
// in a table that belongs to nsctl alone (ip nsctl). The table's comment remembers the forwarding
// setting found before the first subnet was enabled, so the last disable restores it. Nothing
// else of the ruleset is read-modified-written: other tables are never flushed or edited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::net {

struct NatRule {
    std::string subnet;              ///< "10.200.0.0/24"
    std::optional<std::string> out;  ///< oifname, when given
};

struct NatState {
    std::vector<NatRule> rules;
    bool forwarding = false;  ///< net.ipv4.ip_forward now
};

/// Parses an IPv4 subnet "A.B.C.D/LEN" (host bits must be zero, as nft requires): the
/// canonical text, or nullopt.
std::optional<std::string> parse_ipv4_subnet(std::string_view text);

/// Masquerades traffic from subnet (leaving through out, if given) and turns forwarding on, in
/// the caller's network namespace, or in netns_fd's (borrowed) if >= 0. EEXIST when the subnet
/// is already enabled. Needs CAP_NET_ADMIN.
Result<void> nat_enable(const std::string& subnet, const std::optional<std::string>& out,
                        int netns_fd = -1);

/// Removes exactly the subnet's rule; after the last one, the table, and forwarding is set back
/// to what it was before the first enable. ENOENT when the subnet is not enabled.
Result<void> nat_disable(const std::string& subnet, int netns_fd = -1);

/// The enabled subnets and the forwarding setting.
Result<NatState> nat_show(int netns_fd = -1);

/// Parses `nft -a list table ip nsctl` output into rules and the remembered forwarding value
/// (exposed for unit tests). Rules carry their nft handle.
struct NatTable {
    std::vector<std::pair<NatRule, unsigned long>> rules;  ///< rule, handle
    std::optional<bool> forward_before;
};
NatTable parse_nat_table(std::string_view listing);

}  // namespace nsctl::net
