// SPDX-License-Identifier: GPL-2.0-or-later
// What a deployed lab leaves on the machine, written to STATE_DIR/LAB/state.json after each
// deploy: enough to destroy the lab with the topology file gone (its namespaces, the UTS files,
// the bridges it made, its interface group, the pids of its nodes' commands).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "lab/plan.h"

namespace nsctl::lab {

/// Where labs live: the namespaces' names (as ip netns) and the labs' own directories.
struct LabPaths {
    std::string netns_dir = "/run/netns";
    std::string state_dir = "/run/nsctl/labs";
    /// The nsctl whose run, exec and rm make, enter and remove the sandboxes of image nodes.
    std::string nsctl = "/proc/self/exe";

    std::string lab_dir(std::string_view lab) const;
    std::string state_file(std::string_view lab) const;
    /// The file a linux node's UTS namespace is bound on.
    std::string uts_file(std::string_view lab, std::string_view node) const;
    /// The output of a node's cmd.
    std::string log_file(std::string_view lab, std::string_view node) const;
};

struct NodeState {
    std::string name;
    NodeKind kind = NodeKind::kLinux;
    std::string netns;    ///< empty for bridge and host nodes
    bool uts = false;     ///< a UTS namespace is bound on LabPaths::uts_file
    std::string sandbox;  ///< an image node's nsctl run sandbox (named as its netns)
    pid_t cmd_pid = -1;   ///< the node's cmd, while it runs
    std::string cmd_starttime;
    StringMap labels;
};

struct LabState {
    std::string name;
    std::string topology_file;
    uint32_t group = 0;
    /// The network namespace deploy ran in, where the host ends and bridges are:
    /// "net:[INODE]" as /proc/self/ns/net reads.
    std::string host_netns;
    std::vector<NodeState> nodes;
    std::vector<std::string> bridges_made;  ///< host bridges the lab created (removed on destroy)
    /// "a:eth1 b:eth1", one per link, in the file's order (for inspect).
    std::vector<std::string> links;

    NodeState* node(std::string_view node_name);
    const NodeState* node(std::string_view node_name) const;
};

/// The state as JSON (what state.json holds).
std::string format_state(const LabState& state);

/// Parses state.json; EINVAL with the context "FILE: not a lab state" when it is not one.
Result<LabState> parse_state(std::string_view text, const std::string& file);

/// Makes STATE_DIR and its missing parents (0700; /run/nsctl as nsctl run makes it).
Result<void> make_state_dir(const LabPaths& paths);

/// Writes STATE_DIR/LAB/state.json whole (a temporary file renamed over it), making the
/// directories as needed (0700).
Result<void> save_state(const LabPaths& paths, const LabState& state);

/// The state of a lab; nullopt when it has none (not deployed).
Result<std::optional<LabState>> load_state(const LabPaths& paths, std::string_view lab);

/// This process's network namespace as /proc/self/ns/net reads ("net:[4026531840]").
std::string current_netns();

/// The names of the deployed labs (directories with a state file), sorted.
Result<std::vector<std::string>> deployed_labs(const LabPaths& paths);

}  // namespace nsctl::lab
