// SPDX-License-Identifier: GPL-2.0-or-later
// nsenter's "=:<nsid>" form of the namespace options (--uts=:ID, -n:ID), new in util-linux 2.42:
// Debian's nsenter (2.38) takes ":ID" for a file name, so the expected messages and exit codes
// are 2.42's, taken from its binary by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/nsenter_target.h"
#include "support/nsfs_ids.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

RunResult ours(const Args& args, const Args& prefix = {}) { return run_our_nsenter(args, prefix); }

// 2.42's line, then our hint: the kernel's limit where it cannot open by id alone (Linux 6.18),
// else that the namespace is gone.
std::string stale(uint64_t id) {
    const char* hint = kernel_opens_namespace_by_id()
                           ? "no namespace has this id now (ids are never reused: it has ended)"
                           : "this kernel opens a namespace by id only when the handle also "
                             "names its type and inode, which the :ID form does not: enter it by "
                             "its file (/proc/PID/ns/...) instead";
    return "nsenter: cannot open namespace of id " + std::to_string(id) +
           ": Stale file handle\nnsenter: hint: " + hint + "\n";
}

class NsenterNsid : public ::testing::Test {
  protected:
    void SetUp() override { NSCTL_REQUIRE_ROOT(); }
};

// The target's namespaces by their ids (NS_GET_ID of /proc/PID/ns/*, read by the test itself).
// Where the kernel cannot look a namespace up by its id alone (Linux 6.18), util-linux 2.42
// fails with ESTALE for every id, and so must we.
TEST_F(NsenterNsid, EntersNamespacesById) {
    Target t({"unshare", "--uts", "--net", "sleep", "600"});
    ASSERT_GT(t.pid(), 0);
    std::string host = unique_name();
    ASSERT_EQ(run({kUtilLinuxNsenter, "-t", t.pid_str(), "-u", "hostname", host}).status, 0);
    uint64_t uts = namespace_id("/proc/" + t.pid_str() + "/ns/uts");
    uint64_t net = namespace_id("/proc/" + t.pid_str() + "/ns/net");
    ASSERT_NE(uts, 0u);
    ASSERT_NE(net, 0u);
    ASSERT_NE(uts, net);
    const bool by_id = kernel_opens_namespace_by_id();
    struct Case {
        Args args;
        std::string out;
        uint64_t failing_id;  // the id 2.42 reports where the kernel cannot open by id
    };
    const std::string uts_arg = ":" + std::to_string(uts);
    const std::string net_arg = ":" + std::to_string(net);
    const Case cases[] = {
        {{"--uts=" + uts_arg, "hostname"}, host + "\n", uts},
        {{"-u" + uts_arg, "hostname"}, host + "\n", uts},
        {{"-u=" + uts_arg, "hostname"}, host + "\n", uts},
        {{"-n" + net_arg, "readlink", "/proc/self/ns/net"}, t.ns_link("net"), net},
        {{"--net=" + net_arg, "--uts=" + uts_arg, "sh", "-c",
          "hostname; readlink /proc/self/ns/net"},
         host + "\n" + t.ns_link("net"),
         net},
    };
    for (const Case& c : cases) {
        RunResult r = ours(c.args);
        if (by_id) {
            EXPECT_EQ(r.out, c.out) << c.args[0];
            EXPECT_EQ(r.err, "") << c.args[0];
            EXPECT_EQ(r.status, 0) << c.args[0];
        } else {
            EXPECT_EQ(r.out, "") << c.args[0];
            EXPECT_EQ(r.err, stale(c.failing_id)) << c.args[0];
            EXPECT_EQ(r.status, 1) << c.args[0];
        }
    }
}

TEST_F(NsenterNsid, NoSuchId) {
    for (const Args& args : {Args{"--net=:18446744073709551615", "true"}, Args{"-u:0", "true"},
                             Args{"-m:+0", "-u/nonexistent", "true"}}) {
        RunResult r = ours(args);
        EXPECT_EQ(r.err, stale(args[0].back() == '5' ? UINT64_MAX : 0)) << args[0];
        EXPECT_EQ(r.status, 1) << args[0];
        EXPECT_EQ(r.out, "");
    }
}

TEST_F(NsenterNsid, BadIdsAsUtilLinux242) {
    struct Case {
        Args args;
        std::string err;
    };
    const Case cases[] = {
        {{"--uts=:", "true"}, "nsenter: failed to parse nsid: \n"},
        {{"-n:abc", "true"}, "nsenter: failed to parse nsid: abc\n"},
        {{"--net=:-1", "true"}, "nsenter: failed to parse nsid: -1\n"},
        {{"-p:0x10", "true"}, "nsenter: failed to parse nsid: 0x10\n"},
        {{"-U:1 ", "true"}, "nsenter: failed to parse nsid: 1 \n"},
        {{"-T:18446744073709551616", "true"},
         "nsenter: failed to parse nsid: 18446744073709551616\n"},
        {{"--ipc=:abc", "--net=:1", "true"}, "nsenter: failed to parse nsid: abc\n"},
        {{"-C::1", "true"}, "nsenter: failed to parse nsid: :1\n"},
        // One '=' is skipped, not two: "==:1" is the file "=:1".
        {{"-m==:1", "true"}, "nsenter: cannot open =:1: No such file or directory\n"},
        // A separate word is the program, not an id (optional arguments attach).
        {{"-u", ":1"}, "nsenter: no target PID specified\n"},
    };
    for (const auto& c : cases) {
        RunResult r = ours(c.args);
        EXPECT_EQ(r.err, c.err) << c.args[0];
        EXPECT_EQ(r.status, 1) << c.args[0];
        EXPECT_EQ(r.out, "");
    }
}

// Before Linux 6.11 a pidfd has no PIDFD_GET_MNT_NAMESPACE ioctl (0xff03), which util-linux
// uses to find the nsfs handle type; errno_exec fakes such a kernel with a seccomp filter.
TEST_F(NsenterNsid, KernelWithoutPidfdNamespaceIoctl) {
    std::string tool = std::string(NSCTL_TEST_TOOLS_DIR) + "/errno_exec";
    RunResult r = ours({"--uts=:5", "true"}, {tool, "25", "0xff03"});  // ENOTTY
    EXPECT_EQ(r.err,
              "nsenter: failed to fill namespace file handle: Inappropriate ioctl for device\n"
              "nsenter: hint: opening a namespace by its id needs Linux 6.18 or later\n");
    EXPECT_EQ(r.status, 1);
    // A bad id is reported first: it is parsed before the kernel is asked.
    r = ours({"--uts=:x", "true"}, {tool, "25", "0xff03"});
    EXPECT_EQ(r.err, "nsenter: failed to parse nsid: x\n");
}

}  // namespace
}  // namespace nsctl::test
