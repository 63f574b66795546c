// SPDX-License-Identifier: GPL-2.0-or-later
// Terminals: isatty, window sizes, raw mode, and pseudo-terminal pairs.
#pragma once

#include <sys/ioctl.h>
#include <termios.h>

#include "base/result.h"

namespace nsctl::sys {

/// isatty(3): true when fd is a terminal.
bool isatty(int fd);

/// ioctl(fd, TIOCGWINSZ): the terminal's width in columns. ENOTTY when fd is not a terminal.
Result<unsigned> terminal_columns(int fd);

/// ioctl(fd, TIOCGWINSZ): the terminal's size. ENOTTY when fd is not a terminal.
Result<winsize> window_size(int fd);

/// ioctl(fd, TIOCSWINSZ).
Result<void> set_window_size(int fd, const winsize& size);

/// ioctl(master, TIOCGPTN): the number N of a pseudo-terminal master's slave (/dev/pts/N).
Result<unsigned> pty_number(int master);

/// tcgetattr(3).
Result<termios> terminal_attributes(int fd);

/// tcsetattr(3) with TCSADRAIN.
Result<void> set_terminal_attributes(int fd, const termios& attrs);

/// termios of cfmakeraw(3): no echo, no line editing, no signals from keys, 8-bit bytes.
termios raw_mode(termios attrs);

namespace raw {
// Allocation-free, for a child between clone and exec.

/// A new pseudo-terminal pair from the devpts whose ptmx is dirfd/ptmx_path: the master
/// unlocked, and the slave opened through the master (TIOCGPTPEER, no path lookup), both
/// close-on-exec and not the caller's controlling terminal. 0 or errno.
int open_pty_pair(int dirfd, const char* ptmx_path, int* master, int* slave);

/// ioctl(fd, TIOCSCTTY, 0): fd's terminal becomes the controlling terminal of the caller, a
/// session leader. 0 or errno.
int set_controlling_terminal(int fd);

/// ioctl(fd, TIOCSWINSZ); 0 or errno.
int set_window_size(int fd, const winsize& size);

}  // namespace raw

}  // namespace nsctl::sys
