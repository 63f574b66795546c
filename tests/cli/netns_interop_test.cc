// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl netns` against iproute2's `ip netns`, both ways, on the same state, inside
// run_in_fresh_namespaces (a private /run, so the machine's /run/netns is never touched).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "netns_cli_helpers.h"
#include "support/json.h"

namespace nsctl::test {
namespace {

const std::string kInode = "%i";

TEST(NetnsInterop, IpAddsNsctlExecs) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(run({"ip", "netns", "add", "red"}).status, 0);
        auto r = nsctl({"netns", "exec", "red", "stat", "-L", "-c", kInode, "/proc/self/ns/net"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(std::stoul(r.out), netns_inode("/run/netns/red"));
        EXPECT_NE(netns_inode("/run/netns/red"), netns_inode("/proc/self/ns/net"));
        // The command's status passes through.
        EXPECT_EQ(nsctl({"netns", "exec", "red", "sh", "-c", "exit 7"}).status, 7);
        auto missing = nsctl({"netns", "exec", "red", "no-such-command-x"});
        EXPECT_EQ(missing.status, 127);
        EXPECT_EQ(missing.err, "nsctl: netns exec: no-such-command-x: No such file or directory\n");
        auto dir = nsctl({"netns", "exec", "red", "/etc"});
        EXPECT_EQ(dir.status, 126);
        EXPECT_EQ(dir.err, "nsctl: netns exec: /etc: Permission denied\n");
        EXPECT_EQ(nsctl({"netns", "exec", "red", "sh", "-c", "kill -9 $$"}).status, 137);
        // nsctl deletes what ip made.
        EXPECT_EQ(nsctl({"netns", "delete", "red"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "");
        EXPECT_EQ(mounts_at("/run/netns/red"), 0);
    });
}

TEST(NetnsInterop, NsctlAddsIpExecs) {
    run_in_fresh_namespaces([] {
        auto add = nsctl({"netns", "add", "a", "b", "c"});
        ASSERT_EQ(add.status, 0) << add.err;
        EXPECT_EQ(add.out + add.err, "");
        for (const char* n : {"a", "b", "c"}) {
            std::string file = std::string("/run/netns/") + n;
            auto r =
                run({"ip", "netns", "exec", n, "stat", "-L", "-c", kInode, "/proc/self/ns/net"});
            ASSERT_EQ(r.status, 0) << r.err;
            EXPECT_EQ(std::stoul(r.out), netns_inode(file)) << n;
            EXPECT_EQ(mounts_at(file), 1) << n;
        }
        EXPECT_NE(netns_inode("/run/netns/a"), netns_inode("/run/netns/b"));
        EXPECT_EQ(nsctl({"netns", "list"}).out, run({"ip", "netns", "list"}).out);
        EXPECT_EQ(run({"ip", "netns", "delete", "a"}).status, 0);
        EXPECT_EQ(nsctl({"netns", "delete", "b", "c"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "");
    });
}

TEST(NetnsInterop, ListAndIdsAsIpShowsThem) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "a", "b"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "add", "c"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "add", "d"}).status, 0);
        ASSERT_EQ(nsctl({"netns", "set", "a", "5"}).status, 0);
        ASSERT_EQ(run({"ip", "netns", "set", "c", "auto"}).status, 0);
        ASSERT_EQ(nsctl({"netns", "set", "d", "auto"}).status, 0);
        auto ip_list = run({"ip", "netns", "list"});
        EXPECT_EQ(nsctl({"netns", "list"}).out, ip_list.out);
        EXPECT_NE(ip_list.out.find("a (id: 5)\n"), std::string::npos) << ip_list.out;
        EXPECT_EQ(nsctl({"-j", "netns", "list"}).out, run({"ip", "-j", "netns", "list"}).out);
        EXPECT_EQ(nsctl({"netns", "list-id"}).out, run({"ip", "netns", "list-id"}).out);
        EXPECT_EQ(nsctl({"-j", "netns", "list-id"}).out, run({"ip", "-j", "netns", "list-id"}).out);
        auto doc = parse_json(nsctl({"-j", "netns", "list"}).out);
        ASSERT_TRUE(doc);
        EXPECT_EQ(doc->items.size(), 4u);
        // A taken id is refused, in one line, and changes nothing.
        auto taken = nsctl({"netns", "set", "b", "5"});
        EXPECT_EQ(taken.status, 1);
        EXPECT_EQ(taken.err.rfind("nsctl: netns set: b", 0), 0u) << taken.err;
        EXPECT_EQ(std::count(taken.err.begin(), taken.err.end(), '\n'), 1);
        EXPECT_EQ(nsctl({"netns", "list"}).out, ip_list.out);
        EXPECT_EQ(nsctl({"-all", "netns", "delete"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "");
    });
}

// list-id as another namespace sees the ids (target-nsid, with each peer's id here as
// current-nsid), one id (nsid), and ids written in hex or octal, as ip takes them.
TEST(NetnsInterop, ListIdFiltersAndNumberBasesAsIp) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "a", "b"}).status, 0);
        ASSERT_EQ(nsctl({"netns", "set", "a", "0x10"}).status, 0);
        ASSERT_EQ(nsctl({"netns", "set", "b", "010"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "b (id: 8)\na (id: 16)\n");
        ASSERT_EQ(run({"ip", "-n", "a", "netns", "set", "b", "5"}).status, 0);
        using Args = std::vector<std::string>;
        for (const Args& filter : {Args{"target-nsid", "16"}, Args{"nsid", "8"},
                                   Args{"nsid", "0x10"}, Args{"target-nsid", "16", "nsid", "8"}}) {
            Args ours = {"netns", "list-id"}, ip = {"ip", "netns", "list-id"};
            ours.insert(ours.end(), filter.begin(), filter.end());
            ip.insert(ip.end(), filter.begin(), filter.end());
            auto r = nsctl(ours);
            EXPECT_EQ(r.status, 0) << filter[0] << " " << r.err;
            EXPECT_EQ(r.out, run(ip).out) << filter[0] << " " << filter[1];
            ours.insert(ours.begin(), "-j");
            ip.insert(ip.begin() + 1, "-j");
            EXPECT_EQ(nsctl(ours).out, run(ip).out) << filter[0];
        }
        EXPECT_EQ(nsctl({"netns", "list-id", "target-nsid", "16"}).out,
                  "nsid 5 current-nsid 8 (iproute2 netns name: b)\n");
        // Ids nobody has: the kernel's words, exit 1.
        auto no_target = nsctl({"netns", "list-id", "target-nsid", "99"});
        EXPECT_EQ(no_target.status, 1);
        EXPECT_EQ(no_target.err,
                  "nsctl: netns list-id: target-nsid 99: Invalid target network namespace id: "
                  "Invalid argument\n");
        auto no_id = nsctl({"netns", "list-id", "nsid", "3"});
        EXPECT_EQ(no_id.status, 1);
        EXPECT_EQ(no_id.err,
                  "nsctl: netns list-id: nsid 3: Peer netns reference is invalid: No such file or "
                  "directory\n");
        for (const Args& bad : {Args{"nsid"}, Args{"nsid", "-1"}, Args{"target-nsid", "x"},
                                Args{"foo", "1"}, Args{"nsid", "99999999999"}}) {
            Args args = {"netns", "list-id"};
            args.insert(args.end(), bad.begin(), bad.end());
            auto r = nsctl(args);
            EXPECT_EQ(r.status, 1) << bad[0];
            EXPECT_EQ(r.err.rfind("nsctl: netns list-id: ", 0), 0u) << r.err;
        }
        EXPECT_EQ(nsctl({"netns", "delete", "a", "b"}).status, 0);
    });
}

