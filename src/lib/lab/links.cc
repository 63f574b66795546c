// SPDX-License-Identifier: GPL-2.0-or-later
// topology.links in containerlab's two forms (containerlab.dev/manual/topo-def-file#links):
// brief, `endpoints: ["a:eth1", "b:eth1"]`, and extended, with `type:` and, by type, two
// `endpoints:` objects (veth) or one `endpoint:` (host, macvlan, vxlan). A brief link with an
// end on the host becomes a host link, one with a "macvlan:IF" end a macvlan link, as
// containerlab turns them into those types.
#include <algorithm>
#include <array>

#include "base/parse.h"
#include "lab/link_parse.h"

namespace nsctl::lab::detail {
namespace {

// ETH_MIN_MTU and ETH_MAX_MTU: what the kernel takes for a veth (and IPv4's minimum).
constexpr uint64_t kMinMtu = 68;
constexpr uint64_t kMaxMtu = 65535;
constexpr uint64_t kMaxVni = 16777215;  // 24 bits

// The keys of each form besides type, vars and labels (both metadata for containerlab's
// templates, taken and not used) and x-nsctl-netem.
struct Form {
    std::string_view type;
    std::string_view keys;  // blank-separated
};
constexpr std::array kForms{
    Form{"", "endpoints mtu"},
    Form{"veth", "endpoints mtu"},
    Form{"host", "endpoint host-interface mtu"},
    Form{"macvlan", "endpoint host-interface mode mtu"},
    Form{"vxlan", "endpoint remote vni dst-port udp-port src-port mtu"},
};
constexpr std::string_view kMacvlanModes[] = {"bridge", "private", "vepa", "passthru", "source"};

bool takes(const Form& form, std::string_view key) {
    if (key == "type" || key == "vars" || key == "labels" || key == "x-nsctl-netem") return true;
    for (auto word : split(form.keys, ' ')) {
        if (word == key) return true;
    }
    return false;
}

std::string keys_of(const Form& form) {
    std::string keys(form.type.empty() ? "" : "type, ");
    for (auto word : split(form.keys, ' ')) keys += std::string(word) + ", ";
    return keys + "x-nsctl-netem";
}

// A link's form and the values of its keys, by name, once each key is known to the form.
struct Fields {
    const Form* form = nullptr;
    std::vector<Entry> entries;
    const YAML::Node* get(std::string_view key) const {
        for (const auto& e : entries) {
            if (e.key == key) return &e.value;
        }
        return nullptr;
    }
};

Result<const Form*> link_form(const YamlReader& r, const std::vector<Entry>& entries,
                              const std::string& path) {
    for (const auto& e : entries) {
        if (e.key != "type") continue;
        std::string type = NSCTL_TRY(r.scalar(e.value, child_path(path, "type")));
        for (const auto& f : kForms) {
            if (!f.type.empty() && f.type == type) return &f;
        }
        std::string p = child_path(path, "type");
        if (type == "mgmt-net") {
            return r.error(e.value, p,
                           "not supported: mgmt-net needs a management network "
                           "(nsctl lab makes none)");
        }
        std::string what = type == "veth-stitch" || type == "vxlan-stitch" || type == "dummy"
                               ? "not supported: link type " + dq(type)
                               : "unknown link type " + dq(type);
        return r.error(e.value, p, what + " (nsctl lab supports veth, host, macvlan, vxlan)");
    }
    return &kForms[0];
}

Result<Fields> link_fields(const YamlReader& r, const YAML::Node& item, const std::string& path) {
    Fields fields;
    fields.entries = NSCTL_TRY(r.entries(item, path));
    fields.form = NSCTL_TRY(link_form(r, fields.entries, path));
    const Form* form = fields.form;
    for (const auto& e : fields.entries) {
        std::string p = child_path(path, e.key);
        if (takes(*form, e.key) || is_foreign_extension(e.key)) continue;
        if (e.key == "ipv4" || e.key == "ipv6") {
            return r.error(e.key_node, p,
                           "not supported: containerlab sets addresses on network OS nodes "
                           "only; on a linux node, add it with exec (ip address add ...)");
        }
        std::string kind =
            form->type.empty() ? "a brief link" : "a " + std::string(form->type) + " link";
        return r.error(e.key_node, p, "unknown key (" + kind + " takes " + keys_of(*form) + ")");
    }
    return fields;
}

// A link as it is built, with the key path of each end for messages.
struct Built {
    Link link;
    std::vector<std::string> paths;

