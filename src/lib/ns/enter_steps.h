// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to the nsenter engine (enter.cc, enter_run.cc): the steps after the namespaces are
// entered.
#pragma once

#include <sys/types.h>

#include <string>

#include "base/result.h"
#include "base/unique_fd.h"
#include "ns/enter.h"

namespace nsctl::ns::detail {

/// Files of the target opened before entering (they must be read from the caller's /proc).
struct TargetFiles {
    UniqueFd env;           ///< /proc/PID/environ for --env
    UniqueFd ids;           ///< /proc/PID/ for -S follow / -G follow
    UniqueFd cgroup_procs;  ///< cgroup.procs of the target's cgroup for --join-cgroup
};

/// What happens once the namespaces are entered.
struct RunPlan {
    bool fork = false;
    bool set_uid = false;
    bool set_gid = false;
    bool setgroups_failed_early = false;  ///< the setgroups(0) before entering failed
    bool keep_caps = false;
};

/// Opens "/proc/PID/<what>" ("" opens the directory); context "cannot open PATH", or "neither
/// filename nor target pid supplied for WHAT" without a target.
Result<UniqueFd> open_target_file(pid_t target, const char* what);

/// Root, working directory, environment, cgroup, credentials; then the program (exec, or fork
/// and wait).
Result<EnterOutcome, EnterFailure> run_entered(EnterRequest& req, TargetFiles& files,
                                               const RunPlan& plan);

}  // namespace nsctl::ns::detail
