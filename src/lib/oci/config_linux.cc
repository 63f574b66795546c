// SPDX-License-Identifier: GPL-2.0-or-later
// The "linux" object of config.json (config-linux.md).
#include <set>
#include <string_view>

#include "oci/config_impl.h"
#include "oci/names.h"

namespace nsctl::oci {
namespace {

constexpr std::string_view kPropagations[] = {"shared",  "slave",  "private",  "unbindable",
                                              "rshared", "rslave", "rprivate", "runbindable"};

Status parse_namespaces(const Json& j, const std::string& path, Linux* l) {
    std::set<std::string> seen;
    return each_item(j, path, "namespaces", [&](const Json& e, const std::string& at) -> Status {
        NSCTL_TRY(need_object(e, at));
        Namespace ns;
        NSCTL_TRY(req_string(e, at, "type", &ns.type));
        if (!namespace_kind(ns.type))
            return bad_value(member_path(at, "type"),
                             "unknown namespace type " + json_quoted(ns.type));
        if (!seen.insert(ns.type).second)
            return bad_value(member_path(at, "type"),
                             "namespace type " + json_quoted(ns.type) + " given twice");
        NSCTL_TRY(opt_string(e, at, "path", &ns.path));
        if (find(e, "path")) NSCTL_TRY(need_absolute(ns.path, member_path(at, "path")));
        l->namespaces.push_back(std::move(ns));
        return {};
    });
}

Status parse_mappings(const Json& j, const std::string& path, const char* key,
                      std::vector<IdMapping>* out) {
    return each_item(j, path, key, [&](const Json& e, const std::string& at) -> Status {
        out->push_back(NSCTL_TRY(parse_id_mapping(e, at)));
        return {};
    });
}

Status parse_time_offsets(const Json& j, const std::string& path, Linux* l) {
    NSCTL_TRY(need_object(j, path));
    for (const auto& [clock, value] : j.items()) {
        std::string at = key_path(path, clock);
        // time_namespaces(7): only these two clocks have offsets.
        if (clock != "monotonic" && clock != "boottime")
            return bad_value(at, "unknown clock (monotonic or boottime)");
        if (value.is_null()) continue;
        NSCTL_TRY(need_object(value, at));
        TimeOffset t;
        std::optional<int64_t> secs;
        std::optional<uint32_t> nanos;
        NSCTL_TRY(opt_int(value, at, "secs", &secs));
        NSCTL_TRY(opt_uint(value, at, "nanosecs", &nanos));
        t.secs = secs.value_or(0);
        t.nanosecs = nanos.value_or(0);
        if (t.nanosecs >= 1000000000u)
            return bad_value(member_path(at, "nanosecs"), "must be below 1000000000");
        l->time_offsets[clock] = t;
    }
    return {};
}

Result<Device> parse_device(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Device d;
    NSCTL_TRY(req_string(j, path, "type", &d.type));
    if (d.type != "c" && d.type != "b" && d.type != "u" && d.type != "p")
        return bad_value(member_path(path, "type"),
                         "unknown device type " + json_quoted(d.type) + " (c, b, u or p)");
    NSCTL_TRY(req_string(j, path, "path", &d.path));
    NSCTL_TRY(need_absolute(d.path, member_path(path, "path")));
    std::optional<int64_t> major, minor;
    NSCTL_TRY(opt_int(j, path, "major", &major));
    NSCTL_TRY(opt_int(j, path, "minor", &minor));
    if (d.type != "p" && (!major || !minor))
        return bad_value(path, "major and minor are required for a device of type " + d.type);
    d.major = major.value_or(0);
    d.minor = minor.value_or(0);
    NSCTL_TRY(opt_uint(j, path, "fileMode", &d.file_mode));
    NSCTL_TRY(opt_uint(j, path, "uid", &d.uid));
    NSCTL_TRY(opt_uint(j, path, "gid", &d.gid));
    return d;
}

Result<DeviceRule> parse_device_rule(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    DeviceRule r;
    const Json* allow = find(j, "allow");
    if (!allow) return bad_value(member_path(path, "allow"), "required");
    r.allow = NSCTL_TRY(as_bool(*allow, member_path(path, "allow")));
    NSCTL_TRY(opt_string(j, path, "type", &r.type));
    if (!r.type.empty() && r.type != "a" && r.type != "c" && r.type != "b")
        return bad_value(member_path(path, "type"), json_quoted(r.type) + " is not a, c or b");
    NSCTL_TRY(opt_int(j, path, "major", &r.major));
    NSCTL_TRY(opt_int(j, path, "minor", &r.minor));
    NSCTL_TRY(opt_string(j, path, "access", &r.access));
    if (r.access.find_first_not_of("rwm") != std::string::npos)
        return bad_value(member_path(path, "access"),
                         json_quoted(r.access) + " is not made of r, w, m");
    return r;
}

Result<MemoryResources> parse_memory(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    MemoryResources m;
    NSCTL_TRY(opt_int(j, path, "limit", &m.limit));
    NSCTL_TRY(opt_int(j, path, "reservation", &m.reservation));
    NSCTL_TRY(opt_int(j, path, "swap", &m.swap));
    return m;
}

Result<CpuResources> parse_cpu(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    CpuResources c;
    NSCTL_TRY(opt_uint(j, path, "shares", &c.shares));
    NSCTL_TRY(opt_int(j, path, "quota", &c.quota));
    NSCTL_TRY(opt_uint(j, path, "period", &c.period));
    NSCTL_TRY(opt_string(j, path, "cpus", &c.cpus));
    NSCTL_TRY(opt_string(j, path, "mems", &c.mems));
    return c;
}

Result<Resources> parse_resources(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Resources r;
    if (Status st = each_item(j, path, "devices",
                              [&](const Json& e, const std::string& at) -> Status {
                                  r.devices.push_back(NSCTL_TRY(parse_device_rule(e, at)));
                                  return {};
                              });
        !st)
        return st.error();
    if (const Json* m = find(j, "memory")) r.memory = NSCTL_TRY(parse_memory(*m, path + ".memory"));
    if (const Json* p = find(j, "pids")) {
        NSCTL_TRY(need_object(*p, path + ".pids"));
        int64_t limit = 0;
        const Json* l = find(*p, "limit");
        if (!l) return bad_value(path + ".pids.limit", "required");
        limit = NSCTL_TRY(as_i64(*l, path + ".pids.limit"));
        r.pids_limit = limit;
    }
    if (const Json* c = find(j, "cpu")) r.cpu = NSCTL_TRY(parse_cpu(*c, path + ".cpu"));
    if (const Json* b = find(j, "blockIO")) {
        NSCTL_TRY(need_object(*b, path + ".blockIO"));
        NSCTL_TRY(opt_uint(*b, path + ".blockIO", "weight", &r.blkio_weight));
    }
    return r;
}

Status check_errno_ret(const std::optional<uint32_t>& ret, const std::string& action,
                       const std::string& path) {
    // config-linux.md: only actions that return an errno take one; others "MUST ... fail".
    if (ret && action != "SCMP_ACT_ERRNO" && action != "SCMP_ACT_TRACE")
        return bad_value(path, "action " + json_quoted(action) + " takes no errno");
    return {};
}

Result<SeccompArg> parse_seccomp_arg(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    SeccompArg a;
    NSCTL_TRY(req_uint(j, path, "index", &a.index));
    if (a.index > 5) return bad_value(member_path(path, "index"), "must be 0 to 5");
    NSCTL_TRY(req_uint(j, path, "value", &a.value));
    NSCTL_TRY(opt_uint(j, path, "valueTwo", &a.value_two));
    NSCTL_TRY(req_string(j, path, "op", &a.op));
    if (!contains(seccomp_operators(), a.op))
        return bad_value(member_path(path, "op"), "unknown operator " + json_quoted(a.op));
    return a;
}

Result<SeccompRule> parse_seccomp_rule(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    SeccompRule r;
    const Json* names = find(j, "names");
    if (!names) return bad_value(member_path(path, "names"), "required");
    r.names = NSCTL_TRY(as_strings(*names, member_path(path, "names")));
    if (r.names.empty()) return bad_value(member_path(path, "names"), "must name a system call");
    NSCTL_TRY(req_string(j, path, "action", &r.action));
    if (!contains(seccomp_actions(), r.action))
        return bad_value(member_path(path, "action"), "unknown action " + json_quoted(r.action));
    NSCTL_TRY(opt_uint(j, path, "errnoRet", &r.errno_ret));
    NSCTL_TRY(check_errno_ret(r.errno_ret, r.action, member_path(path, "errnoRet")));
    if (Status st = each_item(j, path, "args",
                              [&](const Json& e, const std::string& at) -> Status {
                                  r.args.push_back(NSCTL_TRY(parse_seccomp_arg(e, at)));
                                  return {};
                              });
        !st)
        return st.error();
    return r;
}

Status check_names(const std::vector<std::string>& names, std::span<const std::string_view> list,
                   const std::string& path, const char* what) {
    for (size_t i = 0; i < names.size(); ++i)
        if (!contains(list, names[i]))
            return bad_value(item_path(path, i),
                             std::string("unknown ") + what + " " + json_quoted(names[i]));
    return {};
}

Result<Seccomp> parse_seccomp(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Seccomp s;
    NSCTL_TRY(req_string(j, path, "defaultAction", &s.default_action));
    if (!contains(seccomp_actions(), s.default_action))
        return bad_value(member_path(path, "defaultAction"),
                         "unknown action " + json_quoted(s.default_action));
    NSCTL_TRY(opt_uint(j, path, "defaultErrnoRet", &s.default_errno_ret));
    NSCTL_TRY(check_errno_ret(s.default_errno_ret, s.default_action,
                              member_path(path, "defaultErrnoRet")));
    NSCTL_TRY(opt_strings(j, path, "architectures", &s.architectures));
    NSCTL_TRY(check_names(s.architectures, seccomp_archs(), member_path(path, "architectures"),
                          "architecture"));
    NSCTL_TRY(opt_strings(j, path, "flags", &s.flags));
    NSCTL_TRY(check_names(s.flags, seccomp_flags(), member_path(path, "flags"), "flag"));
    if (Status st = each_item(j, path, "syscalls",
                              [&](const Json& e, const std::string& at) -> Status {
                                  s.syscalls.push_back(NSCTL_TRY(parse_seccomp_rule(e, at)));
                                  return {};
                              });
        !st)
        return st.error();
    return s;
}

Status parse_paths(const Json& j, const std::string& path, const char* key,
                   std::vector<std::string>* out) {
    NSCTL_TRY(opt_strings(j, path, key, out));
    for (size_t i = 0; i < out->size(); ++i)
        NSCTL_TRY(need_absolute((*out)[i], item_path(member_path(path, key), i)));
    return {};
}

Result<Personality> parse_personality(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Personality p;
    NSCTL_TRY(req_string(j, path, "domain", &p.domain));
    if (p.domain != "LINUX" && p.domain != "LINUX32")
        return bad_value(member_path(path, "domain"),
                         "unknown domain " + json_quoted(p.domain) + " (LINUX or LINUX32)");
    NSCTL_TRY(opt_strings(j, path, "flags", &p.flags));
    return p;
}

Status parse_linux_more(const Json& j, const std::string& path, Linux* l) {
    NSCTL_TRY(opt_string(j, path, "rootfsPropagation", &l->rootfs_propagation));
    if (!l->rootfs_propagation.empty() && !contains(kPropagations, l->rootfs_propagation))
        return bad_value(member_path(path, "rootfsPropagation"),
                         "unknown propagation " + json_quoted(l->rootfs_propagation));
    if (const Json* s = find(j, "seccomp"))
        l->seccomp = NSCTL_TRY(parse_seccomp(*s, member_path(path, "seccomp")));
    if (const Json* s = find(j, "sysctl"))
        l->sysctl = NSCTL_TRY(as_string_map(*s, member_path(path, "sysctl")));
    NSCTL_TRY(parse_paths(j, path, "maskedPaths", &l->masked_paths));
    NSCTL_TRY(parse_paths(j, path, "readonlyPaths", &l->readonly_paths));
    NSCTL_TRY(opt_string(j, path, "mountLabel", &l->mount_label));
    if (const Json* p = find(j, "personality"))
        l->personality = NSCTL_TRY(parse_personality(*p, member_path(path, "personality")));
    return {};
}

}  // namespace

Result<IdMapping> parse_id_mapping(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    IdMapping m;
    NSCTL_TRY(req_uint(j, path, "containerID", &m.container_id));
    NSCTL_TRY(req_uint(j, path, "hostID", &m.host_id));
    NSCTL_TRY(req_uint(j, path, "size", &m.size));
    if (m.size == 0) return bad_value(member_path(path, "size"), "must be at least 1");
    return m;
}

Result<Linux> parse_linux(const Json& j, const std::string& path) {
    NSCTL_TRY(need_object(j, path));
    Linux l;
    NSCTL_TRY(parse_namespaces(j, path, &l));
    NSCTL_TRY(parse_mappings(j, path, "uidMappings", &l.uid_mappings));
    NSCTL_TRY(parse_mappings(j, path, "gidMappings", &l.gid_mappings));
    if (const Json* t = find(j, "timeOffsets"))
        NSCTL_TRY(parse_time_offsets(*t, member_path(path, "timeOffsets"), &l));
    if (Status st = each_item(j, path, "devices",
                              [&](const Json& e, const std::string& at) -> Status {
                                  l.devices.push_back(NSCTL_TRY(parse_device(e, at)));
                                  return {};
                              });
        !st)
        return st.error();
    NSCTL_TRY(opt_string(j, path, "cgroupsPath", &l.cgroups_path));
    if (const Json* r = find(j, "resources"))
        l.resources = NSCTL_TRY(parse_resources(*r, member_path(path, "resources")));
    NSCTL_TRY(parse_linux_more(j, path, &l));
    return l;
}

}  // namespace nsctl::oci
