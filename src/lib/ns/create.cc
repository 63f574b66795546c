// SPDX-License-Identifier: GPL-2.0-or-later
// unshare's parent side, in util-linux 2.42's order: helpers, owner, unshare(2), id maps, clock
// offsets, fork, persisting binds, then the steps of create_child.cc and exec.
#include "ns/create.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "ns/create_impl.h"
#include "ns/nsfs.h"
#include "sys/child_io.h"
#include "sys/cred.h"
#include "sys/fd.h"
#include "sys/ns.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace nsctl::ns {
namespace {

using impl::ChildReport;
using impl::step_of;
using impl::step_report;

// --forward-signals: the child the handler passes SIGINT/SIGTERM on to.
volatile pid_t g_forward_to = 0;

void forward_signal(int sig) {
    if (g_forward_to > 0) (void)sys::raw::kill(g_forward_to, sig);
}

// The state of one run: what the parent holds while it works.
struct Run {
    const UnshareSpec& spec;
    pid_t self = 0;
    IdMap users, groups;
    std::optional<uid_t> map_user;
    std::optional<gid_t> map_group;
    PersistPlan persist;
    impl::Helper bind_helper, idmap_helper;
    impl::IdMapJob idmap_job;

    UnshareFailure fail(const ChildReport& r, int exit_code = 1) const {
        UnshareFailure failure(Error{r.code, impl::step_message(r, spec, self)});
        failure.step = step_of(r);
        failure.exit_code = exit_code;
        if (failure.step == Step::kPersist) {
            const auto& bind = persist.binds[static_cast<size_t>(r.index)];
            failure.persist_target = bind.target;
            failure.persist_kind = bind.kind;
        }
        return failure;
    }
    UnshareFailure fail(int code, Step step, int detail = 0) const {
        return fail(step_report(code, step, detail));
    }
};

bool has_persist(const UnshareSpec& s) {
    for (const auto& t : s.persist)
        if (t) return true;
    return false;
}

Result<void, UnshareFailure> validate(const Run& run) {
    const UnshareSpec& s = run.spec;
    // util-linux finds this only after unshare(2) (and after persisting); we refuse before
    // anything is done, with its words.
    if (run.map_group && run.groups.empty() && s.setgroups == Setgroups::kAllow) {
        UnshareFailure failure(
            Error{0, "options --setgroups=allow and --map-group are mutually exclusive"});
        failure.step = Step::kValidate;
        return failure;
    }
    return {};
}

// The single-id maps that must go through the helper (with ranges, or with --owner).
void fit_maps(Run& run) {
    const UnshareSpec& s = run.spec;
    run.users = s.user_ranges;
    run.groups = s.group_ranges;
    run.map_user = s.map_user;
    run.map_group = s.map_group;
    if (!run.users.empty() || (run.map_user && s.owner_uid)) {
        fit_single_id(run.users, s.euid, run.map_user.value_or(UINT32_MAX));
        run.map_user.reset();
    }
    if (!run.groups.empty() || (run.map_group && s.owner_gid)) {
        fit_single_id(run.groups, s.egid, run.map_group.value_or(UINT32_MAX));
        run.map_group.reset();
    }
}

Result<void, UnshareFailure> finish_helper(Run& run, impl::Helper& h) {
    if (!h.started()) return {};
    auto [status, r] = NSCTL_TRY(h.finish());
    // As util-linux: a helper that exits non-zero ends unshare with its status; one that
    // reported nothing (newuidmap said why) adds no message.
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 0) return {};
    if (r.code == 0) {
        UnshareFailure failure;
        failure.helper_said_why = true;
        // The tool that failed: the one reported, or else the last one run (newgidmap if any).
        failure.group_map = r.detail == impl::kToolFailed ? r.index == 1 : !run.groups.empty();
        failure.step = Step::kIdMapHelper;
        failure.exit_code = WEXITSTATUS(status);
        return failure;
    }
    return run.fail(r, WEXITSTATUS(status));
}

Result<void, UnshareFailure> set_owner(Run& run) {
    const UnshareSpec& s = run.spec;
    if (s.owner_gid) {
        if (int err = sys::raw::setgroups(0, nullptr)) return run.fail(err, Step::kOwner, 0);
        if (int err = sys::raw::change_gid(*s.owner_gid)) return run.fail(err, Step::kOwner, 1);
    }
    if (s.owner_uid) {
        if (int err = sys::raw::change_uid(*s.owner_uid)) return run.fail(err, Step::kOwner, 2);
    }
    return {};
}

