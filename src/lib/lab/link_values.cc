// SPDX-License-Identifier: GPL-2.0-or-later
// The values of a link: a MAC address, a VXLAN remote, and x-nsctl-netem, whose units are those
// of containerlab's `tools netem set` (containerlab.dev/cmd/tools/netem/set): delay and jitter
// as durations ("50ms", "3s"), loss in percent, rate in kbit/s ("100" is 100 kbit/s; nsctl also
// takes "10mbit" and "1gbit").
#include <arpa/inet.h>

#include <charconv>
#include <cmath>

#include "base/parse.h"
#include "lab/link_parse.h"

namespace nsctl::lab::detail {
namespace {

struct Unit {
    std::string_view suffix;
    uint64_t scale;
};

// "DIGITS[.DIGITS]UNIT" with a unit of the table, in units of the table's scale 1. A fraction
// must come out whole (no part of a microsecond, no part of a kbit).
std::optional<uint64_t> parse_scaled(std::string_view text, std::initializer_list<Unit> units) {
    for (const Unit& u : units) {
        if (!text.ends_with(u.suffix)) continue;
        std::string_view number = text.substr(0, text.size() - u.suffix.size());
        size_t dot = number.find('.');
        std::string_view whole = number.substr(0, dot);
        std::string_view fraction = dot == std::string_view::npos ? "" : number.substr(dot + 1);
        if (whole.empty() || fraction.size() > 9) return std::nullopt;
        if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
        for (char c : number) {
            if ((c < '0' || c > '9') && c != '.') return std::nullopt;
        }
        auto w = parse_u64(whole);
        if (!w || *w > UINT64_MAX / u.scale / 2) return std::nullopt;
        uint64_t f = fraction.empty() ? 0 : *parse_u64(fraction);
        uint64_t denominator = 1;
        for (size_t i = 0; i < fraction.size(); ++i) denominator *= 10;
        if ((f * u.scale) % denominator != 0) return std::nullopt;
        return *w * u.scale + f * u.scale / denominator;
    }
    return std::nullopt;
}

Result<std::chrono::microseconds> duration(const YamlReader& r, const YAML::Node& value,
                                           const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto us = parse_scaled(text, {{"us", 1}, {"\u00b5s", 1}, {"ms", 1000}, {"s", 1000000}});
    if (!us) {
        return r.error(value, path,
                       "invalid duration " + dq(text) +
                           " (want a number and us, ms or s, in whole microseconds: 50ms, 1.5s)");
    }
    return std::chrono::microseconds(*us);
}

Result<double> loss(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    std::string_view number(text);
    if (number.ends_with('%')) number.remove_suffix(1);
    double percent = -1;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), percent);
    bool ok = ec == std::errc() && end == number.data() + number.size() && !number.empty() &&
              std::isfinite(percent) && percent >= 0 && percent <= 100;
    if (!ok) return r.error(value, path, "invalid loss " + dq(text) + " (want 0 to 100, percent)");
    return percent;
}

Result<uint64_t> rate(const YamlReader& r, const YAML::Node& value, const std::string& path) {
    std::string text = NSCTL_TRY(r.scalar(value, path));
    auto kbit = parse_scaled(text, {{"kbit", 1}, {"mbit", 1000}, {"gbit", 1000000}});
    if (!kbit && !text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
        auto n = parse_u64(text);
        if (n) kbit = *n;
    }
    if (!kbit || *kbit == 0) {
        return r.error(value, path,
                       "invalid rate " + dq(text) + " (want kbit/s above 0: 100, 10mbit, 1gbit)");
    }
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
