// SPDX-License-Identifier: GPL-2.0-or-later
// Named sandboxes (issue 10): nsctl run --name, ps, exec, kill, rm, as root and as uid 65534;
// twenty runs racing for one name.
#include <linux/kcmp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunNamed : public RunTest {
  protected:
    void SetUp() override {
        RunTest::SetUp();
        // Rootless records live in $XDG_RUNTIME_DIR/nsctl: one of the test's own for 65534.
        runtime_ = std::make_unique<TempDir>("xdg", 0700);
        ASSERT_EQ(chown(runtime_->path().c_str(), 65534, 65534), 0);
    }
    void TearDown() override {
        runtime_.reset();
        RunTest::TearDown();
    }
    EnvAdditions env(As as) const {
        return as == As::kNobody ? nsctl_env({{"XDG_RUNTIME_DIR", runtime_->path()}}) : nsctl_env();
    }
    // nsctl COMMAND ARGS (ps, exec, kill, rm) as `as`.
    RunResult nsctl(As as, const std::vector<std::string>& args) {
        std::vector<std::string> argv;
        if (as == As::kNobody) argv.push_back(as_nobody_path());
        argv.push_back(NSCTL_BINARY);
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, "", env(as));
    }
    std::unique_ptr<Started> start(As as, const std::string& name,
                                   const std::vector<std::string>& command) {
        std::vector<std::string> args = {"--name",     name, "--die-with-parent",
                                         "--hostname", name, "--"};
        args.insert(args.end(), command.begin(), command.end());
        return std::make_unique<Started>(run_argv(as, args), StartOptions{.env = env(as)});
    }
    std::unique_ptr<TempDir> runtime_;
};

TEST_F(RunNamed, PsExecKillRm) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        const std::string name = unique_name();
        // The command reports its view first, then sleeps: exec's view must be the same.
        auto box = start(as, name, {"sh", "-c", probe_path() + "; " + probe_path() + " sleep"});
        ASSERT_TRUE(box->wait_for_line("sleeping")) << box->err();
        Facts own = parse_facts(box->out());

        RunResult ps = nsctl(as, {"ps"});
        EXPECT_EQ(ps.status, 0) << ps.err;
        EXPECT_NE(ps.out.find(name), std::string::npos) << ps.out;
        EXPECT_NE(ps.out.find("running"), std::string::npos) << ps.out;
        RunResult json = nsctl(as, {"ps", "--json"});
        EXPECT_NE(json.out.find("{\"name\":\"" + name + "\",\"pid\":"), std::string::npos)
            << json.out;

        RunResult exec = nsctl(as, {"exec", name, "--", probe_path()});
        ASSERT_EQ(exec.status, 0) << exec.err;
        Facts theirs = parse_facts(exec.out);
        for (const char* type : kNamespaceTypes)
            EXPECT_EQ(theirs.at(std::string("ns.") + type), own.at(std::string("ns.") + type))
                << type;
        for (const char* key : {"hostname", "uid", "cap_eff", "cap_bnd", "nnp", "seccomp", "cwd",
                                "root_ro", "uid_map"})
            EXPECT_EQ(theirs.at(key), own.at(key)) << key;
        EXPECT_EQ(nsctl(as, {"exec", name, "--", "sh", "-c", "exit 7"}).status, 7);
        EXPECT_EQ(nsctl(as, {"exec", name, "--", "/no/such/program"}).status, 127);

        RunResult rm = nsctl(as, {"rm", name});
        EXPECT_EQ(rm.status, 1);
        EXPECT_EQ(rm.err, "nsctl: rm: sandbox '" + name + "' is running (nsctl kill " + name +
                              ", or rm --force)\n");
        EXPECT_EQ(nsctl(as, {"kill", name, "TERM"}).status, 0);
        EXPECT_EQ(box->wait(), 128 + SIGTERM);
        // A run in the foreground takes its record with it.
        RunResult gone = nsctl(as, {"exec", name, "true"});
        EXPECT_EQ(gone.status, 125);
        EXPECT_EQ(gone.err, "nsctl: exec: no sandbox named '" + name + "'\n");
        EXPECT_EQ(nsctl(as, {"ps"}).out.find(name), std::string::npos);
    }
}

