// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "base/result.h"

namespace nsctl::sys {

/// isatty(3): true when fd is a terminal.
bool isatty(int fd);

/// ioctl(fd, TIOCGWINSZ): the terminal's width in columns. ENOTTY when fd is not a terminal.
Result<unsigned> terminal_columns(int fd);

}  // namespace nsctl::sys
