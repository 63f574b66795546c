// SPDX-License-Identifier: GPL-2.0-or-later
// Every unshare example of /work/shared/reference/namespaces-quick-reference.txt, with its
// command line unchanged: run by bash with our unshare first in PATH, then with util-linux's,
// the interactive part fed on stdin. Both must print the same; ours is also checked against what
// the reference says should happen. Each runs in a fresh mount and network namespace.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "unshare_compare.h"

namespace nsctl::test {
namespace {

using namespace unshare_cli;  // NOLINT(google-build-using-namespace)

struct Example {
    std::string command;  ///< as the reference writes it
    std::string input;    ///< what a user would type in the shell it starts
    std::string expect;   ///< our stdout
};

EnvAdditions with_path(const std::string& first) {
    const char* path = std::getenv("PATH");
    return {{"PATH", first + ":" + (path ? path : "/usr/bin:/bin")}};
}

// Runs one example with ours, then with util-linux's; returns ours.
RunResult run_example(const Example& e, const std::vector<std::string>& prefix = {}) {
    SCOPED_TRACE(e.command);
    std::vector<std::string> argv = prefix;
    argv.insert(argv.end(), {"bash", "-c", e.command});
    RunResult ours = run(argv, e.input, with_path(NSCTL_BINARY_DIR));
    RunResult theirs = run(argv, e.input, {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}});
    EXPECT_EQ(ours.status, 0) << ours.err;
    EXPECT_EQ(ours.out, e.expect) << ours.err;
    EXPECT_EQ(ours.status, theirs.status);
    EXPECT_EQ(ours.out, theirs.out);
    return ours;
}

std::string sh(const std::string& command) { return run({"sh", "-c", command}).out; }

TEST(UnshareReference, CreatingNamespaces) {
    run_in_fresh_namespaces([] {
        const std::string host = sh("hostname");
        const Example examples[] = {
            {"unshare --mount --uts --ipc --net --pid --fork bash",
             "echo $$; ip -br link | wc -l\n", "1\n1\n"},
            {"unshare --uts bash", "hostname isolated-host\nhostname\nexit\n", "isolated-host\n"},
            {"unshare --mount bash", "mount --bind /tmp /mnt\nfindmnt -n -o TARGET /mnt\nexit\n",
             "/mnt\n"},
            {"unshare --mount --uts --ipc --pid --fork bash", "echo $$\n", "1\n"},
            {"unshare --mount --uts --ipc --net --pid --fork \\\n    --mount-proc bash",
             "ps -e -o pid= | wc -l\n", "3\n"},
            {"unshare --user --map-root-user bash", "id -u; id -g\n", "0\n0\n"},
            {"unshare --pid --fork bash", "echo $$\n", "1\n"},
            {"unshare --pid --fork --mount-proc bash", "ps aux | tail -n +2 | wc -l\n", "4\n"},
            {"unshare --mount --propagation private bash",
             "mount -t tmpfs tmpfs /mnt\nfindmnt -n -o FSTYPE /mnt\n", "tmpfs\n"},
            {"unshare --cgroup bash", "cat /proc/self/cgroup | grep -v ':/$' | wc -l\n", "0\n"},
            {"unshare --uts bash                            # UTS only", "echo uts\n", "uts\n"},
            {"unshare --net bash                            # Network only",
             "ip -br link | wc -l\n", "1\n"},
            {"unshare --mount --uts --ipc --pid --fork bash # Multiple", "echo $$\n", "1\n"},
            {"unshare --user --map-root-user bash           # User (rootless)", "id -u\n", "0\n"},
        };
        for (const auto& e : examples) run_example(e);
        // Nothing reached the namespaces we are in.
        EXPECT_EQ(sh("hostname"), host);
        EXPECT_EQ(sh("findmnt -n /mnt; echo $?"), "1\n");
    });
}

TEST(UnshareReference, RootlessUserNamespace) {
    NSCTL_REQUIRE_ROOT();  // to become nobody
    run_example({"unshare --user --map-root-user bash", "id -u; id -g\n", "0\n0\n"}, as_nobody());
}

TEST(UnshareReference, ProcessIsolation) {
    run_in_fresh_namespaces([] {
        const std::string command =
            "unshare --pid --fork --mount-proc \\\n"
            "    --mount --propagation private \\\n"
            "    -- sh -c '\n"
            "        # Process can only see its own PIDs\n"
            "        # Has isolated mount namespace\n"
            "        echo \"PID in namespace: $$\"\n"
            "        ps aux | tail -n +2 | wc -l\n"
            "        exec \"$@\"\n"
            "    ' -- \"$@\"";
        run_example({command, "", "PID in namespace: 1\n4\n"});
    });
}

TEST(UnshareReference, SimpleContainer) {
    run_in_fresh_namespaces([] {
        // The reference's rootfs, populated with dash and its libraries, on a tmpfs of this
        // test's own mount namespace; /tmp/container itself is removed again if we made it.
        struct stat st {};
        const bool existed = stat("/tmp/container", &st) == 0;
        struct Cleanup {
            bool existed;
            ~Cleanup() {
                if (!existed) sh("umount -l /tmp/container 2>/dev/null; rmdir /tmp/container");
            }
        } cleanup{existed};
        ASSERT_EQ(sh("mkdir -p /tmp/container && mount -t tmpfs tmpfs /tmp/container && "
                     "mkdir -p /tmp/container/rootfs && cd /tmp/container/rootfs && "
                     "mkdir -p bin proc lib/x86_64-linux-gnu lib64 && cp /bin/dash bin/sh && "
                     "cp /lib/x86_64-linux-gnu/libc.so.6 lib/x86_64-linux-gnu/ && "
                     "cp /lib64/ld-linux-x86-64.so.2 lib64/ && echo ok"),
                  "ok\n");
        const std::string command =
            "unshare --mount --uts --ipc --pid --net --fork \\\n"
            "    --root=/tmp/container/rootfs \\\n"
            "    --mount-proc \\\n"
            "    /bin/sh";
        run_example({command, "echo $$; echo /proc/[0-9]*; pwd\n", "1\n/proc/1\n/\n"});
    });
}

TEST(UnshareReference, PersistentNetworkNamespace) {
    run_in_fresh_namespaces([] {
        // /var/run is /run: a fresh tmpfs in this test's mount namespace.
        for (const char* tool : {"ours", "util-linux"}) {
            SCOPED_TRACE(tool);
            std::string path = tool[0] == 'o' ? std::string(NSCTL_BINARY_DIR) : "/usr/bin";
            RunResult r =
                run({"bash", "-c", "touch /var/run/myns\nunshare --net=/var/run/myns true"}, "",
                    with_path(path));
            ASSERT_EQ(r.status, 0) << r.err;
            struct stat st {};
            ASSERT_EQ(stat("/var/run/myns", &st), 0);
            std::string ino = std::to_string(st.st_ino);
            EXPECT_EQ(sh("/usr/bin/nsenter --net=/var/run/myns readlink /proc/self/ns/net"),
                      "net:[" + ino + "]\n");
            EXPECT_NE(ino, sh("stat -L -c %i /proc/self/ns/net").substr(0, ino.size()));
            std::string listed =
                sh(std::string(NSCTL_BINARY_DIR) + "/lsns -t net -n -r -o NS,NSFS | grep ^" + ino);
            EXPECT_EQ(listed, ino + " /run/myns\n");
            EXPECT_EQ(sh("umount /var/run/myns && rm /var/run/myns && echo ok"), "ok\n");
        }
    });
}

}  // namespace
}  // namespace nsctl::test