    void add(Endpoint end, std::string path) {
        link.endpoints.push_back(std::move(end));
        paths.push_back(std::move(path));
    }
};

// The two ends of a brief link: a veth, or a macvlan when one end is "macvlan:IF".
Result<void> brief_link(const EndpointReader& ends, const YamlReader& r, const YAML::Node& list,
                        const std::string& path, Built& b) {
    if (!list.IsSequence() || list.size() != 2) {
        return r.error(list, path, "a link has two endpoints: [\"NODE:INTERFACE\", ...]");
    }
    std::array<BriefEnd, 2> end;
    for (size_t i = 0; i < 2; ++i) end[i] = NSCTL_TRY(ends.brief(list[i], index_path(path, i)));
    if (end[0].macvlan && end[1].macvlan) {
        return r.error(list, path, "both ends are on the host: a link needs a node at one end");
    }
    if (!end[0].macvlan && !end[1].macvlan) {
        for (size_t i = 0; i < 2; ++i) b.add(end[i].endpoint, index_path(path, i));
        return {};
    }
    size_t parent = end[0].macvlan ? 0 : 1;
    b.link.type = LinkType::kMacvlan;
    b.link.host_interface = end[parent].endpoint.interface;
    b.link.macvlan_mode = "bridge";
    b.add(end[1 - parent].endpoint, index_path(path, 1 - parent));
    return {};
}

Result<void> veth_link(const EndpointReader& ends, const YamlReader& r, const Fields& f,
                       const YAML::Node& item, const std::string& path, Built& b) {
    const YAML::Node* list = f.get("endpoints");
    std::string p = child_path(path, "endpoints");
    if (!list) return r.error(item, p, "missing");
    if (!list->IsSequence() || list->size() != 2) {
        return r.error(*list, p, "a veth link has two endpoints: {node, interface}");
    }
    for (size_t i = 0; i < 2; ++i) {
        b.add(NSCTL_TRY(ends.object((*list)[i], index_path(p, i))), index_path(p, i));
    }
    return {};
}

Result<void> macvlan_mode(const YamlReader& r, const Fields& f, const std::string& path,
                          Link& link) {
    link.macvlan_mode = "bridge";
    const YAML::Node* mode = f.get("mode");
    if (!mode) return {};
    std::string p = child_path(path, "mode");
    link.macvlan_mode = NSCTL_TRY(r.scalar(*mode, p));
    auto* known = std::find(std::begin(kMacvlanModes), std::end(kMacvlanModes), link.macvlan_mode);
    if (known != std::end(kMacvlanModes)) return {};
    return r.error(*mode, p,
                   "unknown macvlan mode " + dq(link.macvlan_mode) +
                       " (bridge, private, vepa, passthru, source)");
}

Result<Vxlan> vxlan_fields(const YamlReader& r, const Fields& f, const YAML::Node& item,
                           const std::string& path) {
    Vxlan v;
    const YAML::Node* remote = f.get("remote");
    if (!remote) {
        return r.error(item, child_path(path, "remote"),
                       "missing: a vxlan link needs the remote VTEP's address");
    }
    v.remote = NSCTL_TRY(parse_remote(r, *remote, child_path(path, "remote")));
    const YAML::Node* vni = f.get("vni");
    if (!vni) return r.error(item, child_path(path, "vni"), "missing: a vxlan link needs a vni");
    v.vni = NSCTL_TRY(r.number(*vni, child_path(path, "vni"), 1, kMaxVni, "vni"));
    // udp-port is dst-port's older name; dst-port wins (as in containerlab's link_vxlan.go).
    for (std::string_view key : {"udp-port", "dst-port"}) {
        if (const YAML::Node* port = f.get(key)) {
            v.dst_port = NSCTL_TRY(r.number(*port, child_path(path, key), 1, 65535, key));
        }
    }
    if (const YAML::Node* port = f.get("src-port")) {
        v.src_port = NSCTL_TRY(r.number(*port, child_path(path, "src-port"), 1, 65535, "src-port"));
    }
    return v;
}

// host, macvlan and vxlan: one endpoint, and the values of the type.
Result<void> single_end_link(const EndpointReader& ends, const YamlReader& r, const Fields& f,
                             const YAML::Node& item, const std::string& path, const Form& form,
                             Built& b) {
    const YAML::Node* end = f.get("endpoint");
    std::string p = child_path(path, "endpoint");
    if (!end) return r.error(item, p, "missing");
    b.add(NSCTL_TRY(ends.object(*end, p)), p);
    if (form.type == "vxlan") {
        b.link.type = LinkType::kVxlan;
        b.link.vxlan = NSCTL_TRY(vxlan_fields(r, f, item, path));
        return {};
    }
    const YAML::Node* parent = f.get("host-interface");
    p = child_path(path, "host-interface");
    if (!parent) return r.error(item, p, "missing");
    auto host = NSCTL_TRY(ends.host_end(*parent, p));
    if (form.type == "host") {
        b.link.type = LinkType::kHost;
        b.add(std::move(host), p);
        return {};
    }
    b.link.type = LinkType::kMacvlan;
    b.link.host_interface = host.interface;
    return macvlan_mode(r, f, path, b.link);
}

// Where the ends may be. A veth with an end on the host is a host link, the node's end first
// (containerlab makes "host:IF" ends host links too).
Result<void> settle(const YamlReader& r, const YAML::Node& item, const std::string& path,
                    Built& b) {
    auto& ends = b.link.endpoints;
    auto on_host = [](const Endpoint& e) { return e.kind == NodeKind::kHost; };
    if (b.link.type == LinkType::kVeth) {
        if (on_host(ends[0]) && on_host(ends[1])) {
            return r.error(item, path, "both ends are on the host: a link needs a node at one end");
        }
        if (on_host(ends[0])) {
            std::swap(ends[0], ends[1]);
            std::swap(b.paths[0], b.paths[1]);
        }
        if (on_host(ends[1])) b.link.type = LinkType::kHost;
        return {};
    }
    const Endpoint& end = ends[0];
    if (b.link.type == LinkType::kHost && on_host(end)) {
        return r.error(end.pos, b.paths[0],
                       "a host link's endpoint is a linux or bridge node (host-interface is the "
                       "host's end)");
    }
    if (b.link.type == LinkType::kMacvlan && end.kind != NodeKind::kLinux) {
        return r.error(end.pos, b.paths[0],
                       "a macvlan link's endpoint is a linux node (" + end.node + " is a " +
                           std::string(kind_name(end.kind)) + " node)");
    }
    return {};
}

}  // namespace

Result<void> parse_links(const ParseContext& ctx, const YAML::Node& links, const NodeIndex& nodes,
                         Topology& topology) {
    const auto& r = ctx.reader;
    if (!links.IsNull() && !links.IsSequence()) {
        return r.error(links, "topology.links", "expected a sequence of links");
    }
    EndpointReader ends(ctx, nodes, topology);
    size_t i = 0;
    for (const auto& item : links) {
        std::string path = index_path("topology.links", i++);
        Fields f = NSCTL_TRY(link_fields(r, item, path));
        const Form* form = f.form;
        Built b;
        b.link.pos = position(item);
        if (form->type.empty()) {
            const YAML::Node* list = f.get("endpoints");
            std::string p = child_path(path, "endpoints");
            if (!list) return r.error(item, p, "missing");
            NSCTL_TRY(brief_link(ends, r, *list, p, b));
        } else if (form->type == "veth") {
            NSCTL_TRY(veth_link(ends, r, f, item, path, b));
        } else {
            NSCTL_TRY(single_end_link(ends, r, f, item, path, *form, b));
        }
        NSCTL_TRY(settle(r, item, path, b));
        if (const YAML::Node* mtu = f.get("mtu")) {
            b.link.mtu =
                NSCTL_TRY(r.number(*mtu, child_path(path, "mtu"), kMinMtu, kMaxMtu, "mtu"));
        }
        if (const YAML::Node* netem = f.get("x-nsctl-netem")) {
            b.link.netem = NSCTL_TRY(parse_netem(r, *netem, child_path(path, "x-nsctl-netem")));
        }
        for (size_t e = 0; e < b.link.endpoints.size(); ++e) {
            NSCTL_TRY(ends.claim(b.link.endpoints[e], b.paths[e]));
        }
        topology.links.push_back(std::move(b.link));
    }
    return {};
}

}  // namespace nsctl::lab::detail
