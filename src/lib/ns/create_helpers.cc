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

Helper::~Helper() {
    if (pid_ <= 0) return;
    // Never started its work (an error came first): it must not outlive us.
    (void)sys::kill(pid_, SIGKILL);
    (void)sys::waitpid(pid_, 0);
}

void report_and_exit(int fd, const Report& r, int code) {
    (void)sys::raw::write_all(fd, &r, sizeof(r));
    sys::raw::exit(code);
}

Result<void> Helper::start(void (*work)(const void*, int), const void* ctx) {
    UniqueFd go[2], report[2];
    NSCTL_TRY(sys::pipe(go));
    NSCTL_TRY(sys::pipe(report));
    pid_t pid = NSCTL_TRY(sys::fork());
    if (pid == 0) {
        // Child: only the parent holds the write end, so its death reads as end of file.
        sys::raw::close(go[1].release());
        sys::raw::close(report[0].release());
        char byte = 0;
        if (sys::raw::read(go[0].get(), &byte, 1) != 1) sys::raw::exit(1);
        work(ctx, report[1].get());
        sys::raw::exit(0);
    }
    pid_ = pid;
    go_ = std::move(go[1]);
    report_ = std::move(report[0]);
    return {};
}

Result<int> Helper::finish(Report* report) {
    char byte = 1;
    NSCTL_TRY(sys::write(go_.get(), &byte, 1));
    go_.reset();
    int status = NSCTL_TRY(sys::waitpid(pid_, 0));
    pid_ = -1;
    *report = Report{};
    auto n = NSCTL_TRY(sys::read(report_.get(), report, sizeof(*report)));
    if (n != sizeof(*report)) *report = Report{};
    return status;
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
    int err = sys::raw::execvp(argv[0], argv.data());
    report_and_exit(report_fd, Report{err, Step::kIdMapHelper, kExecHelper, index},
                    exec_exit_code(err));
}

void write_map(const std::string& path, const std::string& text, int index, int report_fd) {
    if (path.empty()) return;
    const char* which = "";
    int err = sys::raw::write_file(path.c_str(), text.data(), text.size(), &which);
    if (err == 0) return;
    int detail = which[0] == 'o' ? kOpen : kWrite;
    report_and_exit(report_fd, Report{err, Step::kIdMapHelper, detail, index}, 1);
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
        // Both tools: newuidmap in a child of ours, then newgidmap in our place.
        pid_t pid = sys::raw::fork();
        if (pid < 0) report_and_exit(report_fd, Report{-pid, Step::kFork, 0, 0}, 1);
        if (pid == 0) exec_mapper(job.uid_argv, 0, report_fd);
        int status = 0;
        if (sys::raw::waitpid(pid, &status) != 0) sys::raw::exit(1);
        // newuidmap said why; tell the parent which tool it was.
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            report_and_exit(report_fd, Report{0, Step::kIdMapHelper, kToolFailed, 0},
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
        report_and_exit(report_fd, Report{err, Step::kPersist, 0, static_cast<int>(failed)}, 1);
    sys::raw::exit(0);
}

}  // namespace nsctl::ns::impl
