// SPDX-License-Identifier: GPL-2.0-or-later
// nsenter -N/--net-socket, --user-parent and --keep-caps: options that Debian's nsenter (2.38)
// does not have, so the expected messages and exit codes are util-linux 2.42's, taken from its
// binary by hand; what the program sees is checked against /proc, read by the test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/nsenter_target.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

RunResult ours(const Args& args) { return run_our_nsenter(args); }

std::string read_text(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

class NsenterSocketUserns : public ::testing::Test {
  protected:
    void SetUp() override { NSCTL_REQUIRE_ROOT(); }
};

// The target holds, as fd 3, a UDP socket made in a network namespace that it has left again
// (util-linux's nsenter takes it back to the test's), and /dev/null as fd 4.
TEST_F(NsenterSocketUserns, NetSocketEntersTheSocketsNetns) {
    run_in_fresh_namespaces([] {
        const std::string seen = "/run/socket-netns";
        std::string script =
            "ip link set lo up && exec 3<>/dev/udp/127.0.0.1/9 4</dev/null && "
            "readlink /proc/self/ns/net >" +
            seen + " && exec " + kUtilLinuxNsenter + " --net=/proc/" + std::to_string(getpid()) +
            "/ns/net sleep 600";
        Target t({"unshare", "--net", "bash", "-c", script});
        ASSERT_GT(t.pid(), 0);
        const std::string socket_ns = read_text(seen);
        ASSERT_EQ(socket_ns.rfind("net:[", 0), 0u) << socket_ns;
        ASSERT_NE(socket_ns, t.ns_link("net"));
        const std::string pid = t.pid_str();
        struct Case {
            Args args;
            std::string out;
        };
        const Case cases[] = {
            {{"-t", pid, "-N", "3", "readlink", "/proc/self/ns/net"}, socket_ns},
            {{"-t", pid, "--net-socket=3", "-u", "readlink", "/proc/self/ns/net",
              "/proc/self/ns/uts"},
             socket_ns + t.ns_link("uts")},
            // The socket's namespace replaces the target's own (-n).
            {{"-t", pid, "-n", "-N3", "readlink", "/proc/self/ns/net"}, socket_ns},
        };
        for (const Case& c : cases) {
            RunResult r = ours(c.args);
            EXPECT_EQ(r.out, c.out) << c.args[2];
            EXPECT_EQ(r.err, "") << c.args[2];
            EXPECT_EQ(r.status, 0) << c.args[2];
        }
        struct Bad {
            Args args;
            std::string err;
        };
        // The messages name nsenter's own fds (the pidfd, the copy of the target's fd), whose
        // numbers depend on the fds it inherits: FD here.
        const Bad bad[] = {
            {{"-t", pid, "-N", "4", "true"},
             "nsenter: ioctl(FD, SIOCGSKNS): Inappropriate ioctl for device\n"},
            {{"-t", pid, "-N", "99", "true"},
             "nsenter: pidfd_getfd(FD, 99): Bad file descriptor\n"},
            {{"-N", "3", "true"}, "nsenter: no target PID specified\n"},
            {{"-t", pid, "-N", "-1", "true"}, "nsenter: no namespace specified\n"},
        };
        for (const Bad& b : bad) {
            RunResult r = ours(b.args);
            EXPECT_EQ(std::regex_replace(r.err, std::regex(R"(\(\d+, )"), "(FD, "), b.err)
                << b.args[1] << " " << b.args[2];
            EXPECT_EQ(r.status, 1);
            EXPECT_EQ(r.out, "");
        }
    });
}

// outer: a user namespace U1 below ours; inner: a user namespace U2 below U1.
TEST_F(NsenterSocketUserns, UserParent) {
    Target outer({"unshare", "-r", "sleep", "600"});
    ASSERT_GT(outer.pid(), 0);
    Target inner({kUtilLinuxNsenter, "-t", outer.pid_str(), "-U", "--preserve-credentials",
                  "unshare", "-r", "--net", "sleep", "600"});
    ASSERT_GT(inner.pid(), 0);
    const std::string u1 = outer.ns_link("user"), u2 = inner.ns_link("user");
    const std::string mine = run({"readlink", "/proc/self/ns/user"}).out;
    ASSERT_NE(u1, u2);
    ASSERT_NE(u1, mine);
    const Args probe = {"readlink", "/proc/self/ns/user"};
    struct Case {
        Args args;
        std::string out;
    };
    const Case cases[] = {
        {{"-t", inner.pid_str(), "--user-parent", "readlink", "/proc/self/ns/user"}, u1},
        {{"-t", inner.pid_str(), "-n", "--user-parent", "readlink", "/proc/self/ns/user",
          "/proc/self/ns/net"},
         u1 + inner.ns_link("net")},
        // The parent of the namespace --user=FILE names, not of the target's.
        {{"--user=/proc/" + inner.pid_str() + "/ns/user", "--user-parent", "-t", outer.pid_str(),
          "readlink", "/proc/self/ns/user"},
         u1},
    };
    for (const Case& c : cases) {
        RunResult r = ours(c.args);
        EXPECT_EQ(r.out, c.out) << c.args[2];
        EXPECT_EQ(r.err, "") << c.args[2];
        EXPECT_EQ(r.status, 0) << c.args[2];
    }
    // U1's parent is our own user namespace, which setns(2) will not enter again; the parent
    // of ours is out of reach (EPERM), whether ours is the initial one or a container's.
    RunResult r = ours({"-t", outer.pid_str(), "--user-parent", "true"});
    EXPECT_EQ(r.err, "nsenter: reassociate to namespace 'ns/user' failed: Invalid argument\n");
    EXPECT_EQ(r.status, 1);
    r = ours({"-t", std::to_string(getpid()), "--user-parent", "true"});
    EXPECT_EQ(r.err, "nsenter: failed to open parent namespace: Operation not permitted\n");
    EXPECT_EQ(r.status, 1);
}

// "Uid", "CapInh", "CapEff" and "CapAmb" lines of the program's /proc/self/status.
const Args kCapsProbe = {"grep", "-E", "^(Uid|CapInh|CapEff|CapAmb):", "/proc/self/status"};

std::string caps_lines(const std::string& uid, const std::string& caps) {
    return "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nCapInh:\t" + caps +
           "\nCapEff:\t" + caps + "\nCapAmb:\t" + caps + "\n";
}

// Every capability the kernel has, as /proc/PID/status prints a set.
std::string all_caps() {
    int last = std::stoi(read_text("/proc/sys/kernel/cap_last_cap"));
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", (1ULL << (last + 1)) - 1);
    return buf;
}

// In the target's user namespace our uid 0 is 1000: nsenter gets every capability there by
// setns(2), but the exec of a program as uid 1000 drops them, unless --keep-caps made them
// ambient. (util-linux 2.42 ignores --keep-caps when the user namespace is the only one entered;
// nsctl does not, so these cases enter the network namespace too.)
TEST_F(NsenterSocketUserns, KeepCaps) {
    Target t({"unshare", "--user", "--map-user=1000", "--map-group=1000", "--net", "sleep", "600"});
    ASSERT_GT(t.pid(), 0);
    const std::string pid = t.pid_str(), all = all_caps(), none = "0000000000000000";
    struct Case {
        Args args;
        std::string out;
    };
    const Case cases[] = {
        {{"-t", pid, "--user", "--net", "--preserve-credentials", "--keep-caps"},
         caps_lines("1000", all)},
        {{"-t", pid, "--user", "--net", "--preserve-credentials"}, caps_lines("1000", none)},
        {{"-t", pid, "-U", "-n", "--keep-caps", "-S", "1000", "-G", "1000"},
         caps_lines("1000", all)},
        {{"-t", pid, "-a", "--preserve-credentials", "--keep-caps"}, caps_lines("1000", all)},
    };
    for (const Case& c : cases) {
        Args args = c.args;
        args.insert(args.end(), kCapsProbe.begin(), kCapsProbe.end());
        RunResult r = ours(args);
        EXPECT_EQ(r.out, c.out) << c.args[2] << " " << c.args.back();
        EXPECT_EQ(r.err, "");
        EXPECT_EQ(r.status, 0);
    }
    // Without a user namespace --keep-caps does nothing: no inheritable or ambient set.
    RunResult r =
        ours({"-t", pid, "-n", "--keep-caps", "grep", "-E", "^Cap(Inh|Amb):", "/proc/self/status"});
    EXPECT_EQ(r.out, "CapInh:\t" + none + "\nCapAmb:\t" + none + "\n");
    EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace nsctl::test
