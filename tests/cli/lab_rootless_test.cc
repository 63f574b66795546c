// SPDX-License-Identifier: GPL-2.0-or-later
// Rootless labs (nsctl lab --userns) as uid 65534: the whole lab in a user, mount and network
// namespace of the caller's, held by one process; nothing in the test's "host" namespaces
// changes, and destroy ends the holder. Inside run_in_fresh_namespaces, with an XDG_RUNTIME_DIR
// of 65534's own under the test's /run for the holder's record.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli/lab_helpers.h"
#include "support/json.h"
#include "support/rootfs.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

constexpr const char* kRuntime = "/run/xdg65534";
const std::string kRecords = std::string(kRuntime) + "/nsctl/userns-labs";

RunResult as_nobody(std::vector<std::string> args) {
    args.insert(args.begin(), {as_nobody_path(), NSCTL_BINARY, "lab"});
    return run(args, "", {{"XDG_RUNTIME_DIR", kRuntime}});
}

void make_runtime_dir() {
    ASSERT_EQ(mkdir(kRuntime, 0700), 0);
    ASSERT_EQ(chown(kRuntime, 65534, 65534), 0);
}

// Kills the holder of lab if a failed test left one (by the pid its record names).
void kill_holder(const std::string& lab) {
    std::ifstream record(kRecords + "/" + lab);
    pid_t pid = 0;
    if (record >> pid && pid > 0) kill(pid, SIGKILL);
}

// Live processes of uid 65534 (the holders this test may have left). An ended holder whose
// nsctl ended first is a zombie until the subreaper it went to (ctest's, when run by ctest) reaps
// it: it holds no namespace and is not counted.
std::string nobody_processes() {
    std::string live;
    std::istringstream ps(run({"ps", "-u", "65534", "-o", "stat=,pid=,comm="}).out);
    for (std::string line; std::getline(ps, line);)
        if (!line.empty() && line[0] != 'Z') live += line + "\n";
    return live;
}

TEST(LabRootless, ALineAsNobody) {
    run_in_fresh_namespaces([] {
        ASSERT_NO_FATAL_FAILURE(make_runtime_dir());
        std::string file = source_file("line3.clab.yml");
        auto r = as_nobody({"deploy", "--userns", "-t", file});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_NE(r.out.find("lab line3: 3 nodes, 2 links deployed (3 namespaces, 2 links"),
                  std::string::npos)
            << r.out;
        EXPECT_TRUE(exists(kRecords + "/line3"));
        expect_nothing_left();
        // r1 reaches r3 through r2; each node has its own host name.
        auto ping = as_nobody({"exec", "--userns", "--name", "line3", "--node", "r1", "--", "ping",
                               "-c", "1", "-W", "5", "10.0.23.2"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        auto name = as_nobody({"exec", "--userns", "-t", file, "--node", "r2", "--", "hostname"});
        EXPECT_EQ(name.out, "r2\n") << name.err;
        auto ins = as_nobody({"inspect", "--userns", "--format", "json"});
        ASSERT_EQ(ins.status, 0) << ins.err;
        auto json = parse_json(ins.out);
        ASSERT_TRUE(json) << ins.out;
        const Json* containers = json->get("containers");
        ASSERT_TRUE(containers && containers->items.size() == 3) << ins.out;
        EXPECT_EQ(*containers->items[0].string("ipv4_address"), "10.0.12.1/30");
        // A second deploy enters the same lab and makes nothing.
        auto again = as_nobody({"deploy", "--userns", "-t", file});
        EXPECT_NE(again.out.find("(0 namespaces, 0 links, 0 bridges made)"), std::string::npos)
            << again.out << again.err;
        // Without --userns, the rootless lab is not the host's.
        EXPECT_EQ(nsctl({"lab", "inspect"}).out, "");

        auto gone = as_nobody({"destroy", "--userns", "--name", "line3"});
        EXPECT_EQ(gone.status, 0) << gone.err;
        EXPECT_EQ(gone.out, "lab line3: destroyed\n");
        EXPECT_FALSE(exists(kRecords + "/line3"));
        EXPECT_EQ(nobody_processes(), "") << "the holder is still there";
        EXPECT_EQ(as_nobody({"inspect", "--userns"}).out, "");
        auto none = as_nobody({"destroy", "--userns", "--name", "line3"});
        EXPECT_EQ(none.err, "nsctl lab: lab 'line3' is not deployed (with --userns)\n");
        kill_holder("line3");
        expect_nothing_left();
    });
}

TEST(LabRootless, AFailedDeployLeavesNoHolder) {
    run_in_fresh_namespaces([] {
        ASSERT_NO_FATAL_FAILURE(make_runtime_dir());
        std::string file = write_topology("fails.clab.yml", R"(name: fails
topology:
  nodes:
    a: {kind: linux, exec: ["ip addr add 10.8.0.1/24 dev eth1", "exit 3"]}
    b: {kind: linux}
  links:
    - endpoints: ["a:eth1", "b:eth1"]
)");
        auto r = as_nobody({"deploy", "--userns", "-t", file});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, "nsctl lab: a: exec \"exit 3\" exited with 3\n");
        EXPECT_FALSE(exists(kRecords + "/fails"));
        EXPECT_EQ(nobody_processes(), "") << "a holder was left";
        kill_holder("fails");
        expect_nothing_left();
    });
}

TEST(LabRootless, WithoutUsernsNobodyIsToldHow) {
    run_in_fresh_namespaces([] {
        ASSERT_NO_FATAL_FAILURE(make_runtime_dir());
        auto r = as_nobody({"deploy", "-t", source_file("line3.clab.yml")});
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err,
                  "nsctl lab: deploy needs root; add --userns for a lab in a user namespace of "
                  "yours (no root, nothing on the machine changes)\n");
        auto graph = as_nobody({"graph", "--userns", "-t", source_file("line3.clab.yml"), "--dot"});
        EXPECT_EQ(graph.err,
                  "nsctl lab: graph: unknown option --userns\nTry 'nsctl lab --help' for more "
                  "information.\n");
        expect_nothing_left();
    });
}

}  // namespace
}  // namespace nsctl::test
