// SPDX-License-Identifier: GPL-2.0-or-later
//
// Helpers for the ns and cli test tiers (STYLE.md section 8). Compiled into nsctl_ns_tests and
// nsctl_cli_tests, together with a leak checker (leak_check.cc) that every such executable gets
// without asking: it fails the run when named netns, root-netns links, mount points, cgroups or
// child processes appeared (or vanished) while the tests ran.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace nsctl::test {

/// What a program started by run() did.
struct RunResult {
    std::string out;  ///< everything it wrote to stdout
    std::string err;  ///< everything it wrote to stderr (plus a note from run() on trouble)
    int status = -1;  ///< exit code; 128+N if signal N ended it; 127 or 126 if it was not executed
};

/// Variables added to (or replacing those of) the environment the test inherited.
using EnvAdditions = std::map<std::string, std::string>;

/// The environment the test inherited with the additions applied, as "KEY=VALUE" strings.
std::vector<std::string> environment_with(const EnvAdditions& env);

/// Runs argv[0] with the arguments argv, without a shell (PATH is searched when argv[0] has no
/// '/'), feeds it stdin_data on stdin, and collects stdout and stderr separately until the
/// program exits. The child gets default signal dispositions and an empty signal mask, and is
/// SIGKILLed if the test process dies. A program still running after 120 s is SIGKILLed
/// (status 137, and run() says so in err). Output left open by a grandchild is read for at
/// most one more second after the program exits.
RunResult run(const std::vector<std::string>& argv, const std::string& stdin_data = "",
              const EnvAdditions& env = {});

/// `curl -s -o /dev/null -w %{http_code} URL`, tried every 0.1 s while it fails (a server that
/// is starting), for at most about 15 s: the last try's result (out: the HTTP status code).
RunResult fetch_url(const std::string& url);

/// True when the process is root with CAP_SYS_ADMIN in its effective set.
bool have_root();

/// True when the environment variable CI is set and not empty (CI runs as root).
bool in_ci();

/// A name unique on this machine while the test process lives: "nsctl-t<pid>-<n>", n counting
/// from 1. At most 15 characters while the pid has at most 5 digits and n at most 2, so it also
/// fits an interface name (IFNAMSIZ).
std::string unique_name();

/// Runs fn in a forked child that first unshares a new mount namespace, with "/" made private
/// recursively, and a new network namespace (only "lo", down). In that mount namespace /run is a
/// fresh tmpfs (so /run/netns starts empty and vanishes with the child) and /sys is a new sysfs
/// whose /sys/class/net shows the new netns; the mounts that were under /sys (cgroup, ...) are
/// moved onto it. GoogleTest assertions work in fn: the child prints its failures, and the
/// parent adds one failure naming the child's exit status. GTEST_SKIP() in fn skips the test.
/// Without root the test is skipped, or fails when CI is set. Use it as the last statement of a
/// test body: the calling test continues after it.
void run_in_fresh_namespaces(const std::function<void()>& fn);

}  // namespace nsctl::test

/// Skips the current test unless have_root(); when CI is set, fails it instead (CI runs as
/// root, so a skip there would hide a test that cannot run).
#define NSCTL_REQUIRE_ROOT()                                                          \
    do {                                                                              \
        if (!::nsctl::test::have_root()) {                                            \
            if (::nsctl::test::in_ci()) {                                             \
                FAIL() << "needs root with CAP_SYS_ADMIN, and CI is set";             \
            }                                                                         \
            GTEST_SKIP() << "needs root with CAP_SYS_ADMIN (set CI to fail instead)"; \
        }                                                                             \
    } while (false)
