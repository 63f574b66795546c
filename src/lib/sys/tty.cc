// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/tty.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

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
    int m = ::openat(dirfd, ptmx_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) return errno;
    int unlock = 0;
    int s = ::ioctl(m, TIOCSPTLCK, &unlock) == 0
                ? ::ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)
                : -1;
    if (s < 0) {
        int err = errno;
        ::close(m);
        return err;
    }
    *master = m;
    *slave = s;
    return 0;
}

int set_controlling_terminal(int fd) { return ::ioctl(fd, TIOCSCTTY, 0) == 0 ? 0 : errno; }

int set_window_size(int fd, const winsize& size) {
    return ::ioctl(fd, TIOCSWINSZ, &size) == 0 ? 0 : errno;
}

}  // namespace raw

}  // namespace nsctl::sys