Result<void, UnshareFailure> set_clock(Run& run, clockid_t clock, int64_t offset) {
    std::string line = std::to_string(clock) + " " + std::to_string(offset) + " 0";
    const char* which = "";
    int err = sys::raw::write_file("/proc/self/timens_offsets", line.data(), line.size(), &which);
    if (err) return run.fail(err, Step::kTimeOffsets, which[0] == 'o' ? 0 : 1);
    return {};
}

// The calling thread's mount namespace (unshare acts on the thread).
constexpr const char* kThreadMnt = "/proc/thread-self/ns/mnt";

// Linux 6.18 hands namespace ids out in per-CPU batches, and binds a mount namespace only into
// one with a smaller id (its loop check). A new mount namespace made on a CPU whose batch lags
// can get a smaller id than the namespace the bind helper stays in, and persisting it fails
// with EINVAL now and then (util-linux's unshare too). So when the new id is not larger, take a
// new mount namespace again on one CPU after another, the allowed ones first, until one is;
// those passed over are dropped, and the thread's CPU affinity is put back. Kernels without
// NS_GET_ID order mount namespaces by creation and need nothing.
Result<void, UnshareFailure> order_mount_namespace(Run& run, int old_mnt) {
    auto old_id = ns_id(old_mnt);
    if (!old_id) return {};
    auto newer = [&]() -> bool {
        auto fd = sys::open(kThreadMnt, O_RDONLY);
        auto id = fd ? ns_id(fd->get()) : Result<uint64_t>(fd.error());
        return id && *id > *old_id;
    };
    if (newer()) return {};
    auto allowed = sys::sched_getaffinity();
    if (!allowed) return {};
    int cpus = std::min(static_cast<int>(::sysconf(_SC_NPROCESSORS_CONF)), CPU_SETSIZE);
    bool done = false;
    for (int pass = 0; pass < 2 && !done; ++pass) {
        for (int cpu = 0; cpu < cpus && !done; ++cpu) {
            if (CPU_ISSET(cpu, &*allowed) != (pass == 0)) continue;
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            if (!sys::sched_setaffinity(one)) continue;  // offline, or not in our cpuset
            if (int err = sys::raw::unshare(CLONE_NEWNS)) {
                (void)sys::sched_setaffinity(*allowed);
                return run.fail(err, Step::kUnshare);
            }
            done = newer();
        }
    }
    (void)sys::sched_setaffinity(*allowed);
    return {};
}

Result<void, UnshareFailure> before_fork(Run& run) {
    const UnshareSpec& s = run.spec;
    run.persist = plan_persist(run.self, s.persist);
    if (has_persist(s) && (s.flags & (CLONE_NEWNS | CLONE_NEWUSER)))
        NSCTL_TRY(run.bind_helper.start(impl::persist_work, &run.persist));
    if (!run.users.empty() || !run.groups.empty()) {
        impl::prepare_idmap_job(run.self, run.users, run.groups, s.euid == 0, run.idmap_job);
        NSCTL_TRY(run.idmap_helper.start(impl::idmap_work, &run.idmap_job));
    }
    NSCTL_TRY(set_owner(run));
    // The mount namespace we leave, when the new one is to be persisted (order_mount_namespace).
    UniqueFd old_mnt;
    if ((s.flags & CLONE_NEWNS) && s.persist[index(Kind::kMnt)]) {
        auto fd = sys::open(kThreadMnt, O_RDONLY);
        if (fd) old_mnt = std::move(*fd);
    }
    if (int err = sys::raw::unshare(s.flags)) return run.fail(err, Step::kUnshare);
    if (old_mnt.valid()) NSCTL_TRY(order_mount_namespace(run, old_mnt.get()));
    NSCTL_TRY(finish_helper(run, run.idmap_helper));
    if (s.boottime) NSCTL_TRY(set_clock(run, CLOCK_BOOTTIME, *s.boottime));
    if (s.monotonic) NSCTL_TRY(set_clock(run, CLOCK_MONOTONIC, *s.monotonic));
    return {};
}

Result<void, UnshareFailure> make_persist_binds(Run& run) {
    if (!has_persist(run.spec)) return {};
    if (run.bind_helper.started()) return finish_helper(run, run.bind_helper);
    size_t failed = 0;
    if (int err = bind_persist_raw(run.persist, &failed))
        return run.fail(step_report(err, Step::kPersist, 0, static_cast<int>(failed)));
    return {};
}

void prepare_plan(Run& run, impl::ChildPlan& plan) {
    impl::prepare_child(run.spec, plan);
    if (run.map_user)
        plan.uid_map = std::to_string(*run.map_user) + " " + std::to_string(run.spec.euid) + " 1";
    if (run.map_group)
        plan.gid_map = std::to_string(*run.map_group) + " " + std::to_string(run.spec.egid) + " 1";
}

