// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "net/nat.h"

namespace nsctl::net {
namespace {

TEST(NatParse, Subnets) {
    EXPECT_EQ(parse_ipv4_subnet("10.200.0.0/24"), "10.200.0.0/24");
    EXPECT_EQ(parse_ipv4_subnet("0.0.0.0/0"), "0.0.0.0/0");
    EXPECT_EQ(parse_ipv4_subnet("192.168.1.7/32"), "192.168.1.7/32");
    for (const char* bad : {"", "10.200.0.0", "10.200.0.1/24", "10.200.0.0/33", "10.200.0.0/",
                            "10.200.0.0/2a", "fd00::/64", "10.200.0.0/024", "x/8"})
        EXPECT_FALSE(parse_ipv4_subnet(bad)) << bad;
}

TEST(NatParse, TableListing) {
    const char* listing =
        "table ip nsctl { # handle 3\n"
        "\tcomment \"nsctl nat; ip_forward was 1\"\n"
        "\tchain postrouting { # handle 1\n"
        "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
        "\t\tip saddr 10.200.0.0/24 oifname \"eth0\" masquerade comment \"nsctl:10.200.0.0/24\" "
        "# handle 2\n"
        "\t\tip saddr 10.201.0.0/24 masquerade comment \"nsctl:10.201.0.0/24\" # handle 7\n"
        "\t\tip saddr 10.9.0.0/24 masquerade comment \"someone else\" # handle 8\n"
        "\t}\n}\n";
    NatTable t = parse_nat_table(listing);
    ASSERT_TRUE(t.forward_before);
    EXPECT_TRUE(*t.forward_before);
    ASSERT_EQ(t.rules.size(), 2u);
    EXPECT_EQ(t.rules[0].first.subnet, "10.200.0.0/24");
    EXPECT_EQ(t.rules[0].first.out, "eth0");
    EXPECT_EQ(t.rules[0].second, 2u);
    EXPECT_EQ(t.rules[1].first.subnet, "10.201.0.0/24");
    EXPECT_FALSE(t.rules[1].first.out);
    EXPECT_EQ(t.rules[1].second, 7u);
    EXPECT_FALSE(parse_nat_table("").forward_before);
}

}  // namespace
}  // namespace nsctl::net
