// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl nat with a fake internet, all inside namespaces the test makes (no traffic leaves them):
//   client (10.200.0.2/24, default via .1) -- router (10.200.0.1/24 | 198.51.100.2/24) -- inet
//   (198.51.100.1/24, no route back to 10.200.0.0/24): the client reaches inet only through the
//   router's masquerading.
#include <gtest/gtest.h>

#include <map>

#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

RunResult nsctl(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), NSCTL_BINARY);
    return run(args, input);
}

bool client_reaches_inet() {
    return run({"ip", "netns", "exec", "nat-client", "ping", "-c", "1", "-W", "2", "198.51.100.1"})
               .status == 0;
}

std::string forwarding_in_router() {
    return run({"ip", "netns", "exec", "nat-router", "cat", "/proc/sys/net/ipv4/ip_forward"}).out;
}

void build_topology() {
    const std::string batch =
        "netns add nat-client\nnetns add nat-router\nnetns add nat-inet\n"
        "-n nat-router link add r-c type veth peer name c0 netns nat-client\n"
        "-n nat-router link add r-i type veth peer name i0 netns nat-inet\n"
        "-n nat-router addr add 10.200.0.1/24 dev r-c\n"
        "-n nat-router addr add 198.51.100.2/24 dev r-i\n"
        "-n nat-client addr add 10.200.0.2/24 dev c0\n"
        "-n nat-inet addr add 198.51.100.1/24 dev i0\n"
        "-n nat-router link set r-c up\n-n nat-router link set r-i up\n"
        "-n nat-client link set c0 up\n-n nat-inet link set i0 up\n"
        "-n nat-client route add default via 10.200.0.1\n";
    auto r = nsctl({"-batch", "-"}, batch);
    ASSERT_EQ(r.status, 0) << r.err;
}

TEST(Nat, FakeInternetThroughTheRouter) {
    run_in_fresh_namespaces([] {
        build_topology();
        // A table nsctl did not create must survive everything below.
        ASSERT_EQ(run({"ip", "netns", "exec", "nat-router", "nft", "add table ip other"}).status,
                  0);
        ASSERT_EQ(forwarding_in_router(), "0\n");
        EXPECT_FALSE(client_reaches_inet());
        // Forwarding alone is not enough: inet has no route back to 10.200.0.0/24.
        auto sysctl = [](const char* v) {
            return run({"ip", "netns", "exec", "nat-router", "sysctl", "-qw",
                        std::string("net.ipv4.ip_forward=") + v})
                .status;
        };
        ASSERT_EQ(sysctl("1"), 0);
        EXPECT_FALSE(client_reaches_inet());
        ASSERT_EQ(sysctl("0"), 0);
        auto on = nsctl({"-n", "nat-router", "nat", "enable", "10.200.0.0/24", "--out", "r-i"});
        ASSERT_EQ(on.status, 0) << on.err;
        EXPECT_EQ(forwarding_in_router(), "1\n");
        EXPECT_TRUE(client_reaches_inet());
        auto shown = nsctl({"-n", "nat-router", "nat", "show"});
        EXPECT_EQ(shown.out, "SUBNET        OUT FORWARDING\n10.200.0.0/24 r-i yes\n");
        auto twice = nsctl({"-n", "nat-router", "nat", "enable", "10.200.0.0/24"});
        EXPECT_EQ(twice.status, 1);
        EXPECT_EQ(twice.err, "nsctl: nat enable: 10.200.0.0/24: already enabled: File exists\n");
        auto off = nsctl({"-n", "nat-router", "nat", "disable", "10.200.0.0/24"});
        ASSERT_EQ(off.status, 0) << off.err;
        EXPECT_FALSE(client_reaches_inet());
        EXPECT_EQ(forwarding_in_router(), "0\n");  // restored
        auto tables = run({"ip", "netns", "exec", "nat-router", "nft", "list", "tables"});
        EXPECT_EQ(tables.out, "table ip other\n");  // ours is gone, theirs untouched
        for (const char* ns : {"nat-client", "nat-router", "nat-inet"})
            EXPECT_EQ(nsctl({"netns", "delete", ns}).status, 0);
    });
}

