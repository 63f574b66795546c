// SPDX-License-Identifier: GPL-2.0-or-later
// The parent side of `nsctl run`: plan, clone3 the child into its namespaces, write its id
// maps, let it go, learn from its reports whether the command runs, then pass signals on (and
// relay the terminal) until it ends.
#include "sandbox/run.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include "base/parse.h"
#include "ns/idmap.h"
#include "ns/procfs.h"
#include "sandbox/deadline.h"
#include "sandbox/pty_relay.h"
#include "sandbox/registry.h"
#include "sandbox/run_impl.h"
#include "sandbox/supervise.h"
#include "sandbox/user_network.h"
#include "sys/child_io.h"
#include "sys/fd.h"
#include "sys/ns.h"
#include "sys/proc_path.h"
#include "sys/process.h"
#include "sys/signals.h"
#include "sys/sockets.h"

namespace nsctl::sandbox {
namespace {

using impl::ChildPlan;

// A name taken in the registry for as long as the run lasts.
class NameClaim {
  public:
    NameClaim() = default;
    NameClaim(NameClaim&& o) noexcept : name_(std::exchange(o.name_, "")) {}
    NameClaim& operator=(NameClaim&& o) noexcept {
        std::swap(name_, o.name_);
        return *this;
    }
    ~NameClaim() {
        if (!name_.empty()) (void)Registry().remove(name_);
    }
    /// Keeps the record, with the sandbox's exit code, instead of removing it.
    void keep(int exit_code) {
        if (auto r = Registry().find(name_)) {
            r->exit_code = exit_code;
            (void)Registry().save(*r);
        }
        name_.clear();
    }
    static Result<NameClaim> take(const std::string& name) {
        NSCTL_TRY(Registry().claim(name));
        NameClaim c;
        c.name_ = name;
        return c;
    }

