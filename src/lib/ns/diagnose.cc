// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/diagnose.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "base/parse.h"
#include "ns/mountinfo.h"
#include "sys/cred.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"

namespace nsctl::ns {
namespace {

// "mnt, uts" for the kinds in flags other than user.
std::string kind_names(int flags) {
    std::string names;
    for (const auto& k : kinds()) {
        if (!(flags & k.clone_flag) || k.kind == Kind::kUser) continue;
        if (!names.empty()) names += ", ";
        names += k.name;
    }
    return names;
}

std::optional<std::string> unshare_hint(const FailureFacts& f, const DiagnoseRoots& roots) {
    int code = f.failure.error.code;
    bool user = f.flags & CLONE_NEWUSER;
    if (user && (code == EPERM || code == ENOSPC || code == EACCES))
        return userns_disabled_hint(roots.proc_sys, f.euid == 0);
    if (code == EPERM && !user && f.euid != 0)
        return "creating " + kind_names(f.flags) +
               " namespaces needs CAP_SYS_ADMIN: run as root, or add -r (--map-root-user) to "
               "create a user namespace first";
    if (code == EINVAL && (f.flags & CLONE_NEWTIME) &&
        !sys::path_exists((roots.proc_self + "/ns/time").c_str()))
        return std::string(
            "this kernel has no time namespaces (they need Linux 5.6 built with "
            "CONFIG_TIME_NS)");
    return std::nullopt;
}

std::optional<std::string> idmap_hint(const FailureFacts& f, const DiagnoseRoots& roots) {
    if (f.euid == 0) return std::nullopt;
    bool groups = f.failure.group_map;
    if (auto h = idmapper_hint(roots.path, groups ? "newgidmap" : "newuidmap")) return h;
    return subid_hint(roots.etc, f.user, f.euid, groups);
}

std::optional<std::string> persist_hint(const FailureFacts& f, const DiagnoseRoots& roots) {
    const UnshareFailure& u = f.failure;
    int code = u.error.code;
    bool for_children = u.persist_kind == Kind::kPid || u.persist_kind == Kind::kTime;
    if (code == ENOENT && for_children && !f.fork)
        return std::string("a new ") + (u.persist_kind == Kind::kPid ? "pid" : "time") +
               " namespace exists only once a child is forked: add -f (--fork)";
    if (code == ENOENT && !sys::path_exists(u.persist_target.c_str()))
        return u.persist_target + " does not exist: create it first (touch " + u.persist_target +
               ")";
    if (code == EINVAL && u.persist_kind == Kind::kMnt)
        return shared_mount_hint(sys::read_file_or_empty((roots.proc_self + "/mountinfo").c_str()),
                                 u.persist_target);
    return std::nullopt;
}

}  // namespace

std::optional<std::string> userns_disabled_hint(const std::string& proc_sys, bool privileged) {
    if (sys::read_first_word((proc_sys + "/user/max_user_namespaces").c_str()) == "0")
        return std::string("user namespaces are disabled: sysctl user.max_user_namespaces is 0");
    if (privileged) return std::nullopt;
    if (sys::read_first_word((proc_sys + "/kernel/unprivileged_userns_clone").c_str()) == "0")
        return std::string(
            "unprivileged user namespaces are disabled: sysctl "
            "kernel.unprivileged_userns_clone is 0");
    if (sys::read_first_word(
            (proc_sys + "/kernel/apparmor_restrict_unprivileged_userns").c_str()) == "1")
        return std::string(
            "AppArmor restricts unprivileged user namespaces: sysctl "
            "kernel.apparmor_restrict_unprivileged_userns is 1");
    return std::nullopt;
}

std::optional<std::string> subid_hint(const std::string& etc, const std::string& user, uid_t uid,
                                      bool groups) {
    std::string file = etc + (groups ? "/subgid" : "/subuid");
    std::string text = sys::read_file_or_empty(file.c_str());
    for (auto line : split(text, '\n')) {
        auto fields = split(line, ':');
        if (fields.size() < 3) continue;
        auto n = parse_u64(fields[0]);
        if (fields[0] == user || (n && *n == uid)) return std::nullopt;
    }
    return "no range for user " + user + " in " + file + " (add one: usermod --add-sub" +
           (groups ? "gids" : "uids") + " 100000-165535 " + user + ")";
}

std::optional<std::string> idmapper_hint(const std::string& path, const std::string& tool) {
    for (auto dir : split(path, ':')) {
        if (dir.empty()) continue;
        std::string file = std::string(dir) + "/" + tool;
        auto st = sys::fstatat(AT_FDCWD, file.c_str(), 0);
        if (!st) continue;
        // The owner is not checked: after unshare(CLONE_NEWUSER) without a map yet, root's
        // files show the overflow uid.
        if (st->st_mode & S_ISUID) return std::nullopt;
        auto caps = sys::has_file_capabilities(file.c_str());
        if (!caps || *caps) return std::nullopt;
        return file + " is neither setuid root nor has file capabilities (reinstall uidmap)";
    }
    return tool + " is not installed (Debian package uidmap)";
}

std::optional<std::string> shared_mount_hint(const std::string& mountinfo,
                                             const std::string& path) {
    char resolved[PATH_MAX];
    std::string where = ::realpath(path.c_str(), resolved) ? resolved : path;
    std::string best, best_opts;
    for (auto line : split(mountinfo, '\n')) {
        // id parent major:minor root mount-point options [optional fields...] - fstype ...
        auto f = split(line, ' ');
        if (f.size() < 7) continue;
        std::string point = unescape_mountinfo(f[4]);
        bool inside = where == point || point == "/" ||
                      (where.compare(0, point.size(), point) == 0 && where[point.size()] == '/');
        if (!inside || point.size() < best.size()) continue;
        best = point;
        best_opts.clear();
        for (size_t i = 6; i < f.size() && f[i] != "-"; ++i) best_opts += std::string(f[i]) + " ";
    }
    if (best.empty() || best_opts.find("shared:") == std::string::npos) return std::nullopt;
    return path + " is on a shared mount (" + best +
           "): a mount namespace can only be bound on a private one (mount --make-private " + best +
           ")";
}

std::optional<std::string> diagnose_unshare(const FailureFacts& f, const DiagnoseRoots& roots) {
    int code = f.failure.error.code;
    switch (f.failure.step) {
        case Step::kUnshare:
            return unshare_hint(f, roots);
        case Step::kIdMapHelper:
            return idmap_hint(f, roots);
        case Step::kPersist:
            return persist_hint(f, roots);
        case Step::kMountProc:
            if (code == EPERM && (f.flags & CLONE_NEWUSER) && !(f.flags & CLONE_NEWPID))
                return std::string(
                    "proc can be mounted in a new user namespace only with a new "
                    "pid namespace: add -p -f (--pid --fork)");
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

}  // namespace nsctl::ns
