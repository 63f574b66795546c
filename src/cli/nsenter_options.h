// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing of nsenter, exactly as util-linux 2.42's nsenter parses it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/unique_fd.h"
#include "ns/enter.h"

namespace nsctl::cli {

struct NsenterParse {
    enum class Action { kEnter, kHelp, kVersion };

    Action action = Action::kEnter;
    ns::EnterRequest req;
    bool follow_context = false;    ///< -Z
    int exit_code = -1;             ///< -1: go on; otherwise exit with it
    std::string error;              ///< the line to print after "nsenter: " (empty: none)
    bool try_help = false;          ///< print "Try 'nsenter --help' for more information."
    std::optional<Error> id_error;  ///< why `--NS=:ID` could not be opened (for a hint)
};

/// What parsing does to the system, as util-linux does it while parsing: FILE and DIR
/// arguments and namespace ids (`--net=:ID`) are opened at once (so a bad one is reported
/// before a later bad option), and `-t PID:INODE` is checked at once. Tests pass fakes.
struct NsenterHooks {
    std::function<Result<UniqueFd>(const char* path)> open;
    std::function<Result<void>(int32_t pid, uint64_t ino)> check_pidfd;
    std::function<Result<UniqueFd>(uint64_t id)> open_by_id;
};

/// The hooks that reach the system (ns::open_argument, ns::check_pidfd_inode, ns::open_by_id).
NsenterHooks system_nsenter_hooks();

/// Parses argv with getopt_long ("+": options stop at the program). getopt prints its own
/// message for an unknown option or a missing argument.
NsenterParse parse_nsenter_args(int argc, char** argv, const NsenterHooks& hooks);

}  // namespace nsctl::cli
