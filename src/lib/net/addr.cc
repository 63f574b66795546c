// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/addr.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <cstring>

#include "base/parse.h"
#include "net/link.h"
#include "net/netlink.h"

namespace nsctl::net {
namespace {

std::optional<Prefix> parse_bytes(std::string_view text) {
    Prefix p;
    std::string s(text);
    if (inet_pton(AF_INET, s.c_str(), p.bytes.data()) == 1) {
        p.family = AF_INET;
        p.len = 32;
        return p;
    }
    if (inet_pton(AF_INET6, s.c_str(), p.bytes.data()) == 1) {
        p.family = AF_INET6;
        p.len = 128;
        return p;
    }
    return std::nullopt;
}

Message addr_message(uint16_t type, uint16_t flags, const Prefix& a, int index) {
    Message m(type, flags, sizeof(ifaddrmsg));
    auto* ifa = m.family<ifaddrmsg>();
    ifa->ifa_family = static_cast<uint8_t>(a.family);
    ifa->ifa_prefixlen = a.len;
    ifa->ifa_index = static_cast<uint32_t>(index);
    // As iproute2 sends it: the local address, and the same as the (peer) address.
    m.put_bytes(IFA_LOCAL, a.bytes.data(), a.size());
    m.put_bytes(IFA_ADDRESS, a.bytes.data(), a.size());
    return m;
}

Prefix prefix_from(int family, const void* data, size_t len, uint8_t plen) {
    Prefix p;
    p.family = family;
    std::memcpy(p.bytes.data(), data, std::min(len, p.bytes.size()));
    p.len = plen;
    return p;
}

Result<Message> route_message(Netlink& nl, uint16_t type, uint16_t flags, const RouteSpec& r) {
    Message m(type, flags, sizeof(rtmsg));
    auto* rt = m.family<rtmsg>();
    rt->rtm_family = static_cast<uint8_t>(r.family());
    rt->rtm_table = RT_TABLE_MAIN;
    rt->rtm_protocol = RTPROT_BOOT;
    rt->rtm_type = RTN_UNICAST;
    // Without a gateway the destination is on the link: link scope, as ip chooses; a delete
    // matches any scope.
    rt->rtm_scope = type == RTM_DELROUTE ? RT_SCOPE_NOWHERE
                    : r.via              ? RT_SCOPE_UNIVERSE
                                         : RT_SCOPE_LINK;
    if (r.dst) {
        rt->rtm_dst_len = r.dst->len;
        m.put_bytes(RTA_DST, r.dst->bytes.data(), r.dst->size());
    }
    if (r.via) m.put_bytes(RTA_GATEWAY, r.via->bytes.data(), r.via->size());
    if (r.dev) {
        int index = NSCTL_TRY(link_index(nl, *r.dev));
        m.put_u32(RTA_OIF, static_cast<uint32_t>(index));
    }
    return m;
}

std::string route_name(const RouteSpec& r) {
    return r.dst ? format_prefix(*r.dst) : std::string("default");
}

}  // namespace

size_t Prefix::size() const { return family == AF_INET6 ? 16 : 4; }
const char* Prefix::family_name() const { return family == AF_INET6 ? "inet6" : "inet"; }

std::optional<Prefix> parse_prefix(std::string_view text) {
    size_t slash = text.find('/');
    auto p = parse_bytes(text.substr(0, slash));
    if (!p || slash == std::string_view::npos) return p;
    std::string_view len = text.substr(slash + 1);
    if (len.empty() || len.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    auto v = parse_u64(len);
    if (!v || *v > (p->family == AF_INET ? 32u : 128u)) return std::nullopt;
    p->len = static_cast<uint8_t>(*v);
    return p;
}

std::optional<Prefix> parse_address(std::string_view text) {
    if (text.find('/') != std::string_view::npos) return std::nullopt;
    return parse_bytes(text);
}

std::string format_prefix(const Prefix& p, bool with_len) {
    char buf[INET6_ADDRSTRLEN];
    if (!inet_ntop(p.family, p.bytes.data(), buf, sizeof(buf))) return "?";
    std::string s = buf;
    if (with_len) s += "/" + std::to_string(p.len);
    return s;
}

int RouteSpec::family() const {
    if (dst) return dst->family;
    if (via) return via->family;
    return AF_INET;
}

Result<void> add_addr(Netlink& nl, const Prefix& addr, const std::string& dev) {
    int index = NSCTL_TRY(link_index(nl, dev));
    Message m = addr_message(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, addr, index);
    return nl.call(m, format_prefix(addr) + " dev " + dev);
}

Result<void> del_addr(Netlink& nl, const Prefix& addr, const std::string& dev) {
    int index = NSCTL_TRY(link_index(nl, dev));
    Message m = addr_message(RTM_DELADDR, 0, addr, index);
    return nl.call(m, format_prefix(addr) + " dev " + dev);
}

Result<std::vector<AddrInfo>> list_addrs(Netlink& nl, int family) {
    Message m(RTM_GETADDR, 0, sizeof(ifaddrmsg));
    m.family<ifaddrmsg>()->ifa_family = static_cast<uint8_t>(family);
    std::vector<AddrInfo> out;
    NSCTL_TRY(nl.dump(m, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type != RTM_NEWADDR) return;
        auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
        AddrInfo info;
        info.index = static_cast<int>(ifa->ifa_index);
        bool have_local = false;
        for_each_attr(nlh, sizeof(ifaddrmsg), [&](const nlattr* a) {
            int t = mnl_attr_get_type(a);
            if (t != IFA_LOCAL && (t != IFA_ADDRESS || have_local)) return;
            info.prefix = prefix_from(ifa->ifa_family, mnl_attr_get_payload(a),
                                      mnl_attr_get_payload_len(a), ifa->ifa_prefixlen);
            have_local = have_local || t == IFA_LOCAL;
        });
        out.push_back(info);
    }));
    return out;
}

