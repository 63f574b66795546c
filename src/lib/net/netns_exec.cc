// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/netns_exec.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cassert>
#include <climits>
#include <cstring>
#include <memory>
#include <utility>

#include "sandbox/spawn.h"
#include "sys/child_io.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/fsstat.h"
#include "sys/mounts.h"
#include "sys/ns.h"
#include "sys/process.h"

namespace nsctl::net {
namespace {

enum Step { kSetns, kUnshare, kSlave, kSysfs, kBind, kExec, kUts, kStdio };
constexpr const char* kStepNames[] = {"setns",
                                      "unshare mount namespace",
                                      "mount --make-rslave /",
                                      "mount sysfs on /sys",
                                      "bind mount",
                                      "exec",
                                      "setns uts",
                                      "standard streams"};

// Everything the child needs, built by the parent: the child only reads it.
struct Plan {
    int nsfd = -1;
    const char* name = nullptr;
    std::vector<std::pair<std::string, std::string>> binds;  // source, target
    std::vector<char*> argv;                                 // NULL-terminated
    int uts_fd = -1;
    int stdio_fd = -1;
    bool detach = false;  // netns_start: a session of its own, stdin on /dev/null
};

// iproute2's netns_switch: a /sys that shows the namespace. If the old /sys cannot be
// unmounted the new one goes over it, read-only if it was (a read-only sysfs cannot be
// shadowed by a read-write one).
int remount_sys(const char* name) {
    unsigned long flags = 0;
    if (sys::raw::umount2("/sys", MNT_DETACH) != 0) {
        unsigned long fsflags = 0;
        if (sys::raw::statvfs_flags("/sys", &fsflags) == 0 && (fsflags & ST_RDONLY))
            flags = MS_RDONLY;
    }
    return sys::raw::mount(name, "/sys", "sysfs", flags, nullptr);
}

// The fatal steps, in order; *step names the one that failed.
int switch_namespaces(const Plan& p, int* step) {
    *step = kSetns;
    if (int e = sys::raw::setns(p.nsfd, CLONE_NEWNET)) return e;
    *step = kUts;
    if (p.uts_fd >= 0) {
        if (int e = sys::raw::setns(p.uts_fd, CLONE_NEWUTS)) return e;
    }
    *step = kUnshare;
    if (int e = sys::raw::unshare(CLONE_NEWNS)) return e;
    *step = kSlave;  // mount --make-rslave /: nothing we mount propagates back
    if (int e = sys::raw::mount("", "/", "none", MS_SLAVE | MS_REC, nullptr)) return e;
    *step = kSysfs;
    return remount_sys(p.name);
}

// netns_start's program: a session of its own (no terminal of ours reaches it), stdin on
// /dev/null, stdout and stderr on the caller's file.
int detach_stdio(const Plan& p) {
    if (int e = sys::raw::setsid()) return e;
    int null = sys::raw::open("/dev/null", O_RDONLY);
    if (null < 0) return -null;
    if (int e = sys::raw::dup2(null, 0)) return e;
    if (null != 0) sys::raw::close(null);
    if (p.stdio_fd < 0) return 0;
    if (int e = sys::raw::dup2(p.stdio_fd, 1)) return e;
    return sys::raw::dup2(p.stdio_fd, 2);
}

// The child between fork and exec (a sandbox::ChildMain, ctx the Plan): no allocation, no
// exceptions. A file that cannot be bound is reported and passed over, as in iproute2.
void child(const void* ctx, int report_fd) noexcept {
    const Plan& p = *static_cast<const Plan*>(ctx);
    int step = kSetns;
    if (int err = switch_namespaces(p, &step))
        sandbox::report_and_exit(report_fd, sandbox::ChildReport{err, step, 0, 0});
    if (p.detach) {
        if (int err = detach_stdio(p))
            sandbox::report_and_exit(report_fd, sandbox::ChildReport{err, kStdio, 0, 0});
    }
    for (size_t i = 0; i < p.binds.size(); ++i) {
        const auto& [source, target] = p.binds[i];
        int e = sys::raw::mount(source.c_str(), target.c_str(), "none", MS_BIND, nullptr);
        if (e)
            sandbox::report_and_continue(report_fd,
                                         sandbox::ChildReport{e, kBind, 0, static_cast<int>(i)});
    }
    sandbox::exec_or_report(report_fd, p.argv[0], p.argv.data(), kExec);
}

// The files of DIR/NAME, as iproute2's bind_etc lists them (none if the name is too long).
Result<std::vector<std::pair<std::string, std::string>>> etc_binds(std::string_view name,
                                                                   const NetnsExecOptions& o) {
    std::vector<std::pair<std::string, std::string>> binds;
    if (name.size() >= NAME_MAX) return binds;
    std::string dir = o.etc_netns_dir + "/" + std::string(name);
    auto fd = sys::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (!fd) return binds;  // no such directory: nothing to bind, as iproute2
    NSCTL_TRY(sys::for_each_dirent(fd->get(), [&](const char* n) {
        std::string_view sv(n);
        if (sv == "." || sv == "..") return;
        binds.emplace_back(dir + "/" + n, o.etc_dir + "/" + n);
    }));
    return binds;
}

Result<NetnsExecResult> judge(const Plan& plan, const std::vector<sandbox::ChildReport>& reports,
                              int status, std::string_view name) {
    NetnsExecResult out;
    out.exit_code = sys::exit_code_of(status);
    for (const sandbox::ChildReport& r : reports) {
        if (r.step == kBind) {
            const auto& [source, target] = plan.binds[static_cast<size_t>(r.index)];
            out.warnings.push_back(source + " on " + target + ": " + std::strerror(r.code));
        } else if (r.step == kExec) {
            out.exec_errno = r.code;
            out.exit_code = sandbox::exec_exit_code(r.code);
        } else {
            return Error{r.code, std::string(name) + ": " + kStepNames[r.step]};
        }
    }
    return out;
}

// The plan for argv in namespace name: the caller keeps ns and name_z alive while it is used.
Result<Plan> make_plan(int nsfd, const std::string& name_z, const std::vector<std::string>& argv,
                       const NetnsExecOptions& options) {
    Plan plan;
    plan.nsfd = nsfd;
    plan.name = name_z.c_str();
    plan.binds = NSCTL_TRY(etc_binds(name_z, options));
    plan.uts_fd = options.uts_fd;
    plan.stdio_fd = options.stdio_fd;
    for (const auto& a : argv) plan.argv.push_back(const_cast<char*>(a.c_str()));
    plan.argv.push_back(nullptr);
    return plan;
}

}  // namespace

Result<NetnsExecResult> netns_exec_replace(const NetnsRegistry& registry, std::string_view name,
                                           const std::vector<std::string>& argv,
                                           const std::function<void(const std::string&)>& warn,
                                           const NetnsExecOptions& options) {
    assert(!argv.empty());
    UniqueFd ns = NSCTL_TRY(registry.open(name));
    std::string name_z(name);
    Plan plan = NSCTL_TRY(make_plan(ns.get(), name_z, argv, options));
    int step = kSetns;
    if (int err = switch_namespaces(plan, &step))
        return Error{err, name_z + ": " + kStepNames[step]};
    NetnsExecResult out;
    for (const auto& [source, target] : plan.binds) {
        int e = sys::raw::mount(source.c_str(), target.c_str(), "none", MS_BIND, nullptr);
        if (e) out.warnings.push_back(source + " on " + target + ": " + std::strerror(e));
        if (e) warn(out.warnings.back());
    }
    ns.reset();  // not inherited by the program (it is close-on-exec anyway)
    out.exec_errno = sandbox::exec_program(plan.argv[0], plan.argv.data());
    out.exit_code = sandbox::exec_exit_code(out.exec_errno);
    return out;
}

namespace {

// A child of netns_exec or netns_start with what it reads until it execs: the namespace's fd, its
// name and the plan (which points into the name), kept in one place that does not move.
struct Started {
    UniqueFd ns;
    std::string name;
    Plan plan;
    sandbox::Spawned child;
};

Result<std::unique_ptr<Started>> start_child(const NetnsRegistry& registry, std::string_view name,
                                             const std::vector<std::string>& argv,
                                             const NetnsExecOptions& options, bool detach) {
    assert(!argv.empty());
    auto s = std::make_unique<Started>();
    s->ns = NSCTL_TRY(registry.open(name));
    s->name = std::string(name);
    s->plan = NSCTL_TRY(make_plan(s->ns.get(), s->name, argv, options));
    s->plan.detach = detach;
    sandbox::SpawnOptions spawn_options;
    spawn_options.fail_context = "fork";
    s->child = NSCTL_TRY(sandbox::spawn(spawn_options, child, &s->plan));
    return s;
}

}  // namespace

Result<NetnsExecResult> netns_exec(const NetnsRegistry& registry, std::string_view name,
                                   const std::vector<std::string>& argv,
                                   const NetnsExecOptions& options) {
    auto s = NSCTL_TRY(start_child(registry, name, argv, options, false));
    auto reports = sandbox::read_reports(s->child.report.get());
    auto status = NSCTL_TRY(s->child.process.wait());
    if (!reports) return reports.error();
    return judge(s->plan, *reports, *status, name);
}

Result<sandbox::ChildProcess> netns_start(const NetnsRegistry& registry, std::string_view name,
                                          const std::vector<std::string>& argv,
                                          const NetnsExecOptions& options) {
    auto s = NSCTL_TRY(start_child(registry, name, argv, options, true));
    auto reports = NSCTL_TRY(sandbox::read_reports(s->child.report.get()));
    for (const sandbox::ChildReport& r : reports) {
        if (r.step == kBind) continue;  // as netns_exec: passed over
        if (r.step == kExec) return Error{r.code, argv[0]};
        return Error{r.code, s->name + ": " + kStepNames[r.step]};
    }
    return std::move(s->child.process);
}

}  // namespace nsctl::net
