// SPDX-License-Identifier: GPL-2.0-or-later
// Persisting every kind of namespace with our unshare, and with util-linux's for comparison:
// the bind-mounted file names the namespace the program ran in (inode of its nsfs entry),
// util-linux's nsenter enters it, our lsns lists it. Each test runs in a fresh mount namespace,
// so the binds vanish with it.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "support/support.h"

namespace nsctl::test {
namespace {

// mnt is persisted in a run of its own. The kernel refuses that bind now and then with EINVAL,
// for util-linux's unshare (2.38 and 2.42) as for ours, even in a fresh private mount namespace
// onto a private tmpfs (seen on Linux 6.18 while other tests ran; not understood yet), so that
// one run is retried.
// user is checked with ours only: Debian's 2.38 fails to bind it on a tmpfs (EPERM; 2.42 and
// ours do not).
const std::vector<std::vector<const char*>> kRuns = {
    {"net", "uts", "ipc", "cgroup", "pid", "time"}, {"mnt"}, {"user", "net"}};

std::string our_unshare() { return std::string(NSCTL_BINARY_DIR) + "/unshare"; }

std::string sh(const std::string& command) { return run({"sh", "-c", command}).out; }

// Removes a test's directory or file under /tmp on every path, a failed assertion included
// (its mounts die with the test's fresh mount namespace; a lazy unmount comes first anyway).
struct TmpGuard {
    std::string path;
    ~TmpGuard() {
        umount2(path.c_str(), MNT_DETACH);
        sh("rm -rf '" + path + "'");
    }
};

std::string inode_of(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return "missing";
    return std::to_string(st.st_ino);
}

bool is_mount_point(const std::string& path) {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string a, b, c, d, point;
        f >> a >> b >> c >> d >> point;
        if (point == path) return true;
    }
    return false;
}

void persist(const std::string& tool, const std::vector<const char*>& kinds) {
    SCOPED_TRACE(tool + " " + kinds[0]);
    const std::string dir = "/tmp/" + unique_name();
    TmpGuard guard{dir};
    // On a private tmpfs of its own: a mount namespace can only be bound on a private mount.
    ASSERT_EQ(sh("mkdir " + dir + " && mount -t tmpfs -o mode=0700 tmpfs " + dir +
                 " && mount --make-private " + dir + " && echo ok"),
              "ok\n");
    std::vector<std::string> argv = {tool};
    std::string loop = "for k in";
    for (const char* k : kinds) {
        loop += std::string(" ") + k;
        std::ofstream(dir + "/" + k).flush();
        argv.push_back(std::string("--") + (std::string(k) == "mnt" ? "mount" : k) + "=" + dir +
                       "/" + k);
    }
    // The program prints the inode of each of its namespaces, in kinds order.
    argv.insert(argv.end(),
                {"--fork", "sh", "-c", loop + "; do stat -L -c %i /proc/self/ns/$k; done"});
    RunResult r = run(argv);
    // The mnt bind's occasional EINVAL (see kRuns): try again, at most four times.
    for (int i = 0; i < 4 && r.status != 0 && r.err.find("/ns/mnt on") != std::string::npos; ++i) {
        usleep(200 * 1000);
        r = run(argv);
    }
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream inside(r.out);
    for (const char* k : kinds) {
        SCOPED_TRACE(k);
        std::string file = dir + "/" + k, ino;
        inside >> ino;
        EXPECT_TRUE(is_mount_point(file));
        EXPECT_EQ(inode_of(file), ino);
        std::string entry = std::string(k) == "pid" || std::string(k) == "time"
                                ? std::string(k) + "_for_children"
                                : std::string(k);
        // A pid namespace whose init has exited takes no new process (fork fails with
        // ENOMEM), with util-linux's unshare too; the user namespace has no map to enter with.
        if (std::string(k) != "user" && std::string(k) != "pid") {
            EXPECT_EQ(
                sh("/usr/bin/nsenter --" + std::string(k == std::string("mnt") ? "mount" : k) +
                   "=" + file + " readlink /proc/self/ns/" + entry),
                std::string(k) + ":[" + ino + "]\n");
        }
        EXPECT_EQ(sh(std::string(NSCTL_BINARY_DIR) + "/lsns -n -r -o NS,NSFS | grep ^" + ino +
                     " | sort -u"),
                  ino + " " + file + "\n");
    }
    for (const char* k : kinds) ASSERT_EQ(umount((dir + "/" + k).c_str()), 0) << k;
    ASSERT_EQ(umount(dir.c_str()), 0);
    sh("rmdir " + dir);
}

TEST(UnsharePersist, EveryKindOursAndUtilLinux) {
    run_in_fresh_namespaces([] {
        for (const auto& kinds : kRuns) {
            persist(our_unshare(), kinds);
            if (std::string(kinds[0]) != "user") persist("/usr/bin/unshare", kinds);
        }
    });
}

TEST(UnsharePersist, BadInputLeavesNoBind) {
    run_in_fresh_namespaces([] {
        const std::string file = "/tmp/" + unique_name();
        TmpGuard guard{file};
        std::ofstream(file).flush();
        // util-linux finds this conflict only after unshare(2) and the bind; we refuse first.
        RunResult r =
            run({our_unshare(), "--net=" + file, "--map-group=1", "--setgroups=allow", "true"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err,
                  "unshare: options --setgroups=allow and --map-group are mutually "
                  "exclusive\n");
        EXPECT_FALSE(is_mount_point(file));
        // A bind that fails in the helper (mount + user namespaces) leaves nothing either.
        r = run({our_unshare(), "--mount=" + file, "--user=/nonexistent", "true"});
        EXPECT_EQ(r.status, 1);
        EXPECT_FALSE(is_mount_point(file));
        unlink(file.c_str());
    });
}

TEST(UnsharePersist, SharedMountGetsAHint) {
    run_in_fresh_namespaces([] {
        const std::string dir = "/tmp/" + unique_name();
        TmpGuard guard{dir};
        ASSERT_EQ(sh("mkdir " + dir + " && mount -t tmpfs tmpfs " + dir +
                     " && mount --make-shared " + dir + " && touch " + dir + "/mnt && echo ok"),
                  "ok\n");
        RunResult r = run({our_unshare(), "--mount=" + dir + "/mnt", "true"});
        RunResult theirs = run({"/usr/bin/unshare", "--mount=" + dir + "/mnt", "true"});
        EXPECT_EQ(r.status, theirs.status);
        EXPECT_EQ(r.status, 1);
        auto nl = r.err.find('\n');
        ASSERT_NE(nl, std::string::npos);
        EXPECT_EQ(r.err.substr(nl + 1), "unshare: hint: " + dir + "/mnt is on a shared mount (" +
                                            dir +
                                            "): a mount namespace can only be bound on a "
                                            "private one (mount --make-private " +
                                            dir + ")\n");
        sh("umount -R " + dir + "; rmdir " + dir);
    });
}

}  // namespace
}  // namespace nsctl::test
