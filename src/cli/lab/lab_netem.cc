// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl lab netem: containerlab's `tools netem set|show|reset` for a deployed lab's nodes, by
// lab and node name rather than by container (lab/netem.h).
#include <cstdio>
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "cli/lab/lab_commands.h"
#include "lab/netem.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "nsctl lab";

std::string micros(const std::optional<std::chrono::microseconds>& d) {
    return d ? std::to_string(d->count()) : "0";
}

void write_json(std::string* out, const std::vector<lab::LabState>& labs,
                const std::vector<std::vector<lab::InterfaceQdisc>>& qdiscs) {
    JsonWriter w(out, JsonStyle::kPretty, JsonNames::kAsGiven);
    w.open(nullptr, JsonWriter::kObject);
    w.open("interfaces", JsonWriter::kArray);
    for (size_t i = 0; i < labs.size(); ++i) {
        for (const auto& q : qdiscs[i]) {
            const net::Impairment& imp = q.qdisc.impairment;
            w.open(nullptr, JsonWriter::kObject);
            w.value("lab", labs[i].name, JsonType::kString);
            w.value("node", q.node, JsonType::kString);
            w.value("interface", q.interface, JsonType::kString);
            w.value("qdisc", q.qdisc.kind, JsonType::kString);
            w.value("delay_us", micros(imp.delay), JsonType::kNumber);
            w.value("jitter_us", micros(imp.jitter), JsonType::kNumber);
            char loss[32];
            std::snprintf(loss, sizeof loss, "%g", imp.loss_percent.value_or(0));
            w.value("loss_percent", loss, JsonType::kNumber);
            w.value("rate_kbit", std::to_string(imp.rate_kbit.value_or(0)), JsonType::kNumber);
            w.close(JsonWriter::kObject);
        }
    }
    w.close(JsonWriter::kArray);
    w.close(JsonWriter::kObject);
}

int show(const LabOptions& o, const lab::LabPaths& paths) {
    auto labs = find_labs(o, paths);
    if (!labs) return lab_fail(labs.error());
    std::string node = o.nodes.empty() ? "" : o.nodes[0];
    std::vector<std::vector<lab::InterfaceQdisc>> qdiscs;
    std::vector<std::vector<std::string>> rows = {
        {"LAB", "NODE", "INTERFACE", "QDISC", "IMPAIRMENT"}};
    for (const auto& s : *labs) {
        auto q = lab::node_qdiscs(s, paths, node);
        if (!q) return lab_fail(Error{q.error().code, s.name + ": " + q.error().context});
        for (const auto& i : *q)
            rows.push_back({s.name, i.node, i.interface, i.qdisc.kind.empty() ? "-" : i.qdisc.kind,
                            lab::format_impairment(i.qdisc.impairment)});
        qdiscs.push_back(std::move(*q));
    }
    std::string out;
    if (o.json) {
        write_json(&out, *labs, qdiscs);
    } else if (rows.size() > 1) {
        out = aligned_rows(rows);
    }
    return print_stdout(kProg, out);
}

}  // namespace

int lab_netem(const LabOptions& o) {
    lab::LabPaths paths;
    if (o.netem_action == "show") return show(o, paths);
    auto labs = find_labs(o, paths);
    if (!labs) return lab_fail(labs.error());
    const lab::LabState& state = labs->front();
    const std::string& node = o.nodes[0];
    Result<void> done =
        o.netem_action == "set"
            ? lab::set_node_impairment(state, paths, node, o.interface, o.impairment)
            : lab::reset_node_impairment(state, paths, node, o.interface);
    if (!done) return lab_fail(done.error());
    return 0;
}

}  // namespace nsctl::cli
