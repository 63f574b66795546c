// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/deploy.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "lab/deploy_impl.h"
#include "lab/node_ns.h"
#include "net/link.h"
#include "sys/fd.h"

namespace nsctl::lab {
namespace impl {

Result<int> Namespaces::fd(const std::string& netns) {
    auto it = fds_.find(netns);
    if (it != fds_.end()) return it->second.get();
    UniqueFd fd = netns.empty() ? NSCTL_TRY(sys::open("/proc/thread-self/ns/net", O_RDONLY))
                                : NSCTL_TRY(registry_.open(netns));
    int raw = fd.get();
    fds_.emplace(netns, std::move(fd));
    return raw;
}

Result<net::Netlink*> Namespaces::netlink(const std::string& netns) {
    auto it = sockets_.find(netns);
    if (it != sockets_.end()) return it->second.get();
    int nsfd = netns.empty() ? -1 : NSCTL_TRY(fd(netns));
    auto nl = std::make_unique<net::Netlink>(NSCTL_TRY(net::Netlink::open(nsfd)));
    return sockets_.emplace(netns, std::move(nl)).first->second.get();
}

void Namespaces::forget(const std::string& netns) {
    sockets_.erase(netns);
    fds_.erase(netns);
}

}  // namespace impl

namespace {

// What this deploy made, undone in reverse order unless the deploy succeeds.
class Undo {
  public:
    Undo() = default;
    Undo(const Undo&) = delete;
    Undo& operator=(const Undo&) = delete;
    ~Undo() {
        for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) (*it)();
    }
    void add(std::function<void()> step) { steps_.push_back(std::move(step)); }
    void commit() { steps_.clear(); }

  private:
    std::vector<std::function<void()>> steps_;
};

std::string end_name(const PlanEnd& e) { return e.node + ":" + e.ifname; }

bool is_veth(const PlanLink& l) { return l.type == LinkType::kVeth || l.type == LinkType::kHost; }

std::string link_name(const PlanLink& l) {
    return is_veth(l) ? end_name(l.a) + " " + end_name(l.b) : end_name(l.a);
}

class Deployer {
  public:
    Deployer(const LabPlan& plan, const DeployOptions& options, std::optional<LabState> old)
        : plan_(plan), options_(options), ns_(options.paths.netns_dir), old_(std::move(old)) {}

    Result<DeployResult> run();

  private:
    Result<void> choose_group();
    Result<void> make_lab_dir();
    Result<bool> make_node(const PlanNode& node, NodeState* state);
    Result<void> make_bridge(const PlanNode& node);
    Result<void> make_link(const PlanLink& link);
    Result<void> make_veth(const PlanLink& link);
    Result<void> make_device(const PlanLink& link);
    Result<void> impair(const PlanLink& link);
    Result<void> configure(const PlanEnd& end, uint32_t mtu);
    Result<net::VethEnd> veth_end(const PlanEnd& end, uint32_t mtu);

