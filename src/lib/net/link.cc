// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/link.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/parse.h"
#include "net/addr.h"
#include "net/netlink.h"

namespace nsctl::net {
namespace {

Message new_link_message(uint16_t flags) {
    Message m(RTM_NEWLINK, flags, sizeof(ifinfomsg));
    m.family<ifinfomsg>()->ifi_family = AF_UNSPEC;
    return m;
}

// The attributes of an RTM_NEWLINK reply, by type.
void parse_link(const nlmsghdr* nlh, LinkInfo& info) {
    auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
    info.index = ifi->ifi_index;
    info.up = (ifi->ifi_flags & IFF_UP) != 0;
    for_each_attr(nlh, sizeof(ifinfomsg), [&](const nlattr* attr) {
        switch (mnl_attr_get_type(attr)) {
            case IFLA_IFNAME:
                info.name = mnl_attr_get_str(attr);
                break;
            case IFLA_MTU:
                info.mtu = mnl_attr_get_u32(attr);
                break;
            case IFLA_MASTER:
                info.master = static_cast<int>(mnl_attr_get_u32(attr));
                break;
            case IFLA_ADDRESS:
                if (mnl_attr_get_payload_len(attr) == 6) {
                    MacAddress mac;
                    std::memcpy(mac.data(), mnl_attr_get_payload(attr), 6);
                    info.address = mac;
                }
                break;
            case IFLA_LINKINFO:
                for_each_nested(attr, [&](const nlattr* nested) {
                    if (mnl_attr_get_type(nested) == IFLA_INFO_KIND)
                        info.kind = mnl_attr_get_str(nested);
                });
                break;
            default:
                break;
        }
    });
}

}  // namespace

Result<void> validate_ifname(std::string_view name) {
    // The kernel's isspace() also takes 0xa0 (its ctype table is Latin-1).
    constexpr std::string_view kRefused("/: \t\n\v\f\r\xa0");
    bool ok = !name.empty() && name.size() < IFNAMSIZ && name != "." && name != ".." &&
              name.find_first_of(kRefused) == std::string_view::npos &&
              name.find('\0') == std::string_view::npos;
    if (ok) return {};
    return Error{EINVAL, in_quotes(name) +
                             " is not a valid interface name (1 to 15 bytes; no '/', ':' or white "
                             "space; not '.' or '..')"};
}

std::optional<MacAddress> parse_mac(std::string_view text) {
    MacAddress mac{};
    if (text.size() != 17) return std::nullopt;
    for (size_t i = 0; i < 6; ++i) {
        if (i > 0 && text[i * 3 - 1] != ':') return std::nullopt;
        unsigned v = 0;
        for (char c : text.substr(i * 3, 2)) {
            int d = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
            if (d < 0) return std::nullopt;
            v = v * 16 + static_cast<unsigned>(d);
        }
        mac[i] = static_cast<uint8_t>(v);
    }
    return mac;
}

std::string format_mac(const MacAddress& mac) {
    char buf[18];
    std::snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                  mac[4], mac[5]);
    return buf;
}

Result<int> link_index(Netlink& nl, const std::string& name) {
    // One RTM_GETLINK by name, not a dump: its cost does not grow with the number of links.
    Message m(RTM_GETLINK, 0, sizeof(ifinfomsg));
    m.family<ifinfomsg>()->ifi_family = AF_UNSPEC;
    m.put_str(IFLA_IFNAME, name);
    int index = 0;
    NSCTL_TRY(nl.get(m, name, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type != RTM_NEWLINK) return;
        index = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh))->ifi_index;
    }));
    if (index == 0) return Error{ENODEV, name};
    return index;
}

// An end's flags (in its ifinfomsg) and MTU, address and master.
void put_end(Message& m, ifinfomsg* ifi, const VethEnd& end) {
    if (end.up) {
        ifi->ifi_change = IFF_UP;
        ifi->ifi_flags = IFF_UP;
    }
    if (end.mtu) m.put_u32(IFLA_MTU, end.mtu);
    if (end.address) m.put_bytes(IFLA_ADDRESS, end.address->data(), end.address->size());
    if (end.master) m.put_u32(IFLA_MASTER, static_cast<uint32_t>(end.master));
}

