// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl netns`: what exec sets up, races, failures that leave nothing behind, bad input.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "netns_cli_helpers.h"

namespace nsctl::test {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// In this test's mount namespace only: an overlay over /etc (upper layer on the private /run),
// so /etc/netns/NAME can be written without touching the machine's /etc.
void private_etc() {
    ASSERT_EQ(mkdir("/run/etc-upper", 0755), 0);
    ASSERT_EQ(mkdir("/run/etc-work", 0755), 0);
    ASSERT_EQ(mount("overlay", "/etc", "overlay", 0,
                    "lowerdir=/etc,upperdir=/run/etc-upper,workdir=/run/etc-work"),
              0);
}

TEST(NetnsExec, SeesItsOwnSysAndEtc) {
    run_in_fresh_namespaces([] {
        private_etc();
        ASSERT_EQ(run({"mkdir", "-p", "/etc/netns/e"}).status, 0);
        std::ofstream("/etc/netns/e/hosts") << "10.9.8.7 inside\n";
        std::string hosts_outside = read_file("/etc/hosts");
        ASSERT_EQ(nsctl({"netns", "add", "e"}).status, 0);
        // veth: this kernel has no dummy driver.
        auto veth = run({"ip", "-n", "e", "link", "add", "v0", "type", "veth", "peer", "v1"});
        ASSERT_EQ(veth.status, 0) << veth.err;
        int mounts_before = mounts_at("/sys") + mounts_at("/etc/hosts");
        auto links = nsctl({"netns", "exec", "e", "ls", "/sys/class/net"});
        EXPECT_EQ(links.status, 0) << links.err;
        EXPECT_EQ(links.out, "lo\nv0\nv1\n");
        EXPECT_EQ(links.out, run({"ip", "netns", "exec", "e", "ls", "/sys/class/net"}).out);
        auto hosts = nsctl({"netns", "exec", "e", "cat", "/etc/hosts"});
        EXPECT_EQ(hosts.out, "10.9.8.7 inside\n");
        // Nothing propagated back: our /etc/hosts and /sys are as they were.
        EXPECT_EQ(read_file("/etc/hosts"), hosts_outside);
        EXPECT_EQ(mounts_at("/sys") + mounts_at("/etc/hosts"), mounts_before);
        EXPECT_FALSE(std::ifstream("/sys/class/net/v0").good());
        // A file with no twin in /etc: a warning, as iproute2, and the command still runs.
        std::ofstream("/etc/netns/e/no-such-twin") << "x\n";
        auto warned = nsctl({"netns", "exec", "e", "true"});
        EXPECT_EQ(warned.status, 0);
        EXPECT_EQ(warned.err,
                  "nsctl: netns exec: e: /etc/netns/e/no-such-twin on /etc/no-such-twin: "
                  "No such file or directory\n");
        EXPECT_EQ(nsctl({"netns", "delete", "e"}).status, 0);
    });
}

// Outside a batch nsctl becomes the command, as ip does (the command's parent is whoever ran
// nsctl); in a batch it forks, waits and goes on with the next line.
TEST(NetnsExec, ReplacesItselfOutsideABatchForksInOne) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "r"}).status, 0);
        char self[4096] = {};
        ASSERT_GT(readlink("/proc/self/exe", self, sizeof(self) - 1), 0);
        const std::string parent_exe = "readlink /proc/$PPID/exe";
        auto direct = nsctl({"netns", "exec", "r", "sh", "-c", parent_exe});
        EXPECT_EQ(direct.status, 0) << direct.err;
        EXPECT_EQ(direct.out, std::string(self) + "\n");
        EXPECT_EQ(nsctl({"netns", "exec", "r", "sh", "-c", "exit 3"}).status, 3);
        auto missing = nsctl({"netns", "exec", "r", "/nonexistent/cmd"});
        EXPECT_EQ(missing.status, 127);
        EXPECT_EQ(missing.err, "nsctl: netns exec: /nonexistent/cmd: No such file or directory\n");
        std::string nsctl_exe = std::filesystem::canonical(NSCTL_BINARY).string();
        auto batch = run({NSCTL_BINARY, "-batch", "-"},
                         "netns exec r sh -c \"" + parent_exe + "\"\nnetns exec r echo next\n");
        EXPECT_EQ(batch.status, 0) << batch.err;
        EXPECT_EQ(batch.out, nsctl_exe + "\nnext\n");
        EXPECT_EQ(nsctl({"netns", "delete", "r"}).status, 0);
    });
}

