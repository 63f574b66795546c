// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/pty_relay.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "sys/fd.h"
#include "sys/process.h"
#include "sys/signals.h"
#include "sys/tty.h"

namespace nsctl::sandbox {
namespace {

constexpr int kIn = 0, kOut = 1;

// Our terminal in raw mode while it lives (keys go to the command as typed), as it was after.
class RawTerminal {
  public:
    explicit RawTerminal(int fd) : fd_(fd) {
        if (!sys::isatty(fd)) return;
        auto attrs = sys::terminal_attributes(fd);
        if (!attrs) return;
        saved_ = *attrs;
        if (!sys::set_terminal_attributes(fd, sys::raw_mode(*attrs))) saved_.reset();
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;
    ~RawTerminal() {
        if (saved_) (void)sys::set_terminal_attributes(fd_, *saved_);
    }
    bool active() const { return saved_.has_value(); }

  private:
    int fd_;
    std::optional<termios> saved_;
};

struct Relay {
    ChildProcess& child;
    int master;
    bool in_open = true;
    bool out_open = true;
    bool stdout_ok = true;
    std::optional<int> status;
    char buf[16384];

    Result<void> on_signal(int sfd) {
        int sig = NSCTL_TRY(sys::read_signal(sfd));
        if (sig == SIGCHLD) {
            auto st = NSCTL_TRY(child.wait(WNOHANG));
            if (st) status = *st;
        } else if (sig == SIGWINCH) {
            if (auto ws = sys::window_size(kIn)) (void)sys::set_window_size(master, *ws);
        } else {
            (void)child.signal(sig);
        }
        return {};
    }

    void on_input(bool tty) {
        auto n = sys::read(kIn, buf, sizeof(buf));
        if (n && *n > 0) {
            (void)write_all(master, buf, *n);
            return;
        }
        in_open = false;
        if (tty) return;
        // Not a terminal: its end reaches the command as the terminal's end-of-file key.
        auto attrs = sys::terminal_attributes(master);
        char eof = attrs ? static_cast<char>(attrs->c_cc[VEOF]) : '\x04';
        (void)write_all(master, &eof, 1);
    }

    void on_output() {
        auto n = sys::read(master, buf, sizeof(buf));
        if (!n || *n == 0) {  // EIO: every slave fd is closed
            out_open = false;
            return;
        }
        if (stdout_ok) stdout_ok = write_all(kOut, buf, *n);
    }

    static bool write_all(int fd, const char* p, size_t len) {
        while (len > 0) {
            auto n = sys::write(fd, p, len);
            if (!n) return false;
            p += *n;
            len -= *n;
        }
        return true;
    }
};

}  // namespace

Result<int> relay_terminal(ChildProcess& child, int master, const sigset_t& set,
                           Deadline& deadline) {
    UniqueFd sfd = NSCTL_TRY(sys::signalfd(set));
    RawTerminal terminal(kIn);
    Relay relay{child, master};
    // After PID 1 has ended, what the terminal still holds is read without waiting.
    while (!relay.status || relay.out_open) {
        pollfd fds[3] = {{sfd.get(), POLLIN, 0},
                         {relay.in_open ? kIn : -1, POLLIN, 0},
                         {relay.out_open ? master : -1, POLLIN, 0}};
        int n = NSCTL_TRY(sys::poll(fds, 3, relay.status ? 0 : deadline.wait_ms()));
        if (n == 0 && relay.status) break;
        if (n == 0) {
            deadline.fire_due(child);
            continue;
        }
        if (fds[0].revents & POLLIN) NSCTL_TRY(relay.on_signal(sfd.get()));
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) relay.on_input(terminal.active());
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) relay.on_output();
    }
    if (!relay.status) relay.status = NSCTL_TRY(child.wait()).value_or(0);
    return *relay.status;
}

}  // namespace nsctl::sandbox
