// SPDX-License-Identifier: GPL-2.0-or-later
// The units are those of containerlab's `tools netem set` (containerlab.dev/cmd/tools/netem/set):
// delay and jitter as durations, loss in percent, rate in kbit/s ("100"), to which nsctl adds
// "10mbit" and "1gbit".
#include "lab/netem.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/parse.h"
#include "lab/deploy_impl.h"
#include "net/link.h"

namespace nsctl::lab {
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

// "1.5s", "10ms", "250us": the largest unit that shows the value whole.
std::string format_duration(std::chrono::microseconds d) {
    auto us = static_cast<unsigned long long>(d.count());
    if (us != 0 && us % 1000000 == 0) return std::to_string(us / 1000000) + "s";
    if (us != 0 && us % 1000 == 0) return std::to_string(us / 1000) + "ms";
    return std::to_string(us) + "us";
}

Result<const NodeState*> linux_node(const LabState& lab, const std::string& node) {
    const NodeState* n = lab.node(node);
    if (!n || n->netns.empty()) return Error{0, "lab " + lab.name + " has no linux node " + node};
    return n;
}

}  // namespace

std::optional<std::chrono::microseconds> parse_netem_duration(std::string_view text) {
    auto us = parse_scaled(text, {{"us", 1}, {"\u00b5s", 1}, {"ms", 1000}, {"s", 1000000}});
    if (!us) return std::nullopt;
    return std::chrono::microseconds(*us);
}

std::optional<double> parse_netem_loss(std::string_view text) {
    if (text.ends_with('%')) text.remove_suffix(1);
    double percent = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), percent);
    bool ok = ec == std::errc() && end == text.data() + text.size() && !text.empty() &&
              std::isfinite(percent) && percent >= 0 && percent <= 100;
    if (!ok) return std::nullopt;
    return percent;
}

std::optional<uint64_t> parse_netem_rate(std::string_view text) {
    auto kbit = parse_scaled(text, {{"kbit", 1}, {"mbit", 1000}, {"gbit", 1000000}});
    if (!kbit && !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
        auto n = parse_u64(text);
        if (n) kbit = *n;
    }
    if (!kbit || *kbit == 0) return std::nullopt;
    return kbit;
}

std::string format_impairment(const net::Impairment& imp) {
    std::string out;
    auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
    if (imp.delay) add("delay " + format_duration(*imp.delay));
    if (imp.jitter) add("jitter " + format_duration(*imp.jitter));
    if (imp.loss_percent) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "loss %g%%", *imp.loss_percent);
        add(buf);
    }
    if (imp.rate_kbit) add("rate " + std::to_string(*imp.rate_kbit) + "kbit");
    return out.empty() ? "none" : out;
}

Result<void> set_node_impairment(const LabState& lab, const LabPaths& paths,
                                 const std::string& node, const std::string& interface,
                                 const net::Impairment& imp) {
    const NodeState* n = NSCTL_TRY(linux_node(lab, node));
    impl::Namespaces ns(paths.netns_dir);
    net::Netlink* nl = NSCTL_TRY(ns.netlink(n->netns));
    auto set = net::set_impairment(*nl, interface, imp);
    if (!set) return Error{set.error().code, node + ": " + set.error().context};
    return {};
}

Result<void> reset_node_impairment(const LabState& lab, const LabPaths& paths,
                                   const std::string& node, const std::string& interface) {
    const NodeState* n = NSCTL_TRY(linux_node(lab, node));
    impl::Namespaces ns(paths.netns_dir);
    net::Netlink* nl = NSCTL_TRY(ns.netlink(n->netns));
    auto cleared = net::clear_impairment(*nl, interface);
    if (!cleared) return Error{cleared.error().code, node + ": " + cleared.error().context};
    return {};
}

Result<std::vector<InterfaceQdisc>> node_qdiscs(const LabState& lab, const LabPaths& paths,
                                                const std::string& node) {
    if (!node.empty()) NSCTL_TRY(linux_node(lab, node));
    impl::Namespaces ns(paths.netns_dir);
    std::vector<InterfaceQdisc> out;
    for (const NodeState& n : lab.nodes) {
        if (n.netns.empty() || (!node.empty() && n.name != node)) continue;
        net::Netlink* nl = NSCTL_TRY(ns.netlink(n.netns));
        for (const net::LinkInfo& l : NSCTL_TRY(net::list_links(*nl))) {
            if (l.name == "lo") continue;
            auto q = net::root_qdisc(*nl, l.name);
            if (!q) return Error{q.error().code, n.name + ": " + q.error().context};
            out.push_back(InterfaceQdisc{n.name, l.name, *q});
        }
    }
    return out;
}

}  // namespace nsctl::lab
