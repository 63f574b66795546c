// SPDX-License-Identifier: GPL-2.0-or-later
// Named network namespaces against iproute2's `ip netns`, both ways, in a fresh mount namespace
// whose /run is a tmpfs (run_in_fresh_namespaces), so the machine's /run/netns is never touched.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "net/netns.h"
#include "support/support.h"

namespace nsctl::net {
namespace {

using test::run;
using test::run_in_fresh_namespaces;

ino_t inode_of(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// Whether /run/netns is a mount point with shared propagation, from mountinfo.
bool run_netns_is_shared_mount() {
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.find(" /run/netns ") == std::string::npos) continue;
        if (line.find(" shared:") != std::string::npos) return true;
    }
    return false;
}

TEST(NetnsName, RulesOfIproute2) {
    for (const char* good : {"a", "blue", "-x", "a b", "x.y", "..."})
        EXPECT_TRUE(validate_netns_name(good)) << good;
    for (const char* bad : {"", ".", "..", "a/b", "/", "../x"}) {
        auto r = validate_netns_name(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, EINVAL);
        EXPECT_EQ(r.error().context, std::string("Invalid netns name \"") + bad + "\"");
    }
    EXPECT_TRUE(validate_netns_name(std::string(255, 'x')));
    EXPECT_FALSE(validate_netns_name(std::string(256, 'x')));
}

TEST(NetnsRegistry, AddIsSeenAndEnteredByIproute2) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        ino_t home = inode_of("/proc/thread-self/ns/net");
        ASSERT_TRUE(reg.add("blue")) << "add";
        EXPECT_EQ(inode_of("/proc/thread-self/ns/net"), home);  // back in our own namespace
        EXPECT_TRUE(run_netns_is_shared_mount());
        auto listed = run({"ip", "netns", "list"});
        EXPECT_EQ(listed.out, "blue\n");
        // Inside it, the namespace is the one on the file, and not ours.
        auto inside =
            run({"ip", "netns", "exec", "blue", "stat", "-L", "-c", "%i", "/proc/self/ns/net"});
        ASSERT_EQ(inside.status, 0) << inside.err;
        EXPECT_EQ(std::stoul(inside.out), inode_of("/run/netns/blue"));
        EXPECT_NE(inode_of("/run/netns/blue"), home);
        EXPECT_EQ(run({"ip", "netns", "delete", "blue"}).status, 0);
        EXPECT_EQ(inode_of("/run/netns/blue"), 0u);
    });
}

TEST(NetnsRegistry, SeesWhatIproute2Made) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"ip", "netns", "add", "red"}).status, 0);
        NetnsRegistry reg;
        auto names = reg.list();
        ASSERT_TRUE(names);
        ASSERT_EQ(names->size(), 1u);
        EXPECT_EQ((*names)[0], "red");
        auto fd = reg.open("red");
        ASSERT_TRUE(fd);
        struct stat st {};
        ASSERT_EQ(fstat(fd->get(), &st), 0);
        EXPECT_EQ(st.st_ino, inode_of("/run/netns/red"));
        ASSERT_TRUE(reg.remove("red"));
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "");
    });
}

TEST(NetnsRegistry, ExistingNameIsLeftAlone) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        ASSERT_TRUE(reg.add("green"));
        ino_t before = inode_of("/run/netns/green");
        auto again = reg.add("green");
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, EEXIST);
        EXPECT_EQ(again.error().message(), "green: File exists");
        EXPECT_EQ(inode_of("/run/netns/green"), before);
        ASSERT_TRUE(reg.remove("green"));
    });
}

TEST(NetnsRegistry, BadNamesCreateNothing) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        for (const char* bad : {"", ".", "..", "a/b"}) {
            auto r = reg.add(bad);
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().code, EINVAL);
        }
        auto names = reg.list();
        ASSERT_TRUE(names);
        EXPECT_TRUE(names->empty());
        auto gone = reg.remove("nope");
        ASSERT_FALSE(gone);
        EXPECT_EQ(gone.error().message(), "nope: No such file or directory");
        EXPECT_FALSE(reg.open("nope"));
    });
}

TEST(NetnsRegistry, ConcurrentAddsOfOneNameGiveOneSuccess) {
    run_in_fresh_namespaces([] {
        constexpr int kProcs = 20;
        pid_t pids[kProcs];
        for (int i = 0; i < kProcs; ++i) {
            pids[i] = fork();
            if (pids[i] == 0) {
                auto r = NetnsRegistry().add("race");
                _exit(r ? 0 : r.error().code == EEXIST ? 1 : 2);
            }
        }
        int ok = 0, exists = 0, other = 0;
        for (pid_t p : pids) {
            int status = 0;
            waitpid(p, &status, 0);
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
            (code == 0 ? ok : code == 1 ? exists : other)++;
        }
        EXPECT_EQ(ok, 1);
        EXPECT_EQ(exists, kProcs - 1);
        EXPECT_EQ(other, 0);
        EXPECT_TRUE(NetnsRegistry().remove("race"));
    });
}

TEST(NetnsRegistry, DeleteOfABusyNamespaceLeavesItsProcesses) {
    run_in_fresh_namespaces([] {
        NetnsRegistry reg;
        ASSERT_TRUE(reg.add("busy"));
        ino_t id = inode_of("/run/netns/busy");
        pid_t child = fork();
        if (child == 0) {
            auto fd = NetnsRegistry().open("busy");
            if (!fd || setns(fd->get(), CLONE_NEWNET) != 0) _exit(1);
            pause();
            _exit(0);
        }
        // Wait until the child is inside.
        std::string link = "/proc/" + std::to_string(child) + "/ns/net";
        for (int i = 0; i < 1000 && inode_of(link) != id; ++i) usleep(1000);
        ASSERT_EQ(inode_of(link), id);
        ASSERT_TRUE(reg.remove("busy"));
        EXPECT_EQ(inode_of("/run/netns/busy"), 0u);
        EXPECT_EQ(inode_of(link), id);  // still in it
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
    });
}

}  // namespace
}  // namespace nsctl::net
