// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/sandbox_spec.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "base/parse.h"
#include "oci/names.h"
#include "oci/seccomp_spec.h"
#include "sandbox/caps.h"
#include "sandbox/limits.h"

namespace nsctl::oci {
namespace {

using sandbox::CapSet;
using sandbox::MountRequest;
using sandbox::RunSpec;

Error refuse(const std::string& key, const std::string& why) { return Error{0, key + ": " + why}; }

Error not_yet(const std::string& key) { return refuse(key, "not supported yet"); }

bool has(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string at(const char* list, size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
}

// A path of the config that may be relative to the bundle.
std::string in_bundle(const std::string& bundle, const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    return bundle + "/" + path;
}

// One of the five lists as a set; a name nsctl does not know is left out with a warning.
CapSet capability_set(const std::vector<std::string>& names, const char* key,
                      std::vector<std::string>& warnings) {
    CapSet set = 0;
    for (size_t i = 0; i < names.size(); ++i) {
        auto cap = sandbox::capability_from_name(names[i]);
        if (!cap) {
            warnings.push_back(at(key, i) + ": " + names[i] + " is unknown to nsctl, left out");
            continue;
        }
        set |= CapSet{1} << *cap;
    }
    return set;
}

// Names as the config writes them: CAP_KILL,CAP_CHOWN.
std::string config_names(CapSet set) {
    std::string names = sandbox::capability_names(set);
    std::transform(names.begin(), names.end(), names.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return names;
}

// The kernel's rules, checked here so that the error names the key: effective within permitted,
// inheritable within bounding (capset(2) refuses more); ambient within both permitted and
// inheritable (PR_CAP_AMBIENT_RAISE refuses others), or left out with a warning.
Result<void> translate_capabilities(const Capabilities& c, SandboxSpec& out) {
    auto& w = out.warnings;
    sandbox::CapabilitySets sets{
        .bounding = capability_set(c.bounding, "process.capabilities.bounding", w),
        .effective = capability_set(c.effective, "process.capabilities.effective", w),
        .permitted = capability_set(c.permitted, "process.capabilities.permitted", w),
        .inheritable = capability_set(c.inheritable, "process.capabilities.inheritable", w),
        .ambient = capability_set(c.ambient, "process.capabilities.ambient", w),
    };
    auto outside = [](CapSet set, CapSet within) { return set & ~within; };
    if (CapSet x = outside(sets.effective, sets.permitted))
        return refuse("process.capabilities.effective",
                      config_names(x) + " is not in the permitted set");
    if (CapSet x = outside(sets.inheritable, sets.bounding))
        return refuse("process.capabilities.inheritable",
                      config_names(x) + " is not in the bounding set");
    if (CapSet x = outside(sets.ambient, sets.permitted & sets.inheritable)) {
        // crun's and runc's own default specs ask for ambient capabilities that are not
        // inheritable; both go on without them, and so does nsctl, saying so.
        out.warnings.push_back("process.capabilities.ambient: " + config_names(x) +
                               " left out: the kernel makes ambient only what is both "
                               "permitted and inheritable");
        sets.ambient &= ~x;
    }
    out.run.capability_sets = sets;
    return {};
}

Result<void> translate_process(const Process& p, const Caller& caller, SandboxSpec& out) {
    RunSpec& r = out.run;
    r.tty = p.terminal;
    if (p.terminal && p.console_size)
        r.window = std::pair<uint16_t, uint16_t>(
            static_cast<uint16_t>(std::min<uint32_t>(p.console_size->height, 0xffff)),
            static_cast<uint16_t>(std::min<uint32_t>(p.console_size->width, 0xffff)));
    r.argv = p.args;
    r.clear_env = true;
    for (size_t i = 0; i < p.env.size(); ++i) {
        auto eq = p.env[i].find('=');
        if (eq == std::string::npos || eq == 0)
            return refuse(at("process.env", i), "NAME=VALUE expected, not " + p.env[i]);
        r.env.emplace_back(p.env[i].substr(0, eq), p.env[i].substr(eq + 1));
    }
    r.chdir = p.cwd;
    r.uid = p.user.uid;
    r.gid = p.user.gid;
    if (caller.uid == 0) {
        r.groups = std::vector<gid_t>(p.user.additional_gids.begin(), p.user.additional_gids.end());
    } else if (!p.user.additional_gids.empty()) {
        return refuse("process.user.additionalGids",
                      "a rootless container cannot have supplementary groups (its user "
                      "namespace denies setgroups)");
    }
    if (p.user.umask) r.umask = *p.user.umask;
    if (p.capabilities) {
        NSCTL_TRY(translate_capabilities(*p.capabilities, out));
    } else {
        // No capabilities key: the process keeps what root has (runc does the same).
        r.cap_add = sandbox::all_capabilities();
        r.cap_add_all = true;
    }
    for (size_t i = 0; i < p.rlimits.size(); ++i) {
        auto res = sandbox::rlimit_from_name(p.rlimits[i].type);
        if (!res) return refuse(at("process.rlimits", i), p.rlimits[i].type + " is not supported");
        r.rlimits.push_back({*res, p.rlimits[i].soft, p.rlimits[i].hard});
    }
    r.no_new_privs = p.no_new_privileges;
    out.oom_score_adj = p.oom_score_adj;
    if (!p.apparmor_profile.empty())
        out.warnings.push_back("process.apparmorProfile: not applied (nsctl has no AppArmor)");
    if (!p.selinux_label.empty())
        out.warnings.push_back("process.selinuxLabel: not applied (nsctl has no SELinux)");
    return {};
}

// size=65536k, size=64m, size=1024 -> bytes.
std::optional<uint64_t> tmpfs_size(std::string_view text) {
    uint64_t unit = 1;
    if (!text.empty()) {
        char last = text.back();
        if (last == 'k' || last == 'K') unit = 1024;
        if (last == 'm' || last == 'M') unit = 1024 * 1024;
        if (last == 'g' || last == 'G') unit = 1024 * 1024 * 1024;
        if (unit != 1) text.remove_suffix(1);
    }
    auto n = parse_u64(text);
    if (!n || *n > ~uint64_t{0} / unit) return std::nullopt;
    return *n * unit;
}

// The mounts every sandbox has already: /proc, /dev with pts and shm, /sys.
bool made_by_nsctl(const Mount& m) {
    const std::string& d = m.destination;
    return (d == "/proc" && m.type == "proc") || (d == "/dev" && m.type == "tmpfs") ||
           (d == "/dev/pts" && m.type == "devpts") || (d == "/dev/shm" && m.type == "tmpfs") ||
           d == "/sys";
}

Result<void> translate_mounts(const Spec& config, const std::string& bundle, SandboxSpec& out) {
    for (size_t i = 0; i < config.mounts.size(); ++i) {
        const Mount& m = config.mounts[i];
        std::string key = at("mounts", i) + " (" + m.destination + ")";
        if (m.destination == "/dev/shm" && m.type == "tmpfs") {
            out.run.shm_mount = true;  // a tmpfs of its own, as the config has it
            for (const auto& o : m.options) {
                if (!o.starts_with("size=")) continue;
                auto size = tmpfs_size(std::string_view(o).substr(5));
                if (!size) return refuse(key, "bad tmpfs " + o);
                out.run.shm_size = *size;
            }
            continue;
        }
        if (made_by_nsctl(m)) continue;
        if (m.destination == "/dev/mqueue" && m.type == "mqueue") {
            out.run.mqueue_mount = true;
            continue;
        }
        if (m.destination == "/sys/fs/cgroup" && m.type == "cgroup") {
            out.warnings.push_back(key + ": not mounted (nsctl makes no cgroup mount yet)");
            continue;
        }
        if (!m.uid_mappings.empty() || !m.gid_mappings.empty())
            return refuse(key, "id-mapped mounts are not supported yet");
        bool bind = m.type == "bind" || has(m.options, "bind") || has(m.options, "rbind");
        if (!bind && m.type != "tmpfs")
            return refuse(key, "mounts of type " + in_quotes(m.type) + " are not supported yet");
        MountRequest req;
        req.target = m.destination;
        bool ro = false;
        for (const auto& o : m.options) {
            if (o == "ro") {
                ro = true;
            } else if (o == "rw" || o == "bind" || o == "rbind" || o == "private" ||
                       o == "rprivate" || o == "slave" || o == "rslave") {
            } else if (!bind && o.starts_with("size=")) {
                auto size = tmpfs_size(std::string_view(o).substr(5));
                if (!size) return refuse(key, "bad tmpfs " + o);
                req.size = *size;
            } else {
                out.warnings.push_back(key + ": option " + o + " not applied");
            }
        }
        if (bind) {
            req.kind = ro ? MountRequest::Kind::kReadOnlyBind : MountRequest::Kind::kBind;
            req.source = in_bundle(bundle, m.source);
        } else {
            if (ro) return refuse(key, "a read-only tmpfs is not supported yet");
            req.kind = MountRequest::Kind::kTmpfs;
        }
        out.run.mounts.push_back(std::move(req));
    }
    return {};
}

// An id map as /proc/PID/uid_map takes it: "INSIDE OUTSIDE COUNT" lines.
Result<void> map_lines(const std::vector<IdMapping>& mappings, const char* key, std::string& out) {
    if (mappings.empty()) return refuse(key, "a user namespace needs at least one mapping");
    for (const IdMapping& m : mappings)  // (parse_config checked each size)
        out += std::to_string(m.container_id) + " " + std::to_string(m.host_id) + " " +
               std::to_string(m.size) + "\n";
    return {};
}

Result<void> translate_namespaces(const Linux& l, const Caller& caller, SandboxSpec& out) {
    RunSpec& r = out.run;
    std::vector<std::string> types;
    for (size_t i = 0; i < l.namespaces.size(); ++i) {
        const Namespace& n = l.namespaces[i];
        types.push_back(n.type);
        if (n.path.empty()) continue;
        std::string key = at("linux.namespaces", i) + ".path";
        if (n.type != "network")
            return refuse(key, "joining an existing " + n.type + " namespace is not supported yet");
        for (std::string_view dir : {"/run/netns/", "/var/run/netns/"}) {
            if (n.path.starts_with(dir) && n.path.find('/', dir.size()) == std::string::npos) {
                r.net.mode = sandbox::NetworkSpec::Mode::kNamed;
                r.net.netns = n.path.substr(dir.size());
            }
        }
        if (r.net.mode != sandbox::NetworkSpec::Mode::kNamed)
            return refuse(key, "only network namespaces named in /run/netns can be joined yet");
    }
    if (!has(types, "mount"))
        return refuse("linux.namespaces",
                      "a container without a mount namespace of its own is "
                      "not supported");
    for (const char* t : {"pid", "ipc", "uts", "cgroup"}) {
        if (!has(types, t)) r.share.push_back(*namespace_kind(t));
    }
    if (!has(types, "network")) r.net.mode = sandbox::NetworkSpec::Mode::kHost;
    r.time_namespace = has(types, "time");
    bool user = has(types, "user");
    if (!user && caller.uid != 0)
        return refuse("linux.namespaces", "a rootless container needs a user namespace");
    if (!user && (!l.uid_mappings.empty() || !l.gid_mappings.empty()))
        return refuse("linux.uidMappings", "id mappings need a user namespace");
    if (user) {
        r.user_namespace = true;
        auto just_caller = [](const std::vector<IdMapping>& m, uint32_t id) {
            return m.size() == 1 && m[0].container_id == 0 && m[0].host_id == id && m[0].size == 1;
        };
        if (caller.uid == 0) {
            // Root writes the maps as given; the kernel checks them (at most 340 lines, no
            // overlaps) and says which of the two it refused.
            NSCTL_TRY(map_lines(l.uid_mappings, "linux.uidMappings", r.uid_map));
            NSCTL_TRY(map_lines(l.gid_mappings, "linux.gidMappings", r.gid_map));
        } else if (!just_caller(l.uid_mappings, caller.uid) ||
                   !just_caller(l.gid_mappings, caller.gid)) {
            return refuse("linux.uidMappings",
                          "a rootless container can map only the caller's own uid and gid to 0 "
                          "(size 1) yet, here " +
                              std::to_string(caller.uid) + ":" + std::to_string(caller.gid));
        }
    }
    for (const auto& [clock, offset] : l.time_offsets) {
        if (!r.time_namespace)
            return refuse("linux.timeOffsets", "clock offsets need a time namespace");
        if (offset.nanosecs != 0)
            return refuse("linux.timeOffsets." + clock, "nanoseconds are not supported yet");
        if (clock == "monotonic")
            r.monotonic = offset.secs;
        else if (clock == "boottime")
            r.boottime = offset.secs;
        else
            return refuse("linux.timeOffsets." + clock, "no such clock");
    }
    return {};
}

Result<void> translate_resources(const Resources& res, SandboxSpec& out) {
    sandbox::CgroupLimits& lim = out.run.limits;
    if (res.memory) {
        if (res.memory->limit && *res.memory->limit > 0)
            lim.memory = static_cast<uint64_t>(*res.memory->limit);
        if (res.memory->reservation)
            out.warnings.push_back("linux.resources.memory.reservation: not applied");
        if (res.memory->swap && *res.memory->swap > 0 && *res.memory->swap != res.memory->limit)
            return not_yet("linux.resources.memory.swap");
    }
    if (res.pids_limit && *res.pids_limit > 0) lim.pids = static_cast<uint64_t>(*res.pids_limit);
    if (res.cpu) {
        const CpuResources& c = *res.cpu;
        if (!c.cpus.empty()) return not_yet("linux.resources.cpu.cpus");
        if (!c.mems.empty()) return not_yet("linux.resources.cpu.mems");
        if (c.quota && *c.quota > 0) {
            uint64_t period = c.period.value_or(100000);
            if (period == 0) return refuse("linux.resources.cpu.period", "must not be 0");
            lim.cpus = static_cast<double>(*c.quota) / static_cast<double>(period);
        }
        if (c.shares && *c.shares > 0) {
            // cgroup v1 shares (2 to 262144) onto v2's weight (1 to 10000), as the kernel
            // documentation's conversion has it.
            uint64_t s = std::clamp<uint64_t>(*c.shares, 2, 262144);
            lim.cpu_weight = static_cast<uint32_t>(1 + ((s - 2) * 9999) / 262142);
        }
    }
    if (res.blkio_weight) return not_yet("linux.resources.blockIO");
    if (!res.devices.empty())
        out.warnings.push_back(
            "linux.resources.devices: no device cgroup is made; the container's /dev has "
            "only null, zero, full, random, urandom, tty and its ptys, and CAP_MKNOD is not "
            "given");
    return {};
}

// linux.sysctl: only parameters of namespaces the container has of its own (config-linux.md;
// writing one of the host's would change the host): the network's, IPC's (kernel.shm*, msg*,
// sem, fs.mqueue.*) and UTS's (kernel.hostname, kernel.domainname).
Result<void> translate_sysctls(const Linux& l, SandboxSpec& out) {
    RunSpec& r = out.run;
    auto own = [&](ns::Kind k) {
        return std::find(r.share.begin(), r.share.end(), k) == r.share.end();
    };
    for (const auto& [name, value] : l.sysctl) {
        std::string dotted = name;
        std::replace(dotted.begin(), dotted.end(), '/', '.');
        std::string key = "linux.sysctl." + name;
        bool ipc = dotted.starts_with("kernel.shm") || dotted.starts_with("kernel.msg") ||
                   dotted == "kernel.sem" || dotted.starts_with("fs.mqueue.");
        bool uts = dotted == "kernel.hostname" || dotted == "kernel.domainname";
        if (dotted.starts_with("net.")) {
            if (r.net.mode == sandbox::NetworkSpec::Mode::kHost)
                return refuse(key, "the container shares the host's network namespace");
        } else if (ipc) {
            if (!own(ns::Kind::kIpc))
                return refuse(key, "the container shares the host's IPC namespace");
        } else if (uts) {
            if (!own(ns::Kind::kUts))
                return refuse(key, "the container shares the host's UTS namespace");
        } else {
            return refuse(key, "not a parameter of a namespace the container can have");
        }
        r.sysctls.emplace_back(name, value);
    }
    return {};
}

Result<void> translate_linux(const Linux& l, const Caller& caller, SandboxSpec& out) {
    NSCTL_TRY(translate_namespaces(l, caller, out));
    if (!l.devices.empty()) return not_yet("linux.devices");
    NSCTL_TRY(translate_sysctls(l, out));
    NSCTL_TRY(apply_seccomp(l, out));
    if (l.resources) NSCTL_TRY(translate_resources(*l.resources, out));
    if (!l.cgroups_path.empty() && out.run.limits.any())
        out.warnings.push_back(
            "linux.cgroupsPath: not used; the cgroup is made below the "
            "runtime's own");
    // Taken as given (parse_config checked they are absolute), after the mounts; an empty list
    // masks nothing, as the spec has it.
    out.run.masked_paths = l.masked_paths;
    out.run.readonly_paths = l.readonly_paths;
    const std::string& prop = l.rootfs_propagation;
    if (!prop.empty() && prop != "private" && prop != "rprivate" && prop != "slave" &&
        prop != "rslave")
        return refuse("linux.rootfsPropagation", prop + " is not supported yet");
    if (!l.mount_label.empty()) out.warnings.push_back("linux.mountLabel: not applied");
    if (l.personality && (l.personality->domain != "LINUX" || !l.personality->flags.empty()))
        return not_yet("linux.personality");
    return {};
}

}  // namespace

Result<SandboxSpec> sandbox_spec(const Spec& config, const std::string& bundle,
                                 const Caller& caller) {
    if (!config.unsupported.empty()) return not_yet(config.unsupported.front());
    if (!config.process) return refuse("process", "create needs a process to run");
    if (config.hooks && *config.hooks != Hooks{}) return not_yet("hooks");
    if (!config.linux_) return refuse("linux", "a Linux container needs the linux object");
    SandboxSpec out = NSCTL_TRY(process_spec(*config.process, caller));
    RunSpec& r = out.run;
    r.rootfs = in_bundle(bundle, config.root.path);
    r.writable_root = !config.root.readonly;
    NSCTL_TRY(translate_mounts(config, bundle, out));
    NSCTL_TRY(translate_linux(*config.linux_, caller, out));
    if (!config.hostname.empty()) {
        if (std::find(r.share.begin(), r.share.end(), ns::Kind::kUts) != r.share.end())
            return refuse("hostname", "setting it needs a uts namespace of the container's own");
        r.hostname = config.hostname;
    }
    if (!config.domainname.empty()) return not_yet("domainname");
    return out;
}

Result<void> apply_seccomp(const Linux& l, SandboxSpec& out) {
    if (!l.seccomp) return {};
    SeccompFilter f = NSCTL_TRY(seccomp_filter(*l.seccomp));
    out.run.seccomp = RunSpec::Seccomp::kProgram;
    out.run.seccomp_program = std::move(f.program);
    out.warnings.insert(out.warnings.end(), f.warnings.begin(), f.warnings.end());
    return {};
}

Result<SandboxSpec> process_spec(const Process& process, const Caller& caller) {
    SandboxSpec out;
    RunSpec& r = out.run;
    r.seccomp = RunSpec::Seccomp::kUnconfined;  // the config's own filter, when it has one
    NSCTL_TRY(translate_process(process, caller, out));
    // Without a device cgroup, a node made with CAP_MKNOD would open the host's devices.
    CapSet mknod = CapSet{1} << *sandbox::capability_from_name("CAP_MKNOD");
    r.cap_add &= ~mknod;
    r.cap_drop |= mknod;
    if (auto& sets = r.capability_sets) {
        for (CapSet* set : {&sets->bounding, &sets->effective, &sets->permitted, &sets->inheritable,
                            &sets->ambient})
            *set &= ~mknod;
    }
    return out;
}

}  // namespace nsctl::oci