// What a monitor has printed after its first line `add SYNC-K`, once its text ends with `last`:
// probes SYNC-0, SYNC-1, ... are added until the monitor (started before) shows one, so no
// event is lost to the time it takes to start watching. Empty after 5 s without it.
std::string monitor_output_after_sync(const std::string& file, const std::string& sync,
                                      const std::string& last) {
    for (int i = 0; i < 500; ++i) {
        std::string text = read_file(file);
        size_t at = text.find("add " + sync + "-");
        if (at != std::string::npos) {
            std::string rest = text.substr(text.find('\n', at) + 1);
            if (rest.size() >= last.size() &&
                rest.compare(rest.size() - last.size(), last.size(), last) == 0)
                return rest;
        } else if (i % 10 == 0) {
            (void)run({"ip", "netns", "add", sync + "-" + std::to_string(i)});
        }
        usleep(10000);
    }
    return "";
}

// `nsctl netns monitor` prints what `ip netns monitor` prints for netns made and deleted by
// either tool, and runs until it is killed.
TEST(NetnsMonitor, SeesAddsAndDeletesAsIpDoes) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "first"}).status, 0);  // /run/netns exists
        pid_t ours = start(
            {"sh", "-c", std::string("exec \"$0\" netns monitor >/run/ours.out"), NSCTL_BINARY});
        // stdbuf: ip writes its events with stdio, block-buffered into a file.
        pid_t ip = start({"sh", "-c", "exec stdbuf -oL ip netns monitor >/run/ip.out"});
        std::string ours_sync = monitor_output_after_sync("/run/ours.out", "sync-ours", "");
        std::string ip_sync = monitor_output_after_sync("/run/ip.out", "sync-ip", "");
        ASSERT_EQ(nsctl({"netns", "add", "x"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "add", "y"}).status, 0);
        ASSERT_EQ(nsctl({"netns", "delete", "x"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "delete", "y"}).status, 0);
        std::string tail = "delete y\n";
        std::string ours_out = monitor_output_after_sync("/run/ours.out", "sync-ours", tail);
        std::string ip_out = monitor_output_after_sync("/run/ip.out", "sync-ip", tail);
        stop(ours);
        stop(ip);
        // Our monitor also saw ip's sync namespace: only the events after both syncs count.
        auto from_x = [](const std::string& t) {
            return t.substr(std::min(t.find("add x\n"), t.size()));
        };
        EXPECT_EQ(from_x(ours_out), "add x\nadd y\ndelete x\ndelete y\n");
        EXPECT_EQ(from_x(ours_out), from_x(ip_out));
        EXPECT_EQ(nsctl({"-all", "netns", "delete"}).status, 0);
    });
}

TEST(NetnsAdd, TwentyRacersOneWinner) {
    run_in_fresh_namespaces([] {
        // A mount hidden under the fresh /run may already sit at /run/netns: count the new ones.
        int before = mounts_at("/run/netns");
        std::string script =
            "for i in $(seq 20); do (\"$0\" netns add same 2>/run/e.$i;"
            " echo $? >/run/s.$i) & done; wait";
        ASSERT_EQ(run({"sh", "-c", script, NSCTL_BINARY}).status, 0);
        int won = 0, lost = 0;
        for (int i = 1; i <= 20; ++i) {
            std::string status = read_file("/run/s." + std::to_string(i));
            std::string err = read_file("/run/e." + std::to_string(i));
            if (status == "0\n" && err.empty()) ++won;
            if (status == "1\n" && err == "nsctl: netns add: same: File exists\n") ++lost;
        }
        EXPECT_EQ(won, 1);
        EXPECT_EQ(lost, 19);
        EXPECT_EQ(mounts_at("/run/netns/same"), 1);
        EXPECT_EQ(mounts_at("/run/netns"), before + 1);
        EXPECT_EQ(run({"ip", "netns", "exec", "same", "true"}).status, 0);
        EXPECT_EQ(nsctl({"netns", "delete", "same"}).status, 0);
    });
}

TEST(NetnsAdd, TakenNameIsLeftAlone) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"ip", "netns", "add", "t"}).status, 0);
        ino_t before = netns_inode("/run/netns/t");
        auto r = nsctl({"netns", "add", "u", "t", "v"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: netns add: t: File exists\n");
        EXPECT_EQ(netns_inode("/run/netns/t"), before);
        EXPECT_EQ(mounts_at("/run/netns/t"), 1);
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "v\nu\nt\n");
        EXPECT_EQ(nsctl({"-all", "netns", "delete"}).status, 0);
    });
}

TEST(NetnsAdd, UnwritableRunNetnsLeavesNothing) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(mkdir("/run/netns", 0755), 0);
        ASSERT_EQ(mount("tmpfs", "/run/netns", "tmpfs", MS_RDONLY, nullptr), 0);
        auto r = nsctl({"netns", "add", "ro"});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl: netns add: ro: Read-only file system\n");
        EXPECT_NE(access("/run/netns/ro", F_OK), 0);
        EXPECT_EQ(mounts_at("/run/netns/ro"), 0);
        EXPECT_EQ(umount2("/run/netns", MNT_DETACH), 0);
    });
}

