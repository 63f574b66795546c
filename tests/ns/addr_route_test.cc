// SPDX-License-Identifier: GPL-2.0-or-later
// Addresses and routes over our netlink layer: two namespaces the test makes ping each other over
// a veth pair, and iproute2's `ip -j` checks what we configured.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "net/addr.h"
#include "net/link.h"
#include "net/netlink.h"
#include "net/netns.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::net {
namespace {

using test::parse_json;
using test::run;
using test::run_in_fresh_namespaces;

TEST(Prefix, Parse) {
    auto v4 = parse_prefix("10.0.0.2/24");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->family, AF_INET);
    EXPECT_EQ(v4->len, 24);
    EXPECT_EQ(format_prefix(*v4), "10.0.0.2/24");
    EXPECT_EQ(format_prefix(*parse_prefix("fd00::1/64")), "fd00::1/64");
    EXPECT_EQ(parse_prefix("192.168.1.1")->len, 32);
    EXPECT_EQ(parse_prefix("::1")->len, 128);
    for (const char* bad : {"", "10.0.0/24", "10.0.0.1/33", "10.0.0.1/", "10.0.0.1/-1",
                            "10.0.0.1/2x", "fd00::1/129", "256.0.0.1/8", "a.b.c.d", "10.0.0.1 /24"})
        EXPECT_FALSE(parse_prefix(bad)) << bad;
    EXPECT_TRUE(parse_address("10.0.0.1"));
    EXPECT_FALSE(parse_address("10.0.0.1/32"));
}

struct Pair {
    NetnsRegistry reg;
    UniqueFd a, b;
};

// Namespaces nsa and nsb joined by va (in nsa) <-> vb (in nsb), 10.77.0.1/24 and .2/24, up.
void make_pair(Pair& p) {
    ASSERT_TRUE(p.reg.add("nsa"));
    ASSERT_TRUE(p.reg.add("nsb"));
    p.a = std::move(*p.reg.open("nsa"));
    p.b = std::move(*p.reg.open("nsb"));
    auto na = Netlink::open(p.a.get());
    auto nb = Netlink::open(p.b.get());
    ASSERT_TRUE(na && nb);
    ASSERT_TRUE(add_veth(*na, "va", "vb", p.b.get()));
    ASSERT_TRUE(add_addr(*na, *parse_prefix("10.77.0.1/24"), "va"));
    ASSERT_TRUE(add_addr(*nb, *parse_prefix("10.77.0.2/24"), "vb"));
    LinkChange up;
    up.up = true;
    for (auto* nl : {&*na, &*nb}) ASSERT_TRUE(set_link(*nl, "lo", up));
    ASSERT_TRUE(set_link(*na, "va", up));
    ASSERT_TRUE(set_link(*nb, "vb", up));
}

TEST(AddrRoute, TwoNamespacesPingEachOther) {
    run_in_fresh_namespaces([] {
        Pair p;
        make_pair(p);
        auto ping = run({"ip", "netns", "exec", "nsa", "ping", "-c", "1", "-W", "5", "10.77.0.2"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        auto back = run({"ip", "netns", "exec", "nsb", "ping", "-c", "1", "-W", "5", "10.77.0.1"});
        EXPECT_EQ(back.status, 0) << back.out << back.err;
        // What ip sees is what we set.
        auto shown = parse_json(run({"ip", "-j", "-n", "nsb", "addr", "show", "vb"}).out);
        ASSERT_TRUE(shown && !shown->items.empty());
        bool found = false;
        for (const auto& a : shown->items[0].get("addr_info")->items)
            found = found || (a.get("local")->text == "10.77.0.2" && a.integer("prefixlen") == 24);
        EXPECT_TRUE(found);
        ASSERT_TRUE(p.reg.remove("nsa"));
        ASSERT_TRUE(p.reg.remove("nsb"));
    });
}

TEST(AddrRoute, DefaultRouteAndItsRemoval) {
    run_in_fresh_namespaces([] {
        Pair p;
        make_pair(p);
        auto nb = Netlink::open(p.b.get());
        ASSERT_TRUE(nb);
        RouteSpec def;
        def.via = parse_address("10.77.0.1");
        ASSERT_TRUE(add_route(*nb, def));
        auto routes = parse_json(run({"ip", "-j", "-n", "nsb", "route", "show", "default"}).out);
        ASSERT_TRUE(routes);
        ASSERT_EQ(routes->items.size(), 1u);
        EXPECT_EQ(routes->items[0].get("gateway")->text, "10.77.0.1");
        EXPECT_EQ(routes->items[0].get("dev")->text, "vb");
        auto listed = list_routes(*nb, AF_INET);
        ASSERT_TRUE(listed);
        int defaults = 0;
        for (const auto& r : *listed) defaults += !r.dst && r.via ? 1 : 0;
        EXPECT_EQ(defaults, 1);
        auto twice = add_route(*nb, def);
        ASSERT_FALSE(twice);
        EXPECT_EQ(twice.error().code, EEXIST);
        // A route to a subnet through a device, no gateway.
        RouteSpec net;
        net.dst = parse_prefix("10.88.0.0/16");
        net.dev = "vb";
        ASSERT_TRUE(add_route(*nb, net));
        EXPECT_NE(run({"ip", "-n", "nsb", "route", "show", "10.88.0.0/16"}).out.find("dev vb"),
                  std::string::npos);
        ASSERT_TRUE(del_route(*nb, def));
        ASSERT_TRUE(del_route(*nb, net));
        EXPECT_EQ(run({"ip", "-n", "nsb", "route", "show", "default"}).out, "");
        auto gone = del_route(*nb, def);
        ASSERT_FALSE(gone);
        EXPECT_EQ(gone.error().code, ESRCH);
        ASSERT_TRUE(p.reg.remove("nsa"));
        ASSERT_TRUE(p.reg.remove("nsb"));
    });
}

TEST(AddrRoute, Ipv6AndErrors) {
    run_in_fresh_namespaces([] {
        auto nl = Netlink::open();
        ASSERT_TRUE(nl);
        ASSERT_TRUE(add_veth(*nl, "ar-d0", "ar-d1"));
        ASSERT_TRUE(add_addr(*nl, *parse_prefix("fd00:77::1/64"), "ar-d0"));
        auto addrs = list_addrs(*nl, AF_INET6);
        ASSERT_TRUE(addrs);
        bool found = false;
        for (const auto& a : *addrs) found = found || format_prefix(a.prefix) == "fd00:77::1/64";
        EXPECT_TRUE(found);
        auto dup = add_addr(*nl, *parse_prefix("fd00:77::1/64"), "ar-d0");
        ASSERT_FALSE(dup);
        EXPECT_EQ(dup.error().code, EEXIST);
        auto nodev = add_addr(*nl, *parse_prefix("10.0.0.1/8"), "ar-missing");
        ASSERT_FALSE(nodev);
        EXPECT_EQ(nodev.error().code, ENODEV);
        auto notthere = del_addr(*nl, *parse_prefix("10.9.9.9/8"), "ar-d0");
        ASSERT_FALSE(notthere);
        EXPECT_EQ(notthere.error().code, EADDRNOTAVAIL);
        ASSERT_TRUE(del_addr(*nl, *parse_prefix("fd00:77::1/64"), "ar-d0"));
    });
}

}  // namespace
}  // namespace nsctl::net
