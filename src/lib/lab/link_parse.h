// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to src/lib/lab: the parts of a link (containerlab.dev/manual/topo-def-file#links):
// its ends (link_endpoints.cc) and its values (link_values.cc); links.cc puts them together.
#pragma once

#include <string>
#include <unordered_map>

#include "lab/parse_impl.h"

namespace nsctl::lab::detail {

/// One end of a brief link ("NODE:INTERFACE") as written, before the link's type is known.
struct BriefEnd {
    Endpoint endpoint;
    bool macvlan = false;  ///< "macvlan:IF": the host interface IF is a macvlan's parent
};

/// Reads the ends of links and checks each against the nodes and against the interfaces the
/// links before it make: no two interfaces of one name in one namespace (a linux node's own,
/// or the host's, where bridge ports, host ends and the bridges themselves are).
class EndpointReader {
  public:
    EndpointReader(const ParseContext& ctx, const NodeIndex& nodes, const Topology& topology);

    /// "NODE:INTERFACE"; NODE a node, "host", or "macvlan" (a macvlan's parent interface).
    Result<BriefEnd> brief(const YAML::Node& item, const std::string& path) const;

    /// {node, interface, mac} of the extended form.
    Result<Endpoint> object(const YAML::Node& map, const std::string& path) const;

    /// The host's end of a host link: its host-interface.
    Result<Endpoint> host_end(const YAML::Node& value, const std::string& path) const;

    /// Records the interface an end makes; an error when its namespace has it already.
    Result<void> claim(const Endpoint& end, const std::string& path);

  private:
    Result<NodeKind> node_kind(const YAML::Node& at, const std::string& path,
                               const std::string& node) const;
    Result<void> check_interface(const YAML::Node& at, const std::string& path,
                                 const std::string& name) const;

    const ParseContext& ctx_;
    const NodeIndex& nodes_;
    std::unordered_map<std::string, SourcePos> used_;  // "NODE\0IF", "\0IF" on the host
};

/// x-nsctl-netem: {delay, jitter, loss, rate}.
Result<Netem> parse_netem(const YamlReader& r, const YAML::Node& value, const std::string& path);

/// A MAC address an interface can have (unicast, not zero).
Result<net::MacAddress> parse_endpoint_mac(const YamlReader& r, const YAML::Node& value,
                                           const std::string& path);

/// A VXLAN remote: an IPv4 or IPv6 address.
Result<std::string> parse_remote(const YamlReader& r, const YAML::Node& value,
                                 const std::string& path);

}  // namespace nsctl::lab::detail