    const LabPlan& plan_;
    const DeployOptions& options_;
    impl::Namespaces ns_;
    std::optional<LabState> old_;
    Undo undo_;
    DeployResult result_;
    std::set<std::string> fresh_;              ///< namespaces this run made (no links in them yet)
    std::map<std::string, int> bridge_index_;  ///< host bridges' indexes, looked up once
    std::vector<PlanNode> late_sysctls_;       ///< sysctls of interfaces, written after the links
};

Result<void> Deployer::choose_group() {
    if (old_) {
        result_.state.group = old_->group;
        return {};
    }
    uint32_t group = lab_group(plan_.name);
    auto labs = NSCTL_TRY(deployed_labs(options_.paths));
    for (bool taken = true; taken;) {
        taken = false;
        for (const auto& lab : labs) {
            auto other = load_state(options_.paths, lab);
            if (other && *other && (*other)->group == group) taken = true;
        }
        if (taken) group = 0x6c610000u | ((group + 1) & 0xffffu);
    }
    result_.state.group = group;
    return {};
}

// STATE_DIR/LAB, for the UTS files and state.json; removed again if this deploy fails.
Result<void> Deployer::make_lab_dir() {
    NSCTL_TRY(make_state_dir(options_.paths));
    std::string dir = options_.paths.lab_dir(plan_.name);
    auto made = sys::mkdir(dir.c_str(), 0700);
    if (!made && made.error().code != EEXIST) return made.error();
    if (made) undo_.add([dir] { (void)sys::rmdir(dir.c_str()); });
    return {};
}

// A linux node's namespaces; false when they were there (this lab's, from an earlier deploy).
Result<bool> Deployer::make_node(const PlanNode& node, NodeState* state) {
    const NodeState* before = old_ ? old_->node(node.name) : nullptr;
    std::string ns_file = ns_.registry().path(node.netns);
    if (before && !before->netns.empty() && sys::path_exists(ns_file.c_str())) {
        *state = *before;
        state->labels = node.labels;
        return false;
    }
    auto added = ns_.registry().add(node.netns);
    if (!added) {
        if (added.error().code == EEXIST)
            return Error{EEXIST, node.name + ": the network namespace " + node.netns +
                                     " exists and is not this lab's"};
        return Error{added.error().code, node.name + ": netns add " + node.netns};
    }
    undo_.add([this, netns = node.netns] {
        ns_.forget(netns);
        (void)ns_.registry().remove(netns);
    });
    result_.made_namespaces++;
    fresh_.insert(node.netns);
    if (!node.image.empty()) return true;  // the sandbox has a UTS namespace of its own
    std::string uts = options_.paths.uts_file(plan_.name, node.name);
    (void)remove_uts(uts);  // one a failed earlier deploy may have left
    auto made = make_uts(uts, node.name);
    if (!made)
        return Error{made.error().code, node.name + ": UTS namespace: " + made.error().context};
    undo_.add([uts] { (void)remove_uts(uts); });
    state->uts = true;
    return true;
}

Result<void> Deployer::make_bridge(const PlanNode& node) {
    net::Netlink* host = NSCTL_TRY(ns_.netlink(""));
    if (net::link_index(*host, node.name)) return {};  // there already: used, never removed
    auto added = net::add_link(*host, node.name, "bridge", result_.state.group);
    if (!added) return Error{added.error().code, node.name + ": bridge: " + added.error().context};
    undo_.add([this, name = node.name] {
        if (auto nl = ns_.netlink("")) (void)net::del_link(**nl, name);
    });
    result_.state.bridges_made.push_back(node.name);
    result_.made_bridges++;
    net::LinkChange up;
    up.up = true;
    auto set = net::set_link(*host, node.name, up);
    if (!set) return Error{set.error().code, node.name + ": bridge up"};
    return {};
}

Result<void> Deployer::configure(const PlanEnd& end, uint32_t mtu) {
    net::Netlink* nl = NSCTL_TRY(ns_.netlink(end.netns));
    net::LinkChange change;
    change.up = true;
    if (mtu) change.mtu = mtu;
    if (end.mac) change.address = end.mac;
    if (!end.master.empty()) change.master = end.master;
    auto set = net::set_link(*nl, end.ifname, change);
    if (!set) return Error{set.error().code, end_name(end) + ": " + set.error().context};
    return {};
}

// What an end is made with: up, its MTU and MAC address, and the bridge it joins.
Result<net::VethEnd> Deployer::veth_end(const PlanEnd& end, uint32_t mtu) {
    net::VethEnd e;
    e.up = true;
    e.mtu = mtu;
    e.address = end.mac;
    if (!end.master.empty()) {
        auto it = bridge_index_.find(end.master);
        if (it == bridge_index_.end()) {
            net::Netlink* nl = NSCTL_TRY(ns_.netlink(end.netns));
            auto index = net::link_index(*nl, end.master);
            if (!index) return Error{index.error().code, end_name(end) + ": bridge " + end.master};
            it = bridge_index_.emplace(end.master, *index).first;
        }
        e.master = it->second;
    }
    return e;
}

// A veth pair, the peer born in its namespace, both ends up, with their MTU, addresses and
// bridge, in one request; a host end is the one created by name, so that it joins the lab's
// interface group (a peer does not). A namespace this run made has no link yet: nothing to look
// up there.
Result<void> Deployer::make_veth(const PlanLink& link) {
    const PlanEnd* a = &link.a;
    const PlanEnd* b = &link.b;
    if (b->netns.empty() && !a->netns.empty()) std::swap(a, b);  // the host's end first
    net::Netlink* nl = NSCTL_TRY(ns_.netlink(a->netns));
    net::Netlink* peer_nl = NSCTL_TRY(ns_.netlink(b->netns));
    if (!fresh_.count(a->netns) && !fresh_.count(b->netns)) {
        bool a_there = static_cast<bool>(net::link_index(*nl, a->ifname));
        bool b_there = static_cast<bool>(net::link_index(*peer_nl, b->ifname));
        if (a_there && b_there) return {};  // an earlier deploy's
        if (a_there || b_there) {
            const PlanEnd* there = a_there ? a : b;
            return Error{EEXIST, "link " + link_name(link) + ": " + end_name(*there) +
                                     " exists already (and its peer does not)"};
        }
    }
    int peer_fd = NSCTL_TRY(ns_.fd(b->netns));
    uint32_t group = a->netns.empty() ? result_.state.group : 0;
    net::VethEnd a_end = NSCTL_TRY(veth_end(*a, link.mtu));
    net::VethEnd b_end = NSCTL_TRY(veth_end(*b, link.mtu));
    // The kernel takes neither a master nor IFF_UP for the peer: a second request sets them.
    b_end.master = 0;
    auto added = net::add_veth(*nl, a->ifname, b->ifname, peer_fd, group, a_end, b_end);
    if (!added)
        return Error{added.error().code, "link " + link_name(link) + ": " + added.error().context};
    undo_.add([this, netns = a->netns, name = a->ifname] {
        if (auto sock = ns_.netlink(netns)) (void)net::del_link(**sock, name);
    });
    result_.made_links++;
    net::LinkChange up;
    up.up = true;
    if (!b->master.empty()) up.master = b->master;
    auto set = net::set_link(*peer_nl, b->ifname, up);
    if (!set) return Error{set.error().code, end_name(*b) + ": " + set.error().context};
    return {};
}

// A vxlan or macvlan device, made from the host's namespace (a vxlan's UDP socket, a macvlan's
// parent are there) and born in its node's.
Result<void> Deployer::make_device(const PlanLink& link) {
    const PlanEnd& a = link.a;
    net::Netlink* node_nl = NSCTL_TRY(ns_.netlink(a.netns));
    if (net::link_index(*node_nl, a.ifname)) return {};  // an earlier deploy's
    net::Netlink* host = NSCTL_TRY(ns_.netlink(""));
    int nsfd = a.netns.empty() ? -1 : NSCTL_TRY(ns_.fd(a.netns));
    uint32_t group = a.netns.empty() ? result_.state.group : 0;
    Result<void> added;
    if (link.type == LinkType::kVxlan) {
        net::VxlanSpec spec;
        spec.vni = link.vni;
        spec.remote = link.remote;
        spec.dst_port = link.udp_port ? link.udp_port : 4789;
        spec.src_port = link.src_port;
        added = net::add_vxlan(*host, a.ifname, spec, nsfd, group);
    } else {
        added = net::add_macvlan(*host, a.ifname, link.parent,
                                 link.mode.empty() ? "bridge" : link.mode, nsfd);
    }
    if (!added)
        return Error{added.error().code, "link " + link_name(link) + ": " + added.error().context};
    undo_.add([this, netns = a.netns, name = a.ifname] {
        if (auto sock = ns_.netlink(netns)) (void)net::del_link(**sock, name);
    });
    result_.made_links++;
    return configure(a, link.mtu);
}

// x-nsctl-netem on the egress of each end; a redeploy sets it again (a replace: the same
// qdisc is changed in place).
Result<void> Deployer::impair(const PlanLink& link) {
    std::vector<const PlanEnd*> ends{&link.a};
    if (is_veth(link)) ends.push_back(&link.b);
    for (const PlanEnd* end : ends) {
        net::Netlink* nl = NSCTL_TRY(ns_.netlink(end->netns));
        auto set = net::set_impairment(*nl, end->ifname, *link.netem);
        if (!set)
            return Error{set.error().code, "link " + link_name(link) + ": x-nsctl-netem: node " +
                                               end->node + ": " + set.error().context};
    }
    return {};
}

Result<void> Deployer::make_link(const PlanLink& link) {
    NSCTL_TRY(is_veth(link) ? make_veth(link) : make_device(link));
    if (link.netem) NSCTL_TRY(impair(link));
    return {};
}

Result<DeployResult> Deployer::run() {
    if (old_ && old_->topology_file != plan_.topology_file)
        return Error{EEXIST, "lab '" + plan_.name + "' is deployed from " + old_->topology_file +
                                 " (nsctl lab destroy --name " + plan_.name + " first)"};
    NSCTL_TRY(choose_group());
    NSCTL_TRY(make_lab_dir());
    LabState& state = result_.state;
    state.name = plan_.name;
    state.topology_file = plan_.topology_file;
    state.host_netns = current_netns();
    if (old_ && !old_->host_netns.empty() && old_->host_netns != state.host_netns)
        return Error{0, "lab '" + plan_.name + "' was deployed from the network namespace " +
                            old_->host_netns + ", not this one (" + state.host_netns + ")"};
    std::vector<const PlanNode*> made;
    for (const PlanNode& node : plan_.nodes) {
        NodeState ns;
        ns.name = node.name;
        ns.kind = node.kind;
        ns.netns = node.netns;
        ns.labels = node.labels;
        if (node.kind == NodeKind::kLinux && NSCTL_TRY(make_node(node, &ns))) {
            // Before the links come up (net.ipv6.conf.all.disable_ipv6 must precede them); an
            // interface's own keys once it exists.
            StringMap later;
            NSCTL_TRY(impl::write_sysctls(node, ns_, &later));
            if (!later.empty()) {
                PlanNode rest;
                rest.name = node.name;
                rest.netns = node.netns;
                rest.sysctls = std::move(later);
                late_sysctls_.push_back(std::move(rest));
            }
            made.push_back(&node);
        }
        if (node.kind == NodeKind::kBridge) NSCTL_TRY(make_bridge(node));
        if (node.kind == NodeKind::kHost && !old_) made.push_back(&node);
        state.nodes.push_back(std::move(ns));
    }
    if (old_) {
        // What an earlier deploy made stays this lab's, in the file or not: destroy removes it.
        for (const auto& br : old_->bridges_made) {
            auto& made_now = state.bridges_made;
            if (std::find(made_now.begin(), made_now.end(), br) == made_now.end())
                made_now.push_back(br);
        }
        for (const auto& node : old_->nodes)
            if (!plan_.node(node.name)) state.nodes.push_back(node);
    }
    for (const PlanLink& link : plan_.links) {
        NSCTL_TRY(make_link(link));
        state.links.push_back(link_name(link));
    }
    for (const PlanNode& rest : late_sysctls_) NSCTL_TRY(impl::write_sysctls(rest, ns_));
    for (const PlanNode* node : made) {
        NodeState* ns = state.node(node->name);
        if (!node->image.empty()) {
            NSCTL_TRY(impl::start_sandbox(*node, options_.paths));
            undo_.add([name = node->netns, paths = options_.paths] {
                (void)impl::remove_sandbox(name, paths);
            });
            ns->sandbox = node->netns;
        }
        NSCTL_TRY(impl::setup_node(*node, plan_, options_, ns_, &ns->cmd_pid, &ns->cmd_starttime));
        if (ns->cmd_pid > 0)
            undo_.add([pid = ns->cmd_pid, st = ns->cmd_starttime] { impl::stop_cmd(pid, st); });
    }
    NSCTL_TRY(save_state(options_.paths, state));
    undo_.commit();
    return std::move(result_);
}

}  // namespace

Result<DeployResult> deploy(const LabPlan& plan, const DeployOptions& options) {
    auto old = NSCTL_TRY(load_state(options.paths, plan.name));
    Deployer d(plan, options, std::move(old));
    return d.run();
}

}  // namespace nsctl::lab
