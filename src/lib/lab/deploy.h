// SPDX-License-Identifier: GPL-2.0-or-later
// Deploying and destroying a lab (a LabPlan) over netlink, in this process: the namespaces of
// its linux nodes (a network namespace registered as clab-LAB-NODE, and a UTS namespace with the
// node's name as host name), the host bridges it lacks, its links (veth peers born in their
// namespaces; host ends in the lab's interface group), sysctls, exec lines and commands.
//   - A failed deploy removes what it made, in reverse order, and leaves what was there.
//   - A second deploy of the same file reconciles: it makes what is missing and leaves what is
//     there (exec lines run only in nodes it made).
//   - destroy works from the state file alone: one RTM_DELLINK for the lab's interface group,
//     then the bridges it made, the commands, the UTS files and the namespaces.
// All of it needs CAP_SYS_ADMIN and CAP_NET_ADMIN.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "lab/plan.h"
#include "lab/state.h"

namespace nsctl::lab {

/// Runs an exec line `ip WORDS...` in this process in namespace netns (empty: the host's): the
/// command's exit code (it prints its own errors), or nullopt when nsctl's grammar does not take
/// the line (it then runs as `sh -c LINE` in the node, where ip(8) reads it).
using IpRunner = std::function<std::optional<int>(const std::string& netns,
                                                  const std::vector<std::string>& words)>;

struct DeployOptions {
    LabPaths paths;
    IpRunner ip;  ///< unset: every exec line runs as `sh -c LINE` in the node
    /// Where the lines of exec and the deploy's progress are reported (stdout of the CLI);
    /// unset: nowhere.
    std::function<void(const std::string&)> progress;
};

struct DeployResult {
    LabState state;
    size_t made_namespaces = 0;
    size_t made_links = 0;
    size_t made_bridges = 0;
};

/// Deploys plan. EEXIST errors: the lab is deployed from another file ("lab 'L' is deployed from
/// FILE"), a namespace of a node's name exists outside the lab. Any other error: what failed,
/// naming the node, link or exec line; what this call made is removed again.
Result<DeployResult> deploy(const LabPlan& plan, const DeployOptions& options);

/// Whether destroy removes the lab's state when something could not be removed.
enum class Cleanup { kOnlyWhenAllWent, kAlways };

/// Destroys the lab recorded in state (what deploy made, nothing else). Goes on past errors
/// (a namespace already removed by hand is none) and returns the first; the state directory is
/// removed when everything went, or always with Cleanup::kAlways.
Result<void> destroy(const LabState& state, const LabPaths& paths,
                     Cleanup cleanup = Cleanup::kOnlyWhenAllWent);

}  // namespace nsctl::lab
