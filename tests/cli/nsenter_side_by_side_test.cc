// SPDX-License-Identifier: GPL-2.0-or-later
// nsenter against util-linux's (/usr/bin/nsenter, 2.38 here) on the same targets: stdout, stderr
// and exit code, for the examples of the namespaces quick reference and more. Where 2.38 differs
// from 2.42 (2.42 enters through a pidfd, so its messages differ), the expected text is 2.42's,
// taken from its binary by hand.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "cli/nsenter_target.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

struct Both {
    RunResult ours;
    RunResult theirs;
};

const EnvAdditions kShellEnv = {{"SHELL", "/bin/sh"}};

// argv[0] shows in getopt's messages: make both "nsenter".
std::string normalized(std::string err, const std::string& tool) {
    for (size_t at; (at = err.find(tool)) != std::string::npos;)
        err.replace(at, tool.size(), "nsenter");
    return err;
}

RunResult run_tool(const std::string& tool, const Args& args, const std::string& in,
                   const Args& prefix) {
    Args argv = prefix;
    argv.push_back(tool);
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run(argv, in, kShellEnv);
    r.err = normalized(r.err, tool);
    return r;
}

Both both(const Args& args, const std::string& in = "", const Args& prefix = {}) {
    return {run_tool(our_nsenter(), args, in, prefix),
            run_tool(kUtilLinuxNsenter, args, in, prefix)};
}

void expect_same(const Both& b, const std::string& what) {
    EXPECT_EQ(b.ours.out, b.theirs.out) << what;
    EXPECT_EQ(b.ours.err, b.theirs.err) << what;
    EXPECT_EQ(b.ours.status, b.theirs.status) << what;
}

