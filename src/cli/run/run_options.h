// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing of `nsctl run`.
#pragma once

#include <string>

#include "sandbox/run.h"

namespace nsctl::cli {

struct RunParse {
    enum class Action { kRun, kHelp, kVersion, kFail };
    Action action = Action::kRun;
    sandbox::RunSpec spec;
    int json_status_fd = -1;  ///< --json-status-fd, or -1
    std::string error;        ///< for kFail: the line after "nsctl: run: "
};

/// Parses argv (argv[0] is the name getopt reports) with getopt_long in "+" mode: the command's
/// own options are left alone. Relative paths are made absolute against cwd.
RunParse parse_run_args(int argc, char** argv, const std::string& cwd);

}  // namespace nsctl::cli
