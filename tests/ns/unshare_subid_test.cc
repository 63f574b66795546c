// SPDX-License-Identifier: GPL-2.0-or-later
// Rootless id maps through newuidmap/newgidmap: a user of the test's own with a subuid and
// subgid range, created and removed (with /etc/subuid and /etc/subgid restored byte for byte)
// by an RAII guard. The expected maps are util-linux 2.42's (taken from its binary by hand);
// where Debian's 2.38 writes the same, it runs side by side.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "support/support.h"

namespace nsctl::test {
namespace {

constexpr unsigned kRange = 400000;

std::optional<std::string> slurp(const char* path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void restore(const char* path, const std::optional<std::string>& text) {
    if (!text) {
        std::remove(path);
        return;
    }
    std::ofstream(path, std::ios::trunc) << *text;
}

// A user with kRange..kRange+65535 as its subuids and subgids, for the test's lifetime.
class SubidUser {
  public:
    SubidUser() : name_(unique_name()) {
        subuid_ = slurp("/etc/subuid");
        subgid_ = slurp("/etc/subgid");
        RunResult r = run({"useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name_});
        created_ = r.status == 0;
        // useradd may have added ranges of its own: replace them with ours.
        std::string line = name_ + ":" + std::to_string(kRange) + ":65536\n";
        restore("/etc/subuid", subuid_.value_or("") + line);
        restore("/etc/subgid", subgid_.value_or("") + line);
        uid_ = run({"id", "-u", name_}).out;
        gid_ = run({"id", "-g", name_}).out;
        if (!uid_.empty()) uid_.pop_back();
        if (!gid_.empty()) gid_.pop_back();
    }
    ~SubidUser() {
        if (created_) (void)run({"userdel", name_});
        restore("/etc/subuid", subuid_);
        restore("/etc/subgid", subgid_);
    }
    SubidUser(const SubidUser&) = delete;
    SubidUser& operator=(const SubidUser&) = delete;

    bool ok() const { return created_ && !uid_.empty(); }
    unsigned uid() const { return static_cast<unsigned>(std::stoul(uid_)); }
    unsigned gid() const { return static_cast<unsigned>(std::stoul(gid_)); }
    RunResult run_as(const std::string& tool, std::vector<std::string> args) const {
        std::vector<std::string> argv = {"setpriv", "--reuid",        uid_, "--regid",
                                         gid_,      "--clear-groups", tool};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"cat", "/proc/self/uid_map", "/proc/self/gid_map"});
        return run(argv);
    }

  private:
    std::string name_, uid_, gid_;
    std::optional<std::string> subuid_, subgid_;
    bool created_ = false;
};

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
        RunResult o = user.run_as(ours(), c.args);
        EXPECT_EQ(o.status, 0) << o.err;
        EXPECT_EQ(o.out, c.expect);
        if (!c.same_in_238) continue;
        RunResult t = user.run_as("/usr/bin/unshare", c.args);
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
    RunResult o = user.run_as(ours(), {"--map-users=100000,1,10"});
    RunResult t = user.run_as("/usr/bin/unshare", {"--map-users=100000,1,10"});
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
