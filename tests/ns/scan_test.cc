// SPDX-License-Identifier: GPL-2.0-or-later
// The lsns engine on the real kernel: namespaces held by processes, by fds, by sockets and by
// bind mounts, nsids, and processes that exit while the scan runs.
#include "ns/scan.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "support/support.h"

namespace nsctl::ns {
namespace {

ino_t inode_of(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return 0;
    return st.st_ino;
}

ScanOptions only(Kind k) {
    ScanOptions o;
    o.kinds[index(k)] = true;
    return o;
}

// A child that enters a new namespace of `flag`, keeps a handle on it (an fd, or a socket for
// a network namespace), returns to the parent's namespace and waits. Reports the new
// namespace's inode through a pipe; killed and reaped by the destructor.
class Holder {
  public:
    Holder(int flag, bool by_socket) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            close(p[0]);
            run_child(flag, by_socket, p[1]);
        }
        close(p[1]);
        if (read(p[0], &ino_, sizeof(ino_)) != sizeof(ino_)) ino_ = 0;
        close(p[0]);
    }
    ~Holder() {
        if (pid_ <= 0) return;
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    ino_t ino() const { return ino_; }
    pid_t pid() const { return pid_; }

  private:
    [[noreturn]] static void run_child(int flag, bool by_socket, int out) {
        const char* entry = flag == CLONE_NEWNET ? "/proc/self/ns/net" : "/proc/self/ns/uts";
        int back = open(entry, O_RDONLY | O_CLOEXEC);
        if (back < 0 || unshare(flag) != 0) _exit(1);
        int keep = by_socket ? socket(AF_UNIX, SOCK_DGRAM, 0) : open(entry, O_RDONLY);
        ino_t ino = inode_of(entry);
        if (keep < 0 || setns(back, flag) != 0) _exit(1);
        if (write(out, &ino, sizeof(ino)) != sizeof(ino)) _exit(1);
        pause();
        _exit(0);
    }
    pid_t pid_ = -1;
    ino_t ino_ = 0;
};

const Namespace* find(const Snapshot& s, ino_t id) {
    int i = s.find(id);
    return i == kNone ? nullptr : &s.namespaces[i];
}

TEST(Scan, OwnNamespacesWithUs) {
    NSCTL_REQUIRE_ROOT();
    auto snap = scan(ScanOptions{});
    ASSERT_TRUE(snap) << snap.error().message();
    for (const auto& k : kinds()) {
        ino_t mine = inode_of("/proc/self/ns/" + std::string(k.proc_entry));
        const Namespace* ns = find(*snap, mine);
        ASSERT_NE(ns, nullptr) << k.name;
        EXPECT_EQ(ns->kind, k.kind);
        bool has_me = false;
        for (int pi : ns->procs) has_me = has_me || snap->processes[pi].pid == getpid();
        EXPECT_TRUE(has_me) << k.name;
        EXPECT_EQ(ns->nprocs, static_cast<int>(ns->procs.size()));
        EXPECT_NE(ns->proc, kNone);
        for (int pi : ns->procs) EXPECT_LE(snap->processes[ns->proc].pid, snap->processes[pi].pid);
    }
    EXPECT_TRUE(std::is_sorted(snap->namespaces.begin(), snap->namespaces.end(),
                               [](const Namespace& a, const Namespace& b) { return a.id < b.id; }));
}

TEST(Scan, NamespaceHeldOnlyByAnFd) {
    NSCTL_REQUIRE_ROOT();
    Holder h(CLONE_NEWUTS, false);
    ASSERT_NE(h.ino(), 0u);
    auto snap = scan(only(Kind::kUts));
    ASSERT_TRUE(snap);
    const Namespace* ns = find(*snap, h.ino());
    ASSERT_NE(ns, nullptr);
    EXPECT_EQ(ns->kind, Kind::kUts);
    EXPECT_EQ(ns->nprocs, 0);
    EXPECT_EQ(ns->proc, kNone);
    // Its owner is our user namespace, added through the fd.
    EXPECT_EQ(ns->related_id[kOwnerRel], inode_of("/proc/self/ns/user"));
}

TEST(Scan, NetworkNamespaceHeldOnlyByASocket) {
    NSCTL_REQUIRE_ROOT();
    Holder h(CLONE_NEWNET, true);
    ASSERT_NE(h.ino(), 0u);
    auto snap = scan(only(Kind::kNet));
    ASSERT_TRUE(snap);
    const Namespace* ns = find(*snap, h.ino());
    ASSERT_NE(ns, nullptr);
    EXPECT_EQ(ns->nprocs, 0);
    // Not listed when net is not asked for.
    auto uts = scan(only(Kind::kUts));
    ASSERT_TRUE(uts);
    EXPECT_EQ(find(*uts, h.ino()), nullptr);
}

TEST(Scan, BindMountedNetnsWithNsid) {
    test::run_in_fresh_namespaces([] {
        ASSERT_EQ(test::run({"ip", "netns", "add", "scan-a"}).status, 0);
        ASSERT_EQ(test::run({"ip", "netns", "set", "scan-a", "7"}).status, 0);
        ino_t id = inode_of("/run/netns/scan-a");
        ScanOptions o = only(Kind::kNet);
        o.netnsid = true;
        auto snap = scan(o);
        ASSERT_TRUE(snap);
        const Namespace* ns = find(*snap, id);
        ASSERT_NE(ns, nullptr);
        EXPECT_EQ(ns->nprocs, 0);
        EXPECT_EQ(ns->netnsid, 7);
        bool mounted = false;
        for (const auto& m : snap->mounts)
            mounted = mounted || (m.target == "/run/netns/scan-a" &&
                                  m.root == "net:[" + std::to_string(id) + "]");
        EXPECT_TRUE(mounted);
        // Our own netns has no id in itself.
        const Namespace* self = find(*snap, inode_of("/proc/self/ns/net"));
        ASSERT_NE(self, nullptr);
        EXPECT_EQ(self->netnsid, -1);
        EXPECT_EQ(test::run({"ip", "netns", "delete", "scan-a"}).status, 0);
    });
}

TEST(Scan, ProcessesExitingDuringTheScan) {
    NSCTL_REQUIRE_ROOT();
    std::atomic<bool> stop{false};
    std::thread churn([&] {
        while (!stop) {
            pid_t p = fork();
            if (p == 0) _exit(0);
            if (p > 0) waitpid(p, nullptr, 0);
        }
    });
    ino_t mine = inode_of("/proc/self/ns/mnt");
    for (int i = 0; i < 30; ++i) {
        ScanOptions o;
        o.relation_ids = true;
        o.netnsid = true;
        auto snap = scan(o);
        ASSERT_TRUE(snap) << snap.error().message();
        ASSERT_NE(find(*snap, mine), nullptr);
        ASSERT_GT(snap->processes.size(), 1u);
    }
    stop = true;
    churn.join();
}

TEST(Scan, RelationsAndConnect) {
    NSCTL_REQUIRE_ROOT();
    ScanOptions o;
    o.relation_ids = true;
    o.connect = true;
    auto snap = scan(o);
    ASSERT_TRUE(snap);
    ino_t user = inode_of("/proc/self/ns/user");
    const Namespace* uts = find(*snap, inode_of("/proc/self/ns/uts"));
    ASSERT_NE(uts, nullptr);
    EXPECT_EQ(uts->related_id[kOwnerRel], user);
    EXPECT_EQ(uts->related_id[kParentRel], 0u);  // only pid and user namespaces have parents
    ASSERT_NE(uts->related[kOwnerRel], kNone);
    EXPECT_EQ(snap->namespaces[uts->related[kOwnerRel]].id, user);
}

TEST(Scan, CommandLineAsUtilLinuxShowsIt) {
    std::string cmd = command_of("/proc", getpid());
    EXPECT_NE(cmd.find("nsctl_ns_tests"), std::string::npos) << cmd;
    EXPECT_NE(cmd.back(), ' ');  // the trailing NUL is dropped, not turned into a space
    EXPECT_EQ(command_of("/proc", 2'000'000'000), "");
}

}  // namespace
}  // namespace nsctl::ns
