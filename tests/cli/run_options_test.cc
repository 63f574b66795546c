// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run's options, each seen from inside by the probe or busybox, as root and as uid 65534
// where the option means something for both: --rw, --bind, --ro-bind, --tmpfs, --hostname,
// --env, --clearenv, --chdir, --share, --userns, --time with --monotonic/--boottime, --map-auto,
// --as-pid1, --keep-fd, and mount points missing in the image.
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "run_helpers.h"
#include "support/subid_user.h"

namespace nsctl::test::run_cli {
namespace {

class RunOptions : public RunTest {};

std::string host_name() {
    char buf[HOST_NAME_MAX + 1] = "";
    gethostname(buf, sizeof buf);
    return buf;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// Blanks collapsed and lines joined with ';' (as the probe prints the id maps).
std::string flat(const std::string& text) {
    std::string result;
    for (const auto& line : lines_of(text)) {
        std::istringstream words(line);
        std::string word, joined;
        while (words >> word) joined += (joined.empty() ? "" : " ") + word;
        result += (result.empty() ? "" : ";") + joined;
    }
    return result;
}

TEST_F(RunOptions, ReadWriteRoot) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        if (as == As::kNobody) {
            ASSERT_TRUE(rootfs.chown_tree(65534, 65534));  // the user's image
        }
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/probe", "write", "/new"});
        EXPECT_EQ(r.out, "write=EROFS\n") << r.err;
        EXPECT_FALSE(exists(rootfs.at("new")));
        r = nsctl_run(as, {"--rw", "--rootfs", rootfs.path(), "--", "/bin/sh", "-c",
                           "/probe write /new && /probe | /bin/busybox grep root_ro"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "write=OK\nroot_ro=0\n");
        EXPECT_EQ(slurp(rootfs.at("new")), "probe\n");
    }
}

TEST_F(RunOptions, BindAndReadOnlyBind) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        if (as == As::kNobody) {
            ASSERT_TRUE(rootfs.chown_tree(65534, 65534));  // the user's image: /mnt is made
        }
        TempDir host("bind", 0777);
        ASSERT_FALSE(host.path().empty());
        std::ofstream(host.at("f")) << "from the host\n";
        chmod(host.at("f").c_str(), 0644);
        // SRC:DST, the mount points (/mnt/rw, /mnt/ro) missing in the image.
        RunResult r = nsctl_run(
            as, {"--rootfs", rootfs.path(), "--bind", host.path() + ":/mnt/rw", "--ro-bind",
                 host.path() + ":/mnt/ro", "--", "/bin/sh", "-c",
                 "cat /mnt/rw/f /mnt/ro/f; /probe write /mnt/rw/new; /probe write /mnt/ro/new2"});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "");
        EXPECT_EQ(r.out, "from the host\nfrom the host\nwrite=OK\nwrite=EROFS\n");
        EXPECT_EQ(slurp(host.at("new")), "probe\n");
        EXPECT_FALSE(exists(host.at("new2")));
        // SRC alone: the same path inside.
        r = nsctl_run(as, {"--rootfs", rootfs.path(), "--ro-bind", host.path(), "--", "/bin/cat",
                           host.at("f")});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "from the host\n");
        // Without a rootfs, into the read-only host tree.
        r = nsctl_run(as, {"--bind", host.path() + ":/mnt", "--", probe_path(), "write",
                           "/mnt/without-rootfs"});
        EXPECT_EQ(r.out, "write=OK\n") << r.err;
        EXPECT_TRUE(exists(host.at("without-rootfs")));
    }
}

TEST_F(RunOptions, Tmpfs) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    struct Case {
        std::string arg;
        std::string size;  // in the super options; "" = not checked
    };
    const Case cases[] = {{"/scratch", ""},
                          {"/scratch:size=1M", "size=1024k"},
                          {"/scratch:size=512K", "size=512k"},
                          {"/scratch:size=1G", "size=1048576k"},
                          {"/scratch:size=65536", "size=64k"}};
    for (As as : kRootAndNobody) {
        for (const Case& c : cases) {
            SCOPED_TRACE(std::string(name_of(as)) + ", --tmpfs " + c.arg);
            RunResult r =
                nsctl_run(as, {"--rootfs", rootfs.path(), "--tmpfs", c.arg, "--", "/bin/sh", "-c",
                               "/probe write /scratch/f && /probe mounts"});
            ASSERT_EQ(r.status, 0) << r.err;
            auto lines = lines_of(r.out);
            ASSERT_FALSE(lines.empty());
            EXPECT_EQ(lines[0], "write=OK");
            auto m = find_mount(parse_mounts(r.out), "/scratch");
            ASSERT_TRUE(m.has_value()) << r.out;
            EXPECT_EQ(m->fstype, "tmpfs");
            EXPECT_EQ(m->mode, "rw");
            if (!c.size.empty()) {
                EXPECT_NE(("," + m->super + ",").find("," + c.size + ","), std::string::npos)
                    << m->super;
            }
        }
    }
}

