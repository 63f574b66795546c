// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run and signals: SIGTERM, SIGHUP, SIGINT and SIGQUIT sent to nsctl reach the command (with
// the reaper as PID 1 and with --as-pid1), the reaper forwards what it gets, a command killed from
// outside gives 128+N, and SIGKILL of nsctl with --die-with-parent, during the setup or after it,
// leaves no process of the sandbox (the fixture's orphan catcher sees every one left).
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunSignals : public RunTest {};

// The host pid of the reaper, from the first --json-status-fd line.
pid_t sandbox_pid(Started& s) {
    auto line = s.status_line();
    if (!line) return -1;
    auto json = parse_json(*line);
    return json ? static_cast<pid_t>(json->integer("pid")) : -1;
}

// The first child of pid (the command, when pid is the reaper), or -1.
pid_t first_child(pid_t pid) {
    std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) +
                           "/children");
    pid_t child = -1;
    children >> child;
    return child;
}

std::string comm_of(pid_t pid) {
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(comm, name);
    return name;
}

TEST_F(RunSignals, FourSignalsReachTheCommand) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        for (bool as_pid1 : {false, true}) {
            SCOPED_TRACE(std::string(name_of(as)) + (as_pid1 ? ", --as-pid1" : ", reaper"));
            std::vector<std::string> args = {"--rootfs", rootfs.path()};
            if (as_pid1) args.push_back("--as-pid1");
            args.insert(args.end(), {"--", "/probe", "signals", "4"});
            Started s(run_argv(as, args), {.env = nsctl_env()});
            ASSERT_TRUE(s.wait_for_line("ready")) << s.out() << s.err();
            const std::pair<int, const char*> signals[] = {
                {SIGTERM, "TERM"}, {SIGHUP, "HUP"}, {SIGINT, "INT"}, {SIGQUIT, "QUIT"}};
            for (const auto& [sig, name] : signals) {
                ASSERT_EQ(kill(s.pid(), sig), 0);
                ASSERT_TRUE(s.wait_for_line(name)) << name << ": " << s.out() << s.err();
            }
            EXPECT_EQ(s.wait(), 0) << s.err();
            EXPECT_EQ(s.out(), "ready\nTERM\nHUP\nINT\nQUIT\n");
            EXPECT_EQ(s.err(), "");
        }
    }
}

TEST_F(RunSignals, TheReaperForwardsWhatItGets) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        Started s(run_argv(as, {"--json-status-fd", "3", "--rootfs", rootfs.path(), "--", "/probe",
                                "signals", "2"}),
                  {.status_fd = 3, .env = nsctl_env()});
        pid_t reaper = sandbox_pid(s);
        ASSERT_GT(reaper, 0);
        ASSERT_TRUE(s.wait_for_line("ready")) << s.out() << s.err();
        EXPECT_EQ(comm_of(reaper), "nsctl");
        for (int sig : {SIGUSR1, SIGUSR2}) {
            ASSERT_EQ(kill(reaper, sig), 0);
            EXPECT_TRUE(s.wait_for_line(sig == SIGUSR1 ? "USR1" : "USR2")) << s.out() << s.err();
        }
        EXPECT_EQ(s.wait(), 0) << s.err();
        EXPECT_TRUE(process_gone(reaper));
    }
}

TEST_F(RunSignals, CommandKilledFromOutside) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        Started s(run_argv(as, {"--json-status-fd", "3", "--rootfs", rootfs.path(), "--", "/probe",
                                "sleep"}),
                  {.status_fd = 3, .env = nsctl_env()});
        pid_t reaper = sandbox_pid(s);
        ASSERT_GT(reaper, 0);
        ASSERT_TRUE(s.wait_for_line("sleeping")) << s.err();
        pid_t command = first_child(reaper);
        ASSERT_GT(command, 0);
        EXPECT_EQ(comm_of(command), "probe");
        ASSERT_EQ(kill(command, SIGKILL), 0);
        EXPECT_EQ(s.wait(), 137) << s.err();
        auto last = s.status_line();
        ASSERT_TRUE(last.has_value());
        auto json = parse_json(*last);
        ASSERT_TRUE(json.has_value()) << *last;
        EXPECT_EQ(json->integer("signal"), 9) << *last;
        EXPECT_EQ(json->integer("exit-code"), 137) << *last;
        EXPECT_TRUE(process_gone(reaper));
    }
}

TEST_F(RunSignals, DieWithParentAfterSetup) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        Started s(run_argv(as, {"--die-with-parent", "--json-status-fd", "3", "--rootfs",
                                rootfs.path(), "--", "/probe", "sleep"}),
                  {.status_fd = 3, .env = nsctl_env()});
        pid_t reaper = sandbox_pid(s);
        ASSERT_GT(reaper, 0);
        ASSERT_TRUE(s.wait_for_line("sleeping")) << s.err();
        pid_t command = first_child(reaper);
        ASSERT_GT(command, 0);
        ASSERT_EQ(kill(s.pid(), SIGKILL), 0);
        EXPECT_EQ(s.wait(), 137);
        EXPECT_TRUE(process_gone(reaper)) << "the reaper " << reaper << " survived";
        EXPECT_TRUE(process_gone(command)) << "the command " << command << " survived";
        EXPECT_EQ(orphans_->survivors(), std::vector<std::string>{});
    }
}

// SIGKILL at a spread of moments from the start: during the setup, around the exec and after.
// With --die-with-parent nothing may survive any of them; the fixture also checks mounts, netns
// and temporary files. (Without --die-with-parent a command that was already running would
// rightly go on, so the moments could not be told apart from outside.)
TEST_F(RunSignals, SigkillDuringSetupLeavesNothing) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        for (int delay_us : {0, 200, 500, 1000, 1500, 2000, 3000, 5000, 8000, 12000, 20000}) {
            SCOPED_TRACE(std::string(name_of(as)) + ", SIGKILL after " + std::to_string(delay_us) +
                         " us");
            Started s(run_argv(as, {"--die-with-parent", "--rootfs", rootfs.path(), "--tmpfs",
                                    "/tmp", "--", "/probe", "sleep"}),
                      {.env = nsctl_env()});
            std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
            ASSERT_EQ(kill(s.pid(), SIGKILL), 0);
            EXPECT_EQ(s.wait(), 137);
            EXPECT_EQ(orphans_->survivors(), std::vector<std::string>{});
        }
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
