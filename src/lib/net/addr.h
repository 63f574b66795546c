// SPDX-License-Identifier: GPL-2.0-or-later
// IP addresses and routes over rtnetlink, IPv4 and IPv6.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl::net {

class Netlink;

/// An address with a prefix length: 10.0.0.2/24, fd00::1/64.
struct Prefix {
    int family = 0;                   ///< AF_INET or AF_INET6
    std::array<uint8_t, 16> bytes{};  ///< network order; 4 bytes used for AF_INET
    uint8_t len = 0;

    size_t size() const;              ///< 4 or 16
    const char* family_name() const;  ///< "inet" or "inet6", as ip prints them
    bool operator==(const Prefix& o) const = default;
};

/// Parses "ADDR/LEN" or "ADDR" (a host prefix: /32 or /128). nullopt when malformed or the
/// length is out of range.
std::optional<Prefix> parse_prefix(std::string_view text);

/// Parses an address without a length (a gateway): nullopt when malformed or a '/' is present.
std::optional<Prefix> parse_address(std::string_view text);

/// "10.0.0.2/24"; with_len false: "10.0.0.2".
std::string format_prefix(const Prefix& p, bool with_len = true);

/// Adds an address to a link (ENODEV for an unknown device, EEXIST when present).
Result<void> add_addr(Netlink& nl, const Prefix& addr, const std::string& dev);

/// Removes an address from a link (EADDRNOTAVAIL when it has no such address).
Result<void> del_addr(Netlink& nl, const Prefix& addr, const std::string& dev);

struct AddrInfo {
    int index = 0;
    Prefix prefix;
};

/// The addresses of the namespace (family AF_UNSPEC: both).
Result<std::vector<AddrInfo>> list_addrs(Netlink& nl, int family = 0);

/// Removes every address of a link (family AF_UNSPEC: IPv4 and IPv6, link-local ones too), as
/// `ip addr flush dev DEV`: in rounds, since removing a primary IPv4 address can take its
/// secondaries with it. Returns how many it removed itself. ENODEV for an unknown device.
Result<size_t> flush_addrs(Netlink& nl, const std::string& dev, int family = 0);

/// A route of the main table: a destination (or default), a gateway and/or a device.
struct RouteSpec {
    std::optional<Prefix> dst;  ///< nullopt: default route
    std::optional<Prefix> via;
    std::optional<std::string> dev;
    int family() const;
};

Result<void> add_route(Netlink& nl, const RouteSpec& route);
/// Adds the route, or replaces the one with the same destination (NLM_F_REPLACE).
Result<void> replace_route(Netlink& nl, const RouteSpec& route);
Result<void> del_route(Netlink& nl, const RouteSpec& route);

struct RouteInfo {
    std::optional<Prefix> dst;  ///< nullopt: default
    std::optional<Prefix> via;
    int oif = 0;
    int scope = 0;
    int protocol = 0;
};

/// The routes of the main table.
Result<std::vector<RouteInfo>> list_routes(Netlink& nl, int family = 0);

}  // namespace nsctl::net
