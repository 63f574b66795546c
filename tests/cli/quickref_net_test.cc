// SPDX-License-Identifier: GPL-2.0-or-later
// The networking half of ../shared/reference/namespaces-quick-reference.txt, done with nsctl
// alone: a named namespace, a veth pair into it, addresses, links up, a default route, NAT, an
// HTTP server inside reachable from the host side, and clean deletion. The "host" is the
// test's own fresh network namespace (run_in_fresh_namespaces); no traffic leaves it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include "support/support.h"

namespace nsctl::test {
namespace {

RunResult nsctl(std::vector<std::string> args) {
    args.insert(args.begin(), NSCTL_BINARY);
    return run(args);
}

// Starts argv in the background (the test's own child); returns its pid.
pid_t spawn(std::vector<std::string> argv) {
    pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    return pid;
}

TEST(QuickReference, NetworkNamespaceForTesting) {
    run_in_fresh_namespaces([] {
        // Create namespace; veth pair, moved as on the card (`link set vtest1 netns testnet`).
        ASSERT_EQ(nsctl({"netns", "add", "testnet"}).status, 0);
        ASSERT_EQ(nsctl({"link", "add", "vtest0", "type", "veth", "peer", "name", "vtest1"}).status,
                  0);
        ASSERT_EQ(nsctl({"link", "set", "vtest1", "netns", "testnet"}).status, 0);
        // Configure.
        ASSERT_EQ(nsctl({"addr", "add", "192.168.100.1/24", "dev", "vtest0"}).status, 0);
        ASSERT_EQ(nsctl({"link", "set", "vtest0", "up"}).status, 0);
        ASSERT_EQ(nsctl({"netns", "exec", "testnet", NSCTL_BINARY, "addr", "add",
                         "192.168.100.2/24", "dev", "vtest1"})
                      .status,
                  0);
        ASSERT_EQ(nsctl({"-n", "testnet", "link", "set", "vtest1", "up"}).status, 0);
        ASSERT_EQ(nsctl({"-n", "testnet", "link", "set", "lo", "up"}).status, 0);
        ASSERT_EQ(
            nsctl({"-n", "testnet", "route", "add", "default", "via", "192.168.100.1"}).status, 0);
        auto ping =
            nsctl({"netns", "exec", "testnet", "ping", "-c", "1", "-W", "5", "192.168.100.1"});
        EXPECT_EQ(ping.status, 0) << ping.out << ping.err;
        // Enable internet access (forwarding + NAT), then take it away again.
        ASSERT_EQ(nsctl({"nat", "enable", "192.168.100.0/24"}).status, 0);
        EXPECT_EQ(run({"cat", "/proc/sys/net/ipv4/ip_forward"}).out, "1\n");
        ASSERT_EQ(nsctl({"nat", "disable", "192.168.100.0/24"}).status, 0);
        EXPECT_EQ(run({"cat", "/proc/sys/net/ipv4/ip_forward"}).out, "0\n");
        // Run a test server in the namespace, reach it from the host side.
        pid_t server = spawn({NSCTL_BINARY, "netns", "exec", "testnet", "/usr/bin/python3", "-m",
                              "http.server", "8080", "--bind", "192.168.100.2"});
        auto got = fetch_url("http://192.168.100.2:8080/");
        EXPECT_EQ(got.status, 0) << got.err;
        EXPECT_EQ(got.out, "200");
        // Stop the server: the processes inside the namespace, by pid, then our child.
        std::stringstream pids(nsctl({"netns", "pids", "testnet"}).out);
        for (pid_t p; pids >> p;) kill(p, SIGTERM);
        int status = 0;
        waitpid(server, &status, 0);
        // Cleanup: the name goes, and with the namespace the veth pair.
        ASSERT_EQ(nsctl({"netns", "delete", "testnet"}).status, 0);
        EXPECT_EQ(nsctl({"netns", "list"}).out, "");
        bool gone = false;
        for (int i = 0; i < 200 && !gone; ++i) {
            gone = run({"ip", "link", "show", "vtest0"}).status != 0;
            if (!gone) usleep(10'000);
        }
        EXPECT_TRUE(gone);
    });
}

}  // namespace
}  // namespace nsctl::test
