// SPDX-License-Identifier: GPL-2.0-or-later
// The netns library beyond the registry: monitor events, identify, pids, nsids, exec.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "net/netns.h"
#include "net/netns_exec.h"
#include "net/netns_monitor.h"
#include "net/netns_query.h"
#include "net/nsid.h"
#include "support/support.h"

namespace nsctl::net {
namespace {

using test::run;
using test::run_in_fresh_namespaces;

TEST(NetnsMonitor, SeesAddAndDeleteByIproute2) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        auto mon = NetnsMonitor::open(reg);
        ASSERT_TRUE(mon) << mon.error().message();
        ASSERT_EQ(run({"ip", "netns", "add", "m1"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "delete", "m1"}).status, 0);
        std::vector<NetnsEvent> seen;
        while (seen.size() < 2) {
            auto ev = mon->next();
            ASSERT_TRUE(ev);
            seen.insert(seen.end(), ev->begin(), ev->end());
        }
        ASSERT_EQ(seen.size(), 2u);
        EXPECT_EQ(seen[0].kind, NetnsEvent::kAdd);
        EXPECT_EQ(seen[0].name, "m1");
        EXPECT_EQ(seen[1].kind, NetnsEvent::kDelete);
        EXPECT_EQ(seen[1].name, "m1");
    });
}

TEST(NetnsQuery, IdentifyPidsAndNsid) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        ASSERT_TRUE(reg.add("q1"));
        ASSERT_TRUE(reg.attach("self", getpid()));
        auto self = open_process_netns(0);
        ASSERT_TRUE(self);
        auto names = reg.identify(self->get());
        ASSERT_TRUE(names);
        EXPECT_EQ(*names, std::vector<std::string>{"self"});
        auto pids = netns_pids(self->get());
        ASSERT_TRUE(pids);
        EXPECT_NE(std::find(pids->begin(), pids->end(), getpid()), pids->end());
        auto fd = reg.open("q1");
        ASSERT_TRUE(fd);
        auto nl = Netlink::open();
        ASSERT_TRUE(nl);
        EXPECT_EQ(*get_nsid(*nl, fd->get()), kNsidUnassigned);
        ASSERT_EQ(run({"ip", "netns", "set", "q1", "12"}).status, 0);
        EXPECT_EQ(*get_nsid(*nl, fd->get()), 12);
        auto ids = list_nsids(*nl);
        ASSERT_TRUE(ids);
        ASSERT_EQ(ids->size(), 1u);
        EXPECT_EQ((*ids)[0].nsid, 12);
        EXPECT_EQ((*ids)[0].current_nsid, kNsidUnassigned);
        EXPECT_TRUE(reg.remove("q1"));
        EXPECT_TRUE(reg.remove("self"));
    });
}

TEST(NetnsExec, StepErrorsComeBackAsValues) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        auto missing = netns_exec(reg, "nope", {"true"});
        ASSERT_FALSE(missing);
        EXPECT_EQ(missing.error().code, ENOENT);
        EXPECT_EQ(missing.error().context, "nope");
        // A file that is no namespace: setns fails in the child and is reported.
        ASSERT_EQ(mkdir("/run/netns", 0755), 0);
        ASSERT_EQ(run({"touch", "/run/netns/plain"}).status, 0);
        auto r = netns_exec(reg, "plain", {"true"});
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, EINVAL);
        EXPECT_EQ(r.error().context, "plain: setns");
        EXPECT_EQ(unlink("/run/netns/plain"), 0);
    });
}

}  // namespace
}  // namespace nsctl::net
