// SPDX-License-Identifier: GPL-2.0-or-later
// A veth sandbox's network, as the quick reference's "Configure Network Namespace" and "Enable
// Internet Access" do it by hand, through src/lib/net: the pair (its sandbox side born in the
// sandbox's namespace: no move), addresses, links up, a default route, NAT for the block.
#include "sandbox/network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string_view>
#include <utility>

#include "base/parse.h"
#include "net/addr.h"
#include "net/link.h"
#include "net/nat.h"
#include "net/netlink.h"
#include "net/publish.h"
#include "ns/procfs.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/process.h"
#include "sys/sockets.h"

namespace nsctl::sandbox {
namespace {

constexpr const char* kSandboxIf = "eth0";

std::string dotted(uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

uint32_t ipv4_of(const net::Prefix& p) {
    return (uint32_t{p.bytes[0]} << 24) | (uint32_t{p.bytes[1]} << 16) |
           (uint32_t{p.bytes[2]} << 8) | p.bytes[3];
}

uint32_t mask_of(int len) { return len <= 0 ? 0 : len >= 32 ? ~0u : ~(~0u >> len); }

net::Prefix prefix(uint32_t address, int len) {
    return *net::parse_prefix(dotted(address) + "/" + std::to_string(len));
}

// A lease: "PID STARTTIME HOST_INTERFACE NAT_SUBNET".
struct Lease {
    pid_t pid = 0;
    std::string start, host_if, nat_subnet;
};

std::optional<Lease> parse_lease(std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    auto words = split(text, ' ');
    if (words.size() != 4) return std::nullopt;
    auto pid = parse_pid(words[0]);
    if (!pid) return std::nullopt;
    return Lease{*pid, std::string(words[1]), std::string(words[2]), std::string(words[3])};
}

// What a lease's owner made: its link (the peer goes with it), NAT rule and forwards.
void take_back(const std::string& host_if, const std::string& nat_subnet) {
    (void)net::publish_remove(host_if);
    if (auto subnet = net::parse_ipv4_subnet(nat_subnet)) (void)net::nat_disable(*subnet);
    if (auto host = net::Netlink::open()) (void)net::del_link(*host, host_if);
}

// The directory's leases whose owner is gone, taken back; returns the live ones' names.
std::vector<std::string> reclaim_dead(int dir_fd, const std::string& dir) {
    std::vector<std::string> names;
    (void)sys::for_each_dirent(dir_fd, [&](const char* n) {
        names.emplace_back(n);
        return true;
    });
    std::vector<std::string> live;
    for (const auto& name : names) {
        std::string path = dir + "/" + name;
        auto text = sys::read_file(path.c_str());
        if (!text) continue;
        auto lease = parse_lease(*text);
        if (lease && ns::process_alive(lease->pid, lease->start)) {
            live.push_back(name);
            continue;
        }
        if (lease) take_back(lease->host_if, lease->nat_subnet);
        (void)sys::unlinkat(AT_FDCWD, path.c_str(), 0);
    }
    return live;
}

// Whether a route of the host covers address.
bool routed(const std::vector<net::RouteInfo>& routes, uint32_t address) {
    for (const auto& r : routes) {
        if (!r.dst || r.dst->family != AF_INET || r.dst->len == 0) continue;
        uint32_t mask = mask_of(r.dst->len);
        if ((address & mask) == (ipv4_of(*r.dst) & mask)) return true;
    }
    return false;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Where a sandbox's network attaches: its address and prefix length, its gateway, NAT.
struct Addressing {
    uint32_t address = 0, gateway = 0;
    int len = 0;
    std::string nat_subnet;  ///< the routed block, or the bridged sandbox's /32
};

// A free /30 of the routed pool, starting from a place that depends on our pid.
Result<Addressing> routed_addressing(net::Netlink& host, const std::vector<std::string>& taken) {
    auto routes = NSCTL_TRY(net::list_routes(host, AF_INET));
    int start = static_cast<int>(sys::getpid() % kVethBlocks);
    for (int i = 0; i < kVethBlocks; ++i) {
        uint32_t block = kVethPool + static_cast<uint32_t>((start + i) % kVethBlocks) * 4;
        if (contains(taken, dotted(block + 2)) || routed(routes, block)) continue;
        return Addressing{block + 2, block + 1, 30, dotted(block) + "/30"};
    }
    return Error{ENOSPC, "no free address block in 10.242.0.0/16 for a veth sandbox"};
}

// A free address of the bridge's first IPv4 subnet.
Result<Addressing> bridged_addressing(net::Netlink& host, const std::string& bridge,
                                      const std::vector<std::string>& taken) {
    auto links = NSCTL_TRY(net::list_links(host));
    auto link = std::find_if(links.begin(), links.end(),
                             [&](const net::LinkInfo& l) { return l.name == bridge; });
    if (link == links.end())
        return Error{0, "--net veth:" + bridge + ": no bridge named " + in_quotes(bridge)};
    if (link->kind != "bridge")
        return Error{0, "--net veth:" + bridge + ": " + in_quotes(bridge) + " is not a bridge" +
                            (link->kind.empty() ? std::string() : " (it is a " + link->kind + ")")};
    auto addrs = NSCTL_TRY(net::list_addrs(host, AF_INET));
    std::vector<uint32_t> own;
    int len = -1;
    uint32_t gateway = 0;
    for (const auto& a : addrs) {
        if (a.index != link->index) continue;
        own.push_back(ipv4_of(a.prefix));
        if (len < 0) {
            len = a.prefix.len;
            gateway = ipv4_of(a.prefix);
        }
    }
    if (len < 0)
        return Error{0, "--net veth:" + bridge + ": bridge " + in_quotes(bridge) +
                            " has no IPv4 address to give its sandboxes a subnet and a gateway "
                            "(nsctl addr add ADDRESS/LEN dev " +
                            bridge + ")"};
    if (len > 30)
        return Error{0, "--net veth:" + bridge + ": bridge " + in_quotes(bridge) + "'s subnet /" +
                            std::to_string(len) + " has no room for a sandbox"};
    uint32_t net = gateway & mask_of(len), last = net | ~mask_of(len);
    for (uint32_t a = net + 1; a < last; ++a) {
        if (contains(taken, dotted(a)) || std::find(own.begin(), own.end(), a) != own.end())
            continue;
        return Addressing{a, gateway, len, dotted(a) + "/32"};
    }
    return Error{ENOSPC, "no free address left in bridge " + in_quotes(bridge) + "'s subnet " +
                             dotted(net) + "/" + std::to_string(len)};
}

// A bound socket for each published port: the port is ours while the sandbox runs.
Result<std::vector<UniqueFd>> hold_ports(const std::vector<NetworkSpec::Publish>& publish) {
    std::vector<UniqueFd> held;
    for (const auto& p : publish) {
        UniqueFd fd = NSCTL_TRY(sys::socket(AF_INET, p.udp ? SOCK_DGRAM : SOCK_STREAM, 0));
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(p.host_port);
        if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
            int e = errno;
            std::string port = std::to_string(p.host_port) + (p.udp ? "/udp" : "/tcp");
            if (e == EADDRINUSE)
                return Error{0, "--publish " + publish_text(p) + ": port " + port +
                                    " is in use on the host"};
            return Error{e, "--publish " + publish_text(p) + ": bind port " + port};
        }
        held.push_back(std::move(fd));
    }
    return held;
}

Result<void> wire(net::Netlink& host, int child_netns, const NetworkSpec& spec,
                  const std::string& host_if, const Addressing& a) {
    (void)net::del_link(host, host_if);  // a dead process's, which had our pid
    NSCTL_TRY(net::add_veth(host, host_if, kSandboxIf, child_netns));
    net::LinkChange up{.up = true};
    if (spec.bridge.empty()) {
        NSCTL_TRY(net::add_addr(host, prefix(a.gateway, a.len), host_if));
    } else {
        up.master = spec.bridge;
    }
    NSCTL_TRY(net::set_link(host, host_if, up));
    net::Netlink inside = NSCTL_TRY(net::Netlink::open(child_netns));
    NSCTL_TRY(net::add_addr(inside, prefix(a.address, a.len), kSandboxIf));
    NSCTL_TRY(net::set_link(inside, kSandboxIf, net::LinkChange{.up = true}));
    net::RouteSpec route;
    route.via = prefix(a.gateway, 32);
    NSCTL_TRY(net::add_route(inside, route));
    NSCTL_TRY(net::nat_enable(net::NatRule{*net::parse_ipv4_subnet(a.nat_subnet), std::nullopt}));
    std::vector<net::PortForward> forwards;
    for (const auto& p : spec.publish) forwards.push_back({p.host_port, p.port, p.udp});
    return net::publish_add(host_if, dotted(a.address), forwards);
}

}  // namespace

VethNetwork::VethNetwork(VethNetwork&& other) noexcept
    : lease_(std::exchange(other.lease_, {})),
      host_if_(std::move(other.host_if_)),
      address_(std::move(other.address_)),
      nat_subnet_(std::move(other.nat_subnet_)),
      held_ports_(std::move(other.held_ports_)) {}

VethNetwork& VethNetwork::operator=(VethNetwork&& other) noexcept {
    if (this != &other) {
        remove();
        lease_ = std::exchange(other.lease_, {});
        host_if_ = std::move(other.host_if_);
        address_ = std::move(other.address_);
        nat_subnet_ = std::move(other.nat_subnet_);
        held_ports_ = std::move(other.held_ports_);
    }
    return *this;
}

VethNetwork::~VethNetwork() { remove(); }

void VethNetwork::remove() {
    if (lease_.empty()) return;
    take_back(host_if_, nat_subnet_);
    (void)sys::unlinkat(AT_FDCWD, lease_.c_str(), 0);
    lease_.clear();
    held_ports_.clear();
}

Result<VethNetwork> VethNetwork::create(int child_netns, const NetworkSpec& spec,
                                        const std::string& state_dir) {
    VethNetwork v;
    v.held_ports_ = NSCTL_TRY(hold_ports(spec.publish));
    net::Netlink host = NSCTL_TRY(net::Netlink::open());
    std::string parent = state_dir.substr(0, state_dir.rfind('/'));
    if (auto made = sys::mkdir(parent.c_str(), 0755); !made && made.error().code != EEXIST)
        return made.error();
    auto made = sys::mkdir(state_dir.c_str(), 0700);
    if (!made && made.error().code != EEXIST) return made.error();
    // Under the directory's lock: a stale lease is never taken back from under a run that has
    // just made it, and nftables' publish table is changed by one run at a time.
    UniqueFd lock = NSCTL_TRY(sys::open(state_dir.c_str(), O_RDONLY | O_DIRECTORY));
    NSCTL_TRY(sys::flock(lock.get(), LOCK_EX));
    auto live = reclaim_dead(lock.get(), state_dir);
    Addressing a = NSCTL_TRY(spec.bridge.empty() ? routed_addressing(host, live)
                                                 : bridged_addressing(host, spec.bridge, live));
    pid_t self = sys::getpid();
    v.host_if_ = "nsctl" + std::to_string(self);
    v.address_ = dotted(a.address);
    v.nat_subnet_ = a.nat_subnet;
    std::string path = state_dir + "/" + v.address_;
    UniqueFd file = NSCTL_TRY(sys::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600));
    v.lease_ = path;  // from here on ~VethNetwork takes back whatever was made
    std::string record = std::to_string(self) + " " + ns::process_starttime(self) + " " +
                         v.host_if_ + " " + v.nat_subnet_ + "\n";
    NSCTL_TRY(sys::write(file.get(), record.data(), record.size()));
    NSCTL_TRY(wire(host, child_netns, spec, v.host_if_, a));
    return v;
}

void reclaim_veth_leases(const std::string& state_dir) {
    auto dir = sys::open(state_dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (!dir || !sys::flock(dir->get(), LOCK_EX)) return;
    (void)reclaim_dead(dir->get(), state_dir);
}

Result<NetworkSpec::Publish> parse_publish(std::string_view text) {
    auto bad = [&](const std::string& why) {
        return Error{EINVAL, "--publish " + in_quotes(text) + ": " + why};
    };
    NetworkSpec::Publish p;
    std::string_view ports = text;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
        std::string_view proto = text.substr(slash + 1);
        if (proto == "udp") {
            p.udp = true;
        } else if (proto != "tcp") {
            return bad("the protocol is tcp or udp");
        }
        ports = text.substr(0, slash);
    }
    auto colon = ports.find(':');
    if (colon == std::string_view::npos) return bad("expected HOSTPORT:PORT[/udp]");
    auto port = [](std::string_view n) -> std::optional<uint16_t> {
        auto v = parse_u64(n);
        if (!v || *v == 0 || *v > 65535) return std::nullopt;
        return static_cast<uint16_t>(*v);
    };
    auto host_port = port(ports.substr(0, colon));
    auto inner = port(ports.substr(colon + 1));
    if (!host_port || !inner) return bad("a port is a number from 1 to 65535");
    p.host_port = *host_port;
    p.port = *inner;
    return p;
}

std::string publish_text(const NetworkSpec::Publish& p) {
    return std::to_string(p.host_port) + ":" + std::to_string(p.port) + (p.udp ? "/udp" : "/tcp");
}

std::string resolv_conf(const std::vector<std::string>& nameservers) {
    std::string text = "# written by nsctl run --dns\n";
    for (const auto& ns : nameservers) text += "nameserver " + ns + "\n";
    return text;
}

Result<void> validate_nameserver(const std::string& address) {
    unsigned char buf[16];
    if (::inet_pton(AF_INET, address.c_str(), buf) == 1 ||
        ::inet_pton(AF_INET6, address.c_str(), buf) == 1)
        return {};
    return Error{0, "'" + address + "' is not an IP address"};
}

}  // namespace nsctl::sandbox
