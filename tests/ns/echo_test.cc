// SPDX-License-Identifier: GPL-2.0-or-later
// net::echo_all, the ICMP echo of `nsctl lab check`: from sockets made in two namespaces the
// test makes, replies matched to their probes, silence where a link is down, and the calling
// thread back in its own namespace afterwards, also when a namespace cannot be entered.
#include "net/echo.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "net/addr.h"
#include "net/link.h"
#include "net/netlink.h"
#include "net/netns.h"
#include "support/support.h"

namespace nsctl::net {
namespace {

using test::run;
using test::run_in_fresh_namespaces;

ino_t own_netns() {
    struct stat st {};
    EXPECT_EQ(stat("/proc/thread-self/ns/net", &st), 0);
    return st.st_ino;
}

Prefix addr(const char* text) { return *parse_prefix(text); }

// Namespaces ea and eb, joined by va <-> vb with 10.66.0.1/24 and .2/24, both up.
void make_pair(NetnsRegistry& reg, UniqueFd* a, UniqueFd* b) {
    ASSERT_TRUE(reg.add("ea"));
    ASSERT_TRUE(reg.add("eb"));
    *a = std::move(*reg.open("ea"));
    *b = std::move(*reg.open("eb"));
    auto na = Netlink::open(a->get());
    auto nb = Netlink::open(b->get());
    ASSERT_TRUE(na && nb);
    ASSERT_TRUE(add_veth(*na, "va", "vb", b->get()));
    ASSERT_TRUE(add_addr(*na, addr("10.66.0.1/24"), "va"));
    ASSERT_TRUE(add_addr(*nb, addr("10.66.0.2/24"), "vb"));
    LinkChange up;
    up.up = true;
    ASSERT_TRUE(set_link(*na, "va", up));
    ASSERT_TRUE(set_link(*nb, "vb", up));
}

TEST(Echo, RepliesFromANamespaceAndSilenceWhenTheLinkIsDown) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        UniqueFd a, b;
        make_pair(reg, &a, &b);
        ino_t home = own_netns();
        std::vector<EchoProbe> probes = {
            {a.get(), "va", addr("10.66.0.1"), addr("10.66.0.2")},
            {b.get(), "vb", addr("10.66.0.2"), addr("10.66.0.1")},
            {a.get(), "va", addr("10.66.0.1"), addr("10.66.0.9")},  // nobody
        };
        // A veth pair carries packets only once the kernel's linkwatch work has activated its
        // queues, which a loaded machine runs late (CI under AddressSanitizer lost all four
        // rounds of a 300 ms wait). The answered probes end this wait early, so the long limit
        // costs nothing on a quick machine; then the three probes together, links ready.
        auto ready = echo_all({probes[0], probes[1]}, std::chrono::milliseconds(10000));
        ASSERT_TRUE(ready) << ready.error().message();
        ASSERT_TRUE((*ready)[0].ok && (*ready)[1].ok) << "the pair never answered in 10 s";
        auto r = echo_all(probes, std::chrono::milliseconds(1000));
        ASSERT_TRUE(r) << r.error().message();
        EXPECT_EQ(own_netns(), home);
        ASSERT_EQ(r->size(), 3u);
        EXPECT_TRUE((*r)[0].ok);
        EXPECT_GT((*r)[0].rtt_ms, 0);
        EXPECT_LT((*r)[0].rtt_ms, 1000);
        EXPECT_TRUE((*r)[1].ok);
        EXPECT_FALSE((*r)[2].ok);
        EXPECT_EQ((*r)[2].error, "");
        // vb down: a's echo goes unanswered; b's own has no route at all any more.
        ASSERT_EQ(run({"ip", "-n", "eb", "link", "set", "vb", "down"}).status, 0);
        auto down = echo_all(probes, std::chrono::milliseconds(200));
        ASSERT_TRUE(down);
        EXPECT_FALSE((*down)[0].ok);
        EXPECT_FALSE((*down)[1].ok);
        EXPECT_NE((*down)[1].error.find("sendto"), std::string::npos) << (*down)[1].error;
        // An address the source does not have: its probes fail with bind's reason.
        auto unbound = echo_all({{a.get(), "va", addr("10.66.0.7"), addr("10.66.0.2")}},
                                std::chrono::milliseconds(50));
        ASSERT_TRUE(unbound);
        EXPECT_EQ((*unbound)[0].error, "bind 10.66.0.7: Cannot assign requested address");
        EXPECT_EQ(own_netns(), home);
        ASSERT_TRUE(reg.remove("ea"));
        ASSERT_TRUE(reg.remove("eb"));
    });
}

TEST(Echo, AFileThatIsNoNamespaceIsAnErrorAndTheThreadStaysHome) {
    run_in_fresh_namespaces([] {
        ino_t home = own_netns();
        int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        ASSERT_GE(fd, 0);
        UniqueFd file(fd);
        auto r = echo_all({{file.get(), "", addr("10.0.0.1"), addr("10.0.0.2")}},
                          std::chrono::milliseconds(50));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, EINVAL) << r.error().message();
        EXPECT_EQ(own_netns(), home);
        auto mixed =
            echo_all({{-1, "", addr("10.0.0.1"), addr("fd00::1")}}, std::chrono::milliseconds(50));
        ASSERT_FALSE(mixed);
    });
}

}  // namespace
}  // namespace nsctl::net
