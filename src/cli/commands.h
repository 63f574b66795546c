// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace nsctl::cli {

/// lsns: argv[0] is the name getopt reports in its messages.
int cmd_lsns(int argc, char** argv);

/// unshare: argv[0] is the name getopt reports in its messages.
int cmd_unshare(int argc, char** argv);

/// nsenter: argv[0] is the name getopt reports in its messages.
int cmd_nsenter(int argc, char** argv);

/// Prints "NAME: message" on stderr, as util-linux's warnx does.
void warnx(std::string_view prog, std::string_view message);

/// Writes all of text to stdout; false when stdout fails (e.g. a closed pipe, a full disk).
bool write_stdout(std::string_view text);

}  // namespace nsctl::cli
