// SPDX-License-Identifier: GPL-2.0-or-later
// Terminals of nsctl oci: process.terminal with a console socket (the master sent over
// SCM_RIGHTS, as containerd's shim and conmon receive it; tests/tools/console_socket holds the
// socket's end), and without one, relayed by `run` and `exec` that wait. The window size follows
// process.consoleSize. Bad combinations are refused before anything is made.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "oci_bundle.h"

namespace nsctl::test {
namespace {

class OciTerminal : public OciLifecycle {
  protected:
    std::string socket() const { return dir_.at("console.sock"); }
    std::string tool() const { return std::string(NSCTL_TEST_TOOLS_DIR) + "/console_socket"; }
    oci::Spec shell(bool terminal) {
        oci::Spec s = spec({"sh"});
        s.process->terminal = terminal;
        s.process->console_size = oci::ConsoleSize{30, 100};
        return s;
    }
    // The console socket tool around command: what the terminal said, and more (see the tool).
    RunResult with_socket(const std::string& input, const Args& command) {
        unlink(socket().c_str());
        Args argv = {tool(), socket(), input, "--"};
        argv.insert(argv.end(), command.begin(), command.end());
        return run(argv);
    }
    Args nsctl_oci(const Args& args) {
        Args argv = {NSCTL_BINARY, "oci", "--root", root()};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }
};

TEST_F(OciTerminal, CreateAndStartSendTheMasterToTheConsoleSocket) {
    write_config(shell(true));
    // create's stdout is the tool's, a pipe that run() reads to its end: the waiting process must
    // not hold it (it has the terminal as its stdio), or this would not return.
    const std::string nsctl = std::string("'") + NSCTL_BINARY + "' oci --root '" + root() + "' ";
    std::string create = nsctl + "create -b '" + bundle() + "' --console-socket '" + socket() +
                         "' t1 && " + nsctl + "start t1";
    RunResult r = with_socket("tty; stty size; echo $((6 * 7)); exit 3\n", {"sh", "-c", create});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.rfind("name: /dev/pts/0\nsize: 30x100\ncommand: exit 0\n", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("\n/dev/pts/0\n30 100\n42\n"), std::string::npos) << r.out;
    EXPECT_TRUE(eventually([&] { return status("t1") == "stopped"; }));
    EXPECT_EQ(oci({"delete", "t1"}).status, 0);
    expect_gone("t1");
}

TEST_F(OciTerminal, ExecWithATerminal) {
    oci::Spec s = shell(false);
    s.process->args = {"sleep", "1000"};
    write_config(s);
    ASSERT_EQ(oci({"run", "-d", "-b", bundle(), "t2"}).status, 0);
    // Detached, through the console socket; the size is the container process's.
    std::string pid_file = dir_.at("exec.pid");
    RunResult r =
        with_socket("tty; exit 4\n", nsctl_oci({"exec", "-t", "-d", "--console-socket", socket(),
                                                "--pid-file", pid_file, "t2", "sh"}));
    ASSERT_EQ(r.status, 0) << r.err;
    // It has ended (the terminal said all); ours to reap, as a shim would (we are a subreaper).
    pid_t pid = std::stoi(slurp(pid_file));
    int wstatus = 0;
    EXPECT_EQ(waitpid(pid, &wstatus, 0), pid);
    EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 4) << wstatus;
    EXPECT_EQ(r.out.rfind("name: /dev/pts/0\nsize: 30x100\ncommand: exit 0\n", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("\n/dev/pts/0\n"), std::string::npos) << r.out;
    // Attached, relayed: our stdin (not a terminal: its end is the terminal's EOF) and stdout.
    r = oci({"exec", "-t", "t2", "sh", "-c", "tty; read line; echo got $line; exit 5"});
    EXPECT_EQ(r.status, 5) << r.err;
    r = run(nsctl_oci({"exec", "-t", "t2", "sh", "-c", "tty; read line; echo got $line; exit 5"}),
            "hello\n");
    EXPECT_EQ(r.status, 5) << r.err;
    EXPECT_NE(r.out.find("/dev/pts/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("got hello"), std::string::npos) << r.out;
    EXPECT_EQ(oci({"delete", "--force", "t2"}).status, 0);
}

TEST_F(OciTerminal, RunRelaysTheTerminalWithoutASocket) {
    write_config(shell(true));
    RunResult r = run(nsctl_oci({"run", "-b", bundle(), "t3"}), "tty; exit 6\n");
    EXPECT_EQ(r.status, 6) << r.err;
    EXPECT_NE(r.out.find("\n/dev/pts/0"), std::string::npos) << r.out;
    expect_gone("t3");
}

TEST_F(OciTerminal, BadCombinationsMakeNothing) {
    write_config(shell(true));
    RunResult r = oci({"create", "-b", bundle(), "b1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "nsctl oci: process.terminal: the terminal's master needs a --console-socket to go "
              "to\n");
    r = oci({"run", "-d", "-b", bundle(), "b1"});
    EXPECT_EQ(r.status, 1);
    r = oci({"create", "-b", bundle(), "--console-socket", dir_.at("nowhere"), "b1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: --console-socket " + dir_.at("nowhere") +
                         ": No such file or directory\n");
    write_config(shell(false));
    r = oci({"create", "-b", bundle(), "--console-socket", socket(), "b1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: --console-socket " + socket() + ": process.terminal is false\n");
    expect_gone("b1");
}

}  // namespace
}  // namespace nsctl::test