TEST(NetnsDelete, BusyNamespaceLosesOnlyItsName) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "busy"}).status, 0);
        ino_t ns = netns_inode("/run/netns/busy");
        pid_t pid = start({NSCTL_BINARY, "netns", "exec", "busy", "sleep", "60"});
        std::string pids = wait_for_pids("busy");
        ASSERT_FALSE(pids.empty());
        std::string inner = "/proc/" + pids.substr(0, pids.find('\n')) + "/ns/net";
        EXPECT_EQ(nsctl({"netns", "delete", "busy"}).status, 0);
        EXPECT_NE(access("/run/netns/busy", F_OK), 0);
        EXPECT_EQ(kill(pid, 0), 0);  // still running, still in the namespace
        EXPECT_EQ(netns_inode(inner), ns);
        // The command (nsctl's child) first, then nsctl, which then reaps it.
        kill(std::stoi(pids), SIGKILL);
        stop(pid);
    });
}

struct BadCase {
    std::vector<std::string> args;
    std::string err;
};

TEST(NetnsCli, BadInputIsOneLineAndExitOne) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "ok"}).status, 0);
        std::string long_name(256, 'x');
        const BadCase cases[] = {
            {{"netns", "frob"}, "netns: unknown command \"frob\", try \"nsctl netns help\""},
            {{"netns", "add"}, "netns add: missing NAME"},
            {{"netns", "add", long_name}, "netns add: Invalid netns name \"" + long_name + "\""},
            {{"netns", "add", "a/b"}, "netns add: Invalid netns name \"a/b\""},
            {{"netns", "add", "."}, "netns add: Invalid netns name \".\""},
            {{"netns", "add", "good", ".."}, "netns add: Invalid netns name \"..\""},
            {{"netns", "delete", "nope"}, "netns delete: nope: No such file or directory"},
            {{"netns", "delete"}, "netns delete: missing NAME"},
            {{"netns", "pids", "nope"}, "netns pids: nope: No such file or directory"},
            {{"netns", "pids"}, "netns pids: missing NAME"},
            {{"netns", "exec", "nope", "true"}, "netns exec: nope: No such file or directory"},
            {{"netns", "exec", "ok"}, "netns exec: missing command"},
            {{"netns", "set", "nope", "3"}, "netns set: nope: No such file or directory"},
            {{"netns", "set", "ok", "-2"}, "netns set: invalid NETNSID '-2'"},
            {{"netns", "set", "ok"}, "netns set: missing NETNSID"},
            {{"netns", "identify", "12ab"}, "netns identify: invalid PID '12ab'"},
            {{"netns", "identify", "2147483647"},
             "netns identify: process 2147483647: No such file or directory"},
            {{"netns", "attach", "z", "x"}, "netns attach: invalid PID 'x'"},
            {{"netns", "attach", "z", "2147483647"},
             "netns attach: process 2147483647: No such file or directory"},
            {{"netns", "attach", "z"}, "netns attach: missing PID"},
            {{"netns", "list", "extra"}, "netns list: unexpected argument 'extra'"},
            {{"-all", "netns", "add", "q"}, "netns add: -all works with delete and exec only"},
            {{"netns", "help", "frob"}, "netns help: unknown subcommand \"frob\""},
        };
        for (const auto& c : cases) {
            auto r = nsctl(c.args);
            EXPECT_EQ(r.status, 1) << c.args[1];
            EXPECT_EQ(r.err, "nsctl: " + c.err + "\n");
            EXPECT_EQ(r.out, "");
        }
        // Nothing half-made: only "ok" is there, with one mount.
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "ok\n");
        EXPECT_EQ(mounts_at("/run/netns/ok"), 1);
        EXPECT_EQ(nsctl({"netns", "delete", "ok"}).status, 0);
    });
}

TEST(NetnsCli, HelpNamesEverySubcommand) {
    auto r = nsctl({"netns", "help"});
    EXPECT_EQ(r.status, 0);
    for (const char* sub : {"list", "list-id", "add", "attach", "set", "delete", "identify", "pids",
                            "exec", "monitor"})
        EXPECT_NE(r.out.find(std::string("netns ") + sub), std::string::npos) << sub;
    EXPECT_EQ(nsctl({"netns", "help", "add"}).out, "Usage: nsctl netns add NAME...\n");
    EXPECT_EQ(nsctl({"netns", "--help"}).out, r.out);
}

}  // namespace
}  // namespace nsctl::test
