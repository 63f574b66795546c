// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/echo.h"

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/unique_fd.h"
#include "net/in_netns.h"
#include "sys/signals.h"
#include "sys/sockets.h"

namespace nsctl::net {
namespace {

using Clock = std::chrono::steady_clock;

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

// Sequence numbers are 16 bits: a source with more targets than that gets a second socket.
constexpr size_t kMaxSeq = 65536;

// The probes that share one socket: same namespace, interface and source address. A probe's
// sequence number is its place in `probes`.
struct Source {
    int netns_fd = -1;
    std::string ifname;
    Prefix address;
    uint16_t id = 0;
    UniqueFd fd;
    std::vector<size_t> probes;
};

bool same_address(const Prefix& a, const Prefix& b) {
    return a.family == b.family && a.bytes == b.bytes;
}

socklen_t sockaddr_of(const Prefix& p, sockaddr_storage* ss) {
    std::memset(ss, 0, sizeof(*ss));
    if (p.family == AF_INET6) {
        auto* s6 = reinterpret_cast<sockaddr_in6*>(ss);
        s6->sin6_family = AF_INET6;
        std::memcpy(&s6->sin6_addr, p.bytes.data(), 16);
        return sizeof(sockaddr_in6);
    }
    auto* s4 = reinterpret_cast<sockaddr_in*>(ss);
    s4->sin_family = AF_INET;
    std::memcpy(&s4->sin_addr, p.bytes.data(), 4);
    return sizeof(sockaddr_in);
}

std::optional<Prefix> address_of(const sockaddr_storage& ss) {
    Prefix p;
    p.family = ss.ss_family;
    if (ss.ss_family == AF_INET6) {
        std::memcpy(p.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr, 16);
    } else if (ss.ss_family == AF_INET) {
        std::memcpy(p.bytes.data(), &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, 4);
    } else {
        return std::nullopt;
    }
    return p;
}

std::vector<Source> group_sources(const std::vector<EchoProbe>& probes, uint16_t first_id) {
    std::vector<Source> sources;
    for (size_t i = 0; i < probes.size(); ++i) {
        const EchoProbe& p = probes[i];
        auto it = std::find_if(sources.begin(), sources.end(), [&](const Source& s) {
            return s.netns_fd == p.netns_fd && s.ifname == p.ifname &&
                   same_address(s.address, p.source) && s.probes.size() < kMaxSeq;
        });
        if (it == sources.end()) {
            Source s;
            s.netns_fd = p.netns_fd;
            s.ifname = p.ifname;
            s.address = p.source;
            s.id = static_cast<uint16_t>(first_id + sources.size());
            sources.push_back(std::move(s));
            it = sources.end() - 1;
        }
        it->probes.push_back(i);
    }
    return sources;
}

// Only echo replies reach the socket: a raw ICMP socket is given a copy of every ICMP message
// its namespace receives (raw(7), icmp(7) ICMP_FILTER; RFC 3542 section 3.2 for ICMPv6).
Result<void> pass_only_replies(int fd, int family) {
    if (family == AF_INET6) {
        icmp6_filter filter;
        ICMP6_FILTER_SETBLOCKALL(&filter);
        ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
        return sys::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter));
    }
    icmp_filter filter{};
    filter.data = ~(1U << ICMP_ECHOREPLY);  // a set bit drops that type
    return sys::setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter));
}

// Binds the socket to its interface and address: requests leave through that interface from
// that address, and the socket sees only replies to it.
Result<void> bind_source(int fd, const Source& s) {
    NSCTL_TRY(pass_only_replies(fd, s.address.family));
    if (!s.ifname.empty()) {
        auto bound = sys::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s.ifname.c_str(),
                                     static_cast<socklen_t>(s.ifname.size() + 1));
        if (!bound) return Error{bound.error().code, "SO_BINDTODEVICE " + s.ifname};
    }
    sockaddr_storage ss;
    socklen_t len = sockaddr_of(s.address, &ss);
    auto bound = sys::bind(fd, reinterpret_cast<sockaddr*>(&ss), len);
    if (!bound) return Error{bound.error().code, "bind " + format_prefix(s.address, false)};
    return {};
}

class Echoer {
  public:
    Echoer(const std::vector<EchoProbe>& probes, std::chrono::milliseconds timeout)
        : probes_(probes), timeout_(timeout), results_(probes.size()) {}

    Result<std::vector<EchoResult>> run();

  private:
    Result<void> open_sources();
    void send_round();
    Result<void> wait_until(int64_t until_ns);
    void drain(const Source& s);
    void take_reply(const Source& s, const uint8_t* data, size_t len, const Prefix& from);
    size_t pending() const;

    const std::vector<EchoProbe>& probes_;
    std::chrono::milliseconds timeout_;
    std::vector<EchoResult> results_;
    std::vector<Source> sources_;
    uint64_t cookie_ = 0;
};

