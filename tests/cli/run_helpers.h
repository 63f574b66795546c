// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers of the tests of `nsctl run` (tests/cli/run_*_test.cc): running it as root or as uid
// 65534, reading what the probe (tests/tools/probe.c) reports from inside, a command started in
// the background (signals, terminals), and the fixture every such test uses, which fails the test
// when a process or a temporary file of the sandbox outlives it.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/json.h"
#include "support/leftovers.h"
#include "support/rootfs.h"
#include "support/support.h"

namespace nsctl::test::run_cli {

/// Who runs nsctl: root, or uid/gid 65534 without supplementary groups (through as_nobody).
enum class As { kRoot, kNobody };
inline constexpr As kRootAndNobody[] = {As::kRoot, As::kNobody};
const char* name_of(As as);

/// [as_nobody] NSCTL_BINARY run ARGS..., or with NSCTL_RUN_TESTS_NSCTL=PROGRAM in the environment
/// `PROGRAM run ARGS...` (to hold another build, or another tool behind an adapter, to the same
/// tests).
std::vector<std::string> run_argv(As as, const std::vector<std::string>& args);

/// The eight namespace types, as /proc/self/ns names them.
inline constexpr const char* kNamespaceTypes[] = {"cgroup", "ipc",  "mnt",  "net",
                                                  "pid",    "time", "user", "uts"};

/// The inode number of this test process's /proc/self/ns/TYPE, as text.
std::string own_ns(const std::string& type);

/// The probe's "key=value" lines.
using Facts = std::map<std::string, std::string>;
Facts parse_facts(const std::string& out);

/// One line of `probe mounts`.
struct Mount {
    std::string point, fstype, mode, root, dev, super;
};
std::vector<Mount> parse_mounts(const std::string& out);
/// The last (visible) mount on point (a copy), or nullopt.
std::optional<Mount> find_mount(const std::vector<Mount>& mounts, const std::string& point);

/// The mounts not covered by a later one on the same point or on a directory above theirs
/// (mountinfo lists mounts in the order they were made).
std::vector<Mount> visible_mounts(const std::vector<Mount>& mounts);

std::vector<std::string> lines_of(const std::string& text);

/// This process's mounts, as "<id> <mount point>" (mountinfo's first and fifth fields): taken
/// before and after, they show a mount that landed where it must not.
std::set<std::string> host_mounts();

/// The minimal /dev as `probe ls /dev` prints it (the spec of nsctl run, nothing else).
extern const char* const kMinimalDev;

/// r is one failure of nsctl run: exit status `status`, nothing on stdout, one line on stderr
/// that starts "nsctl: run: ", contains `contains` and ends with `ends_with`, optionally followed
/// by one "nsctl: run: hint: ..." line or by the usage line "Try 'nsctl run --help' for more
/// information.".
::testing::AssertionResult is_one_error(const RunResult& r, int status,
                                        const std::string& contains = "",
                                        const std::string& ends_with = "");

/// r is a usage error: exit status 125, "nsctl: run: ..." and the "Try 'nsctl run --help'..."
/// line, nothing else.
::testing::AssertionResult is_usage_error(const RunResult& r);

/// Options of a command started in the background.
struct StartOptions {
    /// A pty slave: the child starts a session with it as its controlling terminal and as
    /// fds 0-2 (as a terminal emulator does). Otherwise stdin is /dev/null and stdout and stderr
    /// are pipes read by Started.
    std::string terminal;
    /// >= 0: the child gets the write end of a pipe as this fd (for --json-status-fd).
    int status_fd = -1;
    EnvAdditions env;
};

/// A command running in the background, SIGKILLed (and reaped) when forgotten; it gets
/// SIGKILL if the test process dies.
class Started {
  public:
    explicit Started(const std::vector<std::string>& argv, const StartOptions& options = {});
    ~Started();
    Started(const Started&) = delete;
    Started& operator=(const Started&) = delete;

    pid_t pid() const { return pid_; }
    /// Reads stdout until a line equal to `line` has come (true) or the timeout passed.
    bool wait_for_line(const std::string& line,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// The next line of the status pipe, or nullopt when it ended or the timeout passed.
    std::optional<std::string> status_line(
        std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Waits for the exit: the status (128+N for signal N), or -1 after the timeout.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    const std::string& out() const { return out_; }
    const std::string& err() const { return err_; }

  private:
    // Reads what the pipes have for at most `timeout`; returns when `done` says so.
    template <typename Done>
    void pump(std::chrono::milliseconds timeout, Done done);

    pid_t pid_ = -1;
    bool reaped_ = false;
    int out_fd_ = -1, err_fd_ = -1, status_fd_ = -1;
    std::string out_, err_, status_;
};

/// Every test of `nsctl run` derives from this: it needs root (the rootless half runs as 65534
/// through as_nobody, which root starts), makes the test process a subreaper (so that a sandbox
/// process left behind becomes its child) and watches the temporary places; TearDown fails the
/// test for every process or temporary file left. The leak check (support) adds mounts, netns
/// and links.
class RunTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    /// TMPDIR for nsctl: an empty directory of the test, which must stay empty.
    EnvAdditions nsctl_env(EnvAdditions env = {}) const;

    /// nsctl run ARGS as `as`, with stdin `in`.
    RunResult nsctl_run(As as, const std::vector<std::string>& args, const std::string& in = "",
                        const EnvAdditions& env = {});

    /// The same, with a shell redirection applied for nsctl first, e.g. "5</etc/hostname"
    /// (root's shell opens it, then execs the launcher or nsctl).
    RunResult nsctl_run_redirected(As as, const std::string& redirection,
                                   const std::vector<std::string>& args);

    /// nsctl run --json-status-fd 3 ARGS, fd 3 a file of the test; its lines parsed.
    struct StatusRun {
        RunResult result;
        std::string text;         ///< what nsctl wrote on fd 3
        std::vector<Json> lines;  ///< each line parsed (a line that is no JSON fails the test)
    };
    StatusRun nsctl_run_status(As as, const std::vector<std::string>& args);

    std::unique_ptr<OrphanCatcher> orphans_;
    std::unique_ptr<TempWatch> temps_;
};

}  // namespace nsctl::test::run_cli
