// SPDX-License-Identifier: GPL-2.0-or-later
// The process of `exec`: a process.json as given (--process), or the container's own process
// with the command line's arguments, and either changed by exec's options (runc's --cwd, --env,
// --user, --additional-gids, --cap, --no-new-privs).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "oci/spec.h"

namespace nsctl::oci {

/// exec's options that change the process, as typed.
struct ExecChanges {
    std::vector<std::string> args;  ///< the command, replacing the process's args when given
    std::string cwd;                ///< --cwd: absolute
    std::vector<std::string> env;   ///< --env NAME=VALUE: replaces NAME's entry, or is added
    std::string user;               ///< --user UID[:GID] (numbers, as in the container)
    std::vector<std::string> additional_gids;  ///< --additional-gids N
    std::vector<std::string> caps;             ///< --cap CAP_NAME: added to bounding, effective
                                               ///< and permitted
    bool no_new_privs = false;                 ///< --no-new-privs
    bool tty = false;                          ///< --tty
    std::string apparmor;                      ///< --apparmor PROFILE (reported as not applied)
    std::string process_label;                 ///< --process-label LABEL (likewise)
};

/// Applies changes to process. Errors name the option and are code 0 ("--user abc: UID[:GID]
/// expected, numbers").
Result<void> apply_exec_changes(Process& process, const ExecChanges& changes);

}  // namespace nsctl::oci
