// SPDX-License-Identifier: GPL-2.0-or-later
// A lab as nsctl lab deploys it: its topology resolved into namespaces, host bridges and links
// between named interfaces, every name final (clab-LAB-NODE namespaces), the interface group
// that holds every link the lab puts on the host. The topology file (topology.h) becomes one;
// the deployer (deploy.h) and the state file (state.h) read only this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "lab/topology.h"
#include "net/link.h"

namespace nsctl::lab {

struct PlanNode {
    std::string name;
    NodeKind kind = NodeKind::kLinux;
    std::string netns;              ///< kLinux: "clab-LAB-NODE"; empty for the host's own namespace
    std::vector<std::string> exec;  ///< run in the node once every link exists
    std::string cmd;                ///< a long-running command, stopped on destroy
    StringMap env;                  ///< for exec and cmd
    StringMap sysctls;              ///< "net.ipv4.ip_forward" = "1", written in the node
    StringMap labels;
    /// kLinux with image: the node is an nsctl run sandbox named as its netns, with this root
    /// file system (an overlay over it) and these binds ("SRC:DST[:ro|rw]", SRC absolute).
    std::string image;
    std::vector<std::string> binds;
};

/// One side of a link: an interface in a node's namespace (or the host's).
struct PlanEnd {
    std::string node;
    std::string netns;   ///< empty: the host's namespace
    std::string ifname;  ///< the interface's name there
    std::optional<net::MacAddress> mac;
    std::string master;  ///< a host bridge this end joins (an endpoint on a bridge node)
};

struct PlanLink {
    LinkType type = LinkType::kVeth;  ///< kHost is a veth with b on the host
    PlanEnd a;                        ///< kVxlan, kMacvlan: the only end (b unused)
    PlanEnd b;
    uint32_t mtu = 0;  ///< 0: the kernel's default
    // kVxlan: the device is made on the host (its underlay) and born in a's namespace.
    std::string remote;
    uint32_t vni = 0;
    uint16_t udp_port = 0;  ///< 0: 4789
    uint16_t src_port = 0;  ///< 0: the kernel's range
    // kMacvlan: the host interface it sits on, and its mode (bridge by default).
    std::string parent;
    std::string mode;
    /// x-nsctl-netem: set on the egress of each end (a veth's two, a device's one), so that a
    /// delay of 10ms is 10 ms each way.
    std::optional<Netem> netem;
};

struct LabPlan {
    std::string name;
    std::string topology_file;  ///< absolute path, recorded in the state
    uint32_t group = 0;         ///< interface group of every link the lab puts on the host
    std::vector<PlanNode> nodes;
    std::vector<PlanLink> links;

    const PlanNode* node(std::string_view node_name) const;
};

/// The plan of a topology: linux nodes' namespaces named by netns_name(), each link's ends in
/// their namespaces (a bridge node's end on the host, joining it); relative bind sources made
/// absolute against the topology file's directory.
Result<LabPlan> make_plan(const Topology& topology);

/// The lab's interface group: a value derived from its name in 0x6c610000..0x6c61ffff ("la"),
/// so that one RTM_DELLINK removes every host link of the lab and nothing else.
uint32_t lab_group(std::string_view lab);

}  // namespace nsctl::lab
