// SPDX-License-Identifier: GPL-2.0-or-later
// Running a program in a node of a deployed lab (nsctl lab exec), and on the host (a host node's
// exec lines).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "lab/state.h"

namespace nsctl::lab {

/// Runs argv (argv[0] searched in PATH) on the host and waits: its exit code, 128+N for a
/// signal. Errors: posix_spawnp's (ENOENT: not found), named after argv[0].
Result<int> run_on_host(const std::vector<std::string>& argv);

/// Runs argv in node of the lab state describes and waits: a linux node's network and UTS
/// namespaces (as ip netns exec: a mount namespace of its own whose /sys shows the node's
/// network), the host for a host node. Its exit code; errors: a bridge node ("NODE: a bridge
/// node runs no commands", code 0), argv[0] not found or not executable (its errno), a setup
/// step. Needs CAP_SYS_ADMIN for a linux node.
Result<int> exec_in_node(const LabState& state, const NodeState& node, const LabPaths& paths,
                         const std::vector<std::string>& argv);

}  // namespace nsctl::lab