TEST_F(RunOptions, HostnameEnvironmentAndDirectory) {
    const std::string host = host_name();
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    const EnvAdditions inherited = {{"NSCTL_TEST_INHERITED", "yes"}};
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as,
                                {"--rootfs", rootfs.path(), "--hostname", "nsctl-box", "--chdir",
                                 "/tmp", "--", "/probe"},
                                "", inherited);
        ASSERT_EQ(r.status, 0) << r.err;
        Facts f = parse_facts(r.out);
        EXPECT_EQ(f["hostname"], "nsctl-box");
        EXPECT_EQ(f["cwd"], "/tmp");
        r = nsctl_run(as,
                      {"--rootfs", rootfs.path(), "--env", "NSCTL_A=1", "--env", "NSCTL_B=x=y z",
                       "--", "/probe", "env"},
                      "", inherited);
        ASSERT_EQ(r.status, 0) << r.err;
        for (const char* want : {"NSCTL_A=1", "NSCTL_B=x=y z", "NSCTL_TEST_INHERITED=yes"}) {
            EXPECT_NE(("\n" + r.out).find(std::string("\n") + want + "\n"), std::string::npos)
                << want << " in\n"
                << r.out;
        }
        r = nsctl_run(
            as,
            {"--rootfs", rootfs.path(), "--clearenv", "--env", "NSCTL_A=1", "--", "/probe", "env"},
            "", inherited);
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_NE(("\n" + r.out).find("\nNSCTL_A=1\n"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("NSCTL_TEST_INHERITED"), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("TMPDIR="), std::string::npos) << r.out;
    }
    EXPECT_EQ(host_name(), host);
}

TEST_F(RunOptions, ShareKeepsTheCallersNamespace) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (const char* shared : {"net", "ipc", "uts", "pid", "cgroup"}) {
        // Rootless, sharing the machine's pid or network namespace leaves no way to mount a
        // fresh /proc or /sys owned by the sandbox: checked as root only for those.
        for (As as : kRootAndNobody) {
            bool rootless_ok = std::string(shared) == "ipc" || std::string(shared) == "uts";
            if (as == As::kNobody && !rootless_ok) continue;
            SCOPED_TRACE(std::string(name_of(as)) + ", --share " + shared);
            RunResult r =
                nsctl_run(as, {"--rootfs", rootfs.path(), "--share", shared, "--", "/probe"});
            ASSERT_EQ(r.status, 0) << r.err;
            Facts f = parse_facts(r.out);
            for (const char* type : {"cgroup", "ipc", "mnt", "net", "pid", "uts"}) {
                std::string key = std::string("ns.") + type;
                if (std::string(type) == shared) {
                    EXPECT_EQ(f[key], own_ns(type)) << type;
                } else {
                    EXPECT_NE(f[key], own_ns(type)) << type;
                }
            }
        }
    }
    // Repeatable.
    RunResult r = nsctl_run(
        As::kRoot, {"--rootfs", rootfs.path(), "--share", "net", "--share", "uts", "--", "/probe"});
    ASSERT_EQ(r.status, 0) << r.err;
    Facts f = parse_facts(r.out);
    EXPECT_EQ(f["ns.net"], own_ns("net"));
    EXPECT_EQ(f["ns.uts"], own_ns("uts"));
    EXPECT_NE(f["ns.ipc"], own_ns("ipc"));
}

