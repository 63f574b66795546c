// SPDX-License-Identifier: GPL-2.0-or-later
// config.json into a Spec: the top level, process, root, mounts, hooks and annotations
// (config.md); the linux object is config_linux.cc's.
#include "oci/config.h"

#include <cctype>
#include <exception>
#include <set>

#include "oci/config_impl.h"
#include "oci/names.h"

namespace nsctl::oci {
namespace {

// HOST_NAME_MAX: sethostname(2) and setdomainname(2) refuse longer names.
constexpr size_t kMaxHostName = 64;

// A SemVer 2.0.0 numeric identifier: digits, no leading zero.
bool semver_number(std::string_view s) {
    if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// Dot-separated non-empty identifiers of [0-9A-Za-z-] (a pre-release or build suffix).
bool semver_idents(std::string_view s) {
    size_t start = 0;
    while (true) {
        size_t dot = s.find('.', start);
        std::string_view id = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (id.empty()) return false;
        for (char c : id)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

// ociVersion: SemVer, and of major version 1 (config.md: compatible within a major version).
Status check_version(const std::string& v) {
    std::string_view core = v;
    size_t plus = core.find('+');
    if (plus != std::string_view::npos) {
        if (!semver_idents(core.substr(plus + 1))) plus = 0;
        core = core.substr(0, plus);
    }
    size_t dash = core.find('-');
    if (dash != std::string_view::npos) {
        if (!semver_idents(core.substr(dash + 1))) core = {};
        core = core.substr(0, dash);
    }
    size_t d1 = core.find('.');
    size_t d2 = d1 == std::string_view::npos ? d1 : core.find('.', d1 + 1);
    bool ok = d2 != std::string_view::npos && semver_number(core.substr(0, d1)) &&
              semver_number(core.substr(d1 + 1, d2 - d1 - 1)) && semver_number(core.substr(d2 + 1));
    if (!ok) return bad_value("ociVersion", json_quoted(v) + " is not a SemVer version");
    if (core.substr(0, d1) != "1")
        return bad_value("ociVersion", "version " + json_quoted(v) + " is not supported (" +
                                           kOciVersionMin + " to " + kOciVersion + ")");
    return {};
}

// CAP_ and then upper-case letters, digits and '_'.
bool capability_form(const std::string& name) {
    if (name.size() <= 4 || name.compare(0, 4, "CAP_") != 0) return false;
    for (char c : name)
        if (!std::isupper(static_cast<unsigned char>(c)) &&
            !std::isdigit(static_cast<unsigned char>(c)) && c != '_')
            return false;
    return true;
}

Status capability_set(const Json& obj, const std::string& path, const char* key,
                      std::vector<std::string>* out) {
    NSCTL_TRY(opt_strings(obj, path, key, out));
    for (size_t i = 0; i < out->size(); ++i)
        if (!capability_form((*out)[i]))
            return bad_value(item_path(member_path(path, key), i),
                             json_quoted((*out)[i]) + " is not a capability name (CAP_NAME)");
    return {};
}

Result<Capabilities> parse_capabilities(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Capabilities c;
    NSCTL_TRY(capability_set(j, path, "bounding", &c.bounding));
    NSCTL_TRY(capability_set(j, path, "effective", &c.effective));
    NSCTL_TRY(capability_set(j, path, "inheritable", &c.inheritable));
    NSCTL_TRY(capability_set(j, path, "permitted", &c.permitted));
    NSCTL_TRY(capability_set(j, path, "ambient", &c.ambient));
    return c;
}

Result<Rlimit> parse_rlimit(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Rlimit r;
    NSCTL_TRY(req_string(j, path, "type", &r.type));
    if (!contains(rlimit_types(), r.type))
        return bad_value(member_path(path, "type"), "unknown rlimit " + json_quoted(r.type));
    NSCTL_TRY(req_uint(j, path, "soft", &r.soft));
    NSCTL_TRY(req_uint(j, path, "hard", &r.hard));
    if (r.soft > r.hard)
        return bad_value(path, "soft limit " + std::to_string(r.soft) + " is above hard limit " +
                                   std::to_string(r.hard));
    return r;
}

Result<User> parse_user(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    User u;
    NSCTL_TRY(req_uint(j, path, "uid", &u.uid));
    NSCTL_TRY(req_uint(j, path, "gid", &u.gid));
    NSCTL_TRY(opt_uint(j, path, "umask", &u.umask));
    if (u.umask && *u.umask > 0777)
        return bad_value(member_path(path, "umask"), std::to_string(*u.umask) + " is above 0777");
    if (Status st = each_item(j, path, "additionalGids",
                              [&](const Json& g, const std::string& at) -> Status {
                                  u.additional_gids.push_back(
                                      static_cast<uint32_t>(NSCTL_TRY(as_u64(g, at, UINT32_MAX))));
                                  return {};
                              });
        !st)
        return st.error();
    return u;
}

Status parse_env(const Json& j, const std::string& path, const char* key,
                 std::vector<std::string>* env) {
    NSCTL_TRY(opt_strings(j, path, key, env));
    for (size_t i = 0; i < env->size(); ++i) {
        size_t eq = (*env)[i].find('=');
        if (eq == std::string::npos || eq == 0)
            return bad_value(item_path(member_path(path, key), i),
                             json_quoted((*env)[i]) + " is not NAME=VALUE");
    }
    return {};
}

Status parse_process_args(const Json& j, const std::string& path, Process* p) {
    const Json* args = find(j, "args");
    if (!args) return bad_value(member_path(path, "args"), "required");
    p->args = NSCTL_TRY(as_strings(*args, member_path(path, "args")));
    if (p->args.empty()) return bad_value(member_path(path, "args"), "must name a program");
    NSCTL_TRY(req_string(j, path, "cwd", &p->cwd));
    return need_absolute(p->cwd, member_path(path, "cwd"));
}

Status parse_rlimits(const Json& j, const std::string& path, Process* p) {
    std::set<std::string> seen;
    return each_item(j, path, "rlimits", [&](const Json& r, const std::string& at) -> Status {
        Rlimit limit = NSCTL_TRY(parse_rlimit(r, at));
        if (!seen.insert(limit.type).second)
            return bad_value(member_path(at, "type"), json_quoted(limit.type) + " given twice");
        p->rlimits.push_back(std::move(limit));
        return {};
    });
}

Result<Process> parse_process(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Process p;
    NSCTL_TRY(opt_bool(j, path, "terminal", &p.terminal));
    if (const Json* size = find(j, "consoleSize")) {
        std::string at = member_path(path, "consoleSize");
        NSCTL_TRY(need_object(*size, at));
        ConsoleSize c;
        NSCTL_TRY(req_uint(*size, at, "height", &c.height));
        NSCTL_TRY(req_uint(*size, at, "width", &c.width));
        p.console_size = c;
    }
    if (const Json* user = find(j, "user")) {
        NSCTL_TRY(need_object(*user, member_path(path, "user")));
        p.user = NSCTL_TRY(parse_user(*user, member_path(path, "user")));
    }
    NSCTL_TRY(parse_process_args(j, path, &p));
    NSCTL_TRY(parse_env(j, path, "env", &p.env));
    if (const Json* caps = find(j, "capabilities"))
        p.capabilities = NSCTL_TRY(parse_capabilities(*caps, member_path(path, "capabilities")));
    NSCTL_TRY(parse_rlimits(j, path, &p));
    NSCTL_TRY(opt_bool(j, path, "noNewPrivileges", &p.no_new_privileges));
    if (const Json* oom = find(j, "oomScoreAdj"))
        p.oom_score_adj = static_cast<int32_t>(
            NSCTL_TRY(as_i64(*oom, member_path(path, "oomScoreAdj"), -1000, 1000)));
    NSCTL_TRY(opt_string(j, path, "apparmorProfile", &p.apparmor_profile));
    NSCTL_TRY(opt_string(j, path, "selinuxLabel", &p.selinux_label));
    return p;
}

Result<Root> parse_root(const Json& top) {
    const Json* j = find(top, "root");
    if (!j) return bad_value("root", "required");
    NSCTL_TRY(need_object(*j, "root"));
    Root r;
    NSCTL_TRY(req_string(*j, "root", "path", &r.path));
    if (r.path.empty()) return bad_value("root.path", "must not be empty");
    NSCTL_TRY(opt_bool(*j, "root", "readonly", &r.readonly));
    return r;
}

Status parse_mount_mappings(const Json& j, const std::string& path, Mount* m) {
    if (Status st = each_item(j, path, "uidMappings",
                              [&](const Json& e, const std::string& at) -> Status {
                                  m->uid_mappings.push_back(NSCTL_TRY(parse_id_mapping(e, at)));
                                  return {};
                              });
        !st)
        return st.error();
    if (Status st = each_item(j, path, "gidMappings",
                              [&](const Json& e, const std::string& at) -> Status {
                                  m->gid_mappings.push_back(NSCTL_TRY(parse_id_mapping(e, at)));
                                  return {};
                              });
        !st)
        return st.error();
    // config.md: each of the two "MUST be specified along with" the other.
    if (m->uid_mappings.empty() != m->gid_mappings.empty())
        return bad_value(path, "uidMappings and gidMappings must be given together");
    return {};
}

Result<Mount> parse_mount(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Mount m;
    NSCTL_TRY(req_string(j, path, "destination", &m.destination));
    if (m.destination.empty()) return bad_value(member_path(path, "destination"), "empty");
    // config.md (Linux): a relative destination is deprecated but allowed, relative to "/".
    if (m.destination[0] != '/') m.destination.insert(0, "/");
    NSCTL_TRY(opt_string(j, path, "type", &m.type));
    NSCTL_TRY(opt_string(j, path, "source", &m.source));
    NSCTL_TRY(opt_strings(j, path, "options", &m.options));
    NSCTL_TRY(parse_mount_mappings(j, path, &m));
    return m;
}

Result<Hook> parse_hook(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Hook h;
    NSCTL_TRY(req_string(j, path, "path", &h.path));
    NSCTL_TRY(need_absolute(h.path, member_path(path, "path")));
    NSCTL_TRY(opt_strings(j, path, "args", &h.args));
    NSCTL_TRY(parse_env(j, path, "env", &h.env));
    if (const Json* t = find(j, "timeout"))
        h.timeout =
            static_cast<int32_t>(NSCTL_TRY(as_i64(*t, member_path(path, "timeout"), 1, INT32_MAX)));
    return h;
}

Result<Hooks> parse_hooks(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Hooks hooks;
    struct Kind {
        const char* key;
        std::vector<Hook>* list;
    };
    const Kind kinds[] = {{"prestart", &hooks.prestart},
                          {"createRuntime", &hooks.create_runtime},
                          {"createContainer", &hooks.create_container},
                          {"startContainer", &hooks.start_container},
                          {"poststart", &hooks.poststart},
                          {"poststop", &hooks.poststop}};
    for (const Kind& k : kinds)
        if (Status st = each_item(j, path, k.key,
                                  [&](const Json& h, const std::string& at) -> Status {
                                      k.list->push_back(NSCTL_TRY(parse_hook(h, at)));
                                      return {};
                                  });
            !st)
            return st.error();
    return hooks;
}

Status parse_names(const Json& top, Spec* s) {
    NSCTL_TRY(opt_string(top, "", "hostname", &s->hostname));
    NSCTL_TRY(opt_string(top, "", "domainname", &s->domainname));
    if (s->hostname.size() > kMaxHostName) return bad_value("hostname", "longer than 64 bytes");
    if (s->domainname.size() > kMaxHostName) return bad_value("domainname", "longer than 64 bytes");
    if (const Json* a = find(top, "annotations")) {
        s->annotations = NSCTL_TRY(as_string_map(*a, "annotations"));
        if (s->annotations.count("")) return bad_value("annotations", "a key is empty");
    }
    return {};
}

// The Linux properties of runtime-spec 1.2 that Spec does not keep.
constexpr const char* kNotKept[] = {
    "process.scheduler",
    "process.ioPriority",
    "process.execCPUAffinity",
    "linux.netDevices",
    "linux.intelRdt",
    "linux.resources.hugepageLimits",
    "linux.resources.network",
    "linux.resources.rdma",
    "linux.resources.unified",
    "linux.resources.memory.kernel",
    "linux.resources.memory.kernelTCP",
    "linux.resources.memory.swappiness",
    "linux.resources.memory.disableOOMKiller",
    "linux.resources.memory.useHierarchy",
    "linux.resources.memory.checkBeforeUpdate",
    "linux.resources.cpu.burst",
    "linux.resources.cpu.realtimeRuntime",
    "linux.resources.cpu.realtimePeriod",
    "linux.resources.cpu.idle",
    "linux.resources.blockIO.leafWeight",
    "linux.resources.blockIO.weightDevice",
    "linux.resources.blockIO.throttleReadBpsDevice",
    "linux.resources.blockIO.throttleWriteBpsDevice",
    "linux.resources.blockIO.throttleReadIOPSDevice",
    "linux.resources.blockIO.throttleWriteIOPSDevice",
    "linux.seccomp.listenerPath",
    "linux.seccomp.listenerMetadata",
};

// Whether the dotted path names a set (not null) member, through objects, from top.
bool is_present(const Json& top, std::string_view path) {
    const Json* at = &top;
    while (true) {
        size_t dot = path.find('.');
        std::string key(path.substr(0, dot));
        if (!at->is_object()) return false;
        at = find(*at, key.c_str());
        if (!at) return false;
        if (dot == std::string_view::npos) return true;
        path.remove_prefix(dot + 1);
    }
}

Result<Spec> parse_spec(const Json& top) {
    Spec s;
    NSCTL_TRY(req_string(top, "", "ociVersion", &s.oci_version));
    NSCTL_TRY(check_version(s.oci_version));
    if (const Json* p = find(top, "process")) s.process = NSCTL_TRY(parse_process(*p, "process"));
    s.root = NSCTL_TRY(parse_root(top));
    NSCTL_TRY(parse_names(top, &s));
    if (Status st = each_item(top, "", "mounts",
                              [&](const Json& m, const std::string& at) -> Status {
                                  s.mounts.push_back(NSCTL_TRY(parse_mount(m, at)));
                                  return {};
                              });
        !st)
        return st.error();
    if (const Json* h = find(top, "hooks")) s.hooks = NSCTL_TRY(parse_hooks(*h, "hooks"));
    if (const Json* l = find(top, "linux")) s.linux_ = NSCTL_TRY(parse_linux(*l, "linux"));
    for (const char* path : kNotKept)
        if (is_present(top, path)) s.unsupported.push_back(path);
    return s;
}

// nlohmann's what() without its "[json.exception.parse_error.101] " tag.
std::string without_tag(const char* what) {
    std::string text = what;
    if (!text.empty() && text[0] == '[') {
        size_t end = text.find("] ");
        if (end != std::string::npos) text.erase(0, end + 2);
    }
    return text;
}

}  // namespace

Status need_absolute(const std::string& value, const std::string& path) {
    if (value.empty() || value[0] != '/')
        return bad_value(path, json_quoted(value) + " is not an absolute path");
    return {};
}

std::string json_quoted(const std::string& text) {
    return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

// Parses json as an object and hands it to parse (Spec or Process): errors start with file.
template <typename T>
Result<T> parse_document(std::string_view json, const std::string& file,
                         Result<T> (*parse)(const Json&)) {
    // The library never throws: nlohmann reports malformed input (a parse_error, or an
    // out_of_range for a number past a double) and misuse with exceptions.
    Json top;
    try {
        top = Json::parse(json.begin(), json.end());
    } catch (const std::exception& e) {
        return Error{0, file + ": malformed JSON: " + without_tag(e.what())};
    }
    if (!top.is_object())
        return Error{0, file + ": expected a JSON object, not " + std::string(top.type_name())};
    try {
        auto parsed = parse(top);
        if (!parsed) return Error{0, file + ": " + parsed.error().context};
        return parsed;
    } catch (const std::exception& e) {
        return Error{0, file + ": " + without_tag(e.what())};
    }
}

Result<Process> parse_process_object(const Json& j) { return parse_process(j, ""); }

}  // namespace

Result<Spec> parse_config(std::string_view json, const std::string& file) {
    return parse_document(json, file, &parse_spec);
}

Result<Process> parse_process_file(std::string_view json, const std::string& file) {
    return parse_document(json, file, &parse_process_object);
}

std::vector<std::string> unknown_capabilities(const Spec& spec) {
    std::set<std::string> unknown;
    if (!spec.process || !spec.process->capabilities) return {};
    const Capabilities& c = *spec.process->capabilities;
    for (const auto* set : {&c.bounding, &c.effective, &c.inheritable, &c.permitted, &c.ambient})
        for (const auto& name : *set)
            if (!is_known_capability(name)) unknown.insert(name);
    return {unknown.begin(), unknown.end()};
}

}  // namespace nsctl::oci
