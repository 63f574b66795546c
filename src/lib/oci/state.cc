// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/state.h"

#include <fcntl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <exception>

#include "oci/config_impl.h"
#include "oci/json_walk.h"
#include "sys/dirents.h"
#include "sys/fd.h"

namespace nsctl::oci {
namespace {

// NAME_MAX: the id is a directory name.
constexpr size_t kMaxIdLength = 255;

constexpr std::string_view kStatusNames[] = {"creating", "created", "running", "stopped"};

Result<State> state_from_json(const Json& j) {
    if (!j.is_object())
        return Error{0, std::string("expected a JSON object, not ") + j.type_name()};
    State s;
    NSCTL_TRY(req_string(j, "", "ociVersion", &s.oci_version));
    NSCTL_TRY(req_string(j, "", "id", &s.id));
    std::string status;
    NSCTL_TRY(req_string(j, "", "status", &status));
    auto it = std::find(std::begin(kStatusNames), std::end(kStatusNames), status);
    if (it == std::end(kStatusNames))
        return bad_value("status", "unknown status " + json_quoted(status));
    s.status = static_cast<ContainerStatus>(it - std::begin(kStatusNames));
    std::optional<int32_t> pid;
    NSCTL_TRY(opt_int(j, "", "pid", &pid));
    s.pid = pid.value_or(0);
    if (s.pid < 0) return bad_value("pid", "must not be negative");
    bool live = s.status == ContainerStatus::kCreated || s.status == ContainerStatus::kRunning;
    if (live && s.pid == 0) return bad_value("pid", "required while the container is " + status);
    NSCTL_TRY(req_string(j, "", "bundle", &s.bundle));
    NSCTL_TRY(need_absolute(s.bundle, "bundle"));
    if (const Json* a = find(j, "annotations"))
        s.annotations = NSCTL_TRY(as_string_map(*a, "annotations"));
    return s;
}

}  // namespace

std::string_view status_name(ContainerStatus status) {
    return kStatusNames[static_cast<size_t>(status)];
}

Result<std::string> format_state(const State& s) {
    Json j = {{"ociVersion", s.oci_version}, {"id", s.id}, {"status", status_name(s.status)}};
    if (s.pid > 0) j["pid"] = s.pid;
    j["bundle"] = s.bundle;
    if (!s.annotations.empty()) j["annotations"] = s.annotations;
    try {
        return j.dump(2) + "\n";
    } catch (const std::exception&) {
        return Error{EINVAL, "state of " + s.id + ": a string is not valid UTF-8"};
    }
}

Result<State> parse_state(std::string_view json, const std::string& file) {
    try {
        Json j = Json::parse(json.begin(), json.end());
        auto s = state_from_json(j);
        if (!s) return Error{0, file + ": " + s.error().context};
        return s;
    } catch (const std::exception& e) {
        std::string what = e.what();
        size_t tag = what.find("] ");
        if (tag != std::string::npos) what.erase(0, tag + 2);
        return Error{0, file + ": malformed JSON: " + what};
    }
}

Status validate_container_id(std::string_view id) {
    if (id.empty()) return Error{EINVAL, "container id is empty"};
    if (id.size() > kMaxIdLength) return Error{EINVAL, "container id is longer than 255 bytes"};
    if (id == "." || id == "..")
        return Error{EINVAL, "container id '" + std::string(id) + "' is not a name"};
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '+' && c != '-' &&
            c != '.')
            return Error{EINVAL, "container id " + json_quoted(std::string(id)) +
                                     ": only letters, digits and _ + - . are allowed"};
    return {};
}

Result<std::string> state_root(const std::string& root_option, uid_t euid,
                               const char* xdg_runtime_dir) {
    if (!root_option.empty()) return root_option;
    if (euid == 0) return std::string("/run/nsctl/oci");
    if (!xdg_runtime_dir || xdg_runtime_dir[0] != '/')
        return Error{EINVAL,
                     "XDG_RUNTIME_DIR is not set to an absolute path: give the state directory "
                     "with --root DIR"};
    return std::string(xdg_runtime_dir) + "/nsctl/oci";
}

Result<State> load_state(const std::string& root, const std::string& id) {
    NSCTL_TRY(validate_container_id(id));
    std::string file = root + "/" + id + "/state.json";
    auto text = sys::read_file(file.c_str());
    if (!text) {
        if (text.error().code == ENOENT)
            return Error{ENOENT, "container " + id + " does not exist"};
        return text.error();
    }
    return parse_state(*text, file);
}

Result<std::vector<State>> list_states(const std::string& root) {
    auto dir = sys::open(root.c_str(), O_RDONLY | O_DIRECTORY);
    if (!dir) {
        if (dir.error().code == ENOENT) return std::vector<State>{};
        return dir.error();
    }
    std::vector<std::string> ids;
    NSCTL_TRY(sys::for_each_dirent(dir->get(), [&](const char* name) {
        if (validate_container_id(name)) ids.push_back(name);
    }));
    std::sort(ids.begin(), ids.end());
    std::vector<State> states;
    for (const auto& id : ids) {
        auto s = load_state(root, id);
        if (!s && s.error().code == ENOENT) continue;  // not made yet, or gone meanwhile
        if (!s) return s.error();
        states.push_back(std::move(*s));
    }
    return states;
}

}  // namespace nsctl::oci
