// SPDX-License-Identifier: GPL-2.0-or-later
// The helper processes unshare forks before unshare(2): one that writes our id maps (or runs
// newuidmap/newgidmap for us) and one that bind-mounts our new namespaces from the old mount
// namespace. Both wait until we have unshared.
#include <signal.h>
#include <sys/wait.h>

#include <string>

#include "ns/create_impl.h"
#include "sys/child_io.h"
#include "sys/fd.h"
#include "sys/proc_path.h"
#include "sys/process.h"

namespace nsctl::ns::impl {

Result<void> Helper::start(sandbox::ChildMain work, const void* ctx) {
    UniqueFd go[2];
    NSCTL_TRY(sys::pipe(go));
    job_ = Job{go[0].get(), go[1].get(), work, ctx};
    sandbox::SpawnOptions options;
    options.fail_context = "fork";
    sandbox::Spawned helper = NSCTL_TRY(sandbox::spawn(options, wait_then_work, &job_));
    process_ = std::move(helper.process);
    report_ = std::move(helper.report);
    go_ = std::move(go[1]);  // the read end is the child's alone
    return {};
}

void Helper::wait_then_work(const void* ctx, int report_fd) {
    const Job& job = *static_cast<const Job*>(ctx);
    // Only the parent holds the write end, so its death reads as end of file.
    sys::raw::close(job.go_write);
    char byte = 0;
    if (sys::raw::read(job.go_read, &byte, 1) != 1) sys::raw::exit(1);
    job.work(job.ctx, report_fd);
    sys::raw::exit(0);
}

Result<Helper::End> Helper::finish() {
    char byte = 1;
    NSCTL_TRY(sys::write(go_.get(), &byte, 1));
    go_.reset();
    End end;
    end.status = *NSCTL_TRY(process_.wait());
    // The first report: a tool that could not be executed reports before the helper that ran it
    // says which tool failed.
    auto reports = NSCTL_TRY(sandbox::read_reports(report_.get()));
    if (!reports.empty()) end.report = reports.front();
    return end;
}

void prepare_idmap_job(pid_t pid, const IdMap& users, const IdMap& groups, bool as_root,
                       IdMapJob& job) {
    job.as_root = as_root;
    std::string proc = sys::proc_path(pid, "") + "/";
    auto build = [&](const IdMap& map, const char* tool, std::vector<std::string>& args,
                     std::vector<char*>& argv) {
        if (map.empty()) return;
        args = {tool, std::to_string(pid)};
        for (const IdRange& r : map) {
            args.push_back(std::to_string(r.inner));
            args.push_back(std::to_string(r.outer));
            args.push_back(std::to_string(r.count));
        }
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
    };
    if (!users.empty()) {
        job.uid_path = proc + "uid_map";
        job.uid_text = format_id_map(users);
    }
    if (!groups.empty()) {
        job.gid_path = proc + "gid_map";
        job.gid_text = format_id_map(groups);
    }
    build(users, "newuidmap", job.uid_args, job.uid_argv);
    build(groups, "newgidmap", job.gid_args, job.gid_argv);
}

namespace {

[[noreturn]] void exec_mapper(const std::vector<char*>& argv, int index, int report_fd) {
    int err = sandbox::exec_program(argv[0], argv.data());
    sandbox::report_and_exit(report_fd, step_report(err, Step::kIdMapHelper, kExecHelper, index),
                             sandbox::exec_exit_code(err));
}

void write_map(const std::string& path, const std::string& text, int index, int report_fd) {
    if (path.empty()) return;
    const char* which = "";
    int err = sys::raw::write_file(path.c_str(), text.data(), text.size(), &which);
    if (err == 0) return;
    int detail = which[0] == 'o' ? kOpen : kWrite;
    sandbox::report_and_exit(report_fd, step_report(err, Step::kIdMapHelper, detail, index));
}

}  // namespace

void idmap_work(const void* ctx, int report_fd) {
    const auto& job = *static_cast<const IdMapJob*>(ctx);
    if (job.as_root) {
        write_map(job.uid_path, job.uid_text, 0, report_fd);
        write_map(job.gid_path, job.gid_text, 1, report_fd);
        sys::raw::exit(0);
    }
    if (!job.uid_argv.empty() && !job.gid_argv.empty()) {
        // Both tools: newuidmap in a child of ours, then newgidmap in our place. A plain fork,
        // not sandbox::spawn: this helper is itself a child that has not exec'd, so it must not
        // allocate (spawn's errors and read_reports do), and newuidmap reports through our pipe.
        pid_t pid = sys::raw::fork();
        if (pid < 0) sandbox::report_and_exit(report_fd, step_report(-pid, Step::kFork));
        if (pid == 0) exec_mapper(job.uid_argv, 0, report_fd);
        int status = 0;
        if (sys::raw::waitpid(pid, &status) != 0) sys::raw::exit(1);
        // newuidmap said why; tell the parent which tool it was.
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            sandbox::report_and_exit(report_fd, step_report(0, Step::kIdMapHelper, kToolFailed),
                                     WEXITSTATUS(status));
        exec_mapper(job.gid_argv, 1, report_fd);
    }
    if (!job.uid_argv.empty()) exec_mapper(job.uid_argv, 0, report_fd);
    if (!job.gid_argv.empty()) exec_mapper(job.gid_argv, 1, report_fd);
    sys::raw::exit(0);
}

void persist_work(const void* ctx, int report_fd) {
    size_t failed = 0;
    int err = bind_persist_raw(*static_cast<const PersistPlan*>(ctx), &failed);
    if (err != 0)
        sandbox::report_and_exit(report_fd,
                                 step_report(err, Step::kPersist, 0, static_cast<int>(failed)));
    sys::raw::exit(0);
}

}  // namespace nsctl::ns::impl
