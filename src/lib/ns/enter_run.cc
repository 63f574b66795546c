// SPDX-License-Identifier: GPL-2.0-or-later
// The steps of nsenter after the namespaces are entered: root, working directory, environment,
// cgroup, credentials, and the program (exec here, or fork, exec in the child and wait).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ns/enter_steps.h"
#include "sandbox/spawn.h"
#include "sys/child_io.h"
#include "sys/cred.h"
#include "sys/enter_calls.h"
#include "sys/fd.h"
#include "sys/process.h"
#include "sys/users.h"

namespace nsctl::ns::detail {
namespace {

// The steps of the program's process after the namespaces, as ChildReport::step, and
// util-linux's words for each but kExec (whose message names the program).
enum FinalStep { kSetgroups, kSetgid, kSetuid, kAmbientCaps, kExec };
constexpr const char* kFinalStepMessages[] = {"setgroups failed", "setgid() failed",
                                              "setuid() failed", "failed to raise ambient caps"};

// Everything the last steps need, prepared before any fork: they allocate nothing.
struct Final {
    bool set_gid = false;
    bool set_uid = false;
    bool groups_must_succeed = false;
    bool keep_caps = false;
    gid_t gid = 0;
    uid_t uid = 0;
    bool shell = false;  // file is a path, run without a PATH search
    const char* file = nullptr;
    char* const* argv = nullptr;
};

// The steps before exec: an empty report (code 0) when they all worked.
sandbox::ChildReport final_steps(const Final& f) {
    if (f.set_gid) {
        int e = sys::raw::setgroups(0, nullptr);
        if (e && f.groups_must_succeed) return {e, kSetgroups, 0, 0};
        if ((e = sys::raw::change_gid(f.gid))) return {e, kSetgid, 0, 0};
    }
    if (f.set_uid) {
        if (int e = sys::raw::change_uid(f.uid)) return {e, kSetuid, 0, 0};
    }
    if (f.keep_caps) {
        const char* which = nullptr;
        if (int e = sys::raw::raise_ambient_caps(sys::raw::AmbientFrom::kPermitted, 63, &which))
            return {e, kAmbientCaps, 0, 0};
    }
    return {};
}

sandbox::ExecSearch search_of(const Final& f) {
    return f.shell ? sandbox::ExecSearch::kNone : sandbox::ExecSearch::kPath;
}

// The forked child (a sandbox::ChildMain, ctx the Final): the steps, then the program.
void final_child(const void* ctx, int report_fd) {
    const Final& f = *static_cast<const Final*>(ctx);
    sandbox::ChildReport r = final_steps(f);
    if (r.code) sandbox::report_and_exit(report_fd, r);
    sandbox::exec_or_report(report_fd, f.file, f.argv, kExec, search_of(f));
}

Result<EnterOutcome, EnterFailure> outcome_of(const sandbox::ChildReport& r, const Final& f) {
    if (r.step != kExec) {
        EnterFailure failure(Error{r.code, kFinalStepMessages[r.step]});
        failure.setgroups = r.step == kSetgroups;
        return failure;
    }
    EnterOutcome out;
    out.exec_error = Error{r.code, std::string("failed to execute ") + f.file};
    return out;
}

// util-linux's parent stops itself when the child stops, and wakes the child when it is
// continued, so that job control of the shell keeps working.
Result<EnterOutcome, EnterFailure> wait_child(sandbox::ChildProcess& child) {
    while (true) {
        int status = *NSCTL_TRY(child.wait(WUNTRACED));
        if (!WIFSTOPPED(status)) return EnterOutcome{status, std::nullopt};
        (void)sys::kill(sys::getpid(), SIGSTOP);
        (void)child.signal(SIGCONT);
    }
}

Result<EnterOutcome, EnterFailure> fork_and_run(const Final& f) {
    (void)sys::signal_handler(SIGCHLD, SIG_DFL, 0);
    sandbox::SpawnOptions options;
    options.fail_context = "fork failed";
    sandbox::Spawned child = NSCTL_TRY(sandbox::spawn(options, final_child, &f));
    // Empty at exec (the pipe is close-on-exec): the steps worked and the program runs.
    auto reports = sandbox::read_reports(child.report.get());
    if (reports && !reports->empty()) {
        (void)child.process.wait();
        return outcome_of(reports->back(), f);
    }
    return wait_child(child.process);
}

Result<void> change_dirs(EnterRequest& req) {
    if (req.root_fd.valid() && !req.wd_fd.valid() && !req.wdns) {
        auto cwd = sys::open(".", O_RDONLY);
        if (!cwd) return Error{cwd.error().code, "cannot open current working directory"};
        req.wd_fd = std::move(*cwd);
    }
    if (req.root_fd.valid()) {
        if (int e = sys::raw::fchdir(req.root_fd.get()))
            return Error{e, "change directory by root file descriptor failed"};
        if (int e = sys::raw::chroot(".")) return Error{e, "chroot failed"};
        if (int e = sys::raw::chdir("/")) return Error{e, "cannot change directory to /"};
        req.root_fd.reset();
    }
    if (req.wdns) {
        auto wd = sys::open(req.wdns->c_str(), O_RDONLY);
        if (!wd) return Error{wd.error().code, "cannot open current working directory"};
        req.wd_fd = std::move(*wd);
    }
    if (req.wd_fd.valid()) {
        if (int e = sys::raw::fchdir(req.wd_fd.get()))
            return Error{e, "change directory by working directory file descriptor failed"};
        req.wd_fd.reset();
    }
    return {};
}

// --env: the target's environment replaces ours. util-linux keeps it as a list built from the
// front and sets it without overwriting, so the order is reversed and the last duplicate wins.
Result<void> apply_env(int fd) {
    std::string all;
    char buf[4096];
    while (true) {
        auto n = sys::read(fd, buf, sizeof buf);
        if (!n) return Error{n.error().code, "failed to get environment variables"};
        if (*n == 0) break;
        all.append(buf, *n);
    }
    std::vector<std::string> entries;
    for (size_t start = 0; start < all.size();) {
        size_t end = all.find('\0', start);
        if (end == std::string::npos) end = all.size();
        if (end > start) entries.push_back(all.substr(start, end - start));
        start = end + 1;
    }
    ::clearenv();
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        size_t eq = it->find('=');
        if (eq == std::string::npos) continue;
        (*it)[eq] = '\0';
        if (::setenv(it->c_str(), it->c_str() + eq + 1, 0) != 0)
            return Error{errno, "failed to set environment variables"};
    }
    return {};
}

// The login shell as util-linux picks it: $SHELL, the passwd entry, /bin/sh.
std::string default_shell(uid_t uid) {
    const char* shell = std::getenv("SHELL");
    if (shell && *shell) return shell;
    // The entered mount namespace's /etc/passwd: no program of that tree is run for it.
    auto pw = sys::find_user(uid, sys::Sources::kFilesOnly);
    if (pw && !pw->shell.empty()) return pw->shell;
    return "/bin/sh";
}

}  // namespace

