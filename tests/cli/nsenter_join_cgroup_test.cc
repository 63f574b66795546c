// SPDX-License-Identifier: GPL-2.0-or-later
// nsenter -c/--join-cgroup (new in util-linux 2.42; Debian's 2.38 has no such option, so the
// expected messages are 2.42's, taken from its binary by hand). nsenter joins the cgroup v2
// directory /sys/fs/cgroup/PATH, PATH from the first line of /proc/TARGET/cgroup, and only when
// /sys/fs/cgroup is a cgroup2 filesystem. Each test arranges /sys/fs/cgroup in a mount namespace
// of its own; the cgroups it creates (in the machine's hierarchies, which no namespace hides)
// are removed at its end.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/nsenter_target.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

RunResult ours(const Args& args) { return run_our_nsenter(args); }

// "ID:CONTROLLERS:PATH", the first line of /proc/PID/cgroup.
struct CgroupLine {
    std::string id, controllers, path;
};

CgroupLine first_cgroup_line(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/cgroup");
    std::string line;
    std::getline(f, line);
    CgroupLine l;
    size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) return l;
    return {line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)};
}

// The cgroup v2 line ("0::PATH") of what the program printed.
std::string v2_line(const std::string& out) {
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind("0::", 0) == 0) return line;
    return "";
}

void mount_or_fail(const char* source, const std::string& target, const char* type,
                   unsigned long flags, const char* options) {
    ASSERT_EQ(mkdir(target.c_str(), 0755) == 0 || errno == EEXIST, true) << target;
    ASSERT_EQ(mount(source, target.c_str(), type, flags, options), 0)
        << "mount " << type << " on " << target << ": " << std::strerror(errno);
}

// Cgroup directories made by the test, removed (deepest last made first) when it ends; declared
// before the Target, so that the target is gone by then.
struct CgroupDirs {
    std::vector<std::string> dirs;
    ~CgroupDirs() {
        for (auto it = dirs.rbegin(); it != dirs.rend(); ++it)
            if (rmdir(it->c_str()) != 0)
                ADD_FAILURE() << "rmdir " << *it << ": " << strerror(errno);
    }
    // mkdir HIERARCHY/NAME and move pid there.
    void make_and_enter(const std::string& hierarchy, const std::string& name, pid_t pid) {
        std::string dir = hierarchy + "/" + name;
        ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << dir << ": " << std::strerror(errno);
        dirs.push_back(dir);
        if (pid == 0) return;
        std::ofstream procs(dir + "/cgroup.procs");
        procs << pid << std::flush;
        ASSERT_TRUE(procs.good()) << "move " << pid << " to " << dir;
    }
};

class NsenterJoinCgroup : public ::testing::Test {
  protected:
    void SetUp() override { NSCTL_REQUIRE_ROOT(); }
};

// The target is moved to a cgroup NAME of its own; where the first line of /proc/PID/cgroup is
// a cgroup v1 hierarchy (a hybrid setup like this machine's), to NAME there too, since nsenter
// takes the path from that line. Then the cgroup2 hierarchy is mounted on /sys/fs/cgroup.
TEST_F(NsenterJoinCgroup, JoinsTheTargetsCgroup) {
    run_in_fresh_namespaces([] {
        CgroupDirs dirs;
        Target t({"sleep", "600"});
        ASSERT_GT(t.pid(), 0);
        CgroupLine first = first_cgroup_line(t.pid());
        ASSERT_FALSE(first.id.empty()) << "no /proc/PID/cgroup";
        mount_or_fail("cgroup2", "/run/cg2", "cgroup2", 0, nullptr);
        std::string name = unique_name();
        dirs.make_and_enter("/run/cg2", name, t.pid());
        if (first.id != "0") {
            // The same v1 hierarchy again: same controllers ("none,name=X" for a named one).
            std::string opts = first.controllers.rfind("name=", 0) == 0
                                   ? "none," + first.controllers
                                   : first.controllers;
            mount_or_fail("cgroup", "/run/cg1", "cgroup", 0, opts.c_str());
            dirs.make_and_enter("/run/cg1", name, t.pid());
        }
        ASSERT_EQ(first_cgroup_line(t.pid()).path, "/" + name);
        std::ifstream mine("/proc/self/cgroup");
        std::string own((std::istreambuf_iterator<char>(mine)), std::istreambuf_iterator<char>());
        ASSERT_NE(v2_line(own), "0::/" + name);
        mount_or_fail("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, nullptr);

        for (const Args& args :
             {Args{"-t", t.pid_str(), "-c", "-u", "cat", "/proc/self/cgroup"},
              Args{"-t", t.pid_str(), "--join-cgroup", "-p", "cat", "/proc/self/cgroup"}}) {
            RunResult r = ours(args);
            EXPECT_EQ(r.err, "") << args[3];
            EXPECT_EQ(r.status, 0) << args[3];
            EXPECT_EQ(v2_line(r.out), "0::/" + name) << args[3] << ":\n" << r.out;
        }
        RunResult r = ours({"-t", t.pid_str(), "-u", "cat", "/proc/self/cgroup"});
        EXPECT_EQ(v2_line(r.out), v2_line(own)) << "without -c nsenter stays in its cgroup";

        // A cgroup2 /sys/fs/cgroup without the target's PATH: the v2 cgroup OTHER mounted there.
        dirs.make_and_enter("/run/cg2", name + "o", 0);
        ASSERT_EQ(
            mount(("/run/cg2/" + name + "o").c_str(), "/sys/fs/cgroup", nullptr, MS_BIND, nullptr),
            0);
        r = ours({"-t", t.pid_str(), "-c", "-u", "true"});
        EXPECT_EQ(r.err, "nsenter: failed to open cgroup.procs: No such file or directory\n");
        EXPECT_EQ(r.status, 1);
    });
}

TEST_F(NsenterJoinCgroup, OnlyWithCgroup2) {
    run_in_fresh_namespaces([] {
        Target t({"sleep", "600"});
        ASSERT_GT(t.pid(), 0);
        // /sys/fs/cgroup missing, then a tmpfs (as on this machine, cgroup v1 or hybrid).
        mount_or_fail("tmpfs", "/sys/fs", "tmpfs", 0, nullptr);
        RunResult r = ours({"-t", t.pid_str(), "-c", "-u", "true"});
        EXPECT_EQ(r.err, "nsenter: statfs /sys/fs/cgroup failed: No such file or directory\n");
        EXPECT_EQ(r.status, 1);
        mount_or_fail("tmpfs", "/sys/fs/cgroup", "tmpfs", 0, nullptr);
        for (const Args& args : {Args{"-t", t.pid_str(), "-c", "-u", "true"},
                                 Args{"-t", t.pid_str(), "--join-cgroup", "true"}}) {
            r = ours(args);
            EXPECT_EQ(r.err, "nsenter: --join-cgroup is only supported in cgroup v2\n") << args[2];
            EXPECT_EQ(r.status, 1);
            EXPECT_EQ(r.out, "");
        }
        // The target is needed before cgroup v2 is checked.
        r = ours({"-c", "-u", "true"});
        EXPECT_EQ(r.err, "nsenter: no target PID specified\n");
    });
}

}  // namespace
}  // namespace nsctl::test
