// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/tty.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace nsctl::sys {

bool isatty(int fd) { return ::isatty(fd) == 1; }

Result<unsigned> terminal_columns(int fd) {
    struct winsize ws {};
    if (::ioctl(fd, TIOCGWINSZ, &ws) < 0) return errno_error("TIOCGWINSZ");
    return static_cast<unsigned>(ws.ws_col);
}

}  // namespace nsctl::sys
