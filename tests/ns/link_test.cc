// SPDX-License-Identifier: GPL-2.0-or-later
// Links made over our netlink layer, checked with iproute2's `ip -j link` in namespaces the test
// owns (run_in_fresh_namespaces: a new network namespace per test body).
#include "net/link.h"

#include <gtest/gtest.h>

#include "net/netlink.h"
#include "net/netns.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::net {
namespace {

using test::Json;
using test::parse_json;
using test::run;
using test::run_in_fresh_namespaces;

// `ip -j link show NAME` (optionally in a named netns) as parsed JSON: the first object.
std::optional<Json> ip_link(const std::string& name, const std::string& netns = "") {
    std::vector<std::string> argv = {"ip", "-j"};
    if (!netns.empty()) argv.insert(argv.end(), {"-n", netns});
    argv.insert(argv.end(), {"-d", "link", "show", name});
    auto r = run(argv);
    if (r.status != 0) return std::nullopt;
    auto doc = parse_json(r.out);
    if (!doc || doc->items.empty()) return std::nullopt;
    return doc->items[0];
}

std::string kind_of(const Json& link) {
    const Json* info = link.get("linkinfo");
    const Json* kind = info ? info->get("info_kind") : nullptr;
    return kind ? kind->text : "";
}

TEST(Mac, ParseAndFormat) {
    auto mac = parse_mac("02:00:0A:bb:cc:0d");
    ASSERT_TRUE(mac);
    EXPECT_EQ(format_mac(*mac), "02:00:0a:bb:cc:0d");
    for (const char* bad : {"", "02:00:0a:bb:cc", "02:00:0a:bb:cc:0d:", "02-00-0a-bb-cc-0d",
                            "0g:00:0a:bb:cc:0d", "2:00:0a:bb:cc:0d1"})
        EXPECT_FALSE(parse_mac(bad)) << bad;
}

TEST(Link, VethPeerCreatedInsideItsNamespace) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        ASSERT_TRUE(reg.add("lt-peer"));
        auto peer_ns = reg.open("lt-peer");
        ASSERT_TRUE(peer_ns);
        auto nl = Netlink::open();
        ASSERT_TRUE(nl) << nl.error().message();
        auto made = add_veth(*nl, "lt-veth0", "lt-veth1", peer_ns->get());
        ASSERT_TRUE(made) << made.error().message();
        auto host = ip_link("lt-veth0");
        ASSERT_TRUE(host);
        EXPECT_EQ(kind_of(*host), "veth");
        auto peer = ip_link("lt-veth1", "lt-peer");
        ASSERT_TRUE(peer);
        EXPECT_EQ(kind_of(*peer), "veth");
        EXPECT_FALSE(ip_link("lt-veth1"));  // not in our namespace
        // A socket opened in the peer's namespace sees it there.
        auto inside = Netlink::open(peer_ns->get());
        ASSERT_TRUE(inside);
        EXPECT_TRUE(link_index(*inside, "lt-veth1"));
        ASSERT_TRUE(del_link(*nl, "lt-veth0"));
        EXPECT_FALSE(ip_link("lt-veth1", "lt-peer"));  // the peer went with it
        ASSERT_TRUE(reg.remove("lt-peer"));
    });
}

TEST(Link, ChangesAreWhatIpSees) {
    run_in_fresh_namespaces([] {
        auto nl = Netlink::open();
        ASSERT_TRUE(nl);
        ASSERT_TRUE(add_link(*nl, "lt-br0", "bridge"));
        ASSERT_TRUE(add_veth(*nl, "lt-a", "lt-b"));
        LinkChange c;
        c.up = true;
        c.master = "lt-br0";
        c.mtu = 1400;
        c.address = parse_mac("02:00:00:00:00:42");
        auto set = set_link(*nl, "lt-a", c);
        ASSERT_TRUE(set) << set.error().message();
        auto a = ip_link("lt-a");
        ASSERT_TRUE(a);
        EXPECT_EQ(a->get("master")->text, "lt-br0");
        EXPECT_EQ(a->integer("mtu"), 1400);
        EXPECT_EQ(a->get("address")->text, "02:00:00:00:00:42");
        bool up = false;
        for (const auto& f : a->get("flags")->items) up = up || f.text == "UP";
        EXPECT_TRUE(up);
        LinkChange r;
        r.nomaster = true;
        r.new_name = "lt-renamed";
        r.up = false;
        ASSERT_TRUE(set_link(*nl, "lt-a", r));
        auto renamed = ip_link("lt-renamed");
        ASSERT_TRUE(renamed);
        EXPECT_EQ(renamed->get("master"), nullptr);
        auto links = list_links(*nl);
        ASSERT_TRUE(links);
        bool found = false;
        for (const auto& l : *links) found = found || (l.name == "lt-renamed" && l.kind == "veth");
        EXPECT_TRUE(found);
    });
}

TEST(Link, ErrorsCarryTheKernelsWords) {
    run_in_fresh_namespaces([] {
        auto nl = Netlink::open();
        ASSERT_TRUE(nl);
        ASSERT_TRUE(add_veth(*nl, "lt-x0", "lt-x1"));
        auto again = add_veth(*nl, "lt-x0", "lt-y1");
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, EEXIST);
        EXPECT_EQ(again.error().context.rfind("lt-x0", 0), 0u) << again.error().context;
        EXPECT_FALSE(ip_link("lt-y1"));  // nothing half-made
        auto peer_taken = add_veth(*nl, "lt-z0", "lt-x1");
        ASSERT_FALSE(peer_taken);
        EXPECT_EQ(peer_taken.error().code, EEXIST);
        EXPECT_FALSE(ip_link("lt-z0"));
        auto bogus = add_link(*nl, "lt-q", "no-such-kind");
        ASSERT_FALSE(bogus);
        EXPECT_EQ(bogus.error().message(), "lt-q: Unknown device type: Operation not supported");
        auto missing = del_link(*nl, "lt-missing");
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().code, ENODEV);
        EXPECT_EQ(link_index(*nl, "lt-missing").error().code, ENODEV);
    });
}

TEST(Link, GroupDeletedInOneRequest) {
    run_in_fresh_namespaces([] {
        auto nl = Netlink::open();
        ASSERT_TRUE(nl);
        for (int i = 0; i < 5; ++i)
            ASSERT_TRUE(
                add_veth(*nl, "lg-a" + std::to_string(i), "lg-b" + std::to_string(i), -1, 9));
        ASSERT_TRUE(add_link(*nl, "lg-keep", "bridge"));
        auto g = ip_link("lg-a3");
        ASSERT_TRUE(g);
        EXPECT_EQ(g->get("group")->text, "9");  // ip names a group without a name by number
        ASSERT_TRUE(del_group(*nl, 9));
        auto links = list_links(*nl);
        ASSERT_TRUE(links);
        std::vector<std::string> names;
        for (const auto& l : *links) names.push_back(l.name);
        EXPECT_EQ(names, (std::vector<std::string>{"lo", "lg-keep"}));
        auto empty = del_group(*nl, 9);
        ASSERT_FALSE(empty);
        EXPECT_EQ(empty.error().code, ENODEV);
    });
}

}  // namespace
}  // namespace nsctl::net