TEST_F(RunOptions, UserNamespaceAsRoot) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    RunResult r = nsctl_run(As::kRoot, {"--userns", "--rootfs", rootfs.path(), "--", "/probe"});
    ASSERT_EQ(r.status, 0) << r.err;
    Facts f = parse_facts(r.out);
    EXPECT_NE(f["ns.user"], own_ns("user"));
    EXPECT_EQ(f["uid_map"], "0 0 1");
    EXPECT_EQ(f["gid_map"], "0 0 1");
    EXPECT_EQ(f["uid"], "0");
}

TEST_F(RunOptions, TimeNamespaceAndOffsets) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--time", "--rootfs", rootfs.path(), "--", "/probe"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_NE(parse_facts(r.out)["ns.time"], own_ns("time"));
        // The offsets imply --time.
        r = nsctl_run(as, {"--monotonic", "1000", "--boottime", "2000", "--rootfs", rootfs.path(),
                           "--", "/bin/cat", "/proc/self/timens_offsets"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(flat(r.out), "monotonic 1000 0;boottime 2000 0");
        r = nsctl_run(as, {"--monotonic", "-5", "--rootfs", rootfs.path(), "--", "/bin/cat",
                           "/proc/self/timens_offsets"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(flat(r.out), "monotonic -5 0;boottime 0 0");
    }
}

TEST_F(RunOptions, MapAutoMapsTheSubidRanges) {
    SubidUser user;
    ASSERT_TRUE(user.ok());
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    std::vector<std::string> argv = user.as_user();
    for (const auto& a :
         run_argv(As::kRoot, {"--map-auto", "--rootfs", rootfs.path(), "--", "/probe"}))
        argv.push_back(a);
    RunResult r = run(argv, "", nsctl_env());
    ASSERT_EQ(r.status, 0) << r.err;
    Facts f = parse_facts(r.out);
    const std::string range =
        std::to_string(SubidUser::kStart) + " " + std::to_string(SubidUser::kCount);
    EXPECT_EQ(f["uid_map"], "0 " + std::to_string(user.uid()) + " 1;1 " + range);
    EXPECT_EQ(f["gid_map"], "0 " + std::to_string(user.gid()) + " 1;1 " + range);
    EXPECT_EQ(f["uid"], "0");
}

TEST_F(RunOptions, AsPid1) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--as-pid1", "--rootfs", rootfs.path(), "--", "/probe"});
        ASSERT_EQ(r.status, 0) << r.err;
        Facts f = parse_facts(r.out);
        EXPECT_EQ(f["pid"], "1");
        EXPECT_EQ(f["ppid"], "0");
        EXPECT_EQ(f["sid"], "1");
        r = nsctl_run(as, {"--as-pid1", "--rootfs", rootfs.path(), "--", "/probe", "exit", "9"});
        EXPECT_EQ(r.status, 9);
    }
}

TEST_F(RunOptions, KeepFd) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        // Open in nsctl, closed before the command runs...
        RunResult r = nsctl_run_redirected(as, "5</etc/hostname 7>/dev/null",
                                           {"--rootfs", rootfs.path(), "--", "/probe"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(parse_facts(r.out)["fds"], "0,1,2");
        // ...unless kept.
        r = nsctl_run_redirected(
            as, "5</etc/hostname 7>/dev/null",
            {"--keep-fd", "5", "--keep-fd", "7", "--rootfs", rootfs.path(), "--", "/bin/sh", "-c",
             "/probe | /bin/busybox grep ^fds=; cat <&5"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "fds=0,1,2,5,7\n" + slurp("/etc/hostname"));
    }
}

TEST_F(RunOptions, MissingMountPointsAreCreated) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs(TempRootfs::MountPoints::kOmit);
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        if (as == As::kNobody) {
            ASSERT_TRUE(rootfs.chown_tree(65534, 65534));  // the user's image
        }
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--tmpfs", "/tmp", "--", "/bin/sh",
                                     "-c", "/probe ls /dev && /probe mounts && echo /proc/[0-9]*"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out.substr(0, std::string(kMinimalDev).size()), kMinimalDev);
        EXPECT_NE(r.out.find("\n/proc/1 /proc/2\n"), std::string::npos) << r.out;
        auto mounts = parse_mounts(r.out);
        for (const char* point : {"/proc", "/dev", "/sys", "/tmp"}) {
            EXPECT_TRUE(find_mount(mounts, point).has_value()) << point << " in\n" << r.out;
        }
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
