// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing of unshare, exactly as util-linux 2.42's unshare parses it.
#pragma once

#include <optional>
#include <string>

#include "ns/create.h"

namespace nsctl::cli {

struct UnshareParse {
    enum class Action { kRun, kHelp, kVersion };
    Action action = Action::kRun;
    ns::UnshareSpec spec;
    int exit_code = -1;     ///< -1: go on; otherwise exit with it
    std::string error;      ///< the line to print after "unshare: " (empty: none)
    bool try_help = false;  ///< print "Try 'unshare --help' for more information."
};

/// Where the parser looks things up: the caller's ids (-c, --map-users=auto) and /etc.
struct UnshareParseEnv {
    uid_t euid = 0;
    gid_t egid = 0;
    std::string etc = "/etc";              ///< subuid, subgid
    std::string proc_self = "/proc/self";  ///< uid_map, gid_map for --map-users=all
};

/// Parses argv with getopt_long ("+" mode: the program's own options are left alone). Stops at
/// the first error, as util-linux does; getopt prints its own message for an unknown option.
UnshareParse parse_unshare_args(int argc, char** argv, const UnshareParseEnv& env);

/// util-linux's signal names: "KILL", "SIGKILL", "sigterm", "RTMIN+2", "SIGRTMAX-1".
std::optional<int> signal_from_name(const char* name);

}  // namespace nsctl::cli
