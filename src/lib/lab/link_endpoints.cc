// SPDX-License-Identifier: GPL-2.0-or-later
// The ends of links. A brief end is "NODE:INTERFACE", split at the first ':' (an interface
// name cannot hold one). containerlab keeps node names for the host in endpoints
// (containerlab.dev/manual/network: "host:IF" is a veth end in the host's namespace,
// "macvlan:IF" a macvlan on the host's IF, "mgmt-net:IF" a port of the management network).
#include "base/parse.h"
#include "lab/link_parse.h"

namespace nsctl::lab::detail {
namespace {

std::string where(SourcePos at) {
    return std::to_string(at.line) + ":" + std::to_string(at.column);
}

}  // namespace

EndpointReader::EndpointReader(const ParseContext& ctx, const NodeIndex& nodes,
                               const Topology& topology)
    : ctx_(ctx), nodes_(nodes) {
    // A bridge is itself an interface of the host's namespace.
    for (const auto& n : topology.nodes) {
        if (n.kind == NodeKind::kBridge) used_.emplace(std::string(1, '\0') + n.name, n.pos);
    }
}

Result<NodeKind> EndpointReader::node_kind(const YAML::Node& at, const std::string& path,
                                           const std::string& node) const {
    auto it = nodes_.find(node);
    if (it != nodes_.end()) return it->second;
    if (node == "host") return NodeKind::kHost;  // the host needs no node of its own
    return ctx_.reader.error(at, path, "no node " + dq(node) + " in topology.nodes");
}

Result<void> EndpointReader::check_interface(const YAML::Node& at, const std::string& path,
                                             const std::string& name) const {
    auto ok = net::validate_ifname(name);
    if (!ok) return ctx_.reader.error(at, path, ok.error().context);
    return {};
}

Result<BriefEnd> EndpointReader::brief(const YAML::Node& item, const std::string& path) const {
    const auto& r = ctx_.reader;
    std::string text = NSCTL_TRY(r.scalar(item, path));
    size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        return r.error(item, path, "malformed endpoint " + dq(text) + " (want NODE:INTERFACE)");
    }
    BriefEnd end;
    end.endpoint.node = text.substr(0, colon);
    end.endpoint.interface = text.substr(colon + 1);
    end.endpoint.pos = position(item);
    if (end.endpoint.node == "mgmt-net") {
        return r.error(item, path,
                       "not supported: mgmt-net needs a management network (nsctl "
                       "lab makes none)");
    }
    NSCTL_TRY(check_interface(item, path, end.endpoint.interface));
    if (end.endpoint.node == "macvlan") {  // no node may be named so
        end.macvlan = true;
        end.endpoint.kind = NodeKind::kHost;
        return end;
    }
    end.endpoint.kind = NSCTL_TRY(node_kind(item, path, end.endpoint.node));
    return end;
}

Result<Endpoint> EndpointReader::object(const YAML::Node& map, const std::string& path) const {
    const auto& r = ctx_.reader;
    Endpoint end;
    end.pos = position(map);
    std::optional<YAML::Node> node, interface;
    for (const auto& e : NSCTL_TRY(r.entries(map, path))) {
        std::string p = child_path(path, e.key);
        if (e.key == "node") {
            node = e.value;
            end.node = NSCTL_TRY(r.scalar(e.value, p));
        } else if (e.key == "interface") {
            interface = e.value;
            end.interface = NSCTL_TRY(r.scalar(e.value, p));
        } else if (e.key == "mac") {
            end.mac = NSCTL_TRY(parse_endpoint_mac(r, e.value, p));
        } else if (e.key == "ipv4" || e.key == "ipv6") {
            return r.error(e.key_node, p,
                           "not supported: containerlab sets addresses on network OS nodes only; "
                           "on a linux node, add it with exec (ip address add ...)");
        } else if (e.key != "vars" && !is_foreign_extension(e.key)) {
            return r.error(e.key_node, p, "unknown key (an endpoint takes node, interface, mac)");
        }
    }
    if (!node) return r.error(map, child_path(path, "node"), "missing");
    if (!interface) return r.error(map, child_path(path, "interface"), "missing");
    end.kind = NSCTL_TRY(node_kind(*node, child_path(path, "node"), end.node));
    NSCTL_TRY(check_interface(*interface, child_path(path, "interface"), end.interface));
    return end;
}

Result<Endpoint> EndpointReader::host_end(const YAML::Node& value, const std::string& path) const {
    Endpoint end;
    end.node = "host";
    end.kind = NodeKind::kHost;
    end.interface = NSCTL_TRY(ctx_.reader.scalar(value, path));
    end.pos = position(value);
    NSCTL_TRY(check_interface(value, path, end.interface));
    return end;
}

Result<void> EndpointReader::claim(const Endpoint& end, const std::string& path) {
    bool own_namespace = end.kind == NodeKind::kLinux;
    std::string key = (own_namespace ? end.node : "") + '\0' + end.interface;
    auto [it, added] = used_.emplace(key, end.pos);
    if (added) return {};
    std::string name = end.node + ":" + end.interface;
    if (own_namespace) {
        return ctx_.reader.error(end.pos, path,
                                 name + " is used twice (first at " + where(it->second) + ")");
    }
    return ctx_.reader.error(end.pos, path,
                             name + ": the host's namespace has an interface " + dq(end.interface) +
                                 " of the lab already (at " + where(it->second) + ")");
}

}  // namespace nsctl::lab::detail
