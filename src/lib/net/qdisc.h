// SPDX-License-Identifier: GPL-2.0-or-later
// Link impairments over rtnetlink: the root queueing discipline of an interface replaced by a
// netem (delay, jitter, loss, rate) or a tbf (rate alone), read back, and removed again. Every
// call acts in the namespace the Netlink socket was opened in.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"

namespace nsctl::net {

class Netlink;

/// Impairments of one interface's egress: tc netem's delay, jitter, loss, and a rate limit.
struct Impairment {
    std::optional<std::chrono::microseconds> delay;
    std::optional<std::chrono::microseconds> jitter;  ///< only with delay
    std::optional<double> loss_percent;               ///< 0 to 100
    std::optional<uint64_t> rate_kbit;                ///< kbit/s (1000 bit/s), > 0
};

/// Replaces the root qdisc of dev (a link of the socket's namespace) so that its egress has the
/// impairment: netem (TCA_NETEM_LATENCY64/JITTER64 in ns, loss scaled to u32, and a rate of its
/// own, TCA_NETEM_RATE/RATE64, when a rate is given too) when delay, jitter or loss is set; tbf
/// (the rate, a burst of 4 ms of it but at least two Ethernet frames, 50 ms of queue behind it,
/// linklayer ethernet so that no rate table is needed) when only a rate is.
/// Like `tc qdisc replace`, in one request: a root of another kind gives way to a new qdisc (the
/// kernel picks its handle, 8001: ...), a root of the same kind is changed in place (so a netem
/// that tc made keeps what Impairment does not model: correlation, distribution, reordering).
/// On failure the root stays as it was. EINVAL for an empty impairment, a loss outside 0..100,
/// a jitter without a delay, a negative or too large time, a rate of 0 or past 2^64 bit/s;
/// ENODEV when dev does not exist; EOPNOTSUPP with the context "DEV: this kernel has no netem
/// queueing discipline (sch_netem)" when the kernel does not know the qdisc kind (its ENOENT);
/// the kernel's errors otherwise, with its extended-ACK text. Needs CAP_NET_ADMIN.
Result<void> set_impairment(Netlink& nl, const std::string& dev, const Impairment& imp);

/// Removes dev's root qdisc, so that the kernel puts its default back (noqueue for a veth that is
/// up). A default root already there is no error (the kernel's ENOENT for a handle of zero).
/// ENODEV when dev does not exist. Needs CAP_NET_ADMIN.
Result<void> clear_impairment(Netlink& nl, const std::string& dev);

/// The root qdisc of a link.
struct QdiscInfo {
    /// TCA_KIND: "noqueue", "tbf", "netem", "pfifo_fast", ...; empty when the kernel lists no
    /// root qdisc (a device never brought up has the built-in noop, which dumps leave out).
    std::string kind;
    /// For netem: delay, jitter, loss and rate; for tbf: the rate (rounded down to a kbit/s).
    /// Fields the qdisc does not impose (zero) stay unset.
    Impairment impairment;
};

/// The root qdisc of dev, from an RTM_GETQDISC dump: its kind and, for netem and tbf, the
/// impairment read back from the kernel's TCA_OPTIONS. ENODEV when dev does not exist.
Result<QdiscInfo> root_qdisc(Netlink& nl, const std::string& dev);

}  // namespace nsctl::net