// The --fork child (a sandbox::ChildMain, ctx the ChildPlan): the steps, then exec.
void fork_child(const void* plan, int report_fd) {
    ChildReport r = impl::run_child_steps(*static_cast<const impl::ChildPlan*>(plan));
    sandbox::report_and_exit(report_fd, r, impl::exit_code_of(r));
}

// As util-linux: SIGINT and SIGTERM are blocked in the parent (the child alone answers them),
// or with --forward-signals passed on to the child. The child restores the old mask.
Result<void> setup_signals(Run& run, impl::ChildPlan& plan) {
    sigset_t set;
    sigemptyset(&set);
    if (run.spec.forward_signals) {
        if (!sys::signal_handler(SIGTERM, forward_signal, SA_RESTART))
            return Error{errno, "sigaction SIGTERM failed"};
        if (!sys::signal_handler(SIGINT, forward_signal, SA_RESTART))
            return Error{errno, "sigaction SIGINT failed"};
        if (int err = sys::raw::sigprocmask(SIG_SETMASK, nullptr, &plan.mask))
            return Error{err, "sigprocmask failed"};
    } else {
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        if (int err = sys::raw::sigprocmask(SIG_BLOCK, &set, &plan.mask))
            return Error{err, "sigprocmask block failed"};
    }
    plan.restore_mask = true;
    return {};
}

Result<int, UnshareFailure> fork_and_wait(Run& run, impl::ChildPlan& plan) {
    NSCTL_TRY(setup_signals(run, plan));
    UniqueFd parent_pidfd;
    if (run.spec.kill_child_signal) {
        auto fd = sys::pidfd_open(run.self, 0);
        if (!fd) return Error{fd.error().code, "pidfd_open failed"};
        parent_pidfd = std::move(*fd);
        plan.parent_pidfd = parent_pidfd.get();
    }
    // Without persistence the parent has nothing to do until the child has exec'd: vfork()
    // (CLONE_VM|CLONE_VFORK) spares copying the page tables of this large binary, which was
    // most of what --fork cost over util-linux (bench/unshare). The child's steps allocate
    // nothing and leave the parent's state alone.
    sandbox::SpawnOptions options;
    options.mode = has_persist(run.spec) ? sandbox::SpawnMode::kFork : sandbox::SpawnMode::kVfork;
    options.fail_context = "fork failed";
    sandbox::Spawned child = NSCTL_TRY(sandbox::spawn(options, fork_child, &plan));
    if (run.spec.forward_signals) g_forward_to = child.process.pid();
    NSCTL_TRY(make_persist_binds(run));
    // Empty at exec (the pipe is close-on-exec): the child's steps all worked.
    auto reports = NSCTL_TRY(sandbox::read_reports(child.report.get()));
    int status = *NSCTL_TRY(child.process.wait());
    g_forward_to = 0;
    if (!reports.empty()) return run.fail(reports.back(), sys::exit_code_of(status));
    return status;
}

// --fork: the child runs the steps and execs, the parent persists and waits. A failure that is
// only an Error (a signal setting, the pipe, the wait) is the fork step's.
Result<int, UnshareFailure> run_forked(Run& run, impl::ChildPlan& plan) {
    auto status = fork_and_wait(run, plan);
    if (status || status.error().step != Step::kNone) return status;
    UnshareFailure failure = std::move(status).error();
    failure.step = Step::kFork;
    return failure;
}

}  // namespace

std::optional<unsigned long> parse_propagation(std::string_view mode) {
    if (mode == "slave") return MS_REC | MS_SLAVE;
    if (mode == "private") return MS_REC | MS_PRIVATE;
    if (mode == "shared") return MS_REC | MS_SHARED;
    if (mode == "unchanged") return 0;
    return std::nullopt;
}

unsigned long default_propagation() { return MS_REC | MS_PRIVATE; }

Result<int, UnshareFailure> run_unshare(const UnshareSpec& spec) {
    Run run{spec};
    run.self = sys::getpid();
    fit_maps(run);
    NSCTL_TRY(validate(run));
    (void)sys::signal_handler(SIGCHLD, SIG_DFL, 0);
    NSCTL_TRY(before_fork(run));
    impl::ChildPlan plan;
    prepare_plan(run, plan);
    if (spec.fork) return run_forked(run, plan);
    NSCTL_TRY(make_persist_binds(run));
    ChildReport r = impl::run_child_steps(plan);
    return run.fail(r, impl::exit_code_of(r));
}

}  // namespace nsctl::ns
