// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON that `nsctl nat` sends to libnftables and reads back from it (libnftables-json(5)):
// requests are written with base/json_writer.h from structure, listings read with
// base/json_reader.h. Exposed for the unit tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/nat.h"

namespace nsctl::net {

/// An interface name as nftables' oifname takes it to match exactly that name: nft reads a
/// trailing '*' as a wildcard, so it becomes "\*". EINVAL for a name nftables 1.0.6 cannot match
/// exactly: one that ends in '*' and has a backslash anywhere (nft then drops every backslash of
/// the string, the escaping one and the others alike), one of 15 bytes
/// ending in '*' (escaped, it is longer than an interface name), or one that is not UTF-8
/// (libnftables' JSON parser refuses it).
Result<std::string> nft_ifname(std::string_view name);

/// {"list": {"tables": ...}}: every table of the ip family.
std::string nat_list_tables_request();
/// {"list": {"table": ip nsctl}}.
std::string nat_list_table_request();
/// Adds the rule for subnet (matching oifname, in nft_ifname's form, when given), after the
/// table and its postrouting chain when create_table.
std::string nat_add_request(const Ipv4Subnet& subnet, const std::optional<std::string>& oifname,
                            bool create_table);
/// Deletes one rule of the chain by its handle.
std::string nat_delete_rule_request(uint64_t handle);
/// Deletes the table ip nsctl (with its chain and rules).
std::string nat_delete_table_request();

/// From a `list tables` listing: whether table ip nsctl is in it. nullopt for a malformed one.
std::optional<bool> has_nat_table(std::string_view listing);

struct NatTable {
    /// Made by nsctl: one chain, postrouting (type nat, hook postrouting), and only rules
    /// nsctl writes (comment "nsctl:SUBNET", source match, optional exact oifname, masquerade).
    bool ours = false;
    std::vector<std::pair<NatRule, uint64_t>> rules;  ///< rule, nft handle
};

/// Reads a `list table ip nsctl` listing. nullopt for a malformed one.
std::optional<NatTable> parse_nat_table(std::string_view listing);

}  // namespace nsctl::net
