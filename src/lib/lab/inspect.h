// SPDX-License-Identifier: GPL-2.0-or-later
// What `nsctl lab inspect` shows of a deployed lab: each node, whether its namespace (or bridge)
// is there, and the addresses of its interfaces.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "lab/state.h"

namespace nsctl::lab {

struct NodeStatus {
    std::string name;
    NodeKind kind = NodeKind::kLinux;
    std::string netns;     ///< empty for bridge and host nodes
    bool present = false;  ///< its namespace is registered (linux), its bridge exists (bridge)
    bool cmd_running = false;
    std::vector<std::string> ipv4, ipv6;  ///< "10.0.0.1/24" of every interface but lo
    StringMap labels;
};

/// The status of every node of a deployed lab, in the state's order. Reads, changes nothing.
Result<std::vector<NodeStatus>> inspect(const LabState& state, const LabPaths& paths);

}  // namespace nsctl::lab