TEST_F(RunNamed, RmForceAndBadInput) {
    const std::string name = unique_name();
    auto box = start(As::kRoot, name, {probe_path(), "sleep"});
    ASSERT_TRUE(box->wait_for_line("sleeping")) << box->err();
    RunResult again = nsctl_run(As::kRoot, {"--name", name, "--", "true"});
    EXPECT_TRUE(is_one_error(again, 125, "name '" + name + "' is in use"));
    EXPECT_EQ(nsctl(As::kRoot, {"rm", "--force", name}).status, 0);
    EXPECT_EQ(box->wait(), 128 + SIGKILL);
    EXPECT_EQ(nsctl(As::kRoot, {"kill", name}).err,
              "nsctl: kill: no sandbox named '" + name + "'\n");
    EXPECT_EQ(nsctl(As::kRoot, {"kill", name, "NOSUCHSIGNAL"}).err,
              "nsctl: kill: unknown signal 'NOSUCHSIGNAL'\n");
    for (const char* bad : {"", "../x", "-x", ".x", "a b", "x/y"})
        EXPECT_TRUE(is_usage_error(nsctl_run(As::kRoot, {"--name", bad, "--", "true"}))) << bad;
    EXPECT_EQ(nsctl(As::kRoot, {"exec"}).status, 125);
    EXPECT_EQ(nsctl(As::kRoot, {"exec", name}).status, 125);
}

// Twenty runs start at once under one name: exactly one gets it, the others are refused, and
// nothing is left of any of them.
TEST_F(RunNamed, TwentyRunsRaceForOneName) {
    const std::string name = unique_name();
    std::vector<std::unique_ptr<Started>> runs;
    for (int i = 0; i < 20; ++i) runs.push_back(start(As::kRoot, name, {probe_path(), "sleep"}));
    // The one that got the name says "sleeping"; every other one ends, however slowly (twenty
    // at once on two CPUs, under a sanitizer too).
    Started* winner = nullptr;
    int refused = 0;
    for (auto& r : runs) {
        if (r->wait_for_line("sleeping", std::chrono::milliseconds(100))) {
            EXPECT_EQ(winner, nullptr) << "two runs got the name";
            winner = r.get();
            continue;
        }
        int status = r->wait();
        if (status == -1 && r->wait_for_line("sleeping")) {
            EXPECT_EQ(winner, nullptr) << "two runs got the name";
            winner = r.get();
            continue;
        }
        ++refused;
        EXPECT_EQ(status, 125);
        EXPECT_EQ(r->err(), "nsctl: run: name '" + name + "' is in use\n");
    }
    ASSERT_NE(winner, nullptr);
    EXPECT_EQ(refused, 19);
    EXPECT_EQ(nsctl(As::kRoot, {"kill", name, "KILL"}).status, 0);
    EXPECT_EQ(winner->wait(), 128 + SIGKILL);  // and its record goes with it
}

}  // namespace
}  // namespace nsctl::test::run_cli