Result<EnterOutcome, EnterFailure> run_entered(EnterRequest& req, TargetFiles& files,
                                               const RunPlan& plan) {
    NSCTL_TRY(change_dirs(req));
    if (files.env.valid()) NSCTL_TRY(apply_env(files.env.get()));
    if (files.cgroup_procs.valid()) {
        std::string pid = std::to_string(sys::getpid());
        if (int e = sys::raw::write_all(files.cgroup_procs.get(), pid.data(), pid.size()))
            return Error{e, "write cgroup.procs failed"};
        files.cgroup_procs.reset();
    }
    Final f;
    f.uid = req.uid.value;
    f.gid = req.gid.value;
    if (files.ids.valid()) {
        auto st = sys::fstat(files.ids.get());
        if (!st) return Error{st.error().code, "can not get process stat"};
        if (req.uid.choice == IdChoice::kFollow) f.uid = st->st_uid;
        if (req.gid.choice == IdChoice::kFollow) f.gid = st->st_gid;
        files.ids.reset();
    }
    f.set_uid = plan.set_uid;
    f.set_gid = plan.set_gid;
    f.groups_must_succeed = plan.setgroups_failed_early;
    f.keep_caps = plan.keep_caps;

    std::string shell, arg0;
    std::vector<char*> argv;
    if (req.argv.empty()) {
        shell = default_shell(f.set_uid ? f.uid : sys::getuid());
        arg0 = "-" + shell.substr(shell.rfind('/') + 1);
        argv.push_back(arg0.data());
        f.shell = true;
        f.file = shell.c_str();
    } else {
        for (auto& a : req.argv) argv.push_back(a.data());
        f.file = argv[0];
    }
    argv.push_back(nullptr);
    f.argv = argv.data();
    if (plan.fork) return fork_and_run(f);
    sandbox::ChildReport r = final_steps(f);
    if (r.code == 0) r = {sandbox::exec_program(f.file, f.argv, search_of(f)), kExec, 0, 0};
    return outcome_of(r, f);
}

}  // namespace nsctl::ns::detail
