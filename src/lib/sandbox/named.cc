// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/named.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>

#include "ns/kinds.h"
#include "ns/procfs.h"
#include "sandbox/network.h"
#include "sandbox/run_impl.h"
#include "sandbox/seccomp_policy.h"
#include "sandbox/supervise.h"
#include "sys/child_io.h"
#include "sys/fd.h"
#include "sys/ns.h"
#include "sys/proc_path.h"
#include "sys/process.h"
#include "sys/signals.h"
#include "sys/tty.h"

namespace nsctl::sandbox {
namespace {

// A pidfd of the sandbox's PID 1, checked after it is opened: a pid recycled since the record
// was written has another start time.
Result<UniqueFd> open_running(const SandboxRecord& r) {
    Error gone{0, "sandbox '" + r.name + "' is not running"};
    if (!r.running()) return gone;
    auto fd = sys::pidfd_open(r.pid, 0);
    if (!fd || ns::process_starttime(r.pid) != r.starttime) return gone;
    return std::move(*fd);
}

Result<BpfProgram> filter_of(const SandboxRecord& r) {
    if (r.seccomp == "unconfined") return BpfProgram{};
    if (r.seccomp == "default") return default_seccomp_filter(UserNamespaces::kRefuse);
    if (r.seccomp == "default+userns") return default_seccomp_filter(UserNamespaces::kAllow);
    auto text = sys::read_file(r.seccomp.c_str());
    if (!text) return text.error();
    return compile_seccomp_policy(*text);
}

// The process whose namespaces nsctl exec enters: the sandbox's command (the reaper is
// undumpable: a rootless caller may not open its /proc/PID/ns), checked against its start time.
Result<UniqueFd> open_command(const SandboxRecord& r) {
    Error gone{0, "sandbox '" + r.name + "' is not running"};
    if (r.command_pid <= 0) return gone;
    auto fd = sys::pidfd_open(r.command_pid, 0);
    if (!fd || ns::process_starttime(r.command_pid) != r.command_starttime) return gone;
    return std::move(*fd);
}

// The namespaces of the command that differ from ours, as CLONE_NEW* flags for setns(pidfd).
Result<int> differing_namespaces(pid_t pid) {
    int flags = 0;
    for (const auto& k : ns::kinds()) {
        std::string entry = "ns/" + std::string(k.proc_entry);
        auto theirs = sys::fstatat(AT_FDCWD, sys::proc_path(pid, entry).c_str(), 0);
        if (!theirs) return theirs.error();
        std::string own = "/proc/self/ns/" + std::string(k.proc_entry);
        auto ours = sys::fstatat(AT_FDCWD, own.c_str(), 0);
        if (!ours || ours->st_ino != theirs->st_ino || ours->st_dev != theirs->st_dev)
            flags |= k.clone_flag;
    }
    return flags;
}

struct ExecContext {
    impl::ChildPlan plan;
    std::vector<UniqueFd> cgroup_procs;
    int pty_slave = -1;  // plan.tty: the new terminal, the command's stdio
};

// The child, in the sandbox's namespaces already: its cgroups, its working directory, then the
// command's last steps as nsctl run takes them.
void exec_child(const void* ctx, int report_fd) {
    const auto& c = *static_cast<const ExecContext*>(ctx);
    for (const auto& fd : c.cgroup_procs) {
        // "0" is the writer itself.
        if (int e = sys::raw::write_all(fd.get(), "0", 1))
            report_and_exit(report_fd, impl::report(e, RunStep::kCgroup));
    }
    if (int e = sys::raw::chdir(c.plan.chdir.c_str()))
        report_and_exit(report_fd, impl::report(e, RunStep::kChdir));
    impl::exec_command(c.plan, report_fd, c.pty_slave, nullptr);
}

Result<void> prepare(const SandboxRecord& r, const std::vector<std::string>& argv, ExecContext& c) {
    impl::ChildPlan& p = c.plan;
    p.chdir = r.cwd;
    p.capabilities = r.capabilities;
    p.set_uid = p.set_gid = true;
    p.uid = r.uid;
    p.gid = r.gid;
    p.seccomp = NSCTL_TRY(filter_of(r));
    p.env_store = r.env;
    for (auto& e : p.env_store) p.envp.push_back(e.data());
    p.envp.push_back(nullptr);
    p.argv_store = argv;
    for (auto& a : p.argv_store) p.argv.push_back(a.data());
    p.argv.push_back(nullptr);
    return {};
}

// Enters the namespaces of pid (a pidfd of it) that differ from ours, joins cgroups and starts
// the plan's command; returns once it has exec'd.
// plan.tty: a new terminal of the devpts at /dev/pts (the target's, once its mount namespace is
// ours), sized as the plan says; the slave goes to c, the master is returned.
Result<UniqueFd, RunFailure> open_terminal(ExecContext& c, UniqueFd& slave) {
    int master = -1, s = -1;
    if (int e = sys::raw::open_pty_pair(AT_FDCWD, "/dev/pts/ptmx", &master, &s))
        return RunFailure(Error{e, "a terminal of /dev/pts/ptmx"}, RunStep::kTty);
    UniqueFd owned(master);
    slave.reset(s);
    if (c.plan.have_window) {
        if (int e = sys::raw::set_window_size(s, c.plan.window))
            return RunFailure(Error{e, "the terminal's window size"}, RunStep::kTty);
    }
    c.pty_slave = s;
    return owned;
}

Result<Beside, RunFailure> start_in(int pidfd, pid_t pid, const std::vector<std::string>& cgroups,
                                    ExecContext& c) {
    for (const auto& dir : cgroups)
        c.cgroup_procs.push_back(NSCTL_TRY(sys::open((dir + "/cgroup.procs").c_str(), O_WRONLY)));
    int flags = NSCTL_TRY(differing_namespaces(pid));
    // This process enters them itself (it needs nothing of the host after this): its child is
    // born in the PID namespace.
    if (flags) NSCTL_TRY(sys::setns(pidfd, flags));
    Beside started;
    UniqueFd slave;  // ours closed once the child has it
    if (c.plan.tty) started.master = NSCTL_TRY(open_terminal(c, slave));
    auto child = NSCTL_TRY(spawn(SpawnOptions{SpawnMode::kVfork}, exec_child, &c));
    slave.reset();
    auto reports = NSCTL_TRY(read_reports(child.report.get()));
    started.process = std::move(child.process);
    if (reports.empty()) return started;
    auto& child_process = started.process;
    const ChildReport& rep = reports.back();
    auto step = static_cast<RunStep>(rep.step);
    int code = step == RunStep::kExec ? exec_exit_code(rep.code) : kExitRunFailed;
    (void)child_process.wait();
    return RunFailure(impl::step_error(rep, c.plan), step, code);
}

}  // namespace

Result<void> kill_sandbox(Registry& registry, const std::string& name, int sig) {
    auto r = NSCTL_TRY(registry.find(name));
    UniqueFd pidfd = NSCTL_TRY(open_running(r));
    return sys::pidfd_send_signal(pidfd.get(), sig);
}

Result<void> remove_sandbox(Registry& registry, const std::string& name, Force force) {
    auto r = NSCTL_TRY(registry.find(name));
    if (auto pidfd = open_running(r)) {
        if (force == Force::kNo)
            return Error{
                0, "sandbox '" + name + "' is running (nsctl kill " + name + ", or rm --force)"};
        NSCTL_TRY(sys::pidfd_send_signal(pidfd->get(), SIGKILL));
        NSCTL_TRY(sys::wait_pidfd_exited(pidfd->get()));
        // Then its owner, the nsctl run that waited for it, which cleans up after it and, when
        // detached, writes the exit status into the record: removed before that, the record
        // came back (up to 5 s: an owner that hangs does not keep rm waiting for ever).
        auto owner = sys::pidfd_open(r.owner, 0);
        if (owner && ns::process_starttime(r.owner) == r.owner_starttime) {
            pollfd p{owner->get(), POLLIN, 0};
            (void)sys::poll(&p, 1, 5000);
        }
    }
    for (const auto& dir : r.cgroups) {
        for (int i = 0; i < 200; ++i) {
            auto gone = sys::rmdir(dir.c_str());
            if (gone || gone.error().code != EBUSY) break;
            sys::sleep_ms(1);
        }
    }
    if (!r.host_interface.empty()) reclaim_veth_leases();  // of a killed nsctl
    return registry.remove(name);
}

Result<int, RunFailure> exec_in_sandbox(Registry& registry, const std::string& name,
                                        const std::vector<std::string>& argv) {
    auto r = NSCTL_TRY(registry.find(name));
    NSCTL_TRY(open_running(r));
    UniqueFd pidfd = NSCTL_TRY(open_command(r));
    ExecContext c;
    NSCTL_TRY(prepare(r, argv, c));
    BlockedSignals signals(BlockedSignals::Terminal::kNo);
    if (!signals.ok()) return errno_error("sigprocmask");
    c.plan.old_mask = signals.old();
    auto started = NSCTL_TRY(start_in(pidfd.get(), r.command_pid, r.cgroups, c));
    Deadline none(std::nullopt, 0);
    return NSCTL_TRY(wait_forwarding(started.process, signals.set(), none));
}

Result<Beside, RunFailure> start_beside(int pidfd, pid_t target,
                                        const std::vector<std::string>& cgroups,
                                        const RunSpec& spec, const sigset_t& old_mask) {
    ExecContext c;
    int differing = NSCTL_TRY(differing_namespaces(target));
    bool in_user_namespace = (differing & CLONE_NEWUSER) && sys::geteuid() != 0;
    NSCTL_TRY(impl::prepare_process_plan(spec, in_user_namespace, c.plan));
    c.plan.old_mask = old_mask;
    return start_in(pidfd, target, cgroups, c);
}

}  // namespace nsctl::sandbox
