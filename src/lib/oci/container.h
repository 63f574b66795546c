// SPDX-License-Identifier: GPL-2.0-or-later
// The life of an OCI container (runtime.md, "Lifecycle" and "Operations"): create sets it up
// as a sandbox whose process waits on ROOT/ID/exec.fifo, start lets it exec, kill signals it,
// delete removes what is left. The state directory ROOT/ID holds state.json (state.h), the
// fifo while the container is created and not started, and "runtime": what the runtime itself
// needs later (the process's start time, so that a recycled pid is never taken for it, and the
// cgroup directories to remove).
#pragma once

#include <signal.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "oci/sandbox_spec.h"
#include "oci/state.h"
#include "sandbox/spawn.h"

namespace nsctl::oci {

struct CreateRequest {
    std::string root;      ///< the state root (state_root())
    std::string id;        ///< validated here
    std::string bundle;    ///< absolute
    std::string pid_file;  ///< empty: none; else the container's pid is written there
    int preserve_fds = 0;  ///< fds 3 to 3+N-1 are passed on to the process
    /// With process.terminal: the unix socket the terminal's master is sent to (SCM_RIGHTS),
    /// connected to before anything is made. Given without process.terminal: refused.
    std::string console_socket;
    /// process.terminal without a console socket: the master is returned (`run` relays it)
    /// rather than refused.
    bool may_keep_terminal = false;
    Caller caller;
};

/// A container made by create_container: its process, which is our child (the caller of
/// `create` releases it; `run` waits for it), and what the config asked for that is not applied.
struct CreatedContainer {
    sandbox::ChildProcess process;
    std::vector<std::string> warnings;
    UniqueFd master;  ///< its terminal's master, when kept (CreateRequest::may_keep_terminal)
};

/// Sets the container up from BUNDLE/config.json, its process stopped before exec until
/// start_container. Errors are one line; nothing is left behind on failure (no state directory,
/// cgroup or process). EEXIST: the id is taken.
Result<CreatedContainer> create_container(const CreateRequest& request);

/// The state of a container as it is now: created (its process waits for start), running, or
/// stopped (its process has ended or is a zombie).
Result<State> container_state(const std::string& root, const std::string& id);

/// Every container under root, each as container_state gives it.
Result<std::vector<State>> list_containers(const std::string& root);

/// Lets a created container's process exec. Refused in any other state.
Result<void> start_container(const std::string& root, const std::string& id);

/// Sends sig to the container's process (all its processes with all: every process of its PID
/// namespace, or of its cgroup when it shares the caller's). Refused when it is stopped.
Result<void> kill_container(const std::string& root, const std::string& id, int sig, bool all);

/// The host pids of the container's processes, its first one first: those of its PID namespace
/// (the first alone when it shares the caller's). Refused when it is stopped.
Result<std::vector<pid_t>> container_processes(const std::string& root, const std::string& id);

/// The process object of the container's config (BUNDLE/config.json as it is now), which
/// `exec` without --process starts with its own arguments and changes.
Result<Process> container_process(const std::string& root, const std::string& id);

/// What `exec` starts in a container.
struct ExecRequest {
    std::string root;
    std::string id;
    Process process;
    std::string pid_file;  ///< empty: none; written through its directory, opened beforehand
    int preserve_fds = 0;  ///< fds 3 to 3+N-1 are passed on
    /// As CreateRequest's: where the master of process.terminal's terminal is sent.
    std::string console_socket;
    bool may_keep_terminal = false;
    Caller caller;
};

struct ExecStarted {
    sandbox::ChildProcess process;  ///< our child: waited for, or released (detached)
    std::vector<std::string> warnings;
    UniqueFd master;  ///< its terminal's master, when kept
};

/// Starts request.process in a created or running container: in its namespaces (the calling
/// process enters those that differ from its own, for good: paths it opens afterwards resolve in
/// the container), its cgroups, its root, with the process's user, capabilities, rlimits and
/// no_new_privs; old_mask is the signal mask it gets. Returns once it has exec'd. A command that
/// cannot be run is the failure (exit code 126 or 127); a stopped container is refused.
Result<ExecStarted, sandbox::RunFailure> exec_in_container(const ExecRequest& request,
                                                           const sigset_t& old_mask);

/// Removes a stopped or created container (a created one's process is killed first); a running
/// one only with force (SIGKILL, then waited for). Its cgroup and state directory go.
Result<void> delete_container(const std::string& root, const std::string& id, bool force);

}  // namespace nsctl::oci
