// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/tty.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "sys/raw_call.h"

namespace nsctl::sys {

bool isatty(int fd) { return ::isatty(fd) == 1; }

Result<unsigned> terminal_columns(int fd) {
    auto ws = window_size(fd);
    if (!ws) return ws.error();
    return static_cast<unsigned>(ws->ws_col);
}

Result<winsize> window_size(int fd) {
    struct winsize ws {};
    if (::ioctl(fd, TIOCGWINSZ, &ws) < 0) return errno_error("TIOCGWINSZ");
    return ws;
}

Result<unsigned> pty_number(int master) {
    unsigned n = 0;
    if (::ioctl(master, TIOCGPTN, &n) != 0) return errno_error("TIOCGPTN");
    return n;
}

Result<void> set_window_size(int fd, const winsize& size) {
    if (::ioctl(fd, TIOCSWINSZ, &size) < 0) return errno_error("TIOCSWINSZ");
    return {};
}

Result<termios> terminal_attributes(int fd) {
    termios t{};
    if (::tcgetattr(fd, &t) != 0) return errno_error("tcgetattr");
    return t;
}

Result<void> set_terminal_attributes(int fd, const termios& attrs) {
    while (::tcsetattr(fd, TCSADRAIN, &attrs) != 0) {
        if (errno != EINTR) return errno_error("tcsetattr");
    }
    return {};
}

termios raw_mode(termios attrs) {
    ::cfmakeraw(&attrs);
    return attrs;
}

namespace raw {

int open_pty_pair(int dirfd, const char* ptmx_path, int* master, int* slave) {
    long m = call(SYS_openat, dirfd, ptmx_path, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
    if (m < 0) return static_cast<int>(-m);
    int unlock = 0;
    long s = call(SYS_ioctl, m, TIOCSPTLCK, &unlock);
    if (s == 0) s = call(SYS_ioctl, m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s < 0) {
        call(SYS_close, m);
        return static_cast<int>(-s);
    }
    *master = static_cast<int>(m);
    *slave = static_cast<int>(s);
    return 0;
}

int set_controlling_terminal(int fd) { return error_of(call(SYS_ioctl, fd, TIOCSCTTY, 0)); }

int set_window_size(int fd, const winsize& size) {
    return error_of(call(SYS_ioctl, fd, TIOCSWINSZ, &size));
}

}  // namespace raw

}  // namespace nsctl::sys
