// SPDX-License-Identifier: GPL-2.0-or-later
// Opening and entering namespaces, in the order of util-linux 2.42's nsenter.
#include "ns/enter.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "base/parse.h"
#include "ns/enter_steps.h"
#include "ns/procfs.h"
#include "sys/enter_calls.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"
#include "sys/ns.h"
#include "sys/process.h"

namespace nsctl::ns {
namespace {

// nsenter's order: the user namespace first (see enter_pass), then the others as util-linux
// lists them, the mount namespace late so that the /proc paths above still resolve.
constexpr Kind kOrder[] = {Kind::kUser, Kind::kCgroup, Kind::kIpc, Kind::kUts,
                           Kind::kNet,  Kind::kPid,    Kind::kMnt, Kind::kTime};

EnterNs& slot(EnterRequest& req, Kind k) { return req.ns[index(k)]; }

int enabled_mask(const EnterRequest& req, bool only_without_fd) {
    int mask = 0;
    for (Kind k : kOrder) {
        const EnterNs& n = req.ns[index(k)];
        if (n.enabled && !(only_without_fd && n.fd.valid())) mask |= info(k).clone_flag;
    }
    return mask;
}

// A failure to find a namespace file of the target (kinds: CLONE_NEW* flags).
EnterFailure lookup_failure(Error e, int kinds, std::string path) {
    EnterFailure f(std::move(e));
    f.kinds = kinds;
    f.path = std::move(path);
    f.target_lookup = true;
    return f;
}

// -a: every kind this kernel has, except a user namespace we are already in (setns(2) refuses
// to re-enter one's own user namespace).
Result<void, EnterFailure> enable_all(EnterRequest& req) {
    for (Kind k : kOrder) {
        if (slot(req, k).enabled) continue;
        std::string mine = sys::proc_path(sys::getpid(), ns_link_path(k));
        auto my_st = sys::fstatat(AT_FDCWD, mine.c_str(), 0);
        if (!my_st && my_st.error().code == ENOENT) continue;
        if (k == Kind::kUser) {
            std::string theirs = sys::proc_path(req.target, ns_link_path(k));
            auto st = sys::fstatat(AT_FDCWD, theirs.c_str(), 0);
            if (!st)
                return lookup_failure(Error{st.error().code, "stat of " + theirs + " failed"},
                                      CLONE_NEWUSER, theirs);
            if (my_st && my_st->st_ino == st->st_ino) continue;
        }
        slot(req, k).enabled = true;
    }
    return {};
}

// The target's pidfd when a namespace, -N or --user-parent needs the target; without one
// (no pidfd support) the /proc/PID/ns files of the namespaces to enter are opened instead.
Result<UniqueFd, EnterFailure> open_target(EnterRequest& req) {
    int without_fd = enabled_mask(req, true);
    if (!without_fd && req.net_socket < 0 && !req.user_parent) return UniqueFd();
    if (req.target == 0) return Error{0, "no target PID specified"};
    auto pidfd = sys::pidfd_open(req.target, 0);
    if (pidfd || !without_fd) return pidfd ? std::move(*pidfd) : UniqueFd();
    for (Kind k : kOrder) {
        EnterNs& n = slot(req, k);
        if (!n.enabled || n.fd.valid()) continue;
        auto fd = detail::open_target_file(req.target, ns_link_path(k));
        if (!fd)
            return lookup_failure(fd.error(), info(k).clone_flag,
                                  sys::proc_path(req.target, ns_link_path(k)));
        n.fd = std::move(*fd);
    }
    return UniqueFd();
}

Result<UniqueFd> open_cgroup_procs(pid_t target) {
    auto type = sys::statfs_type("/sys/fs/cgroup");
    if (!type) return Error{type.error().code, "statfs /sys/fs/cgroup failed"};
    if (*type != sys::kCgroup2Magic)
        return Error{0, "--join-cgroup is only supported in cgroup v2"};
    UniqueFd fd = NSCTL_TRY(detail::open_target_file(target, "cgroup"));
    auto text = read_proc_text(AT_FDCWD, sys::proc_path(target, "cgroup").c_str(), kProcTextMax);
    std::string line = text ? text->substr(0, text->find('\n')) : "";
    size_t colon = line.rfind(':');
    if (colon == std::string::npos)
        return Error{text ? 0 : text.error().code, "failed to get cgroup path"};
    std::string path = "/sys/fs/cgroup/" + line.substr(colon + 1) + "/cgroup.procs";
    auto procs = sys::open(path.c_str(), O_WRONLY | O_APPEND);
    if (!procs) return Error{procs.error().code, "failed to open cgroup.procs"};
    return std::move(*procs);
}

Result<detail::TargetFiles> open_target_files(EnterRequest& req) {
    detail::TargetFiles files;
    if (req.root_of_target) req.root_fd = NSCTL_TRY(detail::open_target_file(req.target, "root"));
    if (req.wd_of_target) req.wd_fd = NSCTL_TRY(detail::open_target_file(req.target, "cwd"));
    if (req.env) files.env = NSCTL_TRY(detail::open_target_file(req.target, "environ"));
    if (req.uid.choice == IdChoice::kFollow || req.gid.choice == IdChoice::kFollow)
        files.ids = NSCTL_TRY(detail::open_target_file(req.target, ""));
    if (req.join_cgroup) files.cgroup_procs = NSCTL_TRY(open_cgroup_procs(req.target));
    return files;
}

// --user-parent: the parent of the user namespace to enter (or of the target's), found as
// util-linux finds it: --user=FILE, the pidfd, any namespace file given, /proc/PID/ns/user.
Result<void> open_parent_userns(EnterRequest& req, int pidfd) {
    EnterNs& user = slot(req, Kind::kUser);
    UniqueFd local;
    int fd = user.enabled ? user.fd.get() : -1;
    if (fd < 0 && pidfd >= 0) {
        auto r = sys::ioctl_fd(pidfd, sys::kPidfdGetUserNamespace);
        if (r) local = std::move(*r);
        fd = local.get();
    }
    if (fd < 0) {
        for (Kind k : kOrder) {
            if (!slot(req, k).enabled) continue;
            fd = slot(req, k).fd.get();
            break;
        }
    }
    if (fd < 0) {
        local = NSCTL_TRY(detail::open_target_file(req.target, "ns/user"));
        fd = local.get();
    }
    auto parent = sys::ioctl_fd(fd, NS_GET_USERNS);
    if (!parent) return Error{parent.error().code, "failed to open parent namespace"};
    user.fd = std::move(*parent);
    user.enabled = true;
    return {};
}

// -N FD: the network namespace of a socket the target holds.
Result<void> open_socket_netns(EnterRequest& req, int pidfd) {
    UniqueFd local;
    if (pidfd < 0) {
        auto r = sys::pidfd_open(req.target, 0);
        if (!r)
            return Error{r.error().code,
                         "failed to pidfd_open() for " + std::to_string(req.target)};
        local = std::move(*r);
        pidfd = local.get();
    }
    auto sock = sys::pidfd_getfd(pidfd, req.net_socket, 0);
    if (!sock)
        return Error{sock.error().code, "pidfd_getfd(" + std::to_string(pidfd) + ", " +
                                            std::to_string(req.net_socket) + ")"};
    auto netns = sys::ioctl_fd(sock->get(), SIOCGSKNS);
    if (!netns)
        return Error{netns.error().code, "ioctl(" + std::to_string(sock->get()) + ", SIOCGSKNS)"};
    slot(req, Kind::kNet).fd = std::move(*netns);
    slot(req, Kind::kNet).enabled = true;
    return {};
}

enum class OnError { kIgnore, kReport };

// One pass over the kinds in mask: those without a file in one setns(pidfd, flags), then each
// file. A namespace entered is no longer enabled, so the second pass only retries the rest.
Result<void, EnterFailure> enter_pass(EnterRequest& req, int pidfd, int mask, OnError on_error) {
    if (pidfd >= 0) {
        int flags = enabled_mask(req, true) & mask;
        int err = flags ? sys::raw::setns(pidfd, flags) : 0;
        if (flags && err == 0) {
            for (Kind k : kOrder)
                if (flags & info(k).clone_flag) slot(req, k).enabled = false;
        } else if (err != 0 && on_error == OnError::kReport) {
            EnterFailure failure(Error{err, "reassociate to namespaces failed"});
            failure.kinds = flags;
            failure.via_pidfd = true;
            return failure;
        }
    }
    for (Kind k : kOrder) {
        EnterNs& n = slot(req, k);
        if (!n.enabled || !n.fd.valid() || !(mask & info(k).clone_flag)) continue;
        int err = sys::raw::setns(n.fd.get(), info(k).clone_flag);
        if (err == 0) {
            n.fd.reset();
            n.enabled = false;
        } else if (on_error == OnError::kReport) {
            EnterFailure failure(Error{
                err, "reassociate to namespace '" + std::string(ns_link_path(k)) + "' failed"});
            failure.kinds = info(k).clone_flag;
            return failure;
        }
    }
    return {};
}

}  // namespace

namespace detail {

Result<UniqueFd> open_target_file(pid_t target, const char* what) {
    if (target == 0)
        return Error{0, std::string("neither filename nor target pid supplied for ") + what};
    std::string path = sys::proc_path(target, what);
    if (*what == '\0') path += '/';
    auto fd = sys::open(path.c_str(), O_RDONLY);
    if (!fd) return Error{fd.error().code, "cannot open " + path};
    return std::move(*fd);
}

}  // namespace detail

Result<UniqueFd> open_argument(const char* path) {
    auto fd = sys::open(path, O_RDONLY);
    if (!fd) return Error{fd.error().code, std::string("cannot open ") + path};
    return std::move(*fd);
}

Result<void> check_pidfd_inode(pid_t pid, uint64_t ino) {
    std::string context = "failed to obtain a valid file descriptor for PID " + std::to_string(pid);
    auto fd = sys::pidfd_open(pid, 0);
    if (!fd) return Error{fd.error().code, context};
    auto st = sys::fstat(fd->get());
    if (!st) return Error{st.error().code, context};
    if (st->st_ino != ino) return Error{ESRCH, context};
    return {};
}

bool selinux_enabled() {
    constexpr long kSelinuxMagic = 0xf97cff8c;
    auto type = sys::statfs_type("/sys/fs/selinux");
    return type && *type == kSelinuxMagic;
}

Result<EnterOutcome, EnterFailure> enter(EnterRequest& req) {
    if (req.all) NSCTL_TRY(enable_all(req));
    UniqueFd pidfd = NSCTL_TRY(open_target(req));
    detail::TargetFiles files = NSCTL_TRY(open_target_files(req));
    if (req.user_parent) NSCTL_TRY(open_parent_userns(req, pidfd.get()));
    if (req.net_socket >= 0) NSCTL_TRY(open_socket_netns(req, pidfd.get()));
    int mask = enabled_mask(req, false);
    if (!mask) return Error{0, "no namespace specified"};
    if (req.on_valid) req.on_valid();

    detail::RunPlan plan;
    plan.fork = (mask & CLONE_NEWPID) && req.fork == ForkMode::kAuto;
    plan.set_uid = req.uid.choice != IdChoice::kKeep;
    plan.set_gid = req.gid.choice != IdChoice::kKeep;
    plan.keep_caps = req.keep_caps && (mask & CLONE_NEWUSER);
    if ((mask & CLONE_NEWUSER) && !req.preserve_credentials) {
        // In a user namespace nsenter becomes uid 0 / gid 0 unless told otherwise; groups are
        // dropped before entering and again after, and only both failing is an error.
        plan.set_uid = plan.set_gid = true;
        plan.setgroups_failed_early = sys::raw::setgroups(0, nullptr) != 0;
    }
    // Two passes: without the user namespace first (a privileged caller drops privilege last),
    // then what is left with it (an unprivileged caller gains privilege by entering it first).
    (void)enter_pass(req, pidfd.get(), mask & ~CLONE_NEWUSER, OnError::kIgnore);
    mask = enabled_mask(req, false);
    if (mask) NSCTL_TRY(enter_pass(req, pidfd.get(), mask, OnError::kReport));
    pidfd.reset();
    return detail::run_entered(req, files, plan);
}

}  // namespace nsctl::ns
