// SPDX-License-Identifier: GPL-2.0-or-later
// The child of `nsctl run`, born by clone3 in its new namespaces: it waits for the parent's go
// (its id maps are written then), builds its root (rootfs.cc), sets host name, loopback and clock
// offsets, and becomes the reaper (reaper.cc) or, with --as-pid1, the command. Allocation-free:
// everything it reads was prepared in the plan.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "ns/kinds.h"
#include "sandbox/run_impl.h"
#include "sys/child_io.h"
#include "sys/cred.h"
#include "sys/ns.h"
#include "sys/process.h"
#include "sys/signals.h"
#include "sys/sockets.h"
#include "sys/tty.h"

namespace nsctl::sandbox::impl {
namespace {

namespace raw = sys::raw;

// The umask the command gets back (setup makes its nodes and mount points with exact modes).
unsigned g_command_umask = 022;

ChildReport set_clocks(const ChildPlan& p) {
    if (!p.new_time) return {};
    // A time namespace made by unshare(2) is entered by our children (and by exec); its clock
    // offsets can be written until the first process is in it.
    if (int e = raw::unshare(CLONE_NEWTIME)) return report(e, RunStep::kTimeOffsets, 0, 0);
    if (p.time_offsets.empty()) return {};
    const char* which = nullptr;
    int e = raw::write_file("/proc/self/timens_offsets", p.time_offsets.data(),
                            p.time_offsets.size(), &which);
    return e ? report(e, RunStep::kTimeOffsets, 0, 1) : ChildReport{};
}

// The kernel parameters, written through the host's /proc (ours until the root changes): each
// file of /proc/sys is the one of the writer's namespaces.
ChildReport set_sysctls(const ChildPlan& p) {
    for (size_t i = 0; i < p.sysctl_paths.size(); ++i) {
        const char* which = nullptr;
        const std::string& value = p.sysctl_values[i];
        if (int e = raw::write_file(p.sysctl_paths[i].c_str(), value.data(), value.size(), &which))
            return report(e, RunStep::kSysctl, static_cast<int>(i));
    }
    return {};
}

// --json-status-fd: the inodes of the namespaces the command will run in, a kNamespace report
// each, read through ns_dir (this process's /proc/PID/ns, opened before the root changed). The
// command enters the time namespace made here at its exec; the reaper stays outside it.
void report_namespaces(const ChildPlan& p, int report_fd, int ns_dir) {
    if (ns_dir < 0) return;
    const auto& kinds = ns::kinds();
    for (size_t i = 0; i < kinds.size(); ++i) {
        const char* entry = kinds[i].proc_entry.data();
        if (kinds[i].kind == ns::Kind::kTime) {
            if (!p.new_time) continue;
            entry = "time_for_children";
        }
        long long ino = raw::inode_at(ns_dir, entry);
        if (ino < 0) continue;
        report_and_continue(report_fd, report(0, RunStep::kNamespace, static_cast<int>(i),
                                              static_cast<int>(static_cast<uint32_t>(ino))));
    }
    raw::close(ns_dir);
}

// Into the cgroup v1 directories whose tasks files came with the second go message: "0"
// written to each moves the caller, which takes no global lock (Cgroup::open_v1_tasks).
ChildReport join_cgroups(const int* tasks, int n) {
    ChildReport r;
    for (int i = 0; i < n; ++i) {
        if (int e = raw::write_all(tasks[i], "0", 1); e && !r.code)
            r = report(e, RunStep::kCgroup, i, 1);
        raw::close(tasks[i]);
    }
    return r;
}

ChildReport finish_setup(const ChildPlan& p) {
    if (p.set_hostname) {
        if (int e = raw::sethostname(p.hostname.data(), p.hostname.size()))
            return report(e, RunStep::kHostname);
    }
    char lo_up = 0;
    if (p.second_go()) {
        int tasks[ChildPlan::kMaxCgroupTasks];
        int n = 0;
        if (raw::recv_byte_and_fds(p.go_fd, &lo_up, tasks, ChildPlan::kMaxCgroupTasks, &n) != 1)
            raw::exit(kExitRunFailed);  // the parent is gone, or failed: it says why
        raw::close(p.go_fd);
        if (ChildReport r = join_cgroups(tasks, n); r.code) return r;
    }
    if (p.late_cgroup_ns) {
        // Rooted at the cgroup it is in now: its own.
        if (int e = raw::unshare(CLONE_NEWCGROUP)) return report(e, RunStep::kCgroup);
    }
    if (p.loopback_by_parent && lo_up == 1) return set_clocks(p);
    if (p.new_net) {
        if (int e = raw::set_loopback_up()) return report(e, RunStep::kLoopback);
    }
    return set_clocks(p);
}

// create(): tells the parent that all is set up, then waits for the byte that starts the
// command (OCI start). The parent is gone by then (or waits for us): a failure from here on is
// told by the exit status alone, so the report pipe is closed.
ChildReport set_rlimits(const ChildPlan& p);

void await_start_byte(const ChildPlan& p, int report_fd) {
    // What can fail for want of privilege fails now, while create can still say so (after start
    // nothing reads our reports): the rlimits (set again, unchanged, before the exec).
    if (ChildReport r = set_rlimits(p); r.code) report_and_exit(report_fd, r);
    report_and_continue(report_fd, report(0, RunStep::kCreated));
    raw::close(report_fd);
    char byte = 0;
    if (raw::read(p.start_fd, &byte, 1) != 1) raw::exit(kExitRunFailed);
    raw::close(p.start_fd);
}

// Closes every fd from 3 up but the kept ones of the plan and the extra ones (at most 8, e.g.
// the report pipe). With clear_cloexec the plan's kept ones lose close-on-exec (for the command).
ChildReport close_fds_but(const ChildPlan& p, const int* extra, int nextra, bool clear_cloexec) {
    int others[8];
    int n = 0;
    for (int i = 0; i < nextra && n < 8; ++i) {
        if (extra[i] < 3) continue;
        int j = n++;
        for (; j > 0 && others[j - 1] > extra[i]; --j) others[j] = others[j - 1];
        others[j] = extra[i];
    }
    unsigned next = 3;
    size_t k = 0;
    int o = 0;
    while (k < p.keep_fds.size() || o < n) {
        bool from_plan = o >= n || (k < p.keep_fds.size() && p.keep_fds[k] < others[o]);
        int keep = from_plan ? p.keep_fds[k++] : others[o++];
        if (static_cast<unsigned>(keep) < next) continue;  // the same fd twice
        if (static_cast<unsigned>(keep) > next) {
            if (int e = raw::close_range(next, static_cast<unsigned>(keep) - 1))
                return report(e, RunStep::kFds);
        }
        if (from_plan && clear_cloexec) {
            if (int e = raw::keep_on_exec(keep)) return report(e, RunStep::kFds, keep);
        }
        next = static_cast<unsigned>(keep) + 1;
    }
    if (int e = raw::close_range(next, ~0U)) return report(e, RunStep::kFds);
    return {};
}

ChildReport take_terminal(int slave) {
    if (slave < 0) return {};
    if (int e = raw::set_controlling_terminal(slave)) return report(e, RunStep::kTty, 0, 1);
    for (int fd = 0; fd < 3; ++fd) {
        if (int e = raw::dup2(slave, fd)) return report(e, RunStep::kTty, 0, 2);
    }
    if (slave > 2) raw::close(slave);
    return {};
}

// The capabilities the command keeps: none outside the plan's set can come back (bounding set),
// none is ambient, and the set is permitted and effective only for root inside. Then no exec
// grants privileges again (no_new_privs).
ChildReport limit_capabilities_before_ids(const ChildPlan& p) {
    if (int e = raw::drop_bounding_except(p.capabilities, p.last_cap))
        return report(e, RunStep::kCapabilities, 0, 0);
    if (int e = raw::clear_ambient_capabilities()) return report(e, RunStep::kCapabilities, 0, 1);
    if (p.exact_capabilities && p.set_uid && p.uid != 0) {
        if (int e = raw::set_keep_capabilities()) return report(e, RunStep::kCapabilities, 0, 4);
    }
    return {};
}

// OCI's sets: permitted (what we are permitted of it), effective and inheritable as given, then
// each ambient capability raised (it must be permitted and inheritable: sandbox_spec checks).
ChildReport set_exact_capabilities(const ChildPlan& p) {
    CapSet permitted = 0;
    if (int e = raw::permitted_capabilities(&permitted))
        return report(e, RunStep::kCapabilities, 0, 3);
    permitted &= p.cap_permitted;
    if (int e = raw::set_capabilities(permitted, p.cap_effective & permitted, p.cap_inheritable))
        return report(e, RunStep::kCapabilities, 0, 2);
    for (int cap = 0; cap < 64; ++cap) {
        if (!(p.cap_ambient & (CapSet{1} << cap))) continue;
        if (int e = raw::raise_ambient_capability(cap))
            return report(e, RunStep::kCapabilities, cap, 5);
    }
    return {};
}

// The plan's filter, if any. With no_new_privs it is loaded last; without, seccomp(2) wants
// CAP_SYS_ADMIN, so it is loaded before the ids and capabilities change (as runc does).
ChildReport load_seccomp(const ChildPlan& p) {
    if (p.seccomp.empty()) return {};
    auto count = static_cast<unsigned short>(p.seccomp.size());
    if (int e = raw::set_seccomp_filter(p.seccomp.data(), count))
        return report(e, RunStep::kSeccomp);
    return {};
}

ChildReport limit_capabilities_after_ids(const ChildPlan& p) {
    if (p.exact_capabilities) {
        if (ChildReport r = set_exact_capabilities(p); r.code) return r;
    } else {
        // A uid other than 0 lost its capabilities at setresuid(2) already.
        CapSet keep = p.set_uid && p.uid != 0 ? 0 : p.capabilities;
        // Only what we are permitted: a capability the caller's bounding set lacks is not ours.
        CapSet permitted = 0;
        if (int e = raw::permitted_capabilities(&permitted))
            return report(e, RunStep::kCapabilities, 0, 3);
        keep &= permitted;
        if (int e = raw::set_capabilities(keep, keep, 0))
            return report(e, RunStep::kCapabilities, 0, 2);
    }
    if (p.no_new_privs) {
        if (int e = raw::set_no_new_privs()) return report(e, RunStep::kNoNewPrivs);
    }
    return p.no_new_privs ? load_seccomp(p) : ChildReport{};
}

ChildReport set_rlimits(const ChildPlan& p) {
    for (size_t i = 0; i < p.rlimits.size(); ++i) {
        const RlimitRequest& l = p.rlimits[i];
        if (int e = raw::set_rlimit(l.resource, l.soft, l.hard))
            return report(e, RunStep::kRlimit, static_cast<int>(i));
    }
    return {};
}

ChildReport set_ids(const ChildPlan& p) {
    if (p.drop_groups || p.set_groups) {
        if (int e = raw::setgroups(p.groups.size(), p.groups.data()))
            return report(e, RunStep::kIds, 0, 0);
    }
    if (p.set_gid) {
        if (int e = raw::setresgid(p.gid, p.gid, p.gid)) return report(e, RunStep::kIds, 0, 1);
    }
    if (p.set_uid) {
        if (int e = raw::setresuid(p.uid, p.uid, p.uid)) return report(e, RunStep::kIds, 0, 2);
    }
    return {};
}

}  // namespace

void exec_command(const ChildPlan& p, int report_fd, int pty_slave, volatile int* exec_errno) {
    // A session of its own: without --tty no controlling terminal, so TIOCSTI cannot push
    // input into the caller's.
    if (int e = raw::setsid()) report_and_exit(report_fd, report(e, RunStep::kSession));
    ChildReport r = take_terminal(pty_slave);
    if (!r.code) r = close_fds_but(p, &report_fd, 1, true);
    if (!r.code) r = set_rlimits(p);  // raising a hard limit needs CAP_SYS_RESOURCE: first
    if (!r.code) r = limit_capabilities_before_ids(p);
    if (!r.code && !p.no_new_privs) r = load_seccomp(p);
    if (!r.code) r = set_ids(p);
    if (!r.code) r = limit_capabilities_after_ids(p);
    if (r.code) report_and_exit(report_fd, r);
    raw::set_umask(p.set_umask ? p.umask : g_command_umask);
    if (int e = raw::sigprocmask(SIG_SETMASK, &p.old_mask, nullptr))
        report_and_exit(report_fd, report(e, RunStep::kExec, 0, 1));
    // The plan's environment is passed, not made ours: our memory may be nsctl's own
    // (SpawnMode::kSharedMemory), environ with it.
    int err = raw::execvpe(p.argv[0], p.argv.data(), p.envp.data());
    if (exec_errno) *exec_errno = err;
    report_and_exit(report_fd, report(err, RunStep::kExec), exec_exit_code(err));
}

void child_main(const void* ctx, int report_fd) {
    const auto& p = *static_cast<const ChildPlan*>(ctx);
    // Until the command runs, the child dies with us: a SIGKILLed nsctl leaves nothing behind.
    if (int e = raw::set_parent_death_signal(SIGKILL))
        report_and_exit(report_fd, report(e, RunStep::kDeathSignal));
    // Nothing of the caller's stays open in the sandbox's PID 1 (the go pipe's write end among
    // them: its end of file is how we learn that the parent died before PDEATHSIG was set).
    const int mine[] = {report_fd, p.go_fd, p.pty_sock, p.join_netns_fd, p.start_fd};
    ChildReport closed = close_fds_but(p, mine, 5, false);
    if (closed.code) report_and_exit(report_fd, closed);
    char go = 0;
    if (raw::read(p.go_fd, &go, 1) != 1) raw::exit(kExitRunFailed);  // the parent is gone
    if (!p.second_go()) raw::close(p.go_fd);
    if (p.join_netns_fd >= 0) {
        if (int e = raw::setns(p.join_netns_fd, CLONE_NEWNET))
            report_and_exit(report_fd, report(e, RunStep::kNetwork));
        raw::close(p.join_netns_fd);
    }
    if (p.become_root) {
        // Files it makes and mounts it sets up need ids its user namespace maps.
        if (int e = raw::setresgid(0, 0, 0))
            report_and_exit(report_fd, report(e, RunStep::kIds, 0, 1));
        if (int e = raw::setresuid(0, 0, 0))
            report_and_exit(report_fd, report(e, RunStep::kIds, 0, 2));
    }
    if (ChildReport r = set_sysctls(p); r.code) report_and_exit(report_fd, r);
    int ns_dir = -1;
    if (p.report_namespaces) {
        ns_dir = raw::open("/proc/self/ns", O_PATH | O_DIRECTORY);
        if (ns_dir < 0) report_and_exit(report_fd, report(-ns_dir, RunStep::kNamespace));
    }
    g_command_umask = raw::set_umask(0);
    int master = -1, slave = -1;
    ChildReport r = setup_root(p, &master, &slave);
    if (!r.code) r = finish_setup(p);
    if (!r.code && master >= 0) {
        int e = raw::send_fd(p.pty_sock, master);
        if (e) r = report(e, RunStep::kTty, 0, 3);
        raw::close(master);
    }
    if (r.code) report_and_exit(report_fd, r);
    if (p.pty_sock >= 0) raw::close(p.pty_sock);
    if (!p.die_with_parent) {
        if (int e = raw::set_parent_death_signal(0))
            report_and_exit(report_fd, report(e, RunStep::kDeathSignal));
    }
    report_namespaces(p, report_fd, ns_dir);
    if (p.start_fd >= 0) {
        // While it waits, the terminal is already its stdio: the caller's (a shim's pipes, which
        // it reads to their end) are let go when create exits, as with no terminal they are not.
        for (int fd = 0; fd < 3 && slave >= 0; ++fd) {
            if (int e = raw::dup2(slave, fd))
                report_and_exit(report_fd, report(e, RunStep::kTty, 0, 2));
        }
        await_start_byte(p, report_fd);
        exec_command(p, -1, slave, nullptr);
    }
    if (p.as_pid1) exec_command(p, report_fd, slave, nullptr);
    reaper_main(p, report_fd, slave);
}

}  // namespace nsctl::sandbox::impl