TEST(NetnsInterop, IdentifyAndPidsAsIpShowsThem) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "p"}).status, 0);
        pid_t pid = start({"ip", "netns", "exec", "p", "sleep", "60"});
        std::string pids = wait_for_pids("p");
        EXPECT_EQ(pids, std::to_string(pid) + "\n");
        EXPECT_EQ(pids, run({"ip", "netns", "pids", "p"}).out);
        auto id = nsctl({"netns", "identify", std::to_string(pid)});
        EXPECT_EQ(id.out, "p\n");
        EXPECT_EQ(id.out, run({"ip", "netns", "identify", std::to_string(pid)}).out);
        EXPECT_EQ(nsctl({"-j", "netns", "identify", std::to_string(pid)}).out,
                  "[{\"name\":\"p\"}]\n");
        EXPECT_EQ(nsctl({"-j", "netns", "pids", "p"}).out,
                  "[{\"pid\":" + std::to_string(pid) + "}]\n");
        // Our own namespace has no name: both print an empty line.
        EXPECT_EQ(nsctl({"netns", "identify"}).out, run({"ip", "netns", "identify"}).out);
        EXPECT_EQ(nsctl({"netns", "identify"}).out, "\n");
        // Two names of one namespace: one line, as ip prints (ip shows only one of them).
        ASSERT_EQ(nsctl({"netns", "attach", "p2", std::to_string(pid)}).status, 0);
        auto both = nsctl({"netns", "identify", std::to_string(pid)});
        EXPECT_TRUE(both.out == "p p2\n" || both.out == "p2 p\n") << both.out;
        EXPECT_EQ(nsctl({"-j", "netns", "identify", std::to_string(pid)}).out.size(),
                  std::string("[{\"name\":\"p\"},{\"name\":\"p2\"}]\n").size());
        stop(pid);
        EXPECT_EQ(nsctl({"netns", "delete", "p2"}).status, 0);
        EXPECT_EQ(nsctl({"netns", "pids", "p"}).out, "");
        EXPECT_EQ(nsctl({"netns", "delete", "p"}).status, 0);
    });
}

