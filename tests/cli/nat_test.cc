// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl nat with a fake internet, all inside namespaces the test makes (no traffic leaves them):
//   client (10.200.0.2/24, default via .1) -- router (10.200.0.1/24 | 198.51.100.2/24) -- inet
//   (198.51.100.1/24, no route back to 10.200.0.0/24): the client reaches inet only through the
//   router's masquerading.
#include <gtest/gtest.h>

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
        EXPECT_EQ(twice.err, "nsctl: nat enable: 10.200.0.0/24: File exists\n");
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

TEST(Nat, BadInput) {
    run_in_fresh_namespaces([] {
        struct Case {
            std::vector<std::string> args;
            std::string err;
        } cases[] = {
            {{"nat", "disable", "10.9.0.0/24"},
             "nsctl: nat disable: 10.9.0.0/24: NAT is not enabled: No such file or directory\n"},
            {{"nat", "enable", "10.9.0.1/24"},
             "nsctl: nat enable: invalid IPv4 subnet '10.9.0.1/24'\n"},
            {{"nat", "enable", "fd00::/64"},
             "nsctl: nat enable: invalid IPv4 subnet 'fd00::/64'\n"},
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