Args concat(Args a, const Args& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

Args root_target_argv() {
    return {"unshare", "--fork", "--pid", "--mount-proc", "--uts",
            "--ipc",   "--net",  "sleep", "600"};
}

const char kProbe[] =
    "hostname; readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc "
    "/proc/self/ns/mnt /proc/self/ns/pid_for_children; ls /proc | grep -c '^[0-9]'\n";

// The target's namespaces, as the probe prints them (the process count aside).
std::string probe_expectation(const Target& t, const std::string& host) {
    return host + "\n" + t.ns_link("net") + t.ns_link("uts") + t.ns_link("ipc") + t.ns_link("mnt") +
           t.ns_link("pid");
}

class NsenterSideBySide : public ::testing::Test {
  protected:
    void SetUp() override { NSCTL_REQUIRE_ROOT(); }
};

TEST_F(NsenterSideBySide, QuickReferenceAllAndListedNamespaces) {
    Target t(root_target_argv());
    ASSERT_GT(t.pid(), 0);
    std::string host = unique_name();
    ASSERT_EQ(run({kUtilLinuxNsenter, "-t", t.pid_str(), "-u", "hostname", host}).status, 0);
    for (const Args& args :
         {Args{"--target", t.pid_str(), "--all"},
          Args{"--target", t.pid_str(), "--mount", "--uts", "--ipc", "--net", "--pid"}}) {
        Both b = both(args, kProbe);
        expect_same(b, args.back());
        EXPECT_EQ(b.ours.status, 0) << b.ours.err;
        // The fresh pid namespace holds sleep, the shell, ls and grep: /proc is the target's.
        EXPECT_EQ(b.ours.out, probe_expectation(t, host) + "4\n") << args.back();
    }
}

TEST_F(NsenterSideBySide, QuickReferenceNetIpAddr) {
    Target t(root_target_argv());
    ASSERT_GT(t.pid(), 0);
    for (const Args& args : {Args{"--target", t.pid_str(), "--net", "ip", "addr"},
                             Args{"--net=/proc/" + t.pid_str() + "/ns/net", "ip", "addr"}}) {
        Both b = both(args);
        expect_same(b, args[0]);
        EXPECT_EQ(b.ours.status, 0);
        EXPECT_NE(b.ours.out.find("1: lo: <LOOPBACK>"), std::string::npos) << b.ours.out;
        EXPECT_EQ(b.ours.out.find("2: "), std::string::npos) << "only lo: " << b.ours.out;
    }
}

TEST_F(NsenterSideBySide, QuickReferencePersistentNetns) {
    run_in_fresh_namespaces([] {
        std::string name = unique_name();
        ASSERT_EQ(run({"ip", "netns", "add", name}).status, 0);
        std::string file = "/var/run/netns/" + name;
        Both b = both({"--net=" + file, "ip", "addr"});
        expect_same(b, file);
        EXPECT_EQ(b.ours.status, 0);
        struct stat st {};
        ASSERT_EQ(stat(file.c_str(), &st), 0);
        RunResult link = run({our_nsenter(), "--net=" + file, "readlink", "/proc/self/ns/net"});
        EXPECT_EQ(link.out, "net:[" + std::to_string(st.st_ino) + "]\n");
        EXPECT_EQ(run({"ip", "netns", "delete", name}).status, 0);
    });
}

TEST_F(NsenterSideBySide, QuickReferenceUnprivilegedUserNamespace) {
    Target t(concat(as_nobody(), Args{"unshare", "-r", "--net", "--uts", "sleep", "600"}));
    ASSERT_GT(t.pid(), 0);
    const std::string probe =
        "id -u; id -g; cat /proc/self/uid_map; readlink /proc/self/ns/net /proc/self/ns/user\n";
    Both b = both({"--user", "--preserve-credentials", "--target", t.pid_str(), "--net"}, probe,
                  as_nobody());
    expect_same(b, "--user --preserve-credentials");
    EXPECT_EQ(b.ours.status, 0) << b.ours.err;
    EXPECT_EQ(b.ours.out,
              "0\n0\n         0      65534          1\n" + t.ns_link("net") + t.ns_link("user"));
}

TEST_F(NsenterSideBySide, ExitStatusPassesThrough) {
    Target t(root_target_argv());
    ASSERT_GT(t.pid(), 0);
    struct Case {
        Args program;
        int status;
    };
    const Case cases[] = {{{"sh", "-c", "exit 7"}, 7},
                          {{"sh", "-c", "kill -TERM $$"}, 143},
                          {{"/nonexistent/program"}, 127},
                          {{"/etc"}, 126},
                          {{"true"}, 0}};
    for (const char* ns : {"-n", "-p"}) {  // -p forks: the status comes through the parent
        for (const auto& c : cases) {
            Args args = {"-t", t.pid_str(), ns};
            args.insert(args.end(), c.program.begin(), c.program.end());
            Both b = both(args);
            expect_same(b, std::string(ns) + " " + c.program.back());
            EXPECT_EQ(b.ours.status, c.status) << c.program.back() << b.ours.err;
        }
    }
}

TEST_F(NsenterSideBySide, CredentialsDirectoriesEnvironment) {
    Target r(root_target_argv());
    ASSERT_GT(r.pid(), 0);
    std::string pid = r.pid_str();
    for (const Args& args :
         {Args{"-t", pid, "-n", "-S", "5", "-G", "6", "id"},
          Args{"-t", pid, "-a", "--setuid=7", "--setgid", "8", "id"},
          Args{"-t", pid, "-n", "-r", "-w", "pwd"}, Args{"-t", pid, "-m", "-W/tmp", "pwd"},
          Args{"-t", pid, "-n", "-w/usr", "pwd"}, Args{"-t", pid, "-n", "-r/", "pwd"}}) {
        Both b = both(args);
        expect_same(b, args[3]);
        EXPECT_EQ(b.ours.status, 0) << args[3] << ": " << b.ours.err;
    }
}

// A pid namespace is entered for the children: nsenter forks, unless told not to (-F).
TEST_F(NsenterSideBySide, ForkOnlyForPidNamespace) {
    Target t(root_target_argv());
    ASSERT_GT(t.pid(), 0);
    std::string mine = run({"readlink", "/proc/self/ns/pid"}).out;
    const Args probe = {"readlink", "/proc/self/ns/pid"};
    Both b = both(concat({"-t", t.pid_str(), "-p"}, probe));
    expect_same(b, "-p");
    EXPECT_EQ(b.ours.out, t.ns_link("pid"));
    b = both(concat({"-F", "-t", t.pid_str(), "-p"}, probe));
    expect_same(b, "-F -p");
    EXPECT_EQ(b.ours.out, mine);
    // Without a pid namespace there is no fork: the program is nsenter's own process.
    b = both({"-t", t.pid_str(), "-n", "sh", "-c", "cat /proc/$$/comm; cat /proc/$PPID/comm"});
    expect_same(b, "-n");
    std::ifstream comm("/proc/self/comm");
    std::string self;
    std::getline(comm, self);
    EXPECT_EQ(b.ours.out, "sh\n" + self + "\n") << "the parent of the program is the test";
}

// --env is new in 2.42 (2.38 rejects it): the target's environment, in reverse order, the last
// of duplicates winning (checked by hand against 2.42's binary).
TEST_F(NsenterSideBySide, TargetEnvironment) {
    Target t({"unshare", "--net", "env", "-i", "A=1", "B=2", "A=3", "C=4", "sleep", "600"});
    ASSERT_GT(t.pid(), 0);
    RunResult r = run_tool(our_nsenter(), {"-t", t.pid_str(), "-n", "-e", "env"}, "", {});
    EXPECT_EQ(r.out, "C=4\nB=2\nA=3\n");
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.status, 0);
}