TEST(NetnsInterop, AttachNamesAProcessNamespace) {
    run_in_fresh_namespaces([] {
        pid_t pid = start({"unshare", "-n", "sleep", "60"});
        std::string ns = "/proc/" + std::to_string(pid) + "/ns/net";
        for (int i = 0; i < 500 && netns_inode(ns) == netns_inode("/proc/self/ns/net"); ++i)
            usleep(10000);
        auto r = nsctl({"netns", "attach", "att", std::to_string(pid)});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(netns_inode("/run/netns/att"), netns_inode(ns));
        EXPECT_EQ(run({"ip", "netns", "identify", std::to_string(pid)}).out, "att\n");
        stop(pid);
        // The name keeps the namespace after its last process is gone.
        EXPECT_EQ(run({"ip", "netns", "exec", "att", "true"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "delete", "att"}).status, 0);
    });
}

TEST(NetnsInterop, AllExecAndAllDeleteAsIp) {
    run_in_fresh_namespaces([] {
        ASSERT_EQ(nsctl({"netns", "add", "x", "y"}).status, 0);
        auto ours = nsctl({"-all", "netns", "exec", "echo", "hi"});
        EXPECT_EQ(ours.status, 0) << ours.err;
        EXPECT_EQ(ours.out, run({"ip", "-all", "netns", "exec", "echo", "hi"}).out);
        EXPECT_NE(ours.out.find("\nnetns: x\nhi\n"), std::string::npos) << ours.out;
        EXPECT_EQ(nsctl({"-all", "netns", "exec", "false"}).status, 1);
        EXPECT_EQ(nsctl({"-all", "netns", "delete"}).status, 0);
        EXPECT_EQ(run({"ip", "netns", "list"}).out, "");
        EXPECT_EQ(mounts_at("/run/netns/x") + mounts_at("/run/netns/y"), 0);
    });
}

}  // namespace
}  // namespace nsctl::test
