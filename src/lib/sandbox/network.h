// SPDX-License-Identifier: GPL-2.0-or-later
// The network of a sandbox (nsctl run --net, --netns, --dns): none (a new network namespace with
// only lo, up), the host's, a named one (/run/netns), or a veth pair with an address, a default
// route and NAT, made from the parent through src/lib/net once the child is born and before it
// runs anything, and removed when the sandbox ends (or by the next run after a killed nsctl).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sandbox {

struct NetworkSpec {
    enum class Mode {
        kNone,   ///< a network namespace of its own with lo only (the default)
        kHost,   ///< the caller's (--net host)
        kNamed,  ///< a named one of /run/netns (--netns NAME)
        kVeth,   ///< a veth pair to the host with NAT (--net veth[:BRIDGE])
        kUser,   ///< a user-mode network by pasta(1), for rootless sandboxes (--net user)
    } mode = Mode::kNone;
    std::string netns;             ///< kNamed
    std::string bridge;            ///< kVeth: the host side joins this bridge (else routed)
    std::vector<std::string> dns;  ///< --dns: nameservers for a resolv.conf of the sandbox's own

    /// --publish HOSTPORT:PORT[/udp]: the host's port forwarded to the sandbox's.
    struct Publish {
        uint16_t host_port = 0;
        uint16_t port = 0;
        bool udp = false;
        bool operator==(const Publish&) const = default;
    };
    std::vector<Publish> publish;
};

/// Parses "HOSTPORT:PORT[/tcp|/udp]" (ports 1-65535). EINVAL naming what is wrong.
Result<NetworkSpec::Publish> parse_publish(std::string_view text);
/// "8080:80/tcp"
std::string publish_text(const NetworkSpec::Publish& p);

/// Where the veth leases are recorded: one file per sandbox address ("10.242.0.6"), holding
/// "PID STARTTIME HOST_INTERFACE NAT_SUBNET" of its owner.
inline constexpr const char* kVethStateDir = "/run/nsctl/.net";

/// The addresses of routed veth sandboxes: 10.242.0.0/16, in /30 blocks (host .1, sandbox .2).
/// A block that a route of the host already covers is passed over.
inline constexpr uint32_t kVethPool = 0x0af20000;  // 10.242.0.0
inline constexpr int kVethBlocks = 16384;

/// One sandbox's veth: the host side nsctlPID, the sandbox side eth0. Routed: 10.242.x.y/30,
/// the host side the sandbox's gateway. Bridged: the host side a port of the bridge, the sandbox
/// an address of the bridge's first IPv4 subnet, the bridge's address its gateway. NAT for the
/// sandbox's addresses, its published ports forwarded (DNAT) and held (a bound socket per port,
/// so that no host program and no other sandbox takes them meanwhile). All of it removed when
/// destroyed, or by the next create() after a killed nsctl.
class VethNetwork {
  public:
    VethNetwork() = default;
    VethNetwork(VethNetwork&& other) noexcept;
    VethNetwork& operator=(VethNetwork&& other) noexcept;
    VethNetwork(const VethNetwork&) = delete;
    VethNetwork& operator=(const VethNetwork&) = delete;
    ~VethNetwork();

    /// Reserves the published ports (EADDRINUSE "port 8080/tcp is in use on the host"), leases
    /// an address, makes the pair with eth0 born in child_netns (borrowed fd), addresses,
    /// links up, the sandbox's default route, NAT and the forwards. Leases of owners that are
    /// gone are reclaimed first (link, NAT rule, forwards, lease). Needs CAP_NET_ADMIN (root).
    static Result<VethNetwork> create(int child_netns, const NetworkSpec& spec,
                                      const std::string& state_dir = kVethStateDir);

    const std::string& host_interface() const { return host_if_; }
    const std::string& sandbox_address() const { return address_; }  ///< "10.242.0.2"

  private:
    void remove();

    std::string lease_;  ///< the lease file; empty when nothing is held
    std::string host_if_;
    std::string address_;
    std::string nat_subnet_;
    std::vector<UniqueFd> held_ports_;
};

/// Takes back the leases of veth sandboxes whose nsctl is gone (link, NAT rule, forwards,
/// lease): for nsctl ps and rm, which drop such sandboxes' records. Nothing when there is no
/// lease directory (no veth sandbox ever ran, or not root).
void reclaim_veth_leases(const std::string& state_dir = kVethStateDir);

/// The text of a resolv.conf naming these nameservers.
std::string resolv_conf(const std::vector<std::string>& nameservers);

/// Checks a nameserver address (IPv4 or IPv6): EINVAL "'X' is not an IP address".
Result<void> validate_nameserver(const std::string& address);

}  // namespace nsctl::sandbox
