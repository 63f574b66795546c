// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/enter_diagnose.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "ns/enter_steps.h"
#include "ns/nsfs.h"
#include "ns/procfs.h"
#include "sys/enter_calls.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"
#include "sys/process.h"

namespace nsctl::ns {
namespace {

std::string option_of(Kind k) {
    switch (k) {
        case Kind::kMnt:
            return "--mount";
        case Kind::kCgroup:
            return "--cgroup";
        default:
            return "--" + std::string(info(k).name);
    }
}

// The single kind in a CLONE_NEW* mask, if it holds exactly one.
std::optional<Kind> single_kind(int mask) {
    for (const auto& k : kinds())
        if (mask == k.clone_flag) return k.kind;
    return std::nullopt;
}

Result<struct stat> stat_path(const std::string& path) {
    return sys::fstatat(AT_FDCWD, path.c_str(), 0);
}

// The target is gone, or its /proc files are closed to us.
std::optional<std::string> target_hint(pid_t pid, const Error& e) {
    std::string dir = sys::proc_path(pid, "");
    auto st = stat_path(dir);
    std::string p = "process " + std::to_string(pid);
    if (!st) return "no process has PID " + std::to_string(pid) + " (it may have exited)";
    auto ns = stat_path(sys::proc_path(pid, "ns/user"));
    if (ns || (ns.error().code != EACCES && e.code != EACCES)) return std::nullopt;
    if (st->st_uid != sys::geteuid())
        return p + " belongs to uid " + std::to_string(st->st_uid) +
               ": its namespaces are open only to that user or to CAP_SYS_PTRACE";
    return p +
           " refuses ptrace access (not dumpable, or a Yama policy): its namespaces need "
           "CAP_SYS_PTRACE";
}

// A FILE that was given for a kind but is not a namespace of that kind.
std::optional<std::string> file_hint(const EnterRequest& req, Kind k) {
    const EnterNs& n = req.ns[index(k)];
    if (!n.fd.valid()) return std::nullopt;
    std::string what = "the file given to " + option_of(k);
    auto type = sys::fstatfs_type(n.fd.get());
    if (type && *type != sys::kNsfsMagic)
        return what + " is not a namespace file (use /proc/PID/ns/" +
               std::string(info(k).proc_entry) + " or a bind mount of one)";
    auto nstype = sys::ioctl(n.fd.get(), NS_GET_NSTYPE);
    if (!nstype) return std::nullopt;
    auto actual = kind_from_clone_flag(*nstype);
    if (actual && *actual != k)
        return what + " is a " + std::string(info(*actual).name) + " namespace, not a " +
               std::string(info(k).name) + " one";
    return std::nullopt;
}

bool same_file(const Result<struct stat>& a, const Result<struct stat>& b) {
    return a && b && a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

bool same_user_namespace(pid_t pid) {
    return same_file(stat_path(sys::proc_path(sys::getpid(), "ns/user")),
                     stat_path(sys::proc_path(pid, "ns/user")));
}

// The kinds in mask whose namespace of the target is owned by a user namespace other than the
// target's own: entering the target's user namespace gives no CAP_SYS_ADMIN over them.
std::string foreign_owned(pid_t pid, int mask) {
    auto user = stat_path(sys::proc_path(pid, "ns/user"));
    std::string names;
    for (const auto& k : kinds()) {
        if (!(mask & k.clone_flag) || k.kind == Kind::kUser) continue;
        auto fd = sys::open(sys::proc_path(pid, ns_link_path(k.kind)).c_str(), O_RDONLY);
        if (!fd) continue;
        auto owner = sys::ioctl_fd(fd->get(), NS_GET_USERNS);
        if (!owner) continue;
        auto st = sys::fstat(owner->get());
        if (!st || same_file(st, user)) continue;
        names += (names.empty() ? "" : ", ") + std::string(k.name);
    }
    return names;
}

std::optional<std::string> permission_hint(const EnterRequest& req, const EnterFailure& f) {
    if (req.user_parent) return std::nullopt;  // the user namespace is not the target's
    std::string foreign = req.target ? foreign_owned(req.target, f.kinds) : "";
    if ((f.kinds & CLONE_NEWUSER) && !foreign.empty()) {
        return "the target's " + foreign +
               " namespaces are not owned by its user namespace (entering it gives no "
               "CAP_SYS_ADMIN over them): enter only the others, e.g. --net --uts, not --all";
    }
    if (f.kinds & CLONE_NEWUSER) {
        return std::string(
            "entering a user namespace needs CAP_SYS_ADMIN in it: be its owner (or privileged "
            "in its parent), and not in it already");
    }
    if (req.target && !same_user_namespace(req.target)) {
        return "the target's namespaces belong to another user namespace, and entering them "
               "needs CAP_SYS_ADMIN there: add --user (with --preserve-credentials to keep your "
               "uid and gid)";
    }
    if (sys::geteuid() != 0)
        return std::string(
            "entering a namespace needs CAP_SYS_ADMIN in the user namespace that owns it: run as "
            "root, or enter the owner with --user (--preserve-credentials keeps your ids)");
    return std::nullopt;
}

std::optional<std::string> setgroups_hint(const EnterRequest& req) {
    if (!req.target) return std::nullopt;
    auto text =
        read_proc_text(AT_FDCWD, sys::proc_path(req.target, "setgroups").c_str(), kProcTextMax);
    if (!text || *text != "deny") return std::nullopt;
    return "setgroups(2) is denied in the target's user namespace (its /proc/PID/setgroups says "
           "\"deny\", as unshare --map-root-user leaves it): add --preserve-credentials";
}

}  // namespace

std::optional<std::string> enter_hint(const EnterRequest& req, const EnterFailure& f) {
    const Error& e = f.error;
    if (e.code == 0) return std::nullopt;  // util-linux's own message is already the cause
    if ((f.kinds & CLONE_NEWTIME) && !stat_path(sys::proc_path(sys::getpid(), "ns/time")))
        return std::string("this kernel has no time namespaces (no /proc/self/ns/time)");
    if (req.target && (f.target_lookup || f.via_pidfd || e.code == ESRCH)) {
        if (auto h = target_hint(req.target, e)) return h;
    }
    auto k = single_kind(f.kinds);
    if (e.code == EINVAL && k && !f.via_pidfd) {
        if (auto h = file_hint(req, *k)) return h;
    }
    if (e.code == EINVAL && (f.kinds & CLONE_NEWUSER) && req.target &&
        same_user_namespace(req.target))
        return "you are already in the target's user namespace, and setns(2) cannot re-enter "
               "it: leave out --user";
    if (e.code == EPERM && f.setgroups) return setgroups_hint(req);
    if (e.code == EPERM) return permission_hint(req, f);
    return std::nullopt;
}

std::optional<std::string> open_by_id_hint(const Error& e) {
    if (e.code == ENOTTY || e.code == EOPNOTSUPP || e.code == EINVAL)
        return std::string("opening a namespace by its id needs Linux 6.18 or later");
    if (e.code != ESTALE) return std::nullopt;
    auto own = sys::open(sys::proc_path(sys::getpid(), "ns/uts").c_str(), O_RDONLY);
    if (!own) return std::nullopt;
    auto id = ns_id(own->get());
    if (!id) return std::nullopt;
    if (open_by_id(*id).has_value())
        return std::string("no namespace has this id now (ids are never reused: it has ended)");
    return std::string(
        "this kernel opens a namespace by id only when the handle also names its type and "
        "inode, which the :ID form does not: enter it by its file (/proc/PID/ns/...) instead");
}

}  // namespace nsctl::ns