namespace nsctl::test::run_cli {
namespace {

// -d/--detach: nsctl returns once the command runs (its stdout and stderr closed: run() would
// wait for them otherwise), the sandbox goes on in a session of its own, ps shows it, exec
// enters it, and its record keeps the exit status until rm.
TEST_F(RunNamed, DetachRunsInTheBackgroundAndKeepsTheExitStatus) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        const std::string name = unique_name();
        RunResult r =
            nsctl_run(as, {"-d", "--name", name, "--", probe_path(), "sleep"}, "", env(as));
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "");
        RunResult ps = nsctl(as, {"ps"});
        EXPECT_NE(ps.out.find("running"), std::string::npos) << ps.out;
        RunResult exec = nsctl(as, {"exec", name, "--", probe_path()});
        EXPECT_EQ(parse_facts(exec.out)["pid"], "3") << exec.err;  // after the reaper and probe
        EXPECT_EQ(nsctl(as, {"kill", name, "TERM"}).status, 0);
        std::string json;
        for (int i = 0; i < 200; ++i) {  // the detached nsctl writes the status when it sees it
            json = nsctl(as, {"ps", "--json"}).out;
            if (json.find("\"exit-code\"") != std::string::npos) break;
            usleep(10000);
        }
        EXPECT_NE(json.find("\"status\":\"stopped\",\"exit-code\":143"), std::string::npos) << json;
        RunResult dead = nsctl(as, {"exec", name, "--", "true"});
        EXPECT_EQ(dead.status, 125);
        EXPECT_EQ(dead.err, "nsctl: exec: sandbox '" + name + "' is not running\n");
        RunResult again = nsctl_run(as, {"-d", "--name", name, "--", "true"}, "", env(as));
        EXPECT_TRUE(is_one_error(again, 125, "is taken by a stopped sandbox (nsctl rm " + name));
        EXPECT_EQ(nsctl(as, {"rm", name}).status, 0);
        EXPECT_EQ(nsctl(as, {"ps"}).out.find(name), std::string::npos);
        // A failure before the command runs is the caller's, with the usual status.
        r = nsctl_run(as, {"-d", "--name", name, "--", "/no/such/program"}, "", env(as));
        EXPECT_TRUE(is_one_error(r, 127, "/no/such/program")) << r.err;
        EXPECT_EQ(nsctl(as, {"ps"}).out.find(name), std::string::npos);
        // rm --force of a running detached one: nothing of it is left, not even the exit status
        // its nsctl writes after the kill (rm waits for that nsctl).
        for (int i = 0; i < 3; ++i) {
            r = nsctl_run(as, {"-d", "--name", name, "--", probe_path(), "sleep"}, "", env(as));
            ASSERT_EQ(r.status, 0) << r.err;
            RunResult rm = nsctl(as, {"rm", "--force", name});
            EXPECT_EQ(rm.status, 0) << rm.err;
            EXPECT_EQ(rm.err, "");
            EXPECT_EQ(nsctl(as, {"ps"}).out.find(name), std::string::npos);
        }
    }
    EXPECT_TRUE(is_usage_error(nsctl_run(As::kRoot, {"-d", "true"})));
    EXPECT_TRUE(is_usage_error(nsctl_run(As::kRoot, {"-d", "--name", "x", "--tty", "true"})));
}

// The parent pid of pid (field 4 of /proc/PID/stat, after the command name in parentheses).
pid_t parent_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = stat.rfind(')');
    if (close == std::string::npos) return -1;
    pid_t ppid = -1;
    char state = 0;
    if (sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) != 2) return -1;
    return ppid;
}

// The sandbox's PID 1 shares the memory of its nsctl (SpawnMode::kSharedMemory: nothing of it
// is copied when the sandbox starts), except where the command keeps CAP_SYS_PTRACE outside any
// user namespace: it could then write into that memory, which is outside the sandbox. kcmp(2)
// with KCMP_VM says whether two processes share their memory; the detached sandbox's nsctl is
// the parent of its PID 1.
TEST_F(RunNamed, ReaperSharesNsctlsMemoryUnlessTheCommandMayPtrace) {
#if defined(__SANITIZE_ADDRESS__)
    const bool shares = false;  // spawn() forks under AddressSanitizer
#else
    const bool shares = true;
#endif
    struct Case {
        As as;
        std::vector<std::string> options;
        bool shared;
    };
    const std::vector<Case> cases = {{As::kRoot, {}, shares},
                                     {As::kNobody, {}, shares},
                                     {As::kRoot, {"--cap-add", "SYS_PTRACE"}, false},
                                     {As::kNobody, {"--cap-add", "SYS_PTRACE"}, shares}};
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(name_of(c.as)) + (c.options.empty() ? "" : " --cap-add"));
        const std::string name = unique_name();
        std::vector<std::string> args = {"-d", "--name", name};
        args.insert(args.end(), c.options.begin(), c.options.end());
        args.insert(args.end(), {"--", probe_path(), "sleep"});
        RunResult r = nsctl_run(c.as, args, "", env(c.as));
        ASSERT_EQ(r.status, 0) << r.err;
        auto ps = parse_json(nsctl(c.as, {"ps", "--json"}).out);
        ASSERT_TRUE(ps && ps->items.size() == 1);
        auto pid1 = static_cast<pid_t>(ps->items[0].integer("pid"));
        pid_t owner = parent_of(pid1);
        ASSERT_GT(owner, 1);
        long same = syscall(SYS_kcmp, owner, pid1, KCMP_VM, 0, 0);
        ASSERT_GE(same, 0) << strerror(errno);
        EXPECT_EQ(same == 0, c.shared) << "kcmp(" << owner << ", " << pid1 << ", KCMP_VM)";
        EXPECT_EQ(nsctl(c.as, {"rm", "--force", name}).status, 0);
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
