// SPDX-License-Identifier: GPL-2.0-or-later
// What can be done to a named sandbox (registry.h) from outside: signal it, remove its record,
// run another command in it.
#pragma once

#include <signal.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "sandbox/registry.h"
#include "sandbox/run.h"

namespace nsctl::sandbox {

/// Sends sig to PID 1 of the sandbox (its reaper passes it on to the command), through a pidfd
/// checked against the recorded start time, so a recycled pid is never signalled. "sandbox 'N'
/// is not running" (code 0) when it is not.
Result<void> kill_sandbox(Registry& registry, const std::string& name, int sig);

enum class Force { kNo, kYes };

/// Removes the record of a sandbox that has stopped (refused while it runs, unless force: then it
/// is SIGKILLed and waited for first), with any cgroup its nsctl did not get to remove.
Result<void> remove_sandbox(Registry& registry, const std::string& name, Force force);

/// Runs argv in the sandbox as its own command runs: in all of its namespaces (the command's time
/// namespace), its cgroups, its root and working directory, with its environment, ids,
/// capabilities, no_new_privs and seccomp filter; waits for it and returns its wait status.
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed on meanwhile. Refused when it is not running;
/// a command that cannot be run fails with exit code 126 or 127, as with nsctl run.
Result<int, RunFailure> exec_in_sandbox(Registry& registry, const std::string& name,
                                        const std::vector<std::string>& argv);

/// A command started beside a running process.
struct Beside {
    ChildProcess process;
    UniqueFd master;  ///< spec.tty: the master of its new terminal
};

/// Starts spec's command beside target, a running process (pidfd: a pidfd of it, opened and
/// checked by the caller): in target's namespaces (those that differ from the caller's, which the
/// caller enters itself, for good: paths it opens later resolve in target's mount namespace), in
/// cgroups (directories), with spec's process settings (argv, env and clear_env, chdir, uid,
/// gid, groups, umask, capabilities, rlimits, no_new_privs, seccomp, keep_fds, tty: a new
/// terminal of the devpts at target's /dev/pts, sized as spec.window says); old_mask is the
/// signal mask the command gets. Returns once the command has exec'd; a step that failed
/// (126/127 for the exec) is the RunFailure, its child reaped.
Result<Beside, RunFailure> start_beside(int pidfd, pid_t target,
                                        const std::vector<std::string>& cgroups,
                                        const RunSpec& spec, const sigset_t& old_mask);

}  // namespace nsctl::sandbox
