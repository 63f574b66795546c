// SPDX-License-Identifier: GPL-2.0-or-later
// The steps of unshare after unshare(2), in util-linux 2.42's order. No allocation here: this
// runs in a forked child (STYLE.md section 3).
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ns/create_impl.h"
#include "sys/child_io.h"
#include "sys/cred.h"
#include "sys/mounts.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace nsctl::ns::impl {
namespace {

constexpr const char* kBinfmtMisc = "/proc/sys/fs/binfmt_misc";
constexpr unsigned long kProcFlags = MS_NOSUID | MS_NOEXEC | MS_NODEV;

// Writes a whole small file; detail kOpen or kWrite on failure.
ChildReport write_proc(const char* path, const std::string& text, Step step) {
    const char* which = nullptr;
    int err = sys::raw::write_file(path, text.data(), text.size(), &which);
    if (err == 0) return {};
    return step_report(err, step, std::strcmp(which, "open") == 0 ? kOpen : kWrite);
}

// A binfmt_misc line ending in a flags field with F: the interpreter is opened at once, so it
// must be loaded before chroot.
bool interp_is_fixed(const std::string& line) {
    size_t colon = line.rfind(':');
    return colon != std::string::npos && line.find('F', colon) != std::string::npos;
}

ChildReport load_interp(const char* dir, const std::string& line) {
    int dfd = sys::raw::open(dir, O_PATH | O_DIRECTORY);
    if (dfd < 0) return step_report(-dfd, Step::kBinfmt, kOpen);
    int fd = sys::raw::openat(dfd, "register", O_WRONLY);
    sys::raw::close(dfd);
    if (fd < 0) return step_report(-fd, Step::kBinfmt, kOpenRegister);
    int err = sys::raw::write_all(fd, line.data(), line.size());
    sys::raw::close(fd);
    return err ? step_report(err, Step::kBinfmt, kWriteRegister) : ChildReport{};
}

ChildReport kill_with_parent(const ChildPlan& p) {
    int sig = p.spec->kill_child_signal;
    if (sig == 0) return {};
    if (int err = sys::raw::set_parent_death_signal(sig))
        return step_report(err, Step::kKillChild, 0);
    if (p.parent_pidfd < 0) return {};
    // The parent may have died before prctl: then nobody waits for us.
    int n = sys::raw::poll_readable_now(p.parent_pidfd);
    if (n < 0) return step_report(-n, Step::kKillChild, 1);
    if (n > 0) sys::raw::exit(1);
    sys::raw::close(p.parent_pidfd);
    return {};
}

ChildReport map_ids(const ChildPlan& p) {
    const UnshareSpec& s = *p.spec;
    if (!p.uid_map.empty()) {
        ChildReport r = write_proc("/proc/self/uid_map", p.uid_map, Step::kMapUser);
        if (r.code) return r;
    }
    if (!p.gid_map.empty()) {
        // Since Linux 3.19 an unprivileged gid_map needs setgroups denied first.
        ChildReport r = write_proc("/proc/self/setgroups", "deny", Step::kSetgroups);
        if (r.code && !(r.code == ENOENT && r.detail == kOpen)) return r;
        r = write_proc("/proc/self/gid_map", p.gid_map, Step::kMapGroup);
        if (r.code) return r;
    }
    if (s.setgroups != Setgroups::kUnset) {
        const char* word = s.setgroups == Setgroups::kAllow ? "allow" : "deny";
        ChildReport r = write_proc("/proc/self/setgroups", word, Step::kSetgroups);
        if (r.code && !(r.code == ENOENT && r.detail == kOpen)) return r;
    }
    return {};
}

ChildReport mounts_and_dirs(const ChildPlan& p) {
    const UnshareSpec& s = *p.spec;
    if ((s.flags & CLONE_NEWNS) && s.propagation) {
        if (int err = sys::raw::mount("none", "/", nullptr, s.propagation, nullptr))
            return step_report(err, Step::kPropagation);
    }
    bool early_binfmt = s.interp && interp_is_fixed(*s.interp) && s.root;
    if (early_binfmt) {
        if (int err =
                sys::raw::mount("binfmt_misc", kBinfmtMisc, "binfmt_misc", kProcFlags, nullptr))
            return step_report(err, Step::kBinfmt, kMount, 1);
        ChildReport r = load_interp(kBinfmtMisc, *s.interp);
        if (r.code) return r;
    }
    if (s.root) {
        if (int err = sys::raw::chroot(s.root->c_str())) return step_report(err, Step::kRoot);
    }
    const char* wd = s.wd ? s.wd->c_str() : (s.root ? "/" : nullptr);
    if (wd) {
        if (int err = sys::raw::chdir(wd)) return step_report(err, Step::kChdir);
    }
    if (s.proc_mount) {
        const char* dir = s.proc_mount->c_str();
        // Without a new root and with a non-default propagation, /proc may still be shared.
        if (!s.root && s.propagation != (MS_PRIVATE | MS_REC)) {
            int err = sys::raw::mount("none", dir, nullptr, MS_PRIVATE | MS_REC, nullptr);
            if (err && err != EINVAL) return step_report(err, Step::kMountProc, kMountPropagation);
        }
        if (int err = sys::raw::mount("proc", dir, "proc", kProcFlags, nullptr))
            return step_report(err, Step::kMountProc, kMount);
    }
    if (s.binfmt_mount) {
        if (int err = sys::raw::mount("binfmt_misc", s.binfmt_mount->c_str(), "binfmt_misc",
                                      kProcFlags, nullptr))
            return step_report(err, Step::kBinfmt, kMount);
    }
    if (s.interp && !early_binfmt) return load_interp(s.binfmt_mount->c_str(), *s.interp);
    return {};
}

ChildReport ids_and_caps(const ChildPlan& p) {
    const UnshareSpec& s = *p.spec;
    if (s.setgid) {
        if (int err = sys::raw::setgroups(0, nullptr))
            return step_report(err, Step::kSetIds, kSetgroupsCall);
        if (int err = sys::raw::change_gid(*s.setgid))
            return step_report(err, Step::kSetIds, kSetgidCall);
    }
    if (s.setuid) {
        if (int err = sys::raw::change_uid(*s.setuid))
            return step_report(err, Step::kSetIds, kSetuidCall);
    }
    if (s.keep_caps && (s.flags & CLONE_NEWUSER)) {
        const char* which = nullptr;
        if (int err = sys::raw::raise_ambient_caps(sys::raw::AmbientFrom::kEffective, p.last_cap,
                                                   &which)) {
            int detail = std::strcmp(which, "capget") == 0 ? 0 : which[3] == 's' ? 1 : 2;
            return step_report(err, Step::kKeepCaps, detail);
        }
    }
    return {};
}

}  // namespace

ChildReport run_child_steps(const ChildPlan& p) {
    if (p.restore_mask) {
        if (int err = sys::raw::sigprocmask(SIG_SETMASK, &p.mask, nullptr))
            return step_report(err, Step::kFork, 1);
    }
    for (auto step : {kill_with_parent, map_ids, mounts_and_dirs, ids_and_caps}) {
        ChildReport r = step(p);
        if (r.code) return r;
    }
    if (!p.envp.empty()) environ = const_cast<char**>(p.envp.data());
    if (p.spec->argv.empty()) {
        char* const shell_argv[] = {const_cast<char*>(p.shell_arg0.c_str()), nullptr};
        int err = sandbox::exec_program(p.shell.c_str(), shell_argv, sandbox::ExecSearch::kNone);
        return step_report(err, Step::kExec);
    }
    return step_report(sandbox::exec_program(p.argv[0], p.argv.data()), Step::kExec);
}

}  // namespace nsctl::ns::impl