TEST(Nat, ForwardingAlreadyOnStaysOn) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "nat-f"}).status, 0);
        ASSERT_EQ(
            run({"ip", "netns", "exec", "nat-f", "sysctl", "-qw", "net.ipv4.ip_forward=1"}).status,
            0);
        ASSERT_EQ(nsctl({"-n", "nat-f", "nat", "enable", "10.1.0.0/16"}).status, 0);
        ASSERT_EQ(nsctl({"-n", "nat-f", "nat", "enable", "10.2.0.0/16"}).status, 0);
        ASSERT_EQ(nsctl({"-n", "nat-f", "nat", "disable", "10.1.0.0/16"}).status, 0);
        auto left = nsctl({"-n", "nat-f", "-j", "nat", "show"});
        EXPECT_NE(left.out.find("\"subnet\": \"10.2.0.0/16\""), std::string::npos) << left.out;
        EXPECT_EQ(left.out.find("10.1.0.0/16"), std::string::npos);
        ASSERT_EQ(nsctl({"-n", "nat-f", "nat", "disable", "10.2.0.0/16"}).status, 0);
        auto fwd = run({"ip", "netns", "exec", "nat-f", "cat", "/proc/sys/net/ipv4/ip_forward"});
        EXPECT_EQ(fwd.out, "1\n");
        EXPECT_EQ(nsctl({"netns", "delete", "nat-f"}).status, 0);
    });
}

// "FAMILY NAME" of every table, as nft -j lists them.
std::vector<std::string> tables() {
    std::vector<std::string> names;
    auto doc = parse_json(run({"nft", "-j", "list", "tables"}).out);
    if (!doc || !doc->get("nftables")) return {"(nft -j list tables: not a listing)"};
    for (const auto& item : doc->get("nftables")->items) {
        const Json* t = item.get("table");
        if (t && t->string("family") && t->string("name"))
            names.push_back(*t->string("family") + " " + *t->string("name"));
    }
    return names;
}

// The oifname each rule of table ip nsctl matches, by the rule's comment, from nft -j list
// ruleset ("(none)" for a rule without a match on oifname).
std::map<std::string, std::string> oifnames_by_comment() {
    std::map<std::string, std::string> found;
    auto doc = parse_json(run({"nft", "-j", "list", "ruleset"}).out);
    if (!doc || !doc->get("nftables")) return {{"", "(nft -j list ruleset: not a listing)"}};
    for (const auto& item : doc->get("nftables")->items) {
        const Json* rule = item.get("rule");
        if (!rule || !rule->string("table") || *rule->string("table") != "nsctl") continue;
        std::string comment = rule->string("comment") ? *rule->string("comment") : "(none)";
        found[comment] = "(none)";
        const Json* exprs = rule->get("expr");
        for (const Json& e : exprs ? exprs->items : std::vector<Json>{}) {
            const Json* m = e.get("match");
            if (m && m->get("left") && m->get("left")->get("meta") && m->get("right"))
                found[comment] = m->get("right")->text;
        }
    }
    return found;
}

// --out is an interface name that reaches nftables as data (a JSON string), never as nft's
// command language: names full of what that language reads as syntax work and name exactly
// that interface, and the injection from issue 8 touches nothing.
TEST(Nat, OutIsAnInterfaceNameNeverNftSyntax) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"nft", "add table inet victim"}).status, 0);
        ASSERT_EQ(run({"nft", "add table ip decoy"}).status, 0);
        ASSERT_EQ(
            run({"nft", "add chain ip decoy c { type filter hook forward priority 0; }"}).status,
            0);
        const std::vector<std::string> decoys = {"inet victim", "ip decoy"};
        const std::string injection =
            "x\" ; delete table inet victim ; add rule ip nsctl postrouting oifname \"y";
        const std::string rule =
            " is not a valid interface name (1 to 15 bytes; no '/', ':' or "
            "white space; not '.' or '..')\n";
        auto r = nsctl({"nat", "enable", "10.3.0.0/24", "--out", injection});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: nat enable: '" + injection + "'" + rule);
        r = nsctl({"nat", "enable", "10.3.0.0/24", "--out", "a\nb"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: nat enable: 'a\\nb'" + rule);
        EXPECT_EQ(tables(), decoys);

        // Legal interface names (made here as veth pairs) with quotes, backslashes, ';', '{',
        // '#' and a trailing '*' (a wildcard to nft unless escaped).
        const std::vector<std::string> names = {"v\"0", "v\\1",      "v;2",     "v{3",
                                                "v#4",  "x\";flush", "\"}#;{*", "w*"};
        for (size_t i = 0; i < names.size(); ++i) {
            std::string peer = "p" + std::to_string(i);
            auto made = nsctl({"link", "add", names[i], "type", "veth", "peer", "name", peer});
            ASSERT_EQ(made.status, 0) << names[i] << ": " << made.err;
            std::string subnet = "10.3." + std::to_string(i + 1) + ".0/24";
            auto on = nsctl({"nat", "enable", subnet, "--out", names[i]});
            EXPECT_EQ(on.status, 0) << names[i] << ": " << on.err;
        }
        EXPECT_EQ(tables(), (std::vector<std::string>{"inet victim", "ip decoy", "ip nsctl"}));
        EXPECT_NE(run({"nft", "list", "chain", "ip", "decoy", "c"}).status, 1);
        auto oifnames = oifnames_by_comment();
        EXPECT_EQ(oifnames.size(), names.size());
        for (size_t i = 0; i < names.size(); ++i) {
            std::string want = names[i];
            // nft's own notation for a literal trailing '*' (a wildcard would list as "w*").
            if (want.back() == '*') want.insert(want.size() - 1, "\\");
            EXPECT_EQ(oifnames["nsctl:10.3." + std::to_string(i + 1) + ".0/24"], want);
        }
        // One nftables cannot match exactly (it drops every backslash when a '*' ends the name).
        r = nsctl({"nat", "enable", "10.3.99.0/24", "--out", "a\\b*"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err,
                  "nsctl: nat enable: 'a\\\\b*': nftables cannot match a name that ends in '*' and "
                  "has a '\\' exactly: Invalid argument\n");
        auto shown = parse_json(nsctl({"-j", "nat", "show"}).out);
        ASSERT_TRUE(shown);
        std::vector<std::string> outs;
        for (const auto& line : shown->get("nat") ? shown->get("nat")->items : std::vector<Json>{})
            outs.push_back(line.string("out") ? *line.string("out") : "(none)");
        EXPECT_EQ(outs, names);

        for (size_t i = 0; i < names.size(); ++i) {
            auto off = nsctl({"nat", "disable", "10.3." + std::to_string(i + 1) + ".0/24"});
            EXPECT_EQ(off.status, 0) << off.err;
        }
        EXPECT_EQ(tables(), decoys);
    });
}

