// SPDX-License-Identifier: GPL-2.0-or-later
// The values of a link: a MAC address, a VXLAN remote, and x-nsctl-netem, whose units are those
// of containerlab's `tools netem set` (containerlab.dev/cmd/tools/netem/set): delay and jitter
// as durations ("50ms", "3s"), loss in percent, rate in kbit/s ("100" is 100 kbit/s; nsctl also
// takes "10mbit" and "1gbit").
#include <arpa/inet.h>

#include "lab/link_parse.h"
#include "lab/netem.h"

namespace nsctl::lab::detail {
namespace {

Result<std::chrono::microseconds> duration(const YamlReader& r, const YAML::Node& value,
                                           const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto us = parse_netem_duration(text);
    if (!us) return r.error(value, path, "invalid duration " + dq(text) + " " + kDurationWant);
    return *us;
}

Result<double> loss(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto percent = parse_netem_loss(text);
    if (!percent) return r.error(value, path, "invalid loss " + dq(text) + " " + kLossWant);
    return *percent;
}

Result<uint64_t> rate(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto kbit = parse_netem_rate(text);
    if (!kbit) return r.error(value, path, "invalid rate " + dq(text) + " " + kRateWant);
    return *kbit;
}

}  // namespace

Result<Netem> parse_netem(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    Netem netem;
    std::optional<YAML::Node> jitter_key;
    auto entries = NSCTL_TRY(r.entries(value, path));
    if (entries.empty()) return r.error(value, path, "empty: give delay, jitter, loss or rate");
    for (const auto& e : entries) {
        std::string p = child_path(path, e.key);
        if (e.key == "delay") {
            netem.delay = NSCTL_TRY(duration(r, e.value, p));
        } else if (e.key == "jitter") {
            netem.jitter = NSCTL_TRY(duration(r, e.value, p));
            jitter_key = e.key_node;
        } else if (e.key == "loss") {
            netem.loss_percent = NSCTL_TRY(loss(r, e.value, p));
        } else if (e.key == "rate") {
            netem.rate_kbit = NSCTL_TRY(rate(r, e.value, p));
        } else {
            return r.error(e.key_node, p,
                           "unknown key (x-nsctl-netem takes delay, jitter, loss, "
                           "rate)");
        }
    }
    if (netem.jitter && !netem.delay) {
        return r.error(*jitter_key, child_path(path, "jitter"), "jitter needs a delay");
    }
    return netem;
}

Result<net::MacAddress> parse_endpoint_mac(const YamlReader& r, const YAML::Node& value,
                                           const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto mac = net::parse_mac(text);
    if (!mac) {
        return r.error(
            value, path,
            "invalid MAC address " + dq(text) + " (want six hex pairs: 02:00:00:00:00:01)");
    }
    // The kernel gives an Ethernet interface no multicast or all-zero address
    // (is_valid_ether_addr): say so here rather than at deploy.
    bool zero = *mac == net::MacAddress{};
    if (((*mac)[0] & 1) || zero) {
        return r.error(value, path,
                       dq(text) + " is not a unicast MAC address (an interface needs one)");
    }
    return *mac;
}

Result<std::string> parse_remote(const YamlReader& r, const YAML::Node& value,
                                 const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    unsigned char buf[16];
    if (inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1) {
        return text;
    }
    return r.error(value, path, dq(text) + " is not an IPv4 or IPv6 address");
}

}  // namespace nsctl::lab::detail
