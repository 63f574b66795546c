// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run: what the probe sees inside the sandbox by default, with a rootfs and without one, as
// root and as uid 65534: new namespaces (inodes against the test's own), the id maps, lo up, a
// new session without a terminal, only fds 0-2, the mounts (read-only root, fresh /proc, the
// minimal /dev, read-only /sys, no way back to the host's root).
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunView : public RunTest {};

std::string current_directory() {
    char cwd[PATH_MAX];
    return getcwd(cwd, sizeof cwd) ? cwd : "";
}

// The facts every sandbox shows, whatever its root.
void expect_isolated(const Facts& f, As as) {
    EXPECT_EQ(f.at("pid"), "2");
    EXPECT_EQ(f.at("ppid"), "1");
    EXPECT_EQ(f.at("sid"), "2");  // a new session...
    EXPECT_EQ(f.at("pgid"), "2");
    EXPECT_EQ(f.at("ctty"), "0");  // ...without a controlling terminal
    EXPECT_EQ(f.at("uid"), "0");
    EXPECT_EQ(f.at("euid"), "0");
    EXPECT_EQ(f.at("gid"), "0");
    EXPECT_EQ(f.at("fds"), "0,1,2");
    EXPECT_EQ(f.at("lo_up"), "1");
    EXPECT_EQ(f.at("root_ro"), "1");
    for (const char* type : {"cgroup", "ipc", "mnt", "net", "pid", "uts"}) {
        EXPECT_NE(f.at(std::string("ns.") + type), own_ns(type)) << type;
    }
    EXPECT_EQ(f.at("ns.time"), own_ns("time"));  // only with --time
    if (as == As::kRoot) {
        EXPECT_EQ(f.at("ns.user"), own_ns("user"));
        EXPECT_EQ(f.at("uid_map"), "0 0 4294967295");
        EXPECT_EQ(f.at("gid_map"), "0 0 4294967295");
    } else {
        EXPECT_NE(f.at("ns.user"), own_ns("user"));
        EXPECT_EQ(f.at("uid_map"), "0 65534 1");
        EXPECT_EQ(f.at("gid_map"), "0 65534 1");
        EXPECT_EQ(f.at("setgroups"), "deny");
    }
}

TEST_F(RunView, ProbeInARootfs) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/probe"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "");
        Facts f = parse_facts(r.out);
        ASSERT_EQ(f.size(), 33u) << r.out;
        expect_isolated(f, as);
        EXPECT_EQ(f.at("cwd"), "/");
    }
}

// "Process Isolation": the host's files, read-only, in the caller's directory.
TEST_F(RunView, ProbeWithoutRootfs) {
    const std::string cwd = current_directory();
    const std::string file = "/tmp/" + unique_name() + "-not-written";
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--", probe_path()});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "");
        Facts f = parse_facts(r.out);
        ASSERT_EQ(f.size(), 33u) << r.out;
        expect_isolated(f, as);
        EXPECT_EQ(f.at("cwd"), cwd);
        // Read-only all the way down (/tmp is on the root file system here, but also any mount
        // below /).
        r = nsctl_run(as, {"--", probe_path(), "write", file});
        EXPECT_EQ(r.out, "write=EROFS\n") << r.err;
        EXPECT_EQ(access(file.c_str(), F_OK), -1);
        unlink(file.c_str());
    }
}

// Without a rootfs the host's tree is read-only recursively: also a writable file system mounted
// below / (here a tmpfs on /run, in a mount namespace of the test's own) and /sys's submounts.
TEST_F(RunView, HostTreeReadOnlyAllTheWayDown) {
    run_in_fresh_namespaces([] {
        RunResult own = run({probe_path(), "write", "/run/nsctl-test-writable"});
        ASSERT_EQ(own.out, "write=OK\n");  // writable here...
        for (As as : kRootAndNobody) {
            SCOPED_TRACE(name_of(as));
            RunResult r = run(run_argv(as, {"--", probe_path(), "write", "/run/nsctl-test-x"}));
            EXPECT_EQ(r.out, "write=EROFS\n") << r.err;  // ...not in the sandbox
            r = run(run_argv(as, {"--", probe_path(), "mounts"}));
            ASSERT_EQ(r.status, 0) << r.err;
            for (const Mount& m : visible_mounts(parse_mounts(r.out))) {
                if (m.point.rfind("/proc", 0) == 0 || m.point.rfind("/dev", 0) == 0) continue;
                EXPECT_EQ(m.mode, "ro") << m.point << " " << m.fstype;
            }
        }
    });
}

TEST_F(RunView, ProcShowsOnlyTheSandbox) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        for (bool with_rootfs : {true, false}) {
            SCOPED_TRACE(std::string(name_of(as)) + (with_rootfs ? ", rootfs" : ", host files"));
            std::vector<std::string> args = {"--", probe_path(), "ls", "/proc"};
            if (with_rootfs) args = {"--rootfs", rootfs.path(), "--", "/probe", "ls", "/proc"};
            RunResult r = nsctl_run(as, args);
            ASSERT_EQ(r.status, 0) << r.err;
            std::vector<std::string> pids;
            for (const auto& line : lines_of(r.out)) {
                if (std::isdigit(static_cast<unsigned char>(line[0]))) pids.push_back(line);
            }
            EXPECT_EQ(pids, (std::vector<std::string>{"1 d", "2 d"})) << r.out;
        }
    }
}

