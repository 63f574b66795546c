// SPDX-License-Identifier: GPL-2.0-or-later
// What the child of `nsctl run` will do, checked and prepared by the parent before the clone:
// every path, string, argv and environment the child needs, so that it allocates nothing.
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <span>
#include <string>
#include <string_view>

#include "base/parse.h"
#include "net/netns.h"
#include "sandbox/masks.h"
#include "sandbox/run_impl.h"
#include "sandbox/seccomp_policy.h"
#include "sandbox/user_network.h"
#include "sys/cred.h"
#include "sys/fd.h"
#include "sys/process.h"
#include "sys/tty.h"

namespace nsctl::sandbox::impl {
namespace {

RunFailure invalid(int code, std::string what) {
    return RunFailure(Error{code, std::move(what)}, RunStep::kValidate);
}

// "/a//b/" -> "/a/b", "//" -> "/". The command layer has made the path absolute.
std::string normalize(std::string_view path) {
    std::string out;
    for (char c : path) {
        if (c == '/' && !out.empty() && out.back() == '/') continue;
        out += c;
    }
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

// True when path is dir or below it.
bool under(std::string_view path, std::string_view dir) {
    if (dir == "/") return true;
    return path.size() >= dir.size() && path.compare(0, dir.size(), dir) == 0 &&
           (path.size() == dir.size() || path[dir.size()] == '/');
}

Result<void, RunFailure> plan_root(const RunSpec& spec, ChildPlan& plan) {
    plan.host_root = !spec.rootfs;
    plan.rootfs = spec.rootfs ? normalize(*spec.rootfs) : "/";
    if (spec.rootfs) {
        if (plan.rootfs == "/")
            return invalid(0,
                           "--rootfs /: that is the host's root (leave --rootfs out to run "
                           "on it, read-only)");
        auto st = sys::fstatat(AT_FDCWD, plan.rootfs.c_str(), 0);
        if (!st) return invalid(st.error().code, "rootfs " + plan.rootfs);
        if (!S_ISDIR(st->st_mode)) return invalid(ENOTDIR, "rootfs " + plan.rootfs);
    }
    plan.overlay = spec.overlay;
    if (plan.host_root && plan.overlay != Overlay::kNone && plan.new_user)
        return invalid(0,
                       "--overlay over the host's root needs root: in a user namespace the "
                       "host's mounts below / stay locked to it, and overlayfs takes no such "
                       "tree as its lower layer (--rootfs DIR --overlay works)");
    plan.read_only_root = !spec.writable_root && spec.overlay == Overlay::kNone;
    plan.create_system_points = !plan.host_root || plan.overlay != Overlay::kNone;
    if (spec.overlay != Overlay::kKeep) return {};
    std::string dir = normalize(spec.overlay_dir);
    plan.upper_dir = dir + "/upper";
    plan.work_dir = dir + "/work";
    for (const std::string& d : {dir, plan.upper_dir, plan.work_dir}) {
        auto made = sys::mkdir(d.c_str(), 0755);
        if (!made && made.error().code != EEXIST)
            return invalid(made.error().code, "overlay-dir " + d);
    }
    return {};
}

// Where a mount point may be made: in the new root itself when it is the caller's image or an
// overlay (never on the host's own root), or inside an earlier tmpfs (or /dev) of ours; never
// inside a bound host directory.
void plan_creation(ChildPlan& plan) {
    bool in_root = plan.create_system_points;
    for (size_t i = 0; i < plan.mounts.size(); ++i) {
        PlannedMount& m = plan.mounts[i];
        m.create = in_root;
        m.early = in_root;
        const PlannedMount* covering = nullptr;
        for (size_t j = 0; j < i; ++j)
            if (under(m.target, plan.mounts[j].target)) covering = &plan.mounts[j];
        if (covering) {
            m.create = covering->kind == PlannedMount::Kind::kTmpfs;
            m.early = false;
        } else if (under(m.target, "/dev")) {
            m.create = true;
            m.early = false;
        } else if (under(m.target, "/proc") || under(m.target, "/sys")) {
            m.create = false;
            m.early = false;
        }
    }
}

Result<void, RunFailure> plan_mounts(const RunSpec& spec, ChildPlan& plan) {
    for (size_t i = 0; i < spec.mounts.size(); ++i) {
        const MountRequest& req = spec.mounts[i];
        PlannedMount m;
        m.target = normalize(req.target);
        bool bind = req.kind != MountRequest::Kind::kTmpfs;
        RunStep step = bind ? RunStep::kBind : RunStep::kTmpfs;
        if (m.target == "/")
            return RunFailure(Error{EINVAL, "mount on /: use --rootfs for the root"}, step);
        if (bind) {
            m.kind = PlannedMount::Kind::kBind;
            m.source = normalize(req.source);
            m.read_only = req.kind == MountRequest::Kind::kReadOnlyBind;
            auto st = sys::fstatat(AT_FDCWD, m.source.c_str(), 0);
            if (!st) return RunFailure(Error{st.error().code, "bind " + m.source}, step);
            m.directory = S_ISDIR(st->st_mode);
        } else {
            m.kind = PlannedMount::Kind::kTmpfs;
            if (req.size) m.options = std::to_string(*req.size);
        }
        plan.mounts.push_back(std::move(m));
    }
    plan_creation(plan);
    return {};
}

void plan_env(const RunSpec& spec, ChildPlan& plan) {
    if (!spec.clear_env) {
        for (char** e = environ; *e != nullptr; ++e) plan.env_store.emplace_back(*e);
    }
    for (const auto& [name, value] : spec.env) {
        auto same = [&](const std::string& entry) {
            return entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
                   entry[name.size()] == '=';
        };
        std::erase_if(plan.env_store, same);
        plan.env_store.push_back(name + "=" + value);
    }
    for (auto& e : plan.env_store) plan.envp.push_back(e.data());
    plan.envp.push_back(nullptr);
    plan.argv_store = spec.argv;
    for (auto& a : plan.argv_store) plan.argv.push_back(a.data());
    plan.argv.push_back(nullptr);
}

// --netns and --net veth reach the host's own network: root only. --dns: the resolv.conf.
Result<void, RunFailure> plan_network(const RunSpec& spec, ChildPlan& plan) {
    using Mode = NetworkSpec::Mode;
    const NetworkSpec& n = spec.net;
    if ((n.mode == Mode::kNamed || n.mode == Mode::kVeth) && plan.new_user)
        return RunFailure(
            Error{0, n.mode == Mode::kNamed
                         ? "--netns needs root without --userns: a sandbox's own user "
                           "namespace has no say over the host's network namespaces"
                         : "--net veth needs root without --userns: it makes links "
                           "and NAT rules on the host"},
            RunStep::kNetwork);
    if (n.mode == Mode::kUser) {
        if (auto ok = check_user_network(); !ok) return RunFailure(ok.error(), RunStep::kNetwork);
    }
    if (n.mode == Mode::kNamed) {
        auto fd = net::NetnsRegistry().open(n.netns);
        if (!fd && fd.error().code == ENOENT)
            return RunFailure(Error{0, "--netns " + in_quotes(n.netns) +
                                           ": no network namespace of that name (nsctl netns "
                                           "list)"},
                              RunStep::kNetwork);
        if (!fd) return RunFailure(fd.error(), RunStep::kNetwork);
        plan.netns_file = std::move(*fd);
        plan.join_netns_fd = plan.netns_file.get();
    }
    for (const auto& server : n.dns) {
        if (auto ok = validate_nameserver(server); !ok)
            return RunFailure(ok.error(), RunStep::kDns);
    }
    if (!n.dns.empty()) plan.resolv_conf = resolv_conf(n.dns);
    plan.create_resolv_conf = plan.create_system_points;
    return {};
}

Result<void, RunFailure> plan_process(const RunSpec& spec, ChildPlan& plan) {
    if (spec.chdir) {
        plan.chdir = normalize(*spec.chdir);
        plan.chdir_fallback = false;
    } else if (!plan.host_root) {
        plan.chdir = "/";
    } else {
        auto cwd = sys::getcwd();
        plan.chdir = cwd ? *cwd : "/";
    }
    plan.set_hostname = spec.hostname.has_value();
    if (spec.hostname) plan.hostname = *spec.hostname;
    plan.new_time = spec.time_namespace || spec.monotonic || spec.boottime;
    if (spec.monotonic)
        plan.time_offsets +=
            std::to_string(CLOCK_MONOTONIC) + " " + std::to_string(*spec.monotonic) + " 0\n";
    if (spec.boottime)
        plan.time_offsets +=
            std::to_string(CLOCK_BOOTTIME) + " " + std::to_string(*spec.boottime) + " 0\n";
    for (int fd : spec.keep_fds) {
        auto flags = sys::fd_flags(fd);
        if (!flags) return invalid(flags.error().code, "--keep-fd " + std::to_string(fd));
        if (fd > 2) plan.keep_fds.push_back(fd);
    }
    std::sort(plan.keep_fds.begin(), plan.keep_fds.end());
    plan.keep_fds.erase(std::unique(plan.keep_fds.begin(), plan.keep_fds.end()),
                        plan.keep_fds.end());
    plan.capabilities = (default_capabilities() & ~spec.cap_drop) | spec.cap_add;
    if (spec.cap_add) {
        // What nsctl's own bounding set lacks, nothing it starts can hold: a capability asked
        // for by name is refused, ALL means all that there are. (One of the default set that
        // is missing is left out by the child, which keeps only what it is permitted.)
        CapSet bounding = sys::bounding_set(plan.last_cap);
        CapSet named = spec.cap_add_all ? 0 : spec.cap_add & ~default_capabilities();
        if (CapSet missing = named & ~bounding)
            return invalid(0, "--cap-add " + capability_names(missing) +
                                  ": nsctl's own bounding set lacks it, so nothing it starts "
                                  "can have it");
        if (spec.cap_add_all) plan.capabilities &= bounding;
    }
    if (spec.capability_sets) {
        const CapabilitySets& c = *spec.capability_sets;
        plan.exact_capabilities = true;
        plan.capabilities = c.bounding;
        plan.cap_effective = c.effective;
        plan.cap_permitted = c.permitted;
        plan.cap_inheritable = c.inheritable;
        plan.cap_ambient = c.ambient;
    }
    if (spec.seccomp == RunSpec::Seccomp::kDefault)
        plan.seccomp = default_seccomp_filter(spec.allow_userns ? UserNamespaces::kAllow
                                                                : UserNamespaces::kRefuse);
    if (spec.seccomp == RunSpec::Seccomp::kProgram) plan.seccomp = spec.seccomp_program;
    if (spec.seccomp == RunSpec::Seccomp::kFile) {
        auto text = sys::read_file(spec.seccomp_file.c_str());
        if (!text) return invalid(text.error().code, "seccomp " + spec.seccomp_file);
        auto prog = compile_seccomp_policy(*text);
        if (!prog) return invalid(0, "seccomp " + spec.seccomp_file + ":" + prog.error().context);
        plan.seccomp = std::move(*prog);
    }
    plan.set_uid = spec.uid.has_value();
    plan.set_gid = spec.gid.has_value();
    plan.uid = spec.uid.value_or(0);
    plan.gid = spec.gid.value_or(0);
    // A user namespace whose gid_map we wrote as an unprivileged user denies setgroups(2).
    plan.drop_groups = plan.set_gid && (!plan.new_user || spec.map_auto || sys::geteuid() == 0);
    plan.set_groups = spec.groups.has_value();
    if (spec.groups) {
        plan.groups = *spec.groups;
        plan.drop_groups = false;
    }
    plan.set_umask = spec.umask.has_value();
    plan.umask = spec.umask.value_or(022);
    plan.no_new_privs = spec.no_new_privs;
    plan.start_fd = spec.start_fd;
    plan.rlimits = spec.rlimits;
    plan.as_pid1 = spec.as_pid1;
    plan.tty = spec.tty;
    plan.die_with_parent = spec.die_with_parent;
    if (spec.tty && spec.window) {
        plan.have_window = true;
        plan.window = winsize{spec.window->first, spec.window->second, 0, 0};
    } else if (spec.tty) {
        auto ws = sys::window_size(0);
        plan.have_window = ws.has_value();
        if (ws) plan.window = *ws;
    }
    plan_env(spec, plan);
    return {};
}

// Each kernel parameter as the file of /proc/sys it is: "net.ipv4.ip_forward" (or
// "net/ipv4/ip_forward") is /proc/sys/net/ipv4/ip_forward. A name that would leave /proc/sys is
// refused.
Result<void, RunFailure> plan_sysctls(const RunSpec& spec, ChildPlan& plan) {
    for (const auto& [name, value] : spec.sysctls) {
        bool slashes = name.find('/') != std::string::npos;
        std::string path = name;
        if (!slashes) std::replace(path.begin(), path.end(), '.', '/');
        bool bad = path.empty() || path.front() == '/' || path.back() == '/' ||
                   path.find("//") != std::string::npos ||
                   path.find_first_not_of(
                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./") !=
                       std::string::npos;
        for (size_t at = 0; !bad && at <= path.size();) {
            size_t end = std::min(path.find('/', at), path.size());
            std::string_view part(path.data() + at, end - at);
            bad = part == "." || part == "..";
            at = end + 1;
        }
        if (bad) return invalid(0, "sysctl " + name + ": not a kernel parameter's name");
        plan.sysctl_paths.push_back("/proc/sys/" + path);
        plan.sysctl_values.push_back(value);
    }
    return {};
}

// The paths to mask and make read-only: the given lists (absolute paths, taken inside the new
// root) after the mounts, or the defaults before them. The plan points into the spec or the
// defaults: nothing is copied at every start.
Result<void, RunFailure> plan_masks(const RunSpec& spec, ChildPlan& plan) {
    plan.masks_after_mounts = spec.masked_paths || spec.readonly_paths;
    auto take = [](const std::optional<std::vector<std::string>>& given,
                   std::span<const char* const> defaults,
                   std::vector<const char*>& out) -> Result<void, RunFailure> {
        if (!given) {
            out.assign(defaults.begin(), defaults.end());
            return {};
        }
        for (const auto& path : *given) {
            if (path.empty() || path[0] != '/')
                return invalid(0, "masked or read-only path " + path + ": not absolute");
            out.push_back(path.c_str());
        }
        return {};
    };
    NSCTL_TRY(take(spec.masked_paths, default_masked_paths(), plan.masked));
    return take(spec.readonly_paths, default_readonly_paths(), plan.read_only);
}

}  // namespace

Result<void, RunFailure> prepare_plan(const RunSpec& spec, ChildPlan& plan) {
    bool root = sys::geteuid() == 0;
    plan.new_user = spec.user_namespace || !root;  // before plan_root, which looks at it
    auto shared = [&](ns::Kind k) {
        return std::find(spec.share.begin(), spec.share.end(), k) != spec.share.end();
    };
    using Mode = NetworkSpec::Mode;
    plan.new_net =
        !shared(ns::Kind::kNet) && spec.net.mode != Mode::kHost && spec.net.mode != Mode::kNamed;
    plan.new_pid = !shared(ns::Kind::kPid);
    plan.loopback_by_parent = plan.new_net && !plan.new_user;
    plan.late_cgroup_ns = spec.limits.any() && !shared(ns::Kind::kCgroup);
    NSCTL_TRY(plan_root(spec, plan));
    NSCTL_TRY(plan_network(spec, plan));  // after plan_root: mount points may be made or not
    NSCTL_TRY(plan_mounts(spec, plan));
    NSCTL_TRY(plan_sysctls(spec, plan));
    NSCTL_TRY(plan_masks(spec, plan));
    plan.shm_mount = spec.shm_mount;
    if (spec.shm_size) plan.shm_size = std::to_string(spec.shm_size);
    plan.mqueue_mount = spec.mqueue_mount;
    plan.become_root = plan.new_user && !spec.uid_map.empty();
    NSCTL_TRY(plan_process(spec, plan));
    return {};
}

Result<void, RunFailure> prepare_process_plan(const RunSpec& spec, bool in_user_namespace,
                                              ChildPlan& plan) {
    plan.new_user = in_user_namespace;
    plan.host_root = false;  // no --chdir: "/"
    return plan_process(spec, plan);
}

uint64_t clone_flags(const RunSpec& spec, const ChildPlan& plan) {
    uint64_t flags = CLONE_NEWNS;
    for (ns::Kind k : {ns::Kind::kUts, ns::Kind::kIpc, ns::Kind::kPid, ns::Kind::kCgroup}) {
        if (std::find(spec.share.begin(), spec.share.end(), k) == spec.share.end())
            flags |= static_cast<uint64_t>(ns::info(k).clone_flag);
    }
    if (plan.new_net) flags |= CLONE_NEWNET;
    if (plan.new_user) flags |= CLONE_NEWUSER;
    // A cgroup namespace is rooted where the child is when it is made: in its own cgroup.
    if (plan.late_cgroup_ns) flags &= ~static_cast<uint64_t>(CLONE_NEWCGROUP);
    return flags;
}

}  // namespace nsctl::sandbox::impl
