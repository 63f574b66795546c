// SPDX-License-Identifier: GPL-2.0-or-later
// A topology (topology.h) resolved into what deploy makes (plan.h): namespace names, which end
// of each link lives in which namespace, host ends on bridges.
#include <climits>
#include <cstdlib>

#include "lab/plan.h"

namespace nsctl::lab {
namespace {

PlanEnd end_of(const Topology& t, const Endpoint& e) {
    PlanEnd end;
    end.node = e.node;
    end.ifname = e.interface;
    end.mac = e.mac;
    if (e.kind == NodeKind::kLinux) end.netns = netns_name(t, e.node);
    if (e.kind == NodeKind::kBridge) end.master = e.node;  // the host's end, on the bridge
    return end;
}

// The topology file's absolute path: the state names it, and a second deploy from another
// directory must find the same lab.
std::string absolute(const std::string& file) {
    char buf[PATH_MAX];
    if (realpath(file.c_str(), buf)) return buf;
    return file;
}

std::string dir_of(const std::string& file) {
    size_t slash = file.rfind('/');
    return slash == std::string::npos ? "." : file.substr(0, slash);
}

}  // namespace

Result<LabPlan> make_plan(const Topology& t) {
    LabPlan plan;
    plan.name = t.name;
    plan.topology_file = absolute(t.file);
    plan.group = lab_group(t.name);
    for (const Node& n : t.nodes) {
        PlanNode p;
        p.name = n.name;
        p.kind = n.kind;
        if (n.kind == NodeKind::kLinux) p.netns = netns_name(t, n.name);
        p.exec = n.exec;
        p.cmd = n.cmd;
        p.env = n.env;
        p.sysctls = n.sysctls;
        p.labels = n.labels;
        if (n.image) p.image = *n.image;
        for (const std::string& b : n.binds)
            p.binds.push_back(b.front() == '/' ? b : dir_of(plan.topology_file) + "/" + b);
        plan.nodes.push_back(std::move(p));
    }
    for (const Link& l : t.links) {
        PlanLink p;
        p.type = l.type;
        p.mtu = l.mtu.value_or(0);
        if (!l.endpoints.empty()) p.a = end_of(t, l.endpoints[0]);
        if (l.endpoints.size() > 1) p.b = end_of(t, l.endpoints[1]);
        p.parent = l.host_interface;
        p.mode = l.macvlan_mode;
        if (l.vxlan) {
            p.remote = l.vxlan->remote;
            p.vni = l.vxlan->vni;
            p.udp_port = l.vxlan->dst_port;
            p.src_port = l.vxlan->src_port.value_or(0);
        }
        p.netem = l.netem;
        plan.links.push_back(std::move(p));
    }
    return plan;
}

}  // namespace nsctl::lab
