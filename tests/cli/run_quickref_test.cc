// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run: the quick reference's "Simple Container" and "Process Isolation"
// (/work/shared/reference/namespaces-quick-reference.txt) as one command each, as root and as
// uid 65534; --help; the exit status of the command passed through.
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunQuickref : public RunTest {};

std::string host_name() {
    char buf[HOST_NAME_MAX + 1] = "";
    gethostname(buf, sizeof buf);
    return buf;
}

TEST_F(RunQuickref, HelpOnStdout) {
    RunResult r = run(run_argv(As::kRoot, {"--help"}));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("nsctl run"), std::string::npos) << r.out;
    for (const char* option : {"--rootfs", "--overlay", "--bind", "--tty", "--json-status-fd"}) {
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
    }
}

// The reference's rootfs and /bin/sh, with pivot_root: the shell is PID 2 (the reaper is 1), sees
// its own hostname, a /proc with only the sandbox's two processes, and / as its directory.
TEST_F(RunQuickref, SimpleContainer) {
    const std::string host = host_name();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--hostname", "box", "/bin/sh"},
                                "echo $$; hostname; echo /proc/[0-9]*; pwd; id -u\n");
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "");
        EXPECT_EQ(r.out, "2\nbox\n/proc/1 /proc/2\n/\n0\n");
    }
    EXPECT_EQ(host_name(), host);
}

// The reference's script with the host's files: sh is PID 2 (after the reaper, "nsctl"), ps sees
// three processes, the directory is the caller's and the host's files are there.
TEST_F(RunQuickref, ProcessIsolation) {
    TempDir dir("marker", 0755);
    ASSERT_FALSE(dir.path().empty());
    const std::string marker = dir.at("file");
    std::ofstream(marker) << "the host's file\n";
    chmod(marker.c_str(), 0644);
    char cwd[PATH_MAX];
    ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        RunResult r = nsctl_run(as, {"--", "sh", "-c",
                                     "echo \"PID in namespace: $$\"\n"
                                     "ps aux\n"
                                     "pwd\n"
                                     "cat " +
                                         marker});
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.err, "");
        auto lines = lines_of(r.out);
        ASSERT_EQ(lines.size(), 7u) << r.out;
        EXPECT_EQ(lines[0], "PID in namespace: 2");
        EXPECT_EQ(lines[1].rfind("USER", 0), 0u) << lines[1];
        std::set<std::string> pids;
        for (size_t i = 2; i < 5; ++i) {
            std::istringstream fields(lines[i]);
            std::string user, pid;
            fields >> user >> pid;
            pids.insert(pid);
            if (pid == "1") {
                EXPECT_NE(lines[i].find("nsctl"), std::string::npos) << lines[i];
            }
            if (pid == "3") {
                EXPECT_NE(lines[i].find("ps aux"), std::string::npos) << lines[i];
            }
        }
        EXPECT_EQ(pids, (std::set<std::string>{"1", "2", "3"})) << r.out;
        EXPECT_EQ(lines[5], cwd);
        EXPECT_EQ(lines[6], "the host's file");
    }
}

TEST_F(RunQuickref, ExitStatusPassesThrough) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        for (int code : {0, 3, 125, 255}) {
            RunResult r = nsctl_run(
                as, {"--rootfs", rootfs.path(), "--", "/probe", "exit", std::to_string(code)});
            EXPECT_EQ(r.status, code) << r.err;
            EXPECT_EQ(r.err, "");
        }
        // Killed by a signal: 128 + N, as a shell reports it.
        for (const char* sig : {"KILL", "TERM"}) {
            RunResult r = nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/bin/sh", "-c",
                                         std::string("kill -") + sig + " $$"});
            EXPECT_EQ(r.status, sig[0] == 'K' ? 137 : 143) << r.err;
            EXPECT_EQ(r.err, "");
        }
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