Result<void> add_veth(Netlink& nl, const std::string& name, const std::string& peer,
                      int peer_netns_fd, uint32_t group, const VethEnd& end,
                      const VethEnd& peer_end) {
    Message m = new_link_message(NLM_F_CREATE | NLM_F_EXCL);
    m.put_str(IFLA_IFNAME, name);
    if (group) m.put_u32(IFLA_GROUP, group);
    put_end(m, m.family<ifinfomsg>(), end);
    size_t linkinfo = m.nest_begin(IFLA_LINKINFO);
    m.put_str(IFLA_INFO_KIND, "veth");
    size_t data = m.nest_begin(IFLA_INFO_DATA);
    // VETH_INFO_PEER holds an ifinfomsg followed by the peer's own attributes.
    size_t peer_nest = m.nest_begin(VETH_INFO_PEER);
    ifinfomsg peer_ifi{};
    peer_ifi.ifi_family = AF_UNSPEC;
    void* room = mnl_nlmsg_put_extra_header(m.header(), sizeof(ifinfomsg));
    std::memcpy(room, &peer_ifi, sizeof(peer_ifi));
    m.put_str(IFLA_IFNAME, peer);
    if (peer_netns_fd >= 0) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(peer_netns_fd));
    VethEnd peer_settings = peer_end;
    peer_settings.master = 0;  // the kernel takes no master for the peer
    peer_settings.up = false;  // nor IFF_UP: it opens the peer before NAME exists (ENOTCONN)
    put_end(m, static_cast<ifinfomsg*>(room), peer_settings);
    m.nest_end(peer_nest);
    m.nest_end(data);
    m.nest_end(linkinfo);
    auto made = nl.call(m, name);
    if (made || made.error().code != EEXIST) return made;
    // The kernel says EEXIST for either name; say which. NAME is looked up here; if it is free,
    // the peer's name is the one taken (in its namespace).
    if (link_index(nl, name)) return made;
    return Error{EEXIST, "peer " + peer};
}

Result<void> add_link(Netlink& nl, const std::string& name, const std::string& kind,
                      uint32_t group) {
    Message m = new_link_message(NLM_F_CREATE | NLM_F_EXCL);
    m.put_str(IFLA_IFNAME, name);
    if (group) m.put_u32(IFLA_GROUP, group);
    size_t linkinfo = m.nest_begin(IFLA_LINKINFO);
    m.put_str(IFLA_INFO_KIND, kind);
    m.nest_end(linkinfo);
    return nl.call(m, name);
}

Result<void> add_vxlan(Netlink& nl, const std::string& name, const VxlanSpec& spec, int netns_fd,
                       uint32_t group) {
    auto remote = parse_address(spec.remote);
    if (!remote) return Error{EINVAL, name + ": remote " + spec.remote + " is not an address"};
    int dev = spec.dev.empty() ? 0 : NSCTL_TRY(link_index(nl, spec.dev));
    Message m = new_link_message(NLM_F_CREATE | NLM_F_EXCL);
    m.put_str(IFLA_IFNAME, name);
    if (group) m.put_u32(IFLA_GROUP, group);
    if (netns_fd >= 0) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(netns_fd));
    size_t linkinfo = m.nest_begin(IFLA_LINKINFO);
    m.put_str(IFLA_INFO_KIND, "vxlan");
    size_t data = m.nest_begin(IFLA_INFO_DATA);
    m.put_u32(IFLA_VXLAN_ID, spec.vni);
    m.put_bytes(remote->family == AF_INET ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6,
                remote->bytes.data(), remote->size());
    uint16_t port = htons(spec.dst_port);
    m.put_bytes(IFLA_VXLAN_PORT, &port, sizeof(port));
    if (spec.src_port) {
        ifla_vxlan_port_range range{htons(spec.src_port), htons(spec.src_port)};
        m.put_bytes(IFLA_VXLAN_PORT_RANGE, &range, sizeof(range));
    }
    if (dev) m.put_u32(IFLA_VXLAN_LINK, static_cast<uint32_t>(dev));
    m.nest_end(data);
    m.nest_end(linkinfo);
    return nl.call(m, name);
}

