// SPDX-License-Identifier: GPL-2.0-or-later
// The life of an OCI container (runtime.md, "Lifecycle" and "Operations"): create sets it up
// as a sandbox whose process waits on ROOT/ID/exec.fifo, start lets it exec, kill signals it,
// delete removes what is left. The state directory ROOT/ID holds state.json (state.h), the
// fifo while the container is created and not started, and "runtime": what the runtime itself
// needs later (the process's start time, so that a recycled pid is never taken for it, and the
// cgroup directories to remove).
#pragma once

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
    Caller caller;
};

/// A container made by create_container: its process, which is our child (the caller of
/// `create` releases it; `run` waits for it), and what the config asked for that is not applied.
struct CreatedContainer {
    sandbox::ChildProcess process;
    std::vector<std::string> warnings;
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

/// Removes a stopped or created container (a created one's process is killed first); a running
/// one only with force (SIGKILL, then waited for). Its cgroup and state directory go.
Result<void> delete_container(const std::string& root, const std::string& id, bool force);

}  // namespace nsctl::oci
