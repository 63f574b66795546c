// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl lab check: every two addresses that share a segment and a subnet, pinged from nsctl
// itself (lab/check.h); a table and a summary line per lab, or JSON. Exit 1 if a pair does not
// answer.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "cli/lab/lab_commands.h"
#include "lab/check.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "nsctl lab";
constexpr size_t kNamedInSummary = 3;  // unreachable pairs the summary line spells out

std::string ms(double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.3f", v);
    return buf;
}

std::string address(const net::Prefix& p) { return net::format_prefix(p, false); }

std::string result_text(const lab::PairResult& r) {
    if (r.ok) return ms(r.rtt_ms) + " ms";
    return r.error.empty() ? "unreachable" : "unreachable (" + r.error + ")";
}

std::string pair_text(const lab::AddressPair& p) {
    return p.source.node + " " + address(p.source_address) + " -> " + p.target.node + " " +
           address(p.target_address);
}

// "lab L: N of M pairs reach in X ms", and which do not.
std::string summary(const std::string& lab, const lab::CheckReport& report) {
    std::string line = "lab " + lab + ": " + std::to_string(report.reached()) + " of " +
                       std::to_string(report.pairs.size()) + " pairs reach in " +
                       ms(report.elapsed_ms) + " ms";
    std::vector<std::string> failed;
    for (const auto& r : report.pairs)
        if (!r.ok) failed.push_back(pair_text(r.pair));
    if (failed.empty()) return line + "\n";
    line += "; unreachable: ";
    for (size_t i = 0; i < failed.size() && i < kNamedInSummary; ++i)
        line += (i ? ", " : "") + failed[i];
    if (failed.size() > kNamedInSummary)
        line += " and " + std::to_string(failed.size() - kNamedInSummary) + " more";
    return line + "\n";
}

void write_table(std::string* out, const lab::CheckReport& report) {
    std::vector<std::vector<std::string>> rows = {
        {"SOURCE", "ADDRESS", "TARGET", "ADDRESS", "RESULT"}};
    for (const auto& r : report.pairs)
        rows.push_back({r.pair.source.node, address(r.pair.source_address), r.pair.target.node,
                        address(r.pair.target_address), result_text(r)});
    std::vector<size_t> width(rows[0].size(), 0);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        *out += line + "\n";
    }
}

void write_pair(JsonWriter& w, const lab::PairResult& r) {
    w.open(nullptr, JsonWriter::kObject);
    w.value("segment", r.pair.segment, JsonType::kString);
    w.value("source", r.pair.source.node, JsonType::kString);
    w.value("source_interface", r.pair.source.ifname, JsonType::kString);
    w.value("source_address", net::format_prefix(r.pair.source_address), JsonType::kString);
    w.value("target", r.pair.target.node, JsonType::kString);
    w.value("target_interface", r.pair.target.ifname, JsonType::kString);
    w.value("target_address", net::format_prefix(r.pair.target_address), JsonType::kString);
    w.value("reach", r.ok ? "1" : "0", JsonType::kBoolean);
    w.value("rtt_ms", r.ok ? ms(r.rtt_ms) : "", JsonType::kNumber);  // null when unreachable
    w.value("error", r.error, JsonType::kString);                    // null when none
    w.close(JsonWriter::kObject);
}

struct Checked {
    std::string lab;
    lab::CheckReport report;
};

// {"labs": [{"lab", "pairs", "reached", "elapsed_ms", "results": [...]}]}
void write_json(std::string* out, const std::vector<Checked>& labs) {
    JsonWriter w(out, JsonStyle::kPretty, JsonNames::kAsGiven);
    w.open(nullptr, JsonWriter::kObject);
    w.open("labs", JsonWriter::kArray);
    for (const auto& c : labs) {
        w.open(nullptr, JsonWriter::kObject);
        w.value("lab", c.lab, JsonType::kString);
        w.value("pairs", std::to_string(c.report.pairs.size()), JsonType::kNumber);
        w.value("reached", std::to_string(c.report.reached()), JsonType::kNumber);
        w.value("elapsed_ms", ms(c.report.elapsed_ms), JsonType::kNumber);
        w.open("results", JsonWriter::kArray);
        for (const auto& r : c.report.pairs) write_pair(w, r);
        w.close(JsonWriter::kArray);
        w.close(JsonWriter::kObject);
    }
    w.close(JsonWriter::kArray);
    w.close(JsonWriter::kObject);
}

}  // namespace

int lab_check(const LabOptions& o) {
    lab::LabPaths paths;
    auto labs = find_labs(o, paths);
    if (!labs) return lab_fail(labs.error());
    if (labs->empty()) warnx(kProg, "no lab is deployed");
    int rc = 0;
    std::vector<Checked> checked;
    std::string out;
    for (const auto& state : *labs) {
        auto report = lab::check(state, paths, std::chrono::milliseconds(o.timeout_ms));
        if (!report) {
            rc = lab_fail(Error{report.error().code, state.name + ": " + report.error().context});
            continue;
        }
        if (report->pairs.empty())
            warnx(kProg, "lab " + state.name +
                             ": no address pairs to check (no two nodes on a link or bridge have "
                             "addresses in one subnet)");
        if (report->reached() != report->pairs.size()) rc = 1;
        if (!report->hint.empty()) warnx(kProg, "lab " + state.name + ": " + report->hint);
        if (!o.json) {
            if (!out.empty()) out += "\n";
            if (!report->pairs.empty()) write_table(&out, *report);
            out += summary(state.name, *report);
        }
        checked.push_back({state.name, std::move(*report)});
    }
    if (o.json) write_json(&out, checked);
    int printed = print_stdout(kProg, out);
    return rc ? rc : printed;
}

}  // namespace nsctl::cli
