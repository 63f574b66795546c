// SPDX-License-Identifier: GPL-2.0-or-later
// Rootless id maps through newuidmap/newgidmap, for a user of the test's own with a subuid and
// subgid range (support/subid_user.h). The expected maps are util-linux 2.42's (taken from its
// binary by hand); where Debian's 2.38 writes the same, it runs side by side.
#include <gtest/gtest.h>

#include <cstdio>

#include "support/subid_user.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

constexpr unsigned kRange = SubidUser::kStart;

// Runs `tool ARGS cat /proc/self/uid_map /proc/self/gid_map` as the user.
RunResult run_as(const SubidUser& user, const std::string& tool, std::vector<std::string> args) {
    std::vector<std::string> argv = user.as_user();
    argv.push_back(tool);
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"cat", "/proc/self/uid_map", "/proc/self/gid_map"});
    return run(argv);
}

// One uid_map/gid_map line as the kernel prints it.
std::string line(unsigned inner, unsigned outer, unsigned count) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%10u %10u %10u\n", inner, outer, count);
    return buf;
}

std::string ours() { return std::string(NSCTL_BINARY_DIR) + "/unshare"; }

TEST(UnshareSubid, MapsThroughNewuidmap) {
    NSCTL_REQUIRE_ROOT();
    SubidUser user;
    ASSERT_TRUE(user.ok());
    const unsigned u = user.uid(), g = user.gid(), r = kRange;
    struct Case {
        std::vector<std::string> args;
        std::string expect;
        bool same_in_238;
    };
    const Case cases[] = {
        {{"--map-auto"}, line(0, r, 65536) + line(0, r, 65536), true},
        {{"--map-users=auto", "--map-groups=auto"}, line(0, r, 65536) + line(0, r, 65536), true},
        {{"--map-auto", "-r"},
         line(0, u, 1) + line(1, r, 65536) + line(0, g, 1) + line(1, r, 65536),
         false},
        {{"--map-users=auto", "--map-groups=auto", "-c"},
         line(u, u, 1) + line(0, r, u) + line(u + 1, r + u, 65536 - u) + line(g, g, 1) +
             line(0, r, g) + line(g + 1, r + g, 65536 - g),
         false},
        {{"--map-subids"}, line(r, r, 65536) + line(r, r, 65536), false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.args[0] + (c.args.size() > 1 ? " " + c.args[1] : ""));
        RunResult o = run_as(user, ours(), c.args);
        EXPECT_EQ(o.status, 0) << o.err;
        EXPECT_EQ(o.out, c.expect);
        if (!c.same_in_238) continue;
        RunResult t = run_as(user, "/usr/bin/unshare", c.args);
        EXPECT_EQ(o.out, t.out);
        EXPECT_EQ(o.status, t.status);
    }
}

TEST(UnshareSubid, RefusedRangeEndsAsNewuidmapSays) {
    NSCTL_REQUIRE_ROOT();
    SubidUser user;
    ASSERT_TRUE(user.ok());
    // Outside the user's range: newuidmap refuses and says why; unshare adds nothing but its
    // exit status (and, for us, no hint: the tools and the range are there).
    RunResult o = run_as(user, ours(), {"--map-users=100000,1,10"});
    RunResult t = run_as(user, "/usr/bin/unshare", {"--map-users=100000,1,10"});
    EXPECT_EQ(o.status, 1);
    EXPECT_EQ(o.status, t.status);
    EXPECT_EQ(o.err, t.err);
    EXPECT_EQ(o.err, "newuidmap: uid range [1-11) -> [100000-100010) not allowed\n");
}

TEST(UnshareSubid, NoRangeGetsAHint) {
    NSCTL_REQUIRE_ROOT();
    // nobody has no range (the test does not give it one).
    RunResult o = run({"setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", ours(),
                       "--map-users=0:65534:1", "--map-groups=0:200000:10", "true"});
    EXPECT_EQ(o.status, 1);
    EXPECT_NE(o.err.find("unshare: hint: no range for user nobody in /etc/subgid"),
              std::string::npos)
        << o.err;
}

}  // namespace
}  // namespace nsctl::test
