// SPDX-License-Identifier: GPL-2.0-or-later
// ICMP echo (ping) from addresses in many network namespaces to many targets at once, in this
// process: one raw socket per source, made inside the source's namespace (a socket keeps the
// namespace it was created in), every request sent at once, replies collected with one poll(2)
// until all have answered or the time is up. For `nsctl lab check`.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/addr.h"

namespace nsctl::net {

/// One echo to try: from source (an address of ifname, in the namespace netns_fd) to target.
struct EchoProbe {
    int netns_fd = -1;   ///< borrowed; -1: the calling thread's namespace
    std::string ifname;  ///< the socket is bound to this interface (SO_BINDTODEVICE); "": none
    Prefix source;       ///< the address the request comes from (its length is not used)
    Prefix target;       ///< the same family as source
};

struct EchoResult {
    bool ok = false;
    double rtt_ms = 0;  ///< of the first reply, from the request it answers
    /// Why there is no reply, when the kernel said: "bind: Cannot assign requested address",
    /// "sendto: Network is unreachable". Empty when no reply came in time.
    std::string error;
};

/// Sends an ICMP (ICMPv6) echo request for every probe, from one raw socket per distinct
/// (namespace, interface, source), and again every timeout / 4 to those that have not answered
/// yet (a lost ARP or neighbour solicitation); returns when every probe has a reply or timeout
/// has passed. One result per probe, in the probes' order; a source whose socket cannot be
/// bound, and a request the kernel refuses, fail their probes with the kernel's reason.
/// The calling thread enters each namespace for socket(2) only and returns to its own on every
/// path. Errors: opening our namespace or setns (EPERM without CAP_SYS_ADMIN), socket(2)
/// (EPERM without CAP_NET_RAW), poll(2). Single-threaded: setns acts on the calling thread.
Result<std::vector<EchoResult>> echo_all(const std::vector<EchoProbe>& probes,
                                         std::chrono::milliseconds timeout);

/// Packets of ICMP echo, built and read without sockets (unit-tested).
namespace echo_packet {

inline constexpr size_t kSize = 24;  ///< header (8) + cookie (8) + send time (8)

struct Echo {
    uint16_t id = 0;
    uint16_t seq = 0;
    uint64_t cookie = 0;  ///< ties a reply to this run of nsctl
    int64_t sent_ns = 0;  ///< steady clock at the request
};

/// An echo request of family (AF_INET: type 8 with its checksum; AF_INET6: type 128, the
/// kernel fills the checksum of ICMPv6 raw sockets).
std::array<uint8_t, kSize> request(int family, const Echo& echo);

/// The echo reply in a packet a raw socket of family received (AF_INET: the IP header first);
/// nullopt for anything else, a bad IPv4 checksum included.
std::optional<Echo> parse_reply(int family, const uint8_t* data, size_t len);

/// The Internet checksum (RFC 1071) of data.
uint16_t checksum(const uint8_t* data, size_t len);

}  // namespace echo_packet

}  // namespace nsctl::net
