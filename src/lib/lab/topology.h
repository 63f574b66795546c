// SPDX-License-Identifier: GPL-2.0-or-later
// The topology of `nsctl lab`: a containerlab topology file (*.clab.yml) read into a plain
// model, with defaults, kinds and groups already applied to every node. Only the part of
// containerlab's format that makes sense without a container engine is taken; the rest is
// refused with one line naming the key (docs: containerlab.dev/manual/topo-def-file and
// containerlab.dev/manual/nodes). Nothing here deploys anything.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/link.h"
#include "net/qdisc.h"

namespace nsctl::lab {

/// Ordered key/value pairs, in the order of first appearance (env, labels, sysctls, mgmt).
using StringMap = std::vector<std::pair<std::string, std::string>>;

/// Where something was written: 1-based line and column in the topology file (0 when unknown).
struct SourcePos {
    int line = 0;
    int column = 0;
};

/// The node kinds nsctl lab supports.
enum class NodeKind {
    kLinux,   ///< a network and UTS namespace of its own (clab-<lab>-<node>)
    kBridge,  ///< a Linux bridge in the host's namespace, named as the node
    kHost,    ///< the host itself
};

/// "linux", "bridge", "host".
std::string_view kind_name(NodeKind kind);

/// One level of node settings as written: topology.defaults, an entry of topology.kinds or of
/// topology.groups. Unset fields are empty.
struct NodeSettings {
    std::optional<NodeKind> kind;  ///< topology.defaults and groups only
    std::string group;             ///< topology.defaults only
    std::optional<std::string> image;
    std::vector<std::string> exec;
    std::optional<std::string> cmd;
    StringMap env;
    std::vector<std::string> binds;
    StringMap sysctls;
    StringMap labels;
};

/// A node with defaults -> kind -> group -> node applied (containerlab's precedence, the node
/// most specific). Keys that do not apply to its kind are empty.
struct Node {
    std::string name;
    NodeKind kind = NodeKind::kLinux;
    std::string group;                 ///< empty: none
    std::optional<std::string> image;  ///< linux only: a local rootfs directory (resolved path)
    std::vector<std::string> exec;     ///< linux and host: commands run after the links exist
    std::string cmd;                   ///< linux only: a long-running process; empty: none
    StringMap env;                     ///< linux only
    std::vector<std::string> binds;    ///< linux nodes with image only: "SRC:DST[:OPTIONS]"
    StringMap sysctls;                 ///< linux only
    StringMap labels;
    SourcePos pos;  ///< of the node's key under topology.nodes
};

/// The link types nsctl lab supports (containerlab's extended format names them).
enum class LinkType {
    kVeth,     ///< a veth pair between two nodes (linux or bridge)
    kHost,     ///< a veth pair between a node and the host's namespace
    kMacvlan,  ///< a macvlan interface on a host interface, moved into a node
    kVxlan,    ///< a VXLAN interface to a remote VTEP, in a node
};

/// "veth", "host", "macvlan", "vxlan".
std::string_view link_type_name(LinkType type);

/// One end of a link.
struct Endpoint {
    std::string node;  ///< a node of the topology, or "host" (the host, declared or not)
    NodeKind kind = NodeKind::kLinux;  ///< the kind of that node; kHost for "host"
    std::string interface;             ///< the interface's name there (validated, <= 15 bytes)
    std::optional<net::MacAddress> mac;
    SourcePos pos;
};

/// Impairments of a link (x-nsctl-netem), in the units of containerlab's `tools netem set`:
/// what net::set_impairment applies to each end.
using Netem = net::Impairment;

/// The VXLAN parameters of a kVxlan link.
struct Vxlan {
    std::string remote;         ///< the remote VTEP's IPv4 or IPv6 address
    uint32_t vni = 0;           ///< 1 to 16777215
    uint16_t dst_port = 14789;  ///< containerlab's default (not 4789: firewalls, other overlays)
    std::optional<uint16_t> src_port;
};

/// A link. endpoints: kVeth two nodes; kHost the node, then the host's end (node "host" or a
/// node of kind host); kMacvlan and kVxlan the one node end.
struct Link {
    LinkType type = LinkType::kVeth;
    std::vector<Endpoint> endpoints;
    std::string host_interface;  ///< kMacvlan: the host's parent interface
    std::string macvlan_mode;    ///< kMacvlan: bridge (default), private, vepa, passthru, source
    std::optional<uint32_t> mtu;
    std::optional<Vxlan> vxlan;  ///< kVxlan only
    std::optional<Netem> netem;
    SourcePos pos;  ///< of the link's entry under topology.links
};

/// A whole topology file.
struct Topology {
    std::string file;  ///< the file name given to the parser, for later messages
    std::string name;
    std::optional<std::string> prefix;  ///< absent: "clab"
    StringMap mgmt;                     ///< accepted and recorded; nsctl makes no mgmt network
    NodeSettings defaults;
    std::vector<std::pair<NodeKind, NodeSettings>> kinds;
    std::vector<std::pair<std::string, NodeSettings>> groups;
    std::vector<Node> nodes;  ///< in file order
    std::vector<Link> links;  ///< in file order
};

/// Parses and validates a topology. file_name names the file in messages, and its directory is
/// where a relative image path is looked up. On failure the Error has code 0 and its context is
/// one line: "FILE:LINE:COLUMN: KEY: what is wrong", e.g.
/// `lab.clab.yml:12:13: topology.nodes.r1.kind: unknown kind "srl" (nsctl lab supports linux,
/// bridge, host)`; YAML that does not parse gives FILE:LINE:COLUMN and yaml-cpp's message.
/// ${NAME} and ${NAME:=DEFAULT} are expanded from the environment first (env_expand.h).
/// Reads nothing but the image directories it checks (stat).
Result<Topology> parse_topology(std::string_view yaml_text, std::string_view file_name);

/// Reads the file at path and parses it (parse_topology with path as the file name). A file
/// that cannot be read: its errno and the path.
Result<Topology> load_topology(const std::string& path);

/// The node of that name, or nullptr.
const Node* find_node(const Topology& topology, std::string_view name);

/// The name of a linux node's network namespace in /run/netns, as containerlab names its
/// containers: PREFIX-LAB-NODE with PREFIX "clab" by default, LAB-NODE for the prefix
/// "__lab-name", NODE for an empty prefix.
std::string netns_name(const Topology& topology, std::string_view node);

}  // namespace nsctl::lab