Result<void> Echoer::open_sources() {
    cookie_ = static_cast<uint64_t>(now_ns()) * 0x9e3779b97f4a7c15ULL;
    sources_ = group_sources(probes_, static_cast<uint16_t>(cookie_ >> 48));
    for (Source& s : sources_) {
        int family = s.address.family;
        int protocol = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
        UniqueFd fd = NSCTL_TRY(in_netns(
            s.netns_fd, [&] { return sys::socket(family, SOCK_RAW | SOCK_NONBLOCK, protocol); }));
        auto bound = bind_source(fd.get(), s);
        if (!bound) {
            for (size_t i : s.probes) results_[i].error = bound.error().message();
            continue;  // its probes fail; the others go on
        }
        s.fd = std::move(fd);
    }
    return {};
}

void Echoer::send_round() {
    for (const Source& s : sources_) {
        if (s.fd.get() < 0) continue;
        for (size_t seq = 0; seq < s.probes.size(); ++seq) {
            EchoResult& r = results_[s.probes[seq]];
            if (r.ok) continue;
            echo_packet::Echo e{s.id, static_cast<uint16_t>(seq), cookie_, now_ns()};
            auto packet = echo_packet::request(s.address.family, e);
            sockaddr_storage to;
            socklen_t len = sockaddr_of(probes_[s.probes[seq]].target, &to);
            auto sent = sys::sendto(s.fd.get(), packet.data(), packet.size(), 0,
                                    reinterpret_cast<sockaddr*>(&to), len);
            // A full send buffer (EAGAIN) is tried again next round, as a lost packet is.
            if (!sent && sent.error().code != EAGAIN) r.error = sent.error().message();
        }
    }
}

void Echoer::take_reply(const Source& s, const uint8_t* data, size_t len, const Prefix& from) {
    auto e = echo_packet::parse_reply(s.address.family, data, len);
    if (!e || e->id != s.id || e->cookie != cookie_ || e->seq >= s.probes.size()) return;
    size_t index = s.probes[e->seq];
    if (!same_address(probes_[index].target, from)) return;
    EchoResult& r = results_[index];
    if (r.ok) return;  // an answer to an earlier round's request
    r.ok = true;
    r.error.clear();
    r.rtt_ms = static_cast<double>(now_ns() - e->sent_ns) / 1e6;
}

void Echoer::drain(const Source& s) {
    uint8_t buf[1500];
    while (true) {
        sockaddr_storage from{};
        socklen_t from_len = sizeof(from);
        auto n = sys::recvfrom(s.fd.get(), buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from),
                               &from_len);
        if (!n) return;  // EAGAIN: read all there is; anything else: nothing to read either
        if (auto addr = address_of(from)) take_reply(s, buf, *n, *addr);
    }
}

size_t Echoer::pending() const {
    size_t n = 0;
    for (const Source& s : sources_)
        if (s.fd.get() >= 0)
            for (size_t i : s.probes) n += !results_[i].ok;
    return n;
}

Result<void> Echoer::wait_until(int64_t until_ns) {
    std::vector<pollfd> fds;
    std::vector<const Source*> owners;
    for (const Source& s : sources_) {
        if (s.fd.get() < 0) continue;
        fds.push_back(pollfd{s.fd.get(), POLLIN, 0});
        owners.push_back(&s);
    }
    while (pending() > 0) {
        int64_t left = until_ns - now_ns();
        if (left <= 0) return {};
        int ms = static_cast<int>((left + 999'999) / 1'000'000);  // rounded up: never spin
        int ready = NSCTL_TRY(sys::poll(fds.data(), fds.size(), ms));
        if (ready == 0) continue;
        for (size_t i = 0; i < fds.size(); ++i)
            if (fds[i].revents & POLLIN) drain(*owners[i]);
    }
    return {};
}

Result<std::vector<EchoResult>> Echoer::run() {
    NSCTL_TRY(open_sources());
    int64_t start = now_ns();
    int64_t deadline = start + std::chrono::nanoseconds(timeout_).count();
    int64_t interval = std::max<int64_t>(std::chrono::nanoseconds(timeout_).count() / 4, 1);
    for (int64_t round = start; pending() > 0 && now_ns() < deadline; round += interval) {
        send_round();
        NSCTL_TRY(wait_until(std::min(round + interval, deadline)));
    }
    return std::move(results_);
}

}  // namespace

Result<std::vector<EchoResult>> echo_all(const std::vector<EchoProbe>& probes,
                                         std::chrono::milliseconds timeout) {
    for (const EchoProbe& p : probes) {
        if (p.source.family != p.target.family) return Error{EINVAL, "echo: families differ"};
    }
    Echoer echoer(probes, timeout);
    return echoer.run();
}

}  // namespace nsctl::net
