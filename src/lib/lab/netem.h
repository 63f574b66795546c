// SPDX-License-Identifier: GPL-2.0-or-later
// Link impairments in a lab: the values of x-nsctl-netem and `nsctl lab netem` (containerlab's
// `tools netem set` units), and the root qdiscs of a deployed lab's node interfaces set, reset
// and read (net/qdisc.h does the netlink).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "lab/state.h"
#include "net/qdisc.h"

namespace nsctl::lab {

/// What a bad value is told it should be.
inline constexpr const char* kDurationWant =
    "(want a number and us, ms or s, in whole microseconds: 50ms, 1.5s)";
inline constexpr const char* kLossWant = "(want 0 to 100, percent)";
inline constexpr const char* kRateWant = "(want kbit/s above 0: 100, 10mbit, 1gbit)";

/// "50ms", "1.5s", "250us": whole microseconds; nullopt otherwise.
std::optional<std::chrono::microseconds> parse_netem_duration(std::string_view text);
/// "10", "2.5", "10%": 0 to 100; nullopt otherwise.
std::optional<double> parse_netem_loss(std::string_view text);
/// "100" (kbit/s, containerlab's unit), "100kbit", "10mbit", "1gbit": above 0; nullopt otherwise.
std::optional<uint64_t> parse_netem_rate(std::string_view text);

/// "delay 10ms jitter 1ms loss 5% rate 1000kbit", the fields set; "none" when none is.
std::string format_impairment(const net::Impairment& imp);

/// One interface of a node, and its root qdisc.
struct InterfaceQdisc {
    std::string node;
    std::string interface;
    net::QdiscInfo qdisc;
};

/// Sets the impairment on the egress of a linux node's interface (net::set_impairment in the
/// node's namespace). "lab L has no linux node N" (code 0) for a node the lab lacks or that has
/// no namespace of its own; the errors of set_impairment otherwise, prefixed "NODE:".
Result<void> set_node_impairment(const LabState& lab, const LabPaths& paths,
                                 const std::string& node, const std::string& interface,
                                 const net::Impairment& imp);

/// Puts the kernel's default root qdisc back on a node's interface (net::clear_impairment).
Result<void> reset_node_impairment(const LabState& lab, const LabPaths& paths,
                                   const std::string& node, const std::string& interface);

/// The root qdiscs of every interface but lo of the lab's linux nodes (of one node when node is
/// not empty), in the state's node order and the kernel's interface order.
Result<std::vector<InterfaceQdisc>> node_qdiscs(const LabState& lab, const LabPaths& paths,
                                                const std::string& node);

}  // namespace nsctl::lab
