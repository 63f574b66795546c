// SPDX-License-Identifier: GPL-2.0-or-later
// A Spec back into config.json text: every property that is set, in config.md's order.
#include <fcntl.h>

#include <cerrno>
#include <exception>

#include "oci/config.h"
#include "oci/json_walk.h"
#include "sys/fd.h"
#include "sys/flock.h"

namespace nsctl::oci {
namespace {

Json mappings(const std::vector<IdMapping>& list) {
    Json out = Json::array();
    for (const auto& m : list)
        out.push_back({{"containerID", m.container_id}, {"hostID", m.host_id}, {"size", m.size}});
    return out;
}

Json process_json(const Process& p) {
    Json j = Json::object();
    if (p.terminal) j["terminal"] = true;
    if (p.console_size)
        j["consoleSize"] = {{"height", p.console_size->height}, {"width", p.console_size->width}};
    Json user = {{"uid", p.user.uid}, {"gid", p.user.gid}};
    if (p.user.umask) user["umask"] = *p.user.umask;
    if (!p.user.additional_gids.empty()) user["additionalGids"] = p.user.additional_gids;
    j["user"] = user;
    j["args"] = p.args;
    if (!p.env.empty()) j["env"] = p.env;
    j["cwd"] = p.cwd;
    if (p.capabilities) {
        const Capabilities& c = *p.capabilities;
        j["capabilities"] = {{"bounding", c.bounding},
                             {"effective", c.effective},
                             {"inheritable", c.inheritable},
                             {"permitted", c.permitted},
                             {"ambient", c.ambient}};
    }
    if (!p.rlimits.empty()) {
        Json list = Json::array();
        for (const auto& r : p.rlimits)
            list.push_back({{"type", r.type}, {"hard", r.hard}, {"soft", r.soft}});
        j["rlimits"] = list;
    }
    if (p.no_new_privileges) j["noNewPrivileges"] = true;
    if (p.oom_score_adj) j["oomScoreAdj"] = *p.oom_score_adj;
    if (!p.apparmor_profile.empty()) j["apparmorProfile"] = p.apparmor_profile;
    if (!p.selinux_label.empty()) j["selinuxLabel"] = p.selinux_label;
    return j;
}

Json mount_json(const Mount& m) {
    Json j = {{"destination", m.destination}};
    if (!m.type.empty()) j["type"] = m.type;
    if (!m.source.empty()) j["source"] = m.source;
    if (!m.options.empty()) j["options"] = m.options;
    if (!m.uid_mappings.empty()) j["uidMappings"] = mappings(m.uid_mappings);
    if (!m.gid_mappings.empty()) j["gidMappings"] = mappings(m.gid_mappings);
    return j;
}

Json hooks_json(const Hooks& h) {
    Json j = Json::object();
    auto add = [&j](const char* key, const std::vector<Hook>& list) {
        if (list.empty()) return;
        Json out = Json::array();
        for (const auto& hook : list) {
            Json one = {{"path", hook.path}};
            if (!hook.args.empty()) one["args"] = hook.args;
            if (!hook.env.empty()) one["env"] = hook.env;
            if (hook.timeout) one["timeout"] = *hook.timeout;
            out.push_back(one);
        }
        j[key] = out;
    };
    add("prestart", h.prestart);
    add("createRuntime", h.create_runtime);
    add("createContainer", h.create_container);
    add("startContainer", h.start_container);
    add("poststart", h.poststart);
    add("poststop", h.poststop);
    return j;
}

Json resources_json(const Resources& r) {
    Json j = Json::object();
    if (!r.devices.empty()) {
        Json list = Json::array();
        for (const auto& d : r.devices) {
            Json one = {{"allow", d.allow}};
            if (!d.type.empty()) one["type"] = d.type;
            if (d.major) one["major"] = *d.major;
            if (d.minor) one["minor"] = *d.minor;
            if (!d.access.empty()) one["access"] = d.access;
            list.push_back(one);
        }
        j["devices"] = list;
    }
    if (r.memory) {
        Json m = Json::object();
        if (r.memory->limit) m["limit"] = *r.memory->limit;
        if (r.memory->reservation) m["reservation"] = *r.memory->reservation;
        if (r.memory->swap) m["swap"] = *r.memory->swap;
        j["memory"] = m;
    }
    if (r.pids_limit) j["pids"] = {{"limit", *r.pids_limit}};
    if (r.cpu) {
        Json c = Json::object();
        if (r.cpu->shares) c["shares"] = *r.cpu->shares;
        if (r.cpu->quota) c["quota"] = *r.cpu->quota;
        if (r.cpu->period) c["period"] = *r.cpu->period;
        if (!r.cpu->cpus.empty()) c["cpus"] = r.cpu->cpus;
        if (!r.cpu->mems.empty()) c["mems"] = r.cpu->mems;
        j["cpu"] = c;
    }
    if (r.blkio_weight) j["blockIO"] = {{"weight", *r.blkio_weight}};
    return j;
}

Json seccomp_json(const Seccomp& s) {
    Json j = {{"defaultAction", s.default_action}};
    if (s.default_errno_ret) j["defaultErrnoRet"] = *s.default_errno_ret;
    if (!s.architectures.empty()) j["architectures"] = s.architectures;
    if (!s.flags.empty()) j["flags"] = s.flags;
    if (s.syscalls.empty()) return j;
    Json list = Json::array();
    for (const auto& rule : s.syscalls) {
        Json one = {{"names", rule.names}, {"action", rule.action}};
        if (rule.errno_ret) one["errnoRet"] = *rule.errno_ret;
        if (!rule.args.empty()) {
            Json args = Json::array();
            for (const auto& a : rule.args) {
                Json arg = {{"index", a.index}, {"value", a.value}};
                if (a.value_two) arg["valueTwo"] = *a.value_two;
                arg["op"] = a.op;
                args.push_back(arg);
            }
            one["args"] = args;
        }
        list.push_back(one);
    }
    j["syscalls"] = list;
    return j;
}

Json devices_json(const std::vector<Device>& devices) {
    Json list = Json::array();
    for (const auto& d : devices) {
        Json one = {{"type", d.type}, {"path", d.path}};
        if (d.type != "p") {
            one["major"] = d.major;
            one["minor"] = d.minor;
        }
        if (d.file_mode) one["fileMode"] = *d.file_mode;
        if (d.uid) one["uid"] = *d.uid;
        if (d.gid) one["gid"] = *d.gid;
        list.push_back(one);
    }
    return list;
}

void linux_json_more(const Linux& l, Json& j) {
    if (!l.rootfs_propagation.empty()) j["rootfsPropagation"] = l.rootfs_propagation;
    if (l.seccomp) j["seccomp"] = seccomp_json(*l.seccomp);
    if (!l.sysctl.empty()) j["sysctl"] = l.sysctl;
    if (!l.masked_paths.empty()) j["maskedPaths"] = l.masked_paths;
    if (!l.readonly_paths.empty()) j["readonlyPaths"] = l.readonly_paths;
    if (!l.mount_label.empty()) j["mountLabel"] = l.mount_label;
    if (l.personality) {
        Json p = {{"domain", l.personality->domain}};
        if (!l.personality->flags.empty()) p["flags"] = l.personality->flags;
        j["personality"] = p;
    }
}

Json linux_json(const Linux& l) {
    Json j = Json::object();
    if (!l.uid_mappings.empty()) j["uidMappings"] = mappings(l.uid_mappings);
    if (!l.gid_mappings.empty()) j["gidMappings"] = mappings(l.gid_mappings);
    if (!l.time_offsets.empty()) {
        Json t = Json::object();
        for (const auto& [clock, o] : l.time_offsets)
            t[clock] = {{"secs", o.secs}, {"nanosecs", o.nanosecs}};
        j["timeOffsets"] = t;
    }
    if (!l.devices.empty()) j["devices"] = devices_json(l.devices);
    if (!l.cgroups_path.empty()) j["cgroupsPath"] = l.cgroups_path;
    if (l.resources) j["resources"] = resources_json(*l.resources);
    Json ns = Json::array();
    for (const auto& n : l.namespaces) {
        Json one = {{"type", n.type}};
        if (!n.path.empty()) one["path"] = n.path;
        ns.push_back(one);
    }
    j["namespaces"] = ns;
    linux_json_more(l, j);
    return j;
}

}  // namespace

Result<std::string> format_config(const Spec& s) {
    Json j = {{"ociVersion", s.oci_version}};
    if (s.process) j["process"] = process_json(*s.process);
    j["root"] = {{"path", s.root.path}};
    if (s.root.readonly) j["root"]["readonly"] = true;
    if (!s.hostname.empty()) j["hostname"] = s.hostname;
    if (!s.domainname.empty()) j["domainname"] = s.domainname;
    if (!s.mounts.empty()) {
        Json list = Json::array();
        for (const auto& m : s.mounts) list.push_back(mount_json(m));
        j["mounts"] = list;
    }
    if (s.hooks) j["hooks"] = hooks_json(*s.hooks);
    if (!s.annotations.empty()) j["annotations"] = s.annotations;
    if (s.linux_) j["linux"] = linux_json(*s.linux_);
    try {
        return j.dump(4) + "\n";
    } catch (const std::exception&) {
        // dump() throws on a string that is not UTF-8 (type_error 316).
        return Error{EINVAL, "config.json: a string is not valid UTF-8"};
    }
}

Status create_config_file(const std::string& path, const Spec& spec) {
    std::string text = NSCTL_TRY(format_config(spec));
    auto fd = sys::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (!fd) return fd.error();
    size_t done = 0;
    while (done < text.size()) {
        auto n = sys::write(fd->get(), text.data() + done, text.size() - done);
        if (!n) {
            (void)sys::unlinkat(AT_FDCWD, path.c_str(), 0);
            return Error{n.error().code, "write " + path};
        }
        done += *n;
    }
    return {};
}

}  // namespace nsctl::oci
