// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl lab inspect and nsctl lab exec: both read a deployed lab's state only (the topology
// file may be gone).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>

#include "base/json_writer.h"
#include "cli/commands.h"
#include "cli/lab/lab_commands.h"
#include "lab/inspect.h"
#include "lab/node_exec.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "nsctl lab";

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out.empty() ? "-" : out;
}

std::string state_word(const lab::NodeStatus& s) {
    if (!s.present) return "absent";
    return s.kind == lab::NodeKind::kLinux ? "running" : "present";
}

// containerlab's inspect JSON: {"containers": [...]}, one entry per node, its keys where they
// apply (the name is the namespace's, as containerlab's is the container's); netns, labels and
// cmd_running are nsctl's own.
void write_json(std::string* out, const std::vector<lab::LabState>& labs,
                const std::vector<std::vector<lab::NodeStatus>>& nodes) {
    JsonWriter w(out, JsonStyle::kPretty, JsonNames::kAsGiven);
    w.open(nullptr, JsonWriter::kObject);
    w.open("containers", JsonWriter::kArray);
    for (size_t i = 0; i < labs.size(); ++i) {
        for (const auto& s : nodes[i]) {
            w.open(nullptr, JsonWriter::kObject);
            w.value("lab_name", labs[i].name, JsonType::kString);
            w.value("labPath", labs[i].topology_file, JsonType::kString);
            w.value("name", s.netns.empty() ? s.name : s.netns, JsonType::kString);
            w.value("node", s.name, JsonType::kString);
            w.value("kind", lab::kind_name(s.kind), JsonType::kString);
            w.value("state", state_word(s), JsonType::kString);
            w.value("ipv4_address", s.ipv4.empty() ? "" : s.ipv4[0], JsonType::kString);
            w.value("ipv6_address", s.ipv6.empty() ? "" : s.ipv6[0], JsonType::kString);
            w.value("netns", s.netns, JsonType::kString);
            w.value("cmd_running", s.cmd_running ? "1" : "0", JsonType::kBoolean);
            w.open("labels", JsonWriter::kObject);
            for (const auto& [k, v] : s.labels) w.value(k.c_str(), v, JsonType::kString);
            w.close(JsonWriter::kObject);
            w.close(JsonWriter::kObject);
        }
    }
    w.close(JsonWriter::kArray);
    w.close(JsonWriter::kObject);
}

void write_table(std::string* out, const std::vector<lab::LabState>& labs,
                 const std::vector<std::vector<lab::NodeStatus>>& nodes) {
    std::vector<std::vector<std::string>> rows = {
        {"LAB", "NODE", "KIND", "NAMESPACE", "STATE", "IPV4", "IPV6"}};
    for (size_t i = 0; i < labs.size(); ++i)
        for (const auto& s : nodes[i])
            rows.push_back({labs[i].name, s.name, std::string(lab::kind_name(s.kind)),
                            s.netns.empty() ? "-" : s.netns, state_word(s), joined(s.ipv4),
                            joined(s.ipv6)});
    *out += aligned_rows(rows);
}

bool matches(const lab::NodeState& n, const LabOptions& o) {
    if (std::find(o.nodes.begin(), o.nodes.end(), n.name) != o.nodes.end()) return true;
    if (o.labels.empty()) return false;
    for (const auto& [k, v] : o.labels) {
        auto it = std::find_if(n.labels.begin(), n.labels.end(),
                               [&](const auto& l) { return l.first == k && l.second == v; });
        if (it == n.labels.end()) return false;
    }
    return true;
}

}  // namespace

std::string aligned_rows(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width;
    for (const auto& r : rows) {
        if (width.size() < r.size()) width.resize(r.size(), 0);
        for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    }
    std::string out;
    for (const auto& r : rows) {
        for (size_t c = 0; c < r.size(); ++c) {
            out += r[c];
            if (c + 1 < r.size()) out += std::string(width[c] - r[c].size() + 2, ' ');
        }
        out += "\n";
    }
    return out;
}

int lab_inspect(const LabOptions& o) {
    lab::LabPaths paths;
    auto labs = find_labs(o, paths);
    if (!labs) return lab_fail(labs.error());
    std::vector<std::vector<lab::NodeStatus>> nodes;
    for (const auto& s : *labs) {
        auto status = lab::inspect(s, paths);
        if (!status)
            return lab_fail(Error{status.error().code, s.name + ": " + status.error().context});
        nodes.push_back(std::move(*status));
    }
    std::string out;
    if (o.json) {
        write_json(&out, *labs, nodes);
    } else if (!labs->empty()) {
        write_table(&out, *labs, nodes);
    }
    return print_stdout(kProg, out);
}

int lab_exec(const LabOptions& o) {
    lab::LabPaths paths;
    auto labs = find_labs(o, paths);
    if (!labs) return lab_fail(labs.error());
    const lab::LabState& state = labs->front();
    for (const auto& n : o.nodes)
        if (!state.node(n))
            return lab_fail(Error{0, "lab '" + state.name + "' has no node '" + n + "'"});
    std::vector<const lab::NodeState*> chosen;
    for (const auto& n : state.nodes)
        if (matches(n, o)) chosen.push_back(&n);
    if (chosen.empty())
        return lab_fail(Error{0, "no node of lab '" + state.name + "' has those labels"});
    int rc = 0;
    for (const lab::NodeState* n : chosen) {
        if (chosen.size() > 1) std::printf("== %s ==\n", n->name.c_str());
        std::fflush(stdout);
        auto code = lab::exec_in_node(state, *n, paths, o.command);
        if (!code) {
            lab_fail(Error{code.error().code, n->name + ": " + code.error().context});
            rc = code.error().code == ENOENT ? 127 : 1;
            continue;
        }
        if (*code != 0) rc = *code;
    }
    int flushed = flush_stdout(kProg);
    return rc ? rc : flushed;
}

}  // namespace nsctl::cli