std::string forwarding() { return run({"cat", "/proc/sys/net/ipv4/ip_forward"}).out; }

// Each failure says what went wrong, in one line, with the exit code nsctl used before (1).
TEST(Nat, ErrorsNameTheCause) {
    run_in_fresh_namespaces([] {
        // A table of that name that nsctl did not make: left alone, and said so.
        ASSERT_EQ(run({"nft", "add table ip nsctl"}).status, 0);
        for (const char* sub : {"enable", "disable", "show"}) {
            std::vector<std::string> args = {"nat", sub};
            if (std::string(sub) != "show") args.push_back("10.4.0.0/24");
            auto r = nsctl(args);
            EXPECT_EQ(r.status, 1) << sub;
            EXPECT_EQ(r.err, std::string("nsctl: nat ") + sub +
                                 ": table ip nsctl was not made by nsctl: it is left alone\n");
        }
        EXPECT_EQ(run({"nft", "list", "ruleset"}).out, "table ip nsctl {\n}\n");
        EXPECT_EQ(forwarding(), "0\n");
        ASSERT_EQ(run({"nft", "delete table ip nsctl"}).status, 0);

        // Without CAP_NET_ADMIN: one line of ours, nothing of libnftables'.
        for (const char* sub : {"show", "enable"}) {
            std::vector<std::string> args = {"setpriv", "--bounding-set=-net_admin", NSCTL_BINARY,
                                             "nat", sub};
            if (std::string(sub) == "enable") args.push_back("10.4.0.0/24");
            auto r = run(args);
            EXPECT_EQ(r.status, 1) << sub;
            EXPECT_EQ(r.err, std::string("nsctl: nat ") + sub +
                                 ": nftables needs CAP_NET_ADMIN: Operation not permitted\n");
            EXPECT_EQ(r.out, "");
        }

        ASSERT_EQ(nsctl({"nat", "enable", "10.4.0.0/24"}).status, 0);
        auto twice = nsctl({"nat", "enable", "10.4.0.0/24"});
        EXPECT_EQ(twice.status, 1);
        EXPECT_EQ(twice.err, "nsctl: nat enable: 10.4.0.0/24: already enabled: File exists\n");

        // Someone flushes the ruleset: disable says the rule is gone and still sets forwarding
        // back to what it was before the enable.
        EXPECT_EQ(forwarding(), "1\n");
        ASSERT_EQ(run({"nft", "flush ruleset"}).status, 0);
        auto gone = nsctl({"nat", "disable", "10.4.0.0/24"});
        EXPECT_EQ(gone.status, 1);
        EXPECT_EQ(gone.err,
                  "nsctl: nat disable: 10.4.0.0/24: the rule is gone (someone removed nsctl's "
                  "rules from nftables); ip_forward set back to 0: No such file or directory\n");
        EXPECT_EQ(forwarding(), "0\n");
        auto again = nsctl({"nat", "disable", "10.4.0.0/24"});
        EXPECT_EQ(
            again.err,
            "nsctl: nat disable: 10.4.0.0/24: NAT is not enabled: No such file or directory\n");

        // After a flush, the value recorded at the first enable still counts.
        ASSERT_EQ(run({"sysctl", "-qw", "net.ipv4.ip_forward=1"}).status, 0);
        ASSERT_EQ(nsctl({"nat", "enable", "10.5.0.0/24"}).status, 0);
        ASSERT_EQ(run({"sysctl", "-qw", "net.ipv4.ip_forward=0"}).status, 0);
        ASSERT_EQ(run({"nft", "flush ruleset"}).status, 0);
        ASSERT_EQ(nsctl({"nat", "enable", "10.5.0.0/24"}).status, 0);
        ASSERT_EQ(nsctl({"nat", "disable", "10.5.0.0/24"}).status, 0);
        EXPECT_EQ(forwarding(), "1\n");
        EXPECT_EQ(run({"nft", "list", "ruleset"}).out, "");
    });
}