Result<void> add_macvlan(Netlink& nl, const std::string& name, const std::string& parent,
                         const std::string& mode, int netns_fd) {
    static constexpr std::pair<std::string_view, uint32_t> kModes[] = {
        {"private", MACVLAN_MODE_PRIVATE},
        {"vepa", MACVLAN_MODE_VEPA},
        {"bridge", MACVLAN_MODE_BRIDGE},
        {"passthru", MACVLAN_MODE_PASSTHRU},
        {"source", MACVLAN_MODE_SOURCE}};
    uint32_t mode_value = 0;
    for (const auto& [word, value] : kModes)
        if (word == mode) mode_value = value;
    if (!mode_value) return Error{EINVAL, name + ": unknown macvlan mode " + mode};
    int link = NSCTL_TRY(link_index(nl, parent));
    Message m = new_link_message(NLM_F_CREATE | NLM_F_EXCL);
    m.put_str(IFLA_IFNAME, name);
    m.put_u32(IFLA_LINK, static_cast<uint32_t>(link));
    if (netns_fd >= 0) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(netns_fd));
    size_t linkinfo = m.nest_begin(IFLA_LINKINFO);
    m.put_str(IFLA_INFO_KIND, "macvlan");
    size_t data = m.nest_begin(IFLA_INFO_DATA);
    m.put_u32(IFLA_MACVLAN_MODE, mode_value);
    m.nest_end(data);
    m.nest_end(linkinfo);
    return nl.call(m, name);
}

Result<void> set_link(Netlink& nl, const std::string& name, const LinkChange& c) {
    Message m = new_link_message(0);
    auto* ifi = m.family<ifinfomsg>();
    m.put_str(IFLA_IFNAME, name);
    if (c.up) {
        ifi->ifi_change = IFF_UP;
        ifi->ifi_flags = *c.up ? IFF_UP : 0;
    }
    if (c.master) {
        int master = NSCTL_TRY(link_index(nl, *c.master));
        m.put_u32(IFLA_MASTER, static_cast<uint32_t>(master));
    }
    if (c.nomaster) m.put_u32(IFLA_MASTER, 0);
    if (c.mtu) m.put_u32(IFLA_MTU, *c.mtu);
    if (c.address) m.put_bytes(IFLA_ADDRESS, c.address->data(), c.address->size());
    if (c.netns_fd) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(*c.netns_fd));
    if (c.new_name) {
        // A rename names the link by index; IFLA_IFNAME then carries the new name.
        int index = NSCTL_TRY(link_index(nl, name));
        Message r = new_link_message(0);
        r.family<ifinfomsg>()->ifi_index = index;
        r.put_str(IFLA_IFNAME, *c.new_name);
        NSCTL_TRY(nl.call(m, name));
        return nl.call(r, name);
    }
    return nl.call(m, name);
}

Result<void> del_link(Netlink& nl, const std::string& name) {
    Message m(RTM_DELLINK, 0, sizeof(ifinfomsg));
    m.family<ifinfomsg>()->ifi_family = AF_UNSPEC;
    m.put_str(IFLA_IFNAME, name);
    return nl.call(m, name);
}

Result<void> del_group(Netlink& nl, uint32_t group) {
    Message m(RTM_DELLINK, 0, sizeof(ifinfomsg));
    m.family<ifinfomsg>()->ifi_family = AF_UNSPEC;
    m.put_u32(IFLA_GROUP, group);
    return nl.call(m, "group " + std::to_string(group));
}

Result<std::vector<LinkInfo>> list_links(Netlink& nl) {
    Message m(RTM_GETLINK, 0, sizeof(ifinfomsg));
    m.family<ifinfomsg>()->ifi_family = AF_UNSPEC;
    std::vector<LinkInfo> links;
    NSCTL_TRY(nl.dump(m, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type != RTM_NEWLINK) return;
        LinkInfo info;
        parse_link(nlh, info);
        links.push_back(std::move(info));
    }));
    return links;
}

}  // namespace nsctl::net