Result<size_t> flush_addrs(Netlink& nl, const std::string& dev, int family) {
    int index = NSCTL_TRY(link_index(nl, dev));
    size_t removed = 0;
    // Each round removes what the last dump showed; an address already gone with its primary
    // (EADDRNOTAVAIL) is fine. A round that removes nothing ends it.
    for (int round = 0; round < 16; ++round) {
        auto addrs = NSCTL_TRY(list_addrs(nl, family));
        size_t before = removed;
        for (const auto& a : addrs) {
            if (a.index != index) continue;
            Message m = addr_message(RTM_DELADDR, 0, a.prefix, index);
            auto r = nl.call(m, format_prefix(a.prefix) + " dev " + dev);
            if (r) ++removed;
            if (!r && r.error().code != EADDRNOTAVAIL) return r.error();
        }
        if (removed == before) break;
    }
    return removed;
}

Result<void> replace_route(Netlink& nl, const RouteSpec& r) {
    Message m = NSCTL_TRY(route_message(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, r));
    return nl.call(m, route_name(r));
}

Result<void> add_route(Netlink& nl, const RouteSpec& r) {
    Message m = NSCTL_TRY(route_message(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r));
    return nl.call(m, route_name(r));
}

Result<void> del_route(Netlink& nl, const RouteSpec& r) {
    Message m = NSCTL_TRY(route_message(nl, RTM_DELROUTE, 0, r));
    return nl.call(m, route_name(r));
}

Result<std::vector<RouteInfo>> list_routes(Netlink& nl, int family) {
    Message m(RTM_GETROUTE, 0, sizeof(rtmsg));
    m.family<rtmsg>()->rtm_family = static_cast<uint8_t>(family);
    std::vector<RouteInfo> out;
    NSCTL_TRY(nl.dump(m, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type != RTM_NEWROUTE) return;
        auto* rt = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
        if (rt->rtm_table != RT_TABLE_MAIN) return;
        RouteInfo info;
        info.scope = rt->rtm_scope;
        info.protocol = rt->rtm_protocol;
        for_each_attr(nlh, sizeof(rtmsg), [&](const nlattr* a) {
            const void* d = mnl_attr_get_payload(a);
            size_t n = mnl_attr_get_payload_len(a);
            switch (mnl_attr_get_type(a)) {
                case RTA_DST:
                    info.dst = prefix_from(rt->rtm_family, d, n, rt->rtm_dst_len);
                    break;
                case RTA_GATEWAY:
                    info.via = prefix_from(rt->rtm_family, d, n, 0);
                    break;
                case RTA_OIF:
                    info.oif = static_cast<int>(mnl_attr_get_u32(a));
                    break;
                default:
                    break;
            }
        });
        out.push_back(info);
    }));
    return out;
}

}  // namespace nsctl::net
