// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl nat's parsing and the JSON it exchanges with libnftables (no kernel, no libnftables:
// tests/cli/nat_test.cc runs them for real).
#include <gtest/gtest.h>

#include "base/json_reader.h"
#include "net/link.h"
#include "net/nat.h"
#include "net/nat_json.h"

namespace nsctl::net {
namespace {

TEST(NatParse, Subnets) {
    EXPECT_EQ(parse_ipv4_subnet("10.200.0.0/24")->text(), "10.200.0.0/24");
    EXPECT_EQ(parse_ipv4_subnet("192.168.1.7/32")->text(), "192.168.1.7/32");
    EXPECT_EQ(parse_ipv4_subnet("10.0.0.0/8")->length, 8);
    for (const char* bad : {"", "10.200.0.0", "10.200.0.0/33", "10.200.0.0/", "10.200.0.0/2a",
                            "fd00::/64", "10.200.0.0/024", "x/8", "10.200.0.0/-1"}) {
        auto r = parse_ipv4_subnet(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().context, std::string("invalid IPv4 subnet '") + bad + "'");
    }
}

TEST(NatParse, HostBitsAndSlashZeroSayWhy) {
    auto host = parse_ipv4_subnet("10.200.0.5/24");
    ASSERT_FALSE(host);
    EXPECT_EQ(host.error().context,
              "'10.200.0.5/24' has host bits set: the subnet is 10.200.0.0/24");
    auto all = parse_ipv4_subnet("0.0.0.0/0");
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().context, "'0.0.0.0/0' is every IPv4 address, not a subnet to masquerade");
    EXPECT_FALSE(parse_ipv4_subnet("10.1.2.3/0"));
}

TEST(Ifname, TheKernelsRule) {
    for (const char* ok : {"eth0", "v\"0", "v\\0", "v;{#}*", "a", "123456789012345", "..."})
        EXPECT_TRUE(validate_ifname(ok)) << ok;
    for (const char* bad :
         {"", ".", "..", "1234567890123456", "a/b", "a:b", "a b", "a\tb", "a\nb", "a\xa0"}) {
        auto r = validate_ifname(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, EINVAL);
        EXPECT_NE(r.error().context.find("is not a valid interface name (1 to 15 bytes"),
                  std::string::npos);
    }
}

TEST(NatJson, InterfaceNamesForNftables) {
    EXPECT_EQ(*nft_ifname("eth0"), "eth0");
    EXPECT_EQ(*nft_ifname("v\"0"), "v\"0");
    EXPECT_EQ(*nft_ifname("v\\0"), "v\\0");
    EXPECT_EQ(*nft_ifname("v*"), "v\\*");  // a bare '*' would be a wildcard
    EXPECT_EQ(*nft_ifname("a*b"), "a*b");  // only a trailing one is
    EXPECT_FALSE(nft_ifname("v\\*"));      // with a trailing '*', nft drops every backslash
    EXPECT_FALSE(nft_ifname("a\\b*"));
    EXPECT_FALSE(nft_ifname("abcdefghijklmn*"));  // 16 bytes once escaped
    EXPECT_FALSE(nft_ifname("\xff"));
}

// The value of `"right"` in the match on meta oifname of the request's rule.
std::string oifname_in(const std::string& request) {
    auto doc = parse_json(request);
    if (!doc) return "(not JSON)";
    for (const Json& cmd : doc->get("nftables")->items) {
        const Json* rule = cmd.get("add") ? cmd.get("add")->get("rule") : nullptr;
        if (!rule) continue;
        for (const Json& e : rule->get("expr")->items) {
            const Json* m = e.get("match");
            if (m && m->get("left")->get("meta")) return m->get("right")->text;
        }
    }
    return "(none)";
}

TEST(NatJson, AddRequestCarriesTheNameAsData) {
    Ipv4Subnet subnet{"10.3.0.0", 24};
    const std::string injected = "x\" ; delete table inet victim ; add rule ip nsctl x \"y";
    for (const std::string& name : {injected, std::string("a\\b"), std::string("a\nb;{#}")}) {
        std::string req = nat_add_request(subnet, name, true);
        EXPECT_EQ(oifname_in(req), name) << req;
    }
    auto doc = parse_json(nat_add_request(subnet, std::nullopt, true));
    ASSERT_TRUE(doc);
    const auto& cmds = doc->get("nftables")->items;
    ASSERT_EQ(cmds.size(), 3u);
    EXPECT_EQ(*cmds[0].get("add")->get("table")->string("name"), "nsctl");
    EXPECT_EQ(*cmds[1].get("add")->get("chain")->string("hook"), "postrouting");
    const Json* rule = cmds[2].get("add")->get("rule");
    EXPECT_EQ(*rule->string("comment"), "nsctl:10.3.0.0/24");
    const Json* prefix = rule->get("expr")->items[0].get("match")->get("right")->get("prefix");
    EXPECT_EQ(*prefix->string("addr"), "10.3.0.0");
    EXPECT_EQ(prefix->integer("len"), 24);
    EXPECT_EQ(rule->get("expr")->items[1].get("masquerade")->type, Json::Type::kNull);
    EXPECT_EQ(
        parse_json(nat_add_request(subnet, std::nullopt, false))->get("nftables")->items.size(),
        1u);
    EXPECT_EQ(parse_json(nat_delete_rule_request(7))
                  ->get("nftables")
                  ->items[0]
                  .get("delete")
                  ->get("rule")
                  ->integer("handle"),
              7);
}

// As libnftables 1.0.6 lists table ip nsctl (nft -j list table ip nsctl).
const char* kOurs =
    R"({"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},)"
    R"( {"table": {"family": "ip", "name": "nsctl", "handle": 3}},)"
    R"( {"chain": {"family": "ip", "table": "nsctl", "name": "postrouting", "handle": 1,)"
    R"( "type": "nat", "hook": "postrouting", "prio": 100, "policy": "accept"}},)"
    R"( {"rule": {"family": "ip", "table": "nsctl", "chain": "postrouting", "handle": 2,)"
    R"( "comment": "nsctl:10.200.0.0/24", "expr": [{"match": {"op": "==", "left": {"payload":)"
    R"( {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.200.0.0",)"
    R"( "len": 24}}}}, {"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right":)"
    R"( "a\"b;{#\\c"}}, {"masquerade": null}]}},)"
    R"( {"rule": {"family": "ip", "table": "nsctl", "chain": "postrouting", "handle": 7,)"
    R"( "comment": "nsctl:10.201.0.0/24", "expr": [{"match": {"op": "==", "left": {"payload":)"
    R"( {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.201.0.0",)"
    R"( "len": 24}}}}, {"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right":)"
    R"( "v\\*"}}, {"masquerade": null}]}}]})";

