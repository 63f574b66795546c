// SPDX-License-Identifier: GPL-2.0-or-later
// Internals of create.cc shared with create_child.cc and create_helpers.cc; not a public API.
#pragma once

#include <signal.h>

#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "ns/create.h"
#include "sandbox/spawn.h"

namespace nsctl::ns::impl {

using sandbox::ChildReport;

/// What a step reports when it fails (sent as is over a CLOEXEC pipe by a child): errno, the
/// Step, which call of the step (the k* values below) and which item (bind number, uid/gid map).
inline ChildReport step_report(int code, Step step, int detail = 0, int index = 0) {
    return ChildReport{code, static_cast<int>(step), detail, index};
}
inline Step step_of(const ChildReport& r) { return static_cast<Step>(r.step); }

// ChildReport::detail values.
inline constexpr int kOpen = 0, kWrite = 1, kOpenRegister = 2, kWriteRegister = 3;
inline constexpr int kMount = 0, kMountPropagation = 1;
inline constexpr int kSetgroupsCall = 0, kSetgidCall = 1, kSetuidCall = 2;
inline constexpr int kExecHelper = 2, kToolFailed = 3;

/// The steps after unshare(2), prepared so that they run without allocating: in the --fork
/// child, or in unshare itself before it execs.
struct ChildPlan {
    const UnshareSpec* spec = nullptr;
    int parent_pidfd = -1;  ///< --kill-child: our parent, to see if it died before prctl
    bool restore_mask = false;
    sigset_t mask{};      ///< the signal mask to restore in a --fork child
    std::string uid_map;  ///< "INNER OUTER 1" for --map-user/-r/-c, when set
    std::string gid_map;
    std::string register_path;  ///< BINFMT/register
    int last_cap = 40;
    std::string shell;  ///< no program: this, run as a login shell
    std::string shell_arg0;
    std::vector<char*> argv;  ///< null-terminated
    std::vector<std::string> env_store;
    std::vector<char*> envp;  ///< null-terminated; empty: keep the environment
};

/// Builds the plan (allocates; before any fork).
void prepare_child(const UnshareSpec& spec, ChildPlan& plan);

/// Runs the steps and execs. Returns only on failure, with what failed. Allocation-free.
ChildReport run_child_steps(const ChildPlan& plan);

/// The exit code of a failed run_child_steps: as a failed exec's (127/126) for Step::kExec,
/// else 1.
inline int exit_code_of(const ChildReport& r) {
    return step_of(r) == Step::kExec ? sandbox::exec_exit_code(r.code) : 1;
}

/// util-linux's message for a failed step ("mount /proc failed"; strerror is added later).
std::string step_message(const ChildReport& r, const UnshareSpec& spec, pid_t pid);

}  // namespace nsctl::ns::impl

namespace nsctl::ns::impl {

/// A process started before unshare(2) that waits for a go byte on a pipe before it works (it
/// must stay in the namespaces we had). Killed and reaped if still there when destroyed (its
/// ChildProcess).
class Helper {
  public:
    Helper() = default;
    Helper(const Helper&) = delete;
    Helper& operator=(const Helper&) = delete;

    /// Starts the helper (sandbox::spawn); the child waits, runs work(ctx, report_fd) (which
    /// must _exit) or _exits(1) if the pipe closes without a go byte. Allocation-free in the
    /// child. Errors: "pipe2", "fork".
    Result<void> start(sandbox::ChildMain work, const void* ctx);

    /// How the helper ended: its wait status, and what it reported (code 0: nothing).
    struct End {
        int status = 0;
        ChildReport report;
    };
    /// Sends the go byte and waits for the helper.
    Result<End> finish();

    bool started() const { return process_.owns(); }

  private:
    // What the helper's child reads: the go pipe's ends, then the work to do.
    struct Job {
        int go_read = -1;
        int go_write = -1;
        sandbox::ChildMain work = nullptr;
        const void* ctx = nullptr;
    };
    static void wait_then_work(const void* job, int report_fd);

    Job job_;
    UniqueFd go_;
    sandbox::ChildProcess process_;
    UniqueFd report_;
};

/// What the id-map helper does: as root, writes /proc/PID/{uid,gid}_map; else runs
/// newuidmap/newgidmap PID INNER OUTER COUNT...
struct IdMapJob {
    bool as_root = false;
    std::string uid_path, uid_text, gid_path, gid_text;
    std::vector<std::string> uid_args, gid_args;
    std::vector<char*> uid_argv, gid_argv;  ///< null-terminated, empty when no map
};
void prepare_idmap_job(pid_t pid, const IdMap& users, const IdMap& groups, bool as_root,
                       IdMapJob& job);
void idmap_work(const void* job, int report_fd);

/// What the bind helper does: the binds of a PersistPlan.
void persist_work(const void* plan, int report_fd);

}  // namespace nsctl::ns::impl