  private:
    std::string name_;
};

RunFailure failure(Error e, RunStep step, int code = kExitRunFailed) {
    return RunFailure(std::move(e), step, code);
}

Result<void, RunFailure> write_proc(pid_t pid, const char* file, const std::string& text) {
    std::string path = sys::proc_path(pid, file);
    const char* which = nullptr;
    if (int e = sys::raw::write_file(path.c_str(), text.data(), text.size(), &which))
        return failure(Error{e, "write " + path}, RunStep::kIdMap);
    return {};
}

// newuidmap/newgidmap PID 0 ID 1 1 START COUNT: the caller at 0, its subordinate range from 1.
Result<void, RunFailure> run_id_mapper(const char* tool, pid_t pid, uint32_t id,
                                       const ns::IdRange& range) {
    std::vector<std::string> args = {tool,
                                     std::to_string(pid),
                                     "0",
                                     std::to_string(id),
                                     "1",
                                     "1",
                                     std::to_string(range.outer),
                                     std::to_string(range.count)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    struct Ctx {
        char* const* argv;
    } ctx{argv.data()};
    auto main = [](const void* c, int report_fd) {
        char* const* v = static_cast<const Ctx*>(c)->argv;
        exec_or_report(report_fd, v[0], v, static_cast<int>(RunStep::kIdMapper));
    };
    auto child = spawn(SpawnOptions{SpawnMode::kVfork}, main, &ctx);
    if (!child) return failure(child.error(), RunStep::kIdMapper);
    auto reports = read_reports(child->report.get());
    auto status = child->process.wait();
    if (reports && !reports->empty())
        return failure(Error{(*reports)[0].code, tool}, RunStep::kIdMapper);
    if (!status || !*status || sys::exit_code_of(**status) != 0)
        return failure(Error{0, std::string(tool) + " failed"}, RunStep::kIdMapper);
    return {};
}

Result<void, RunFailure> write_id_maps(const RunSpec& spec, const ChildPlan& plan, pid_t pid) {
    if (!plan.new_user) return {};
    uid_t uid = sys::geteuid();
    gid_t gid = sys::getegid();
    if (spec.map_auto) {
        auto users = ns::read_subid_range("/etc/subuid", uid, false);
        if (!users) return failure(users.error(), RunStep::kIdMapper);
        auto groups = ns::read_subid_range("/etc/subgid", uid, false);
        if (!groups) return failure(groups.error(), RunStep::kIdMapper);
        if (uid != 0) {
            NSCTL_TRY(run_id_mapper("newuidmap", pid, uid, *users));
            return run_id_mapper("newgidmap", pid, gid, *groups);
        }
        NSCTL_TRY(write_proc(pid, "uid_map",
                             "0 0 1\n1 " + std::to_string(users->outer) + " " +
                                 std::to_string(users->count) + "\n"));
        return write_proc(pid, "gid_map",
                          "0 0 1\n1 " + std::to_string(groups->outer) + " " +
                              std::to_string(groups->count) + "\n");
    }
    if (!spec.uid_map.empty() && uid == 0) {
        NSCTL_TRY(write_proc(pid, "uid_map", spec.uid_map));
        return write_proc(pid, "gid_map", spec.gid_map);
    }
    // Since Linux 3.19 an unprivileged gid_map needs setgroups(2) denied first.
    if (uid != 0) NSCTL_TRY(write_proc(pid, "setgroups", "deny"));
    NSCTL_TRY(write_proc(pid, "uid_map", "0 " + std::to_string(uid) + " 1\n"));
    return write_proc(pid, "gid_map", "0 " + std::to_string(gid) + " 1\n");
}

// Reads the child's reports until the command runs: the command's pid as PID 1 sees it (its
// own with --as-pid1) and namespaces (kNamespace reports, --json-status-fd only), or the failure it
// reported.
Result<Started, RunFailure> await_start(Spawned& child, const ChildPlan& plan) {
    Started s;
    s.pid = child.process.pid();
    auto r = read_report(child.report.get());
    while (r && *r && (*r)->step == static_cast<int>(RunStep::kNamespace) && !(*r)->code) {
        auto index = static_cast<size_t>((*r)->index);
        if (index < ns::kinds().size())
            s.namespaces.emplace_back(ns::kinds()[index].kind, static_cast<uint32_t>((*r)->detail));
        r = read_report(child.report.get());
    }
    if (!r) return failure(r.error(), RunStep::kWait);
    if (!*r && plan.as_pid1) {  // the pipe closed at the command's exec
        s.command = s.pid;
        return s;
    }
    if (*r && (*r)->step == static_cast<int>(RunStep::kStarted)) {
        s.command = (*r)->index;  // in the reaper's PID namespace
        return s;
    }
    auto status = child.process.wait();
    if (!*r) {
        int code = status && *status ? sys::exit_code_of(**status) : kExitRunFailed;
        return failure(Error{0, "the sandbox ended before its command started (exit status " +
                                    std::to_string(code) + ")"},
                       RunStep::kWait);
    }
    const ChildReport& rep = **r;
    auto step = static_cast<RunStep>(rep.step);
    int code = step == RunStep::kExec ? exec_exit_code(rep.code) : kExitRunFailed;
    return failure(impl::step_error(rep, plan), step, code);
}

// Brings lo of the child's network namespace up from here (the first socket of a new network
// namespace and lo's addresses cost a few hundred microseconds, which the parent spends while
// the child mounts), then comes back to our own. False when it could not: the child does it.
bool loopback_up_in(const ChildProcess& child) {
    auto own = sys::open("/proc/thread-self/ns/net", O_RDONLY);
    if (!own) return false;
    UniqueFd by_path;
    int target = child.pidfd();
    if (target < 0) {  // a kernel without pidfds
        auto fd = sys::open(sys::proc_path(child.pid(), "ns/net").c_str(), O_RDONLY);
        if (!fd) return false;
        by_path = std::move(*fd);
        target = by_path.get();
    }
    if (!sys::setns(target, CLONE_NEWNET)) return false;
    bool up = sys::raw::set_loopback_up() == 0;
    // Back home; should that fail, this process only waits from here on and uses no network.
    (void)sys::setns(own->get(), CLONE_NEWNET);
    return up;
}

// The second go message (ChildPlan::second_go): whether lo is up (1) and the tasks files of
// the cgroup v1 directories, made now.
Result<void, RunFailure> send_second_go(int go, const Spawned& child, const RunSpec& spec,
                                        const ChildPlan& plan, Cgroup& cgroup) {
    std::vector<UniqueFd> tasks;
    if (plan.cgroup_by_message) {
        if (cgroup.empty()) {
            auto made = Cgroup::create(spec.limits, cgroup_name_for_self());
            if (!made) return failure(made.error(), RunStep::kCgroup);
            cgroup = std::move(*made);
        }
        auto opened = cgroup.open_v1_tasks();
        if (!opened) return failure(opened.error(), RunStep::kCgroup);
        tasks = std::move(*opened);
        if (tasks.size() > ChildPlan::kMaxCgroupTasks)
            return failure(Error{E2BIG, "cgroup v1 hierarchies"}, RunStep::kCgroup);
    }
    char lo_up = plan.loopback_by_parent && loopback_up_in(child.process) ? 1 : 0;
    int fds[ChildPlan::kMaxCgroupTasks];
    for (size_t i = 0; i < tasks.size(); ++i) fds[i] = tasks[i].get();
    int e = sys::raw::send_byte_and_fds(go, lo_up, fds, static_cast<int>(tasks.size()));
    // EPIPE: the child has ended already; await_start() reads why.
    if (e && e != EPIPE) return failure(Error{e, "sendmsg"}, RunStep::kSync);
    return {};
}

// The veth of the child's network namespace (its sandbox side is born in there).
Result<VethNetwork> veth_for(pid_t child, const NetworkSpec& spec) {
    UniqueFd netns = NSCTL_TRY(sys::open(sys::proc_path(child, "ns/net").c_str(), O_RDONLY));
    return VethNetwork::create(netns.get(), spec);
}

// The command's pid on the host from the one the reaper gave (in the sandbox's PID namespace,
// when it has one): the child of PID 1 whose last NSpid is that. -1 when it has exited already.
pid_t command_on_host(pid_t pid1, pid_t inside, const ChildPlan& plan) {
    if (plan.as_pid1 || !plan.new_pid) return inside;
    std::string task = std::to_string(pid1);
    auto children = sys::read_file(sys::proc_path(pid1, "task/" + task + "/children").c_str());
    if (!children) return -1;
    for (auto word : split(*children, ' ')) {
        auto pid = parse_pid(word);
        if (!pid) continue;
        auto status = sys::read_file(sys::proc_path(*pid, "status").c_str());
        if (!status) continue;
        for (auto line : split(*status, '\n')) {
            if (!line.starts_with("NSpid:")) continue;
            auto fields = split(line, '\t');
            auto last = parse_pid(fields.back());
            if (last && *last == inside) return *pid;
        }
    }
    return -1;
}

// The command's wait status: what the reaper passed on, or PID 1's own.
int final_status(int report_fd, int pid1_status) {
    while (true) {
        auto r = read_report(report_fd);
        if (!r || !*r) return pid1_status;
        if ((*r)->step == static_cast<int>(RunStep::kExited)) return (*r)->detail;
    }
}

// --name: what nsctl exec needs to run a command the way the sandbox runs its own.
SandboxRecord record_of(const RunSpec& spec, const ChildPlan& plan, const Cgroup& cgroup,
                        const VethNetwork& veth, pid_t pid, pid_t command) {
    SandboxRecord r;
    r.name = spec.name;
    r.pid = pid;
    r.starttime = ns::process_starttime(pid);
    r.command_pid = command;
    if (command > 0) r.command_starttime = ns::process_starttime(command);
    r.owner = sys::getpid();
    r.owner_starttime = ns::process_starttime(r.owner);
    r.started = sys::wall_seconds();
    r.command = spec.argv;
    r.rootfs = spec.rootfs.value_or("");
    for (const auto& d : cgroup.dirs()) r.cgroups.push_back(d.path);
    r.host_interface = veth.host_interface();
    r.address = veth.sandbox_address();
    r.env = plan.env_store;
    r.cwd = plan.chdir;
    r.uid = plan.uid;
    r.gid = plan.gid;
    r.capabilities = plan.capabilities;
    if (spec.seccomp == RunSpec::Seccomp::kUnconfined) r.seccomp = "unconfined";
    if (spec.seccomp == RunSpec::Seccomp::kFile) r.seccomp = spec.seccomp_file;
    if (spec.seccomp == RunSpec::Seccomp::kProgram) r.seccomp = "program";
    if (spec.seccomp == RunSpec::Seccomp::kDefault)
        r.seccomp = spec.allow_userns ? "default+userns" : "default";
    return r;
}

Result<RunResult, RunFailure> supervise(Spawned& child, const RunSpec& spec, const ChildPlan& plan,
                                        const BlockedSignals& signals, UniqueFd master,
                                        const RunHooks& hooks, const Cgroup& cgroup,
                                        const VethNetwork& veth) {
    Started started = NSCTL_TRY(await_start(child, plan));
    if (!spec.name.empty()) {
        pid_t command = command_on_host(started.pid, started.command, plan);
        auto saved = Registry().save(record_of(spec, plan, cgroup, veth, started.pid, command));
        if (!saved) return failure(saved.error(), RunStep::kName);
    }
    if (hooks.on_started) hooks.on_started(started);
    Deadline deadline(spec.timeout, spec.kill_after);
    auto status = spec.tty ? relay_terminal(child.process, master.get(), signals.set(), deadline)
                           : wait_forwarding(child.process, signals.set(), deadline);
    if (!status) return failure(status.error(), RunStep::kWait);
    return RunResult{final_status(child.report.get(), *status), deadline.timed_out()};
}

}  // namespace

namespace {

// A sandbox cloned and let go: what run() supervises and create() hands over.
struct Launched {
    Spawned child;
    Cgroup cgroup;      // removed after the sandbox, unless released
    VethNetwork veth;   // link, NAT rule and lease removed after the sandbox
    UserNetwork pasta;  // its daemon stopped after the sandbox
    UniqueFd master;    // --tty: the terminal's master
};

// What run() and create() share: the cgroup, the clone, the network, the id maps and the go
// messages. The plan is prepared; mode is how the child is spawned.
Result<Launched, RunFailure> launch(const RunSpec& spec, ChildPlan& plan, SpawnMode mode) {
    UniqueFd go[2], pty[2];
    // A socket pair, not a pipe: a byte sent after the child has died (a failed step) must not
    // raise SIGPIPE in us (MSG_NOSIGNAL); the child's report then says what happened.
    if (auto r = sys::socketpair(go); !r) return failure(r.error(), RunStep::kPrepare);
    if (spec.tty) {
        if (auto r = sys::socketpair(pty); !r) return failure(r.error(), RunStep::kPrepare);
    }
    plan.go_fd = go[0].get();
    plan.pty_sock = spec.tty ? pty[1].get() : -1;
    Cgroup cgroup;
    if (spec.limits.any() && Cgroup::all_on_v1(spec.limits)) {
        // Found and made while the child builds its root, which joins it after (send_second_go).
        plan.cgroup_by_message = true;
    } else if (spec.limits.any()) {
        // A cgroup v2 directory must exist before the clone: the child is born in it. Any v1
        // ones are joined as above.
        auto made = Cgroup::create(spec.limits, cgroup_name_for_self());
        if (!made) return failure(made.error(), RunStep::kCgroup);
        cgroup = std::move(*made);
        plan.cgroup_by_message = cgroup.has_v1();
    }
    SpawnOptions options;
    options.mode = mode;
    options.clone_flags = impl::clone_flags(spec, plan);
    options.cgroup_fd = cgroup.v2_fd();
    auto child = spawn(options, impl::child_main, &plan);
    if (!child) return failure(child.error(), RunStep::kClone);
    Launched l{std::move(*child), std::move(cgroup), {}, {}, {}};
    if (spec.net.mode == NetworkSpec::Mode::kVeth) {
        auto made = veth_for(l.child.process.pid(), spec.net);
        if (!made) return failure(made.error(), RunStep::kNetwork);
        l.veth = std::move(*made);
    }
    go[0].reset();
    pty[1].reset();
    NSCTL_TRY(write_id_maps(spec, plan, l.child.process.pid()));
    if (spec.net.mode == NetworkSpec::Mode::kUser) {
        auto made = UserNetwork::create(l.child.process.pid(), spec.net, default_registry_dir());
        if (!made) return failure(made.error(), RunStep::kNetwork);
        l.pasta = std::move(*made);
    }
    char byte = 1;
    // EPIPE: the child has ended already; its report says why.
    if (auto w = sys::send(go[1].get(), &byte, 1, MSG_NOSIGNAL); !w && w.error().code != EPIPE)
        return failure(w.error(), RunStep::kSync);
    if (plan.second_go()) {
        // While the child builds its root, on the other CPU: its cgroup v1 directories and lo.
        NSCTL_TRY(send_second_go(go[1].get(), l.child, spec, plan, l.cgroup));
    }
    go[1].reset();
    if (spec.tty) {
        auto fd = sys::recv_fd(pty[0].get());
        if (fd) l.master = std::move(*fd);  // else the child failed first: its report says why
    }
    return l;
}

}  // namespace

Result<RunResult, RunFailure> run(const RunSpec& spec, const RunHooks& hooks) {
    if (spec.start_fd >= 0)
        return failure(Error{EINVAL, "run: a start fd is for create()"}, RunStep::kValidate);
    ChildPlan plan;
    NSCTL_TRY(impl::prepare_plan(spec, plan));
    plan.report_namespaces = static_cast<bool>(hooks.on_started);
    BlockedSignals signals(spec.tty ? BlockedSignals::Terminal::kYes
                                    : BlockedSignals::Terminal::kNo);
    if (!signals.ok()) return failure(Error{errno, "sigprocmask"}, RunStep::kPrepare);
    plan.old_mask = signals.old();
    NameClaim claim;  // the name is given up when run() returns
    if (!spec.name.empty()) {
        auto claimed = NameClaim::take(spec.name);
        if (!claimed) return failure(claimed.error(), RunStep::kName);
        claim = std::move(*claimed);
    }
    // The child shares our memory (no copy of it is made, none is faulted in again), unless the
    // command may ptrace in our user namespace (CAP_SYS_PTRACE without a user namespace of its
    // own): it could then write into the reaper's memory, which would be ours, outside the
    // sandbox. Capabilities in a user namespace of its own do not reach our memory.
    bool may_ptrace_us = !plan.new_user && (plan.capabilities & (CapSet{1} << CAP_SYS_PTRACE));
    auto launched = launch(spec, plan, may_ptrace_us ? SpawnMode::kFork : SpawnMode::kSharedMemory);
    if (!launched) return std::move(launched.error());
    Launched& l = *launched;
    auto result =
        supervise(l.child, spec, plan, signals, std::move(l.master), hooks, l.cgroup, l.veth);
    if (result && spec.keep_record)
        claim.keep(result->timed_out ? kExitTimedOut : sys::exit_code_of(result->wait_status));
    return result;
}

Result<Created, RunFailure> create(const RunSpec& spec) {
    if (spec.start_fd < 0) return failure(Error{EINVAL, "create: no start fd"}, RunStep::kValidate);
    if (!spec.name.empty() || spec.net.mode == NetworkSpec::Mode::kVeth ||
        spec.net.mode == NetworkSpec::Mode::kUser || spec.timeout)
        return failure(Error{EINVAL,
                             "create: a name, a network of its own or a timeout need the run "
                             "that waits"},
                       RunStep::kValidate);
    RunSpec pid1 = spec;
    pid1.as_pid1 = true;
    ChildPlan plan;
    NSCTL_TRY(impl::prepare_plan(pid1, plan));
    if (sigprocmask(SIG_SETMASK, nullptr, &plan.old_mask) != 0)
        return failure(Error{errno, "sigprocmask"}, RunStep::kPrepare);
    // A copy of our memory, not a share of it: we may exit while the command waits for start.
    auto launched = launch(pid1, plan, SpawnMode::kFork);
    if (!launched) return std::move(launched.error());
    Launched& l = *launched;
    auto r = read_report(l.child.report.get());
    while (r && *r && (*r)->step == static_cast<int>(RunStep::kNamespace) && !(*r)->code)
        r = read_report(l.child.report.get());
    if (!r) return failure(r.error(), RunStep::kWait);
    if (*r && (*r)->step == static_cast<int>(RunStep::kCreated)) {
        Created c;
        for (const auto& d : l.cgroup.dirs()) c.cgroups.push_back(d.path);
        l.cgroup.release();
        c.process = std::move(l.child.process);
        c.master = std::move(l.master);
        return c;
    }
    auto status = l.child.process.wait();
    if (!*r) {
        int code = status && *status ? sys::exit_code_of(**status) : kExitRunFailed;
        return failure(Error{0, "the sandbox ended before it was set up (exit status " +
                                    std::to_string(code) + ")"},
                       RunStep::kWait);
    }
    const ChildReport& rep = **r;
    return failure(impl::step_error(rep, plan), static_cast<RunStep>(rep.step));
}

}  // namespace nsctl::sandbox
