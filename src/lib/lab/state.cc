// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/state.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/json_reader.h"
#include "base/json_writer.h"
#include "base/parse.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"

namespace nsctl::lab {
namespace {

void write_pairs(JsonWriter& w, const char* name, const StringMap& pairs) {
    w.open(name, JsonWriter::kObject);
    for (const auto& [k, v] : pairs) w.value(k.c_str(), v, JsonType::kString);
    w.close(JsonWriter::kObject);
}

void write_strings(JsonWriter& w, const char* name, const std::vector<std::string>& items) {
    w.open(name, JsonWriter::kArray);
    for (const auto& s : items) w.value(nullptr, s, JsonType::kString);
    w.close(JsonWriter::kArray);
}

void write_node(JsonWriter& w, const NodeState& n) {
    w.open(nullptr, JsonWriter::kObject);
    w.value("name", n.name, JsonType::kString);
    w.value("kind", kind_name(n.kind), JsonType::kString);
    w.value("netns", n.netns, JsonType::kString);
    w.value("uts", n.uts ? "1" : "0", JsonType::kBoolean);
    if (!n.sandbox.empty()) w.value("sandbox", n.sandbox, JsonType::kString);
    if (n.cmd_pid > 0) {
        w.value("cmd_pid", std::to_string(n.cmd_pid), JsonType::kNumber);
        w.value("cmd_starttime", n.cmd_starttime, JsonType::kString);
    }
    write_pairs(w, "labels", n.labels);
    w.close(JsonWriter::kObject);
}

std::optional<NodeKind> kind_of(std::string_view name) {
    for (NodeKind k : {NodeKind::kLinux, NodeKind::kBridge, NodeKind::kHost})
        if (kind_name(k) == name) return k;
    return std::nullopt;
}

std::vector<std::string> strings_of(const Json* array) {
    std::vector<std::string> out;
    if (!array) return out;
    for (const Json& item : array->items)
        if (item.type == Json::Type::kString) out.push_back(item.text);
    return out;
}

std::optional<NodeState> node_of(const Json& j) {
    const std::string* name = j.string("name");
    const std::string* kind = j.string("kind");
    if (j.type != Json::Type::kObject || !name || !kind || !kind_of(*kind)) return std::nullopt;
    NodeState n;
    n.name = *name;
    n.kind = *kind_of(*kind);
    if (const std::string* ns = j.string("netns")) n.netns = *ns;
    if (const Json* uts = j.get("uts")) n.uts = uts->boolean;
    if (const std::string* sandbox = j.string("sandbox")) n.sandbox = *sandbox;
    if (j.get("cmd_pid")) n.cmd_pid = static_cast<pid_t>(j.integer("cmd_pid"));
    if (const std::string* st = j.string("cmd_starttime")) n.cmd_starttime = *st;
    if (const Json* labels = j.get("labels"))
        for (const auto& [k, v] : labels->members) n.labels.emplace_back(k, v.text);
    return n;
}

}  // namespace

std::string LabPaths::lab_dir(std::string_view lab) const {
    return state_dir + "/" + std::string(lab);
}
std::string LabPaths::state_file(std::string_view lab) const {
    return lab_dir(lab) + "/state.json";
}
std::string LabPaths::uts_file(std::string_view lab, std::string_view node) const {
    return lab_dir(lab) + "/" + std::string(node) + ".uts";
}
std::string LabPaths::log_file(std::string_view lab, std::string_view node) const {
    return lab_dir(lab) + "/" + std::string(node) + ".log";
}

NodeState* LabState::node(std::string_view node_name) {
    for (auto& n : nodes)
        if (n.name == node_name) return &n;
    return nullptr;
}
const NodeState* LabState::node(std::string_view node_name) const {
    return const_cast<LabState*>(this)->node(node_name);
}

std::string current_netns() {
    char buf[64];
    ssize_t n = readlink("/proc/self/ns/net", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

std::string format_state(const LabState& s) {
    std::string out;
    JsonWriter w(&out, JsonStyle::kPretty, JsonNames::kAsGiven);
    w.open(nullptr, JsonWriter::kObject);
    w.value("lab", s.name, JsonType::kString);
    w.value("topology", s.topology_file, JsonType::kString);
    w.value("group", std::to_string(s.group), JsonType::kNumber);
    if (!s.host_netns.empty()) w.value("host_netns", s.host_netns, JsonType::kString);
    w.open("nodes", JsonWriter::kArray);
    for (const auto& n : s.nodes) write_node(w, n);
    w.close(JsonWriter::kArray);
    write_strings(w, "bridges_made", s.bridges_made);
    write_strings(w, "links", s.links);
    w.close(JsonWriter::kObject);
    return out;
}

Result<LabState> parse_state(std::string_view text, const std::string& file) {
    Error bad{EINVAL, file + ": not a lab state"};
    auto json = parse_json(text);
    if (!json || json->type != Json::Type::kObject) return bad;
    const std::string* name = json->string("lab");
    const std::string* topology = json->string("topology");
    const Json* nodes = json->get("nodes");
    if (!name || !topology || !nodes || nodes->type != Json::Type::kArray) return bad;
    LabState s;
    s.name = *name;
    s.topology_file = *topology;
    s.group = static_cast<uint32_t>(json->integer("group"));
    if (const std::string* host = json->string("host_netns")) s.host_netns = *host;
    for (const Json& j : nodes->items) {
        auto n = node_of(j);
        if (!n) return bad;
        s.nodes.push_back(std::move(*n));
    }
    s.bridges_made = strings_of(json->get("bridges_made"));
    s.links = strings_of(json->get("links"));
    return s;
}

Result<void> make_state_dir(const LabPaths& paths) {
    const std::string& dir = paths.state_dir;
    for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
        std::string part = dir.substr(0, slash);
        auto made = sys::mkdir(part.c_str(), 0700);
        if (!made && made.error().code != EEXIST) return made.error();
        if (slash == std::string::npos) return {};
    }
}

Result<void> save_state(const LabPaths& paths, const LabState& state) {
    NSCTL_TRY(make_state_dir(paths));
    auto made = sys::mkdir(paths.lab_dir(state.name).c_str(), 0700);
    if (!made && made.error().code != EEXIST) return made.error();
    return sys::replace_file(paths.state_file(state.name), format_state(state), 0600);
}

Result<std::optional<LabState>> load_state(const LabPaths& paths, std::string_view lab) {
    std::string file = paths.state_file(lab);
    auto text = sys::read_file(file.c_str());
    if (!text) {
        if (text.error().code == ENOENT) return std::optional<LabState>();
        return text.error();
    }
    return std::optional<LabState>(NSCTL_TRY(parse_state(*text, file)));
}

Result<std::vector<std::string>> deployed_labs(const LabPaths& paths) {
    std::vector<std::string> labs;
    auto dir = sys::open(paths.state_dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (!dir) {
        if (dir.error().code == ENOENT) return labs;
        return dir.error();
    }
    NSCTL_TRY(sys::for_each_dirent(dir->get(), [&](const char* n) {
        std::string_view name(n);
        if (name == "." || name == "..") return;
        if (sys::path_exists(paths.state_file(name).c_str())) labs.emplace_back(name);
    }));
    std::sort(labs.begin(), labs.end());
    return labs;
}

}  // namespace nsctl::lab
