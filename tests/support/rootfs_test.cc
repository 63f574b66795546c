// SPDX-License-Identifier: GPL-2.0-or-later
// The pieces the tests of `nsctl run` stand on, checked with util-linux's unshare and chroot as the
// sandbox: the temporary rootfs, the probe, the as_nobody launcher, the orphan catcher and the
// temporary-file watch.
#include "support/rootfs.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "support/leftovers.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

std::map<std::string, std::string> facts_of(const std::string& out) {
    std::map<std::string, std::string> facts;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        size_t eq = line.find('=');
        if (eq != std::string::npos) facts[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return facts;
}

std::string own_ns(const char* type) {
    struct stat st {};
    stat((std::string("/proc/self/ns/") + type).c_str(), &st);
    return std::to_string(st.st_ino);
}

bool exists(const std::string& path) {
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
}

TEST(TempRootfs, HoldsBusyboxAndTheProbeAndIsRemoved) {
    std::string path;
    {
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        path = rootfs.path();
        EXPECT_EQ(path.rfind("/tmp/nsctl-t" + std::to_string(getpid()) + "-rootfs-", 0), 0u);
        for (const char* entry :
             {"bin/busybox", "bin/sh", "bin/ps", "probe", "proc", "dev", "sys", "tmp"}) {
            EXPECT_TRUE(exists(rootfs.at(entry))) << entry;
        }
        ASSERT_TRUE(rootfs.add_not_executable());
        struct stat st {};
        ASSERT_EQ(stat(rootfs.at("notexec").c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0644u);
        ASSERT_EQ(stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0755u);
        ASSERT_TRUE(rootfs.replace_with_symlink("proc", "/proc"));
        // The destructor must not follow it.
    }
    EXPECT_FALSE(exists(path));
    EXPECT_TRUE(exists("/proc/self"));
}

TEST(TempRootfs, WithoutMountPoints) {
    TempRootfs rootfs(TempRootfs::MountPoints::kOmit);
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    EXPECT_TRUE(exists(rootfs.at("bin/sh")));
    for (const char* entry : {"proc", "dev", "sys", "tmp"}) EXPECT_FALSE(exists(rootfs.at(entry)));
}

TEST(TempRootfs, BusyboxRunsInItAsRootAndAsNobody) {
    NSCTL_REQUIRE_ROOT();
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    const std::string script =
        "echo $((6*7)); id -u; hostname >/dev/null && echo host; ls /probe; echo /bin/*";
    RunResult r = run({"chroot", rootfs.path(), "/bin/sh", "-c", script});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "42\n0\nhost\n/probe\n/bin/busybox /bin/cat /bin/echo /bin/false /bin/hostname "
              "/bin/id /bin/ls /bin/mount /bin/ps /bin/sh /bin/sleep /bin/true\n");
    r = run({as_nobody_path(), "/usr/bin/unshare", "-r", "--root", rootfs.path(), "/bin/sh", "-c",
             "id -u; /probe exit 4"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_EQ(r.out, "0\n");
    ASSERT_TRUE(rootfs.add_not_executable());
    r = run({"chroot", rootfs.path(), "/notexec"});
    EXPECT_EQ(r.status, 126);
}

TEST(TempRootfs, NobodyCanWriteAfterChown) {
    NSCTL_REQUIRE_ROOT();
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    RunResult r = run({as_nobody_path(), probe_path(), "write", rootfs.at("f")});
    EXPECT_EQ(r.out, "write=EACCES\n");
    ASSERT_TRUE(rootfs.chown_tree(65534, 65534));
    r = run({as_nobody_path(), probe_path(), "write", rootfs.at("f")});
    EXPECT_EQ(r.out, "write=OK\n");
}

TEST(Probe, FactsAgainstUnshare) {
    NSCTL_REQUIRE_ROOT();
    RunResult r = run({probe_path()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto host = facts_of(r.out);
    EXPECT_EQ(host["ns.net"], own_ns("net"));
    EXPECT_EQ(host["ns.mnt"], own_ns("mnt"));
    EXPECT_EQ(host["uid"], "0");
    EXPECT_EQ(host["uid_map"], "0 0 4294967295");
    EXPECT_EQ(host["fds"].rfind("0,1,2", 0), 0u) << host["fds"];  // and what ctest left open
    EXPECT_EQ(host["root_ro"], "0");
    EXPECT_EQ(host["ctty"], "0");  // run() gives no terminal
    // The lines are sorted and each has a value.
    std::istringstream lines(r.out);
    std::string previous, line;
    int count = 0;
    while (std::getline(lines, line)) {
        EXPECT_LT(previous, line);
        EXPECT_NE(line.find('='), std::string::npos) << line;
        previous = line;
        ++count;
    }
    EXPECT_EQ(count, 33);

    r = run({"/usr/bin/unshare", "--pid", "--fork", "--mount-proc", "--net", "--uts", "--ipc",
             "--cgroup", "sh", "-c", "hostname nsctl-probe-test && exec " + probe_path()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto inside = facts_of(r.out);
    EXPECT_EQ(inside["pid"], "1");
    EXPECT_EQ(inside["ppid"], "0");
    EXPECT_EQ(inside["hostname"], "nsctl-probe-test");
    EXPECT_EQ(inside["lo_up"], "0");  // a new netns's lo is down
    for (const char* type : {"net", "uts", "ipc", "pid", "cgroup", "mnt"}) {
        EXPECT_NE(inside[std::string("ns.") + type], host[std::string("ns.") + type]) << type;
    }
    EXPECT_EQ(inside["ns.user"], host["ns.user"]);
    EXPECT_EQ(inside["ns.time"], host["ns.time"]);

    r = run({as_nobody_path(), "/usr/bin/unshare", "-r", probe_path()});
    ASSERT_EQ(r.status, 0) << r.err;
    auto rootless = facts_of(r.out);
    EXPECT_EQ(rootless["uid_map"], "0 65534 1");
    EXPECT_EQ(rootless["gid_map"], "0 65534 1");
    EXPECT_EQ(rootless["setgroups"], "deny");
    EXPECT_EQ(rootless["uid"], "0");
    EXPECT_EQ(rootless["euid"], "0");
    EXPECT_NE(rootless["ns.user"], host["ns.user"]);
}

TEST(Probe, Queries) {
    NSCTL_REQUIRE_ROOT();
    EXPECT_EQ(run({probe_path(), "exit", "3"}).status, 3);
    EXPECT_EQ(run({probe_path(), "write", "/proc/nsctl-probe"}).out, "write=ENOENT\n");
    EXPECT_EQ(run({probe_path(), "write", "/dev/null"}).out, "write=OK\n");
    EXPECT_EQ(run({probe_path(), "winsize"}).out, "winsize=ENOTTY\n");
    EXPECT_EQ(run({probe_path(), "kill", "1", "0"}).out, "kill=OK\n");
    EXPECT_EQ(run({as_nobody_path(), probe_path(), "kill", "1", "0"}).out, "kill=EPERM\n");
    RunResult r = run({probe_path(), "env"}, "", {{"NSCTL_PROBE_TEST", "x y"}});
    EXPECT_NE(r.out.find("\nNSCTL_PROBE_TEST=x y\n"), std::string::npos) << r.out;
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    ASSERT_TRUE(rootfs.replace_with_symlink("proc", "../x"));
    r = run({probe_path(), "ls", rootfs.path()});
    EXPECT_EQ(r.out, "bin d\ndev d\nprobe -\nproc l -> ../x\nsys d\ntmp d\n");
    r = run({"/usr/bin/unshare", "--mount", "--propagation", "private", "sh", "-c",
             "mount -t tmpfs -o size=1m,ro nsctl-probe " + rootfs.at("tmp") + " && exec " +
                 probe_path() + " mounts"});
    EXPECT_NE(r.out.find(rootfs.at("tmp") + " tmpfs ro / "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("size=1024k"), std::string::npos) << r.out;
    r = run({probe_path(), "ls", "/nonexistent"});
    EXPECT_EQ(r.status, 99);
    EXPECT_EQ(r.err, "probe: /nonexistent: ENOENT\n");
}

TEST(Probe, SignalsArePrintedInOrder) {
    // The shell sends them one by one to the probe it started in the background.
    RunResult r = run({"sh", "-c",
                       probe_path() + " signals 3 & p=$!; sleep 0.3;"
                                      " for s in TERM HUP USR1; do kill -$s $p; sleep 0.1; done;"
                                      " wait $p; echo rc=$?"});
    EXPECT_EQ(r.out, "ready\nTERM\nHUP\nUSR1\nrc=0\n") << r.err;
}

TEST(OrphanCatcher, FindsWhatACommandLeftRunning) {
    OrphanCatcher catcher;
    RunResult r = run({"sh", "-c", "sleep 60 & exit 0"});
    ASSERT_EQ(r.status, 0);
    auto left = catcher.survivors(std::chrono::milliseconds(200));
    ASSERT_EQ(left.size(), 1u);
    EXPECT_NE(left[0].find("(sleep)"), std::string::npos) << left[0];
    // One that ends within the grace time is no survivor (and is reaped).
    r = run({"sh", "-c", "sleep 0.2 & exit 0"});
    left = catcher.survivors(std::chrono::milliseconds(3000));
    EXPECT_EQ(left.size(), 1u);  // the sleep 60 is still there
}

TEST(OrphanCatcher, ProcessGone) {
    EXPECT_FALSE(process_gone(getpid(), std::chrono::milliseconds(50)));
    EXPECT_TRUE(process_gone(0x3ffffff, std::chrono::milliseconds(50)));
}

TEST(TempWatch, SeesNewNsctlEntriesAndItsTmpdir) {
    TempWatch watch;
    ASSERT_FALSE(watch.tmpdir().empty());
    struct stat st {};
    ASSERT_EQ(stat(watch.tmpdir().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 01777u);
    EXPECT_TRUE(watch.appeared().empty());
    const std::string leftover = "/tmp/nsctl-leftover-" + std::to_string(getpid());
    const std::string ours = "/tmp/" + unique_name() + "-ours";
    const std::string other_tier = "/tmp/nsctl-scenario-" + std::to_string(getpid());
    std::ofstream(leftover) << "x";
    std::ofstream(ours) << "x";
    std::ofstream(other_tier) << "x";
    std::ofstream(watch.tmpdir() + "/anything") << "x";
    auto appeared = watch.appeared();
    unlink(leftover.c_str());
    unlink(ours.c_str());
    unlink(other_tier.c_str());
    ASSERT_EQ(appeared.size(), 2u);
    EXPECT_EQ(appeared[0], leftover);
    EXPECT_EQ(appeared[1], watch.tmpdir() + "/anything");
}

}  // namespace
}  // namespace nsctl::test