// Forwarding that cannot be turned on (a read-only /proc/sys, as in many containers): enable
// fails naming the file, and takes back what it added; an earlier subnet stays.
TEST(Nat, EnableTakesBackItsRuleWhenForwardingFails) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"nat", "enable", "10.6.0.0/24"}).status, 0);
        ASSERT_EQ(nsctl({"nat", "disable", "10.6.0.0/24"}).status, 0);
        ASSERT_EQ(run({"mount", "--bind", "/proc/sys", "/proc/sys"}).status, 0);
        ASSERT_EQ(run({"mount", "-o", "remount,bind,ro", "/proc/sys"}).status, 0);
        const std::string erofs = "open /proc/sys/net/ipv4/ip_forward: Read-only file system\n";
        auto r = nsctl({"nat", "enable", "10.6.0.0/24"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: nat enable: " + erofs);
        EXPECT_EQ(run({"nft", "list", "ruleset"}).out, "");
        EXPECT_EQ(run({"ls", "-A", "/run/nsctl/.nat"}).out, "");  // no record left either

        ASSERT_EQ(run({"umount", "/proc/sys"}).status, 0);
        ASSERT_EQ(nsctl({"nat", "enable", "10.6.0.0/24"}).status, 0);
        ASSERT_EQ(run({"mount", "--bind", "/proc/sys", "/proc/sys"}).status, 0);
        ASSERT_EQ(run({"mount", "-o", "remount,bind,ro", "/proc/sys"}).status, 0);
        r = nsctl({"nat", "enable", "10.7.0.0/24"});
        EXPECT_EQ(r.err, "nsctl: nat enable: " + erofs);
        auto shown = nsctl({"nat", "show"});
        EXPECT_EQ(shown.out, "SUBNET      OUT FORWARDING\n10.6.0.0/24     yes\n");
        ASSERT_EQ(run({"umount", "/proc/sys"}).status, 0);
        EXPECT_EQ(nsctl({"nat", "disable", "10.6.0.0/24"}).status, 0);
    });
}

TEST(Nat, BadInput) {
    run_in_fresh_namespaces([] {
        struct Case {
            std::vector<std::string> args;
            std::string err;
        } cases[] = {
            {{"nat", "disable", "10.9.0.0/24"},
             "nsctl: nat disable: 10.9.0.0/24: NAT is not enabled: No such file or directory\n"},
            {{"nat", "enable", "10.9.0.1/24"},
             "nsctl: nat enable: '10.9.0.1/24' has host bits set: the subnet is 10.9.0.0/24\n"},
            {{"nat", "enable", "fd00::/64"},
             "nsctl: nat enable: invalid IPv4 subnet 'fd00::/64'\n"},
            {{"nat", "enable", "0.0.0.0/0"},
             "nsctl: nat enable: '0.0.0.0/0' is every IPv4 address, not a subnet to masquerade\n"},
            {{"nat", "enable", "10.9.0.0/33"},
             "nsctl: nat enable: invalid IPv4 subnet '10.9.0.0/33'\n"},
            {{"nat", "enable"}, "nsctl: nat enable: missing SUBNET\n"},
            {{"nat", "enable", "10.9.0.0/24", "--out"},
             "nsctl: nat enable: \"--out\" needs a value\n"},
            {{"-n", "nope", "nat", "show"},
             "nsctl: nat show: netns nope: No such file or directory\n"},
        };
        for (const auto& c : cases) {
            auto r = nsctl(c.args);
            EXPECT_EQ(r.status, 1);
            EXPECT_EQ(r.err, c.err);
        }
        // Nothing was created by the failures.
        EXPECT_EQ(run({"nft", "list", "tables"}).out, "");
    });
}

}  // namespace
}  // namespace nsctl::test