// -S follow / -G follow are new in 2.42 (2.38 rejects them).
TEST_F(NsenterSideBySide, FollowTargetIds) {
    Target t(concat(as_nobody(), Args{"unshare", "-r", "--net", "sleep", "600"}));
    ASSERT_GT(t.pid(), 0);
    // As root: the target runs as 65534 outside, so "follow" takes 65534.
    RunResult r = run_tool(
        our_nsenter(), {"-t", t.pid_str(), "-S", "follow", "-G", "follow", "--net", "id"}, "", {});
    EXPECT_EQ(r.out, "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n");
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.status, 0);
}

TEST_F(NsenterSideBySide, BadInputAsUtilLinux) {
    Target t(root_target_argv());
    ASSERT_GT(t.pid(), 0);
    for (const Args& args :
         {Args{"-S", "abc", "-t", "1", "-n"}, Args{"-G", "x"}, Args{"--bogus"}, Args{"-x"},
          Args{"-t"}, Args{"--all=3"}, Args{"-m/nonexistent", "true"}, Args{"-r", "true"},
          Args{"-t", t.pid_str(), "-n", "-W/nonexistent", "pwd"},
          Args{"-t", t.pid_str(), "-n", "-r/nonexistent", "pwd"}}) {
        Both b = both(args);
        expect_same(b, args[0]);
        EXPECT_EQ(b.ours.status, 1) << args[0];
        EXPECT_EQ(b.ours.out, "");
    }
}

// util-linux 2.42 changed these messages; the expected ones are from its binary.
TEST_F(NsenterSideBySide, BadInputAsUtilLinux242) {
    struct Case {
        Args args;
        std::string err;
    };
    const Case cases[] = {
        {{"-t", "abc", "-n"}, "nsenter: invalid PID argument\n"},
        {{"-t", "0", "-n"}, "nsenter: invalid PID argument\n"},
        {{"true"}, "nsenter: no namespace specified\n"},
        {{"-a", "true"}, "nsenter: stat of /proc/0/ns/user failed: No such file or directory\n"},
        {{"-S", "-1", "-t", "1", "-n"},
         "nsenter: failed to parse uid: '-1': Numerical result out of range\n"},
        {{"-N", "x"}, "nsenter: failed to parse file descriptor: 'x'\n"},
        {{"-w/", "-W/", "true"}, "nsenter: options --wd and --wdns cannot be combined\n"},
        {{"--wdns=/", "--wd"}, "nsenter: options --wdns and --wd cannot be combined\n"},
        {{"--user-parent", "true"}, "nsenter: no target PID specified\n"},
        {{"--u"},
         "nsenter: option '--u' is ambiguous; possibilities: '--uts' '--user' '--user-parent'\n"
         "Try 'nsenter --help' for more information.\n"},
        {{"-t", "1:5", "-n", "true"},
         "nsenter: failed to obtain a valid file descriptor for PID 1: No such process\n"},
    };
    for (const auto& c : cases) {
        RunResult r = run_tool(our_nsenter(), c.args, "", {});
        EXPECT_EQ(r.err, c.err) << c.args[0];
        EXPECT_EQ(r.status, 1) << c.args[0];
        EXPECT_EQ(r.out, "");
    }
}

}  // namespace
}  // namespace nsctl::test