TEST(NatJson, ReadsItsOwnTable) {
    auto t = parse_nat_table(kOurs);
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->ours);
    ASSERT_EQ(t->rules.size(), 2u);
    EXPECT_EQ(t->rules[0].first.subnet.text(), "10.200.0.0/24");
    EXPECT_EQ(t->rules[0].first.out, "a\"b;{#\\c");
    EXPECT_EQ(t->rules[0].second, 2u);
    EXPECT_EQ(t->rules[1].first.out, "v*");
    EXPECT_EQ(t->rules[1].second, 7u);
    EXPECT_FALSE(parse_nat_table(""));
    EXPECT_FALSE(parse_nat_table("{\"nftables\": 1}"));
}

TEST(NatJson, TablesNsctlDidNotMakeAreNotOurs) {
    const std::string ours = kOurs;
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = ours;
        s.replace(s.find(from), from.size(), to);
        return s;
    };
    const std::string others[] = {
        // an empty table, as `nft add table ip nsctl` makes it
        R"({"nftables": [{"table": {"family": "ip", "name": "nsctl", "handle": 1}}]})",
        replaced("\"nsctl:10.200.0.0/24\"", "\"someone else\""),
        replaced("\"masquerade\": null", "\"accept\": null"),
        replaced("\"hook\": \"postrouting\"", "\"hook\": \"prerouting\""),
        replaced("\"v\\\\*\"", "\"v*\""),  // a wildcard
        replaced("{\"rule\"", "{\"set\": {\"name\": \"s\"}}, {\"rule\""),
    };
    for (const auto& listing : others) {
        auto t = parse_nat_table(listing);
        ASSERT_TRUE(t) << listing;
        EXPECT_FALSE(t->ours) << listing;
    }
}

TEST(NatJson, FindsTheTableInAListOfTables) {
    EXPECT_EQ(has_nat_table(R"({"nftables": [{"metainfo": {}},)"
                            R"( {"table": {"family": "ip", "name": "nsctl", "handle": 1}}]})"),
              true);
    EXPECT_EQ(has_nat_table(R"({"nftables": [{"table": {"family": "inet", "name": "nsctl"}}]})"),
              false);
    EXPECT_EQ(has_nat_table(R"({"nftables": []})"), false);
    EXPECT_FALSE(has_nat_table("not json"));
}

}  // namespace
}  // namespace nsctl::net