TEST_F(RunView, MinimalDev) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        for (bool with_rootfs : {true, false}) {
            SCOPED_TRACE(std::string(name_of(as)) + (with_rootfs ? ", rootfs" : ", host files"));
            std::vector<std::string> prefix = {"--"};
            std::string probe = probe_path();
            if (with_rootfs) {
                prefix = {"--rootfs", rootfs.path(), "--"};
                probe = "/probe";
            }
            auto probe_run = [&](std::vector<std::string> query) {
                std::vector<std::string> args = prefix;
                args.push_back(probe);
                args.insert(args.end(), query.begin(), query.end());
                return nsctl_run(as, args);
            };
            RunResult r = probe_run({"ls", "/dev"});
            EXPECT_EQ(r.status, 0) << r.err;
            EXPECT_EQ(r.out, kMinimalDev);
            // The devices are the real ones, the symlinks lead somewhere.
            EXPECT_EQ(probe_run({"write", "/dev/null"}).out, "write=OK\n");
            EXPECT_EQ(probe_run({"write", "/dev/full"}).out, "write=ENOSPC\n");
            if (as == As::kRoot) {  // stdout is a pipe of the test's (root's, mode 0600)
                EXPECT_EQ(probe_run({"write", "/dev/stdout"}).out, "probe\nwrite=OK\n");
            }
            EXPECT_EQ(probe_run({"write", "/dev/shm/x"}).out, "write=OK\n");
            EXPECT_EQ(probe_run({"write", "/dev/ptmx"}).out, "write=OK\n");  // a usable ptmx
            r = probe_run({"ls", "/dev/pts"});
            EXPECT_EQ(r.out, "ptmx c\n");  // a new devpts instance: no terminal of the host
        }
    }
}

TEST_F(RunView, Mounts) {
    RunResult host = run({probe_path(), "mounts"});
    auto host_root = find_mount(parse_mounts(host.out), "/");
    ASSERT_TRUE(host_root.has_value()) << host.out;
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/probe", "mounts"});
        ASSERT_EQ(r.status, 0) << r.err;
        auto mounts = parse_mounts(r.out);
        struct Want {
            const char* point;
            const char* fstype;
            const char* mode;
        };
        for (const Want& want :
             {Want{"/", "", "ro"}, Want{"/proc", "proc", "rw"}, Want{"/dev", "tmpfs", ""},
              Want{"/dev/pts", "devpts", "rw"}, Want{"/sys", "sysfs", "ro"}}) {
            auto m = find_mount(mounts, want.point);
            ASSERT_TRUE(m.has_value()) << want.point << " missing in\n" << r.out;
            if (*want.fstype) {
                EXPECT_EQ(m->fstype, want.fstype) << want.point;
            }
            if (*want.mode) {
                EXPECT_EQ(m->mode, want.mode) << want.point;
            }
        }
        // /dev/shm: a tmpfs of its own, or a directory of /dev's (MinimalDev writes to it).
        auto shm = find_mount(mounts, "/dev/shm");
        if (shm.has_value()) {
            EXPECT_EQ(shm->fstype, "tmpfs");
        }
        for (const Mount& m : visible_mounts(mounts)) {
            if (m.point.rfind("/sys/", 0) == 0) {  // /sys read-only all the way down
                EXPECT_EQ(m.mode, "ro") << m.point;
            }
        }
        // The root is the image (its path on its file system ends with the directory's name).
        auto root = find_mount(mounts, "/");
        ASSERT_TRUE(root.has_value()) << r.out;
        const std::string name = rootfs.path().substr(rootfs.path().rfind('/'));
        EXPECT_EQ(root->root.substr(root->root.size() - std::min(root->root.size(), name.size())),
                  name);
        for (const Mount& m : mounts) {
            // Nothing but the root, /proc, /dev and /sys (and what is below them)...
            bool expected = m.point == "/";
            for (const char* top : {"/proc", "/dev", "/sys"}) {
                std::string t = top;
                expected = expected || m.point == t || m.point.rfind(t + "/", 0) == 0;
            }
            EXPECT_TRUE(expected) << "unexpected mount " << m.point << " " << m.fstype;

            // ...and the host's root file system is not reachable from any of them.
            EXPECT_FALSE(m.dev == host_root->dev && m.root == "/")
                << "the host's root at " << m.point;
        }
    }
}

TEST_F(RunView, SysIsReadOnly) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(
            as, {"--rootfs", rootfs.path(), "--", "/probe", "write", "/sys/kernel/nsctl-test"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "write=EROFS\n");
    }
}

// The host's processes are out of reach: their pids do not exist in the sandbox's PID namespace.
TEST_F(RunView, CannotSignalTheHost) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    const std::string us = std::to_string(getpid());
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/probe", "kill", us, "0"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "kill=ESRCH\n");
    }
    // Unless the PID namespace is shared.
    RunResult r = nsctl_run(
        As::kRoot, {"--share", "pid", "--rootfs", rootfs.path(), "--", "/probe", "kill", us, "0"});
    EXPECT_EQ(r.out, "kill=OK\n") << r.err;
}

TEST_F(RunView, TheReaperIsNsctl) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/bin/sh", "-c",
                                     "cat /proc/1/comm /proc/$$/comm; echo $$"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "nsctl\nsh\n2\n");
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
