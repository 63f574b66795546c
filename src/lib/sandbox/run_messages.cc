// SPDX-License-Identifier: GPL-2.0-or-later
// The words of a failed `nsctl run`: which step failed on what, and a hint where the cause can
// be found.
#include <cerrno>
#include <string>

#include "ns/diagnose.h"
#include "sandbox/limits.h"
#include "sandbox/run_impl.h"
#include "sys/process.h"

namespace nsctl::sandbox {
namespace impl {
namespace {

const char* system_point(int detail) {
    switch (detail) {
        case 1:
            return "/proc";
        case 2:
            return "/dev";
        default:
            return "/sys";
    }
}

std::string overlay_message(int detail, const ChildPlan& p) {
    switch (detail) {
        case 0:
            return "overlay: tmpfs for the upper directory";
        case 1:
            return "overlay: mkdir upper and work directories";
        case 2:
            return "overlay: upper directory " + p.upper_dir;
        case 3:
            return "overlay: work directory " + p.work_dir;
        default:
            return "mount overlay on " + p.rootfs;
    }
}

std::string mount_message(const ChildReport& r, const ChildPlan& p) {
    const PlannedMount* m = r.index >= 0 && static_cast<size_t>(r.index) < p.mounts.size()
                                ? &p.mounts[static_cast<size_t>(r.index)]
                                : nullptr;
    if (m == nullptr) return "mount";
    if (m->kind == PlannedMount::Kind::kTmpfs) return "mount tmpfs on " + m->target;
    return "bind " + m->source + " on " + m->target;
}

std::string step_words(const ChildReport& r, const ChildPlan& p) {
    switch (static_cast<RunStep>(r.step)) {
        case RunStep::kDeathSignal:
            return "prctl PR_SET_PDEATHSIG";
        case RunStep::kPropagation:
            return "mount --make-rslave /";
        case RunStep::kRootfs:
            return "open_tree " + p.rootfs;
        case RunStep::kOverlay:
            return overlay_message(r.detail, p);
        case RunStep::kAttachRoot:
            return "move_mount " + p.rootfs;
        case RunStep::kMountPoint:
            if (r.index < 0) return std::string("mount point ") + system_point(r.detail);
            return "mount point " + p.mounts[static_cast<size_t>(r.index)].target;
        case RunStep::kReadOnlyRoot:
            return std::string(p.read_only_root ? "remount read-only, nodev " : "remount nodev ") +
                   p.rootfs;
        case RunStep::kProc:
            return "mount proc on /proc";
        case RunStep::kDev:
            return dev_step_message(r.detail, r.index);
        case RunStep::kDevpts:
            return "mount devpts on /dev/pts";
        case RunStep::kSys:
            return "mount sysfs on /sys";
        case RunStep::kMasks:
            return std::string(r.detail == 0 ? "mask " : "read-only bind ") +
                   masked_path(p, r.index, r.detail);
        case RunStep::kReaper:
            return "reaper";
        case RunStep::kNamespace:
            return "open /proc/self/ns";
        case RunStep::kBind:
        case RunStep::kTmpfs:
            return mount_message(r, p);
        case RunStep::kPivotRoot:
            return "pivot_root " + p.rootfs;
        case RunStep::kOldRoot:
            return "umount the old root";
        case RunStep::kHostname:
            return "sethostname " + p.hostname;
        case RunStep::kLoopback:
            return "set lo up";
        case RunStep::kTimeOffsets:
            return r.detail == 0 ? "unshare time namespace" : "write /proc/self/timens_offsets";
        case RunStep::kSysctl:
            if (r.index < 0 || static_cast<size_t>(r.index) >= p.sysctl_paths.size())
                return "sysctl";
            return "sysctl " + p.sysctl_paths[static_cast<size_t>(r.index)] + " = " +
                   p.sysctl_values[static_cast<size_t>(r.index)];
        case RunStep::kChdir:
            return "chdir " + p.chdir;
        case RunStep::kTty:
            return "new terminal";
        case RunStep::kSession:
            return "setsid";
        case RunStep::kFds:
            return "close file descriptors";
        case RunStep::kCapabilities:
            if (r.detail == 0) return "drop capabilities from the bounding set";
            if (r.detail == 1) return "clear the ambient capabilities";
            if (r.detail == 3) return "capget";
            if (r.detail == 4) return "keep the permitted capabilities through setresuid";
            if (r.detail == 5)
                return "raise the ambient capability " + capability_names(CapSet{1} << r.index);
            if (p.exact_capabilities)
                return "capset permitted " + capability_names(p.cap_permitted) + ", effective " +
                       capability_names(p.cap_effective) + ", inheritable " +
                       capability_names(p.cap_inheritable);
            return "capset " + capability_names(p.capabilities);
        case RunStep::kCgroup:
            return r.detail == 1 ? "join its cgroup (write tasks)" : "unshare cgroup namespace";
        case RunStep::kNetwork:
            return "setns network namespace";
        case RunStep::kDns:
            if (r.detail == 2) return "mount point /etc/resolv.conf";
            return r.detail == 0 ? "write resolv.conf" : "bind resolv.conf on /etc/resolv.conf";
        case RunStep::kNoNewPrivs:
            return "prctl PR_SET_NO_NEW_PRIVS";
        case RunStep::kRlimit: {
            const RlimitRequest& l = p.rlimits[static_cast<size_t>(r.index)];
            auto value = [](uint64_t v) {
                return v == kUnlimited ? std::string("unlimited") : std::to_string(v);
            };
            return "setrlimit " + rlimit_name(l.resource) + "=" + value(l.soft) + ":" +
                   value(l.hard);
        }
        case RunStep::kSeccomp:
            return "seccomp filter";
        case RunStep::kIds:
            if (r.detail == 0) return "setgroups";
            if (r.detail == 1) return "setgid " + std::to_string(p.gid);
            return "setuid " + std::to_string(p.uid);
        case RunStep::kExec:
            return r.detail == 0 ? "exec " + p.argv_store[0] : "sigprocmask";
        default:
            return "setup";
    }
}

}  // namespace

Error step_error(const ChildReport& r, const ChildPlan& plan) {
    return Error{r.code, step_words(r, plan)};
}

}  // namespace impl

namespace {

bool has_user_namespace(const RunSpec& spec) { return spec.user_namespace || sys::geteuid() != 0; }

std::optional<std::string> mount_point_hint(const RunSpec& spec, int code) {
    if (code == ELOOP)
        return "a symbolic link in the image loops: links are followed only inside the new root, "
               "never out to the host's files";
    if (code == EROFS)
        return "the root's file system is read-only: --overlay gives it a writable layer to make "
               "mount points in";
    if (code == ENOENT && !spec.rootfs && spec.overlay == Overlay::kNone)
        return "nsctl run makes no directories on the host's own root: mount on a path that "
               "exists, or add --overlay";
    return std::nullopt;
}

}  // namespace

std::optional<std::string> run_hint(const RunSpec& spec, const RunFailure& failure) {
    int code = failure.error.code;
    switch (failure.step) {
        case RunStep::kClone:
            if (has_user_namespace(spec) && (code == EPERM || code == ENOSPC || code == EACCES))
                return ns::userns_disabled_hint("/proc/sys", sys::geteuid() == 0);
            return std::nullopt;
        case RunStep::kCgroup:
            if (code == EACCES || code == EPERM || code == EROFS)
                return "making cgroups needs root, or a delegated cgroup v2 subtree to run in "
                       "(systemd-run --user --scope -p Delegate=yes nsctl run ...)";
            if (code == ENODEV) return "this machine mounts no hierarchy with that controller";
            return std::nullopt;
        case RunStep::kIdMapper:
            if (code == ENOENT || code == EACCES)
                return ns::idmapper_hint("/usr/sbin:/usr/bin:/sbin:/bin", "newuidmap");
            return std::nullopt;
        case RunStep::kMountPoint:
            return mount_point_hint(spec, code);
        case RunStep::kProc:
            if (code == EPERM && has_user_namespace(spec))
                return "in a user namespace the kernel mounts a new /proc only where the host's "
                       "/proc is fully visible (no mounts hide parts of it)";
            return std::nullopt;
        case RunStep::kOverlay:
            if (code == EINVAL)
                return "overlayfs refused the layers: the upper directory must not be on an "
                       "overlayfs, and its file system must support extended attributes";
            return std::nullopt;
        case RunStep::kIds:
            if (code == EINVAL && has_user_namespace(spec))
                return "only the ids mapped in the sandbox's user namespace can be taken: 0 "
                       "alone, unless --map-auto maps a range";
            return std::nullopt;
        case RunStep::kExec:
            if (code == ENOENT && spec.rootfs)
                return "the command is looked up inside " + *spec.rootfs +
                       " (in the PATH of its environment)";
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace nsctl::sandbox
