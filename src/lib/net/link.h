// SPDX-License-Identifier: GPL-2.0-or-later
// Links over rtnetlink: veth pairs (the peer made directly in its namespace), bridges, changes,
// deletion and listing. Every call acts in the namespace the Netlink socket was opened in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::net {

class Netlink;

using MacAddress = std::array<uint8_t, 6>;

/// Parses "02:00:00:aa:bb:cc" (hex pairs separated by ':'); nullopt when malformed.
std::optional<MacAddress> parse_mac(std::string_view text);
std::string format_mac(const MacAddress& mac);

/// The kernel's rule for an interface name (dev_valid_name), checked before asking it, as ip
/// does: 1 to 15 bytes, not "." or "..", no '/', ':' or white space. EINVAL with the context
/// "'NAME' is not a valid interface name (...)" naming the rule.
Result<void> validate_ifname(std::string_view name);

/// The interface index of a link. ENODEV when there is none of that name.
Result<int> link_index(Netlink& nl, const std::string& name);

/// What add_veth sets on an end of the pair as the kernel makes it (no request of its own).
struct VethEnd {
    bool up = false;
    uint32_t mtu = 0;  ///< 0: the kernel's default
    std::optional<MacAddress> address;
    int master = 0;  ///< a bridge's index in the socket's namespace (NAME's end only); 0: none
};

/// Creates a veth pair NAME <-> PEER; with peer_netns_fd >= 0 (borrowed) the peer is created
/// in that namespace directly (no move). EEXIST when a name is taken (nothing is created): the
/// context is NAME, or "peer PEER" when NAME is free and so the peer's name is the one taken.
/// group (IFLA_GROUP) puts NAME in an interface group, for del_group(). end and peer_end are
/// set in the same request (the kernel applies a new link's flags, MTU, address and master),
/// but for peer_end's up and master, which the kernel does not take for a peer: set_link then.
Result<void> add_veth(Netlink& nl, const std::string& name, const std::string& peer,
                      int peer_netns_fd = -1, uint32_t group = 0, const VethEnd& end = {},
                      const VethEnd& peer_end = {});

/// Creates a link of a kind that needs no options: "bridge", "dummy", ...; the kernel's
/// "Unknown device type" for an unknown kind.
Result<void> add_link(Netlink& nl, const std::string& name, const std::string& kind,
                      uint32_t group = 0);

/// A VXLAN device: its VNI, the remote VTEP, the UDP ports.
struct VxlanSpec {
    uint32_t vni = 0;    ///< 1 to 16777215
    std::string remote;  ///< the remote VTEP's IPv4 or IPv6 address
    uint16_t dst_port = 4789;
    uint16_t src_port = 0;  ///< 0: the kernel's range; else the one source port used
    std::string dev;        ///< the underlay device (empty: routed)
};

/// Creates a VXLAN device NAME; with netns_fd >= 0 (borrowed) it is born in that namespace while
/// its UDP socket stays in the socket's namespace (the underlay). EINVAL for a remote that is
/// not an address; the kernel's errors otherwise ("Unknown device type" without the module).
Result<void> add_vxlan(Netlink& nl, const std::string& name, const VxlanSpec& spec,
                       int netns_fd = -1, uint32_t group = 0);

/// Creates a macvlan device NAME on parent (a link of the socket's namespace) in mode (bridge,
/// private, vepa, passthru, source); with netns_fd >= 0 (borrowed) it is born in that namespace.
/// EINVAL for an unknown mode; ENODEV when parent does not exist.
Result<void> add_macvlan(Netlink& nl, const std::string& name, const std::string& parent,
                         const std::string& mode, int netns_fd = -1);

/// What to change on a link; unset fields stay as they are.
struct LinkChange {
    std::optional<bool> up;
    std::optional<int> netns_fd;        ///< move to this namespace (borrowed fd)
    std::optional<std::string> master;  ///< enslave to this bridge
    bool nomaster = false;
    std::optional<std::string> new_name;
    std::optional<uint32_t> mtu;
    std::optional<MacAddress> address;
};

/// Applies a change in one RTM_NEWLINK request (RTM_SETLINK semantics).
Result<void> set_link(Netlink& nl, const std::string& name, const LinkChange& change);

/// Deletes a link (and a veth's peer with it).
Result<void> del_link(Netlink& nl, const std::string& name);

/// Deletes every link of an interface group in one RTM_DELLINK: the kernel tears them down
/// together, far faster than one by one. ENODEV when the group is empty.
Result<void> del_group(Netlink& nl, uint32_t group);

struct LinkInfo {
    int index = 0;
    std::string name;
    std::string kind;  ///< IFLA_INFO_KIND: "veth", "bridge", ""
    bool up = false;   ///< IFF_UP
    uint32_t mtu = 0;
    std::optional<MacAddress> address;
    int master = 0;  ///< index of the bridge, 0 for none
};

/// Every link of the namespace, by index.
Result<std::vector<LinkInfo>> list_links(Netlink& nl);

}  // namespace nsctl::net
