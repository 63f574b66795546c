// SPDX-License-Identifier: GPL-2.0-or-later
// Persisting every kind of namespace with our unshare, and with util-linux's for comparison:
// the bind-mounted file names the namespace the program ran in (inode of its nsfs entry),
// util-linux's nsenter enters it, our lsns lists it. Each test runs in a fresh mount namespace,
// so the binds vanish with it.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "support/nsfs_ids.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

// mnt is persisted in a run of its own. Linux 6.18 hands namespace ids out in per-CPU batches
// and binds a mount namespace only into one with a smaller id: made on a CPU whose batch lags,
// the new namespace cannot be bound from the test's own, and util-linux's unshare fails with
// EINVAL (ours takes a newer one: MountNamespaceFromALaggingCpu). This test runs pinned to one
// CPU, where ids only grow.
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

// Pins this thread to one CPU while it lives, and puts the affinity back after.
class PinnedTo {
  public:
    explicit PinnedTo(int cpu) {
        sched_getaffinity(0, sizeof(saved_), &saved_);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        EXPECT_EQ(sched_setaffinity(0, sizeof(one), &one), 0) << cpu;
    }
    ~PinnedTo() { sched_setaffinity(0, sizeof(saved_), &saved_); }
    PinnedTo(const PinnedTo&) = delete;
    PinnedTo& operator=(const PinnedTo&) = delete;

  private:
    cpu_set_t saved_;
};

// The CPUs this thread may use.
std::vector<int> allowed_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof(set), &set);
    std::vector<int> cpus;
    for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &set)) cpus.push_back(c);
    return cpus;
}

// The id a mount namespace made on cpu gets now (0 without NS_GET_ID).
uint64_t mount_namespace_id_on(int cpu) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return 0;
    pid_t pid = fork();
    if (pid == 0) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        uint64_t id = 0;
        if (sched_setaffinity(0, sizeof(one), &one) == 0 && unshare(CLONE_NEWNS) == 0)
            id = namespace_id("/proc/self/ns/mnt");
        (void)!write(pipefd[1], &id, sizeof(id));
        _exit(0);
    }
    close(pipefd[1]);
    uint64_t id = 0;
    if (read(pipefd[0], &id, sizeof(id)) != sizeof(id)) id = 0;
    close(pipefd[0]);
    waitpid(pid, nullptr, 0);
    return id;
}

TEST(UnsharePersist, EveryKindOursAndUtilLinux) {
    PinnedTo pinned(allowed_cpus().at(0));
    run_in_fresh_namespaces([] {
        for (const auto& kinds : kRuns) {
            persist(our_unshare(), kinds);
            if (std::string(kinds[0]) != "user") persist("/usr/bin/unshare", kinds);
        }
    });
}

// The caller's mount namespace made on the CPU whose ids run ahead, unshare run on the one that
// lags: util-linux's bind fails with EINVAL; ours takes a new mount namespace on another CPU
// until the id is larger, binds it, runs the program in it, and keeps the caller's affinity.
TEST(UnsharePersist, MountNamespaceFromALaggingCpu) {
    std::vector<int> cpus = allowed_cpus();
    if (cpus.size() < 2) GTEST_SKIP() << "one CPU: ids only grow";
    uint64_t a = mount_namespace_id_on(cpus[0]), b = mount_namespace_id_on(cpus[1]);
    if (a == 0 || b == 0) GTEST_SKIP() << "no NS_GET_ID: mount namespaces are ordered by age";
    const int ahead = a > b ? cpus[0] : cpus[1], lagging = a > b ? cpus[1] : cpus[0];
    PinnedTo pinned(ahead);
    run_in_fresh_namespaces([&] {
        const std::string dir = "/tmp/" + unique_name();
        TmpGuard guard{dir};
        ASSERT_EQ(sh("mkdir " + dir + " && mount -t tmpfs tmpfs " + dir +
                     " && mount --make-private " + dir + " && touch " + dir + "/mnt && echo ok"),
                  "ok\n");
        const std::string file = dir + "/mnt", cpu = std::to_string(lagging);
        RunResult theirs =
            run({"taskset", "-c", cpu, "/usr/bin/unshare", "--mount=" + file, "true"});
        // A kernel that orders namespace ids by age lets util-linux through as well.
        if (theirs.status != 0) {
            EXPECT_NE(theirs.err.find("failed: Invalid argument"), std::string::npos) << theirs.err;
        }
        RunResult ours = run({"taskset", "-c", cpu, our_unshare(), "--mount=" + file, "sh", "-c",
                              "stat -L -c %i /proc/self/ns/mnt; grep ^Cpus_allowed_list: "
                              "/proc/self/status"});
        ASSERT_EQ(ours.status, 0) << ours.err;
        EXPECT_EQ(ours.out, inode_of(file) + "\nCpus_allowed_list:\t" + cpu + "\n");
        EXPECT_TRUE(is_mount_point(file));
        sh("umount " + file + "; umount " + dir + "; rmdir " + dir);
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
