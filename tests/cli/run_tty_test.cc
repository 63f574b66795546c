// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run --tty, with the test as the terminal: a pty pair made here, its slave nsctl's
// controlling terminal and stdin/stdout/stderr (as a terminal emulator starts a shell). The
// command gets a new pty of its own as its controlling terminal; nsctl relays bytes raw (a ^C
// typed here reaches the command's terminal as a byte, not nsctl as a signal), the window size
// follows, and the terminal's modes come back as they were. Without --tty the command has no
// controlling terminal even when its fds are a terminal.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <thread>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

using Clock = std::chrono::steady_clock;

class RunTty : public RunTest {};

// A pty pair: the test holds the master (it is the terminal) and one fd of the slave, to read
// the slave's modes.
class Pty {
  public:
    Pty() {
        master_ = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) return;
        const char* name = ptsname(master_);
        if (name == nullptr) return;
        slave_name_ = name;
        slave_ = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    }
    ~Pty() {
        if (slave_ >= 0) close(slave_);
        if (master_ >= 0) close(master_);
    }
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;

    bool ok() const { return slave_ >= 0; }
    const std::string& slave_name() const { return slave_name_; }
    int slave() const { return slave_; }

    bool set_size(unsigned short rows, unsigned short cols) {
        winsize ws{};
        ws.ws_row = rows;
        ws.ws_col = cols;
        return ioctl(master_, TIOCSWINSZ, &ws) == 0;
    }

    bool type(const std::string& text) {
        return write(master_, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    }

    /// Reads what the terminal shows until it contains `want` (true) or the timeout passed.
    bool read_until(const std::string& want, std::chrono::milliseconds timeout) {
        const auto deadline = Clock::now() + timeout;
        while (screen_.find(want) == std::string::npos && Clock::now() < deadline) {
            pollfd p{master_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0) continue;
            char buf[4096];
            ssize_t n = read(master_, buf, sizeof buf);
            if (n <= 0) break;
            screen_.append(buf, static_cast<size_t>(n));
        }
        return screen_.find(want) != std::string::npos;
    }
    const std::string& screen() const { return screen_; }

  private:
    int master_ = -1, slave_ = -1;
    std::string slave_name_, screen_;
};

bool same_modes(const termios& a, const termios& b) {
    return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag &&
           a.c_lflag == b.c_lflag;
}

TEST_F(RunTty, CommandGetsAPseudoTerminal) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        Pty pty;
        ASSERT_TRUE(pty.ok());
        ASSERT_TRUE(pty.set_size(33, 111));
        termios before{};
        ASSERT_EQ(tcgetattr(pty.slave(), &before), 0);
        ASSERT_TRUE(before.c_lflag & ICANON);
        Started s(run_argv(as, {"--tty", "--rootfs", rootfs.path(), "--", "/bin/sh"}),
                  {.terminal = pty.slave_name(), .env = nsctl_env()});
        // The shell answers through its own terminal: "42" is only in its output, not in the
        // echo of the line typed.
        ASSERT_TRUE(pty.type("echo $((6*7))\n"));
        ASSERT_TRUE(pty.read_until("42\r\n", std::chrono::seconds(10))) << pty.screen();
        // Raw: our terminal neither echoes nor makes lines while nsctl relays.
        termios during{};
        ASSERT_EQ(tcgetattr(pty.slave(), &during), 0);
        EXPECT_FALSE(during.c_lflag & (ICANON | ECHO | ISIG));

        ASSERT_TRUE(pty.type("/probe; /probe winsize; echo pro''bed\n"));  // not in the echo
        ASSERT_TRUE(pty.read_until("probed\r\n", std::chrono::seconds(10))) << pty.screen();
        const std::string& screen = pty.screen();
        EXPECT_NE(screen.find("ctty=1\r\n"), std::string::npos) << screen;
        EXPECT_NE(screen.find("stdin_tty=1\r\n"), std::string::npos) << screen;
        EXPECT_NE(screen.find("winsize=33x111\r\n"), std::string::npos) << screen;

        // The window size follows ours (SIGWINCH to nsctl, the terminal's foreground).
        ASSERT_TRUE(pty.set_size(40, 100));
        bool followed = false;
        for (int i = 0; i < 20 && !followed; ++i) {
            ASSERT_TRUE(pty.type("/probe winsize\n"));
            followed = pty.read_until("winsize=40x100\r\n", std::chrono::milliseconds(250));
        }
        EXPECT_TRUE(followed) << pty.screen();

        // ^C is a byte for the command's terminal: it interrupts the sleep, not nsctl.
        ASSERT_TRUE(pty.type("sleep 100\n"));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ASSERT_TRUE(pty.type("\x03"));
        ASSERT_TRUE(pty.type("echo $((7*8))\n"));
        EXPECT_TRUE(pty.read_until("56\r\n", std::chrono::seconds(10))) << pty.screen();

        ASSERT_TRUE(pty.type("exit 7\n"));
        EXPECT_EQ(s.wait(), 7) << pty.screen();
        termios after{};
        ASSERT_EQ(tcgetattr(pty.slave(), &after), 0);
        EXPECT_TRUE(same_modes(before, after)) << "the terminal's modes were not restored";
    }
}

TEST_F(RunTty, WithoutTtyNoControllingTerminal) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        Pty pty;
        ASSERT_TRUE(pty.ok());
        Started s(
            run_argv(as, {"--rootfs", rootfs.path(), "--", "/bin/sh", "-c", "/probe; echo done"}),
            {.terminal = pty.slave_name(), .env = nsctl_env()});
        ASSERT_TRUE(pty.read_until("done", std::chrono::seconds(10))) << pty.screen();
        EXPECT_EQ(s.wait(), 0);
        const std::string& screen = pty.screen();
        // Its fds are our terminal, but it is in a session of its own without one: TIOCSTI and
        // the like cannot reach the caller's terminal.
        EXPECT_NE(screen.find("stdin_tty=1"), std::string::npos) << screen;
        EXPECT_NE(screen.find("ctty=0"), std::string::npos) << screen;
        EXPECT_NE(screen.find("\npid=3\r\n"), std::string::npos) << screen;  // the child of sh...
        EXPECT_NE(screen.find("\nsid=2\r\n"), std::string::npos)
            << screen;  // ...the session's leader
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
