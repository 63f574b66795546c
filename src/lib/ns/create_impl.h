// SPDX-License-Identifier: GPL-2.0-or-later
// Internals of create.cc shared with create_child.cc and create_helpers.cc; not a public API.
#pragma once

#include <signal.h>

#include <cerrno>
#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "ns/create.h"

namespace nsctl::ns::impl {

/// What a step reports when it fails; sent as is over a CLOEXEC pipe by a child.
struct Report {
    int code = 0;  ///< errno
    Step step = Step::kNone;
    int detail = 0;  ///< which call of the step (see kDetail* below)
    int index = 0;   ///< which item (bind number, uid/gid map)
};

// Report::detail values.
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
Report run_child_steps(const ChildPlan& plan);

/// util-linux's message for a failed step ("mount /proc failed"; strerror is added later).
std::string step_message(const Report& r, const UnshareSpec& spec, pid_t pid);

}  // namespace nsctl::ns::impl

namespace nsctl::ns::impl {

/// A process forked before unshare(2) that waits for a go byte on a pipe before it works (it
/// must stay in the namespaces we had). Killed and reaped if still there when destroyed.
class Helper {
  public:
    Helper() = default;
    Helper(const Helper&) = delete;
    Helper& operator=(const Helper&) = delete;
    ~Helper();

    /// Forks; the child waits, runs work(ctx, report_fd) (which must _exit) or _exits(1) if
    /// the pipe closes without a go byte. Allocation-free in the child.
    Result<void> start(void (*work)(const void* ctx, int report_fd), const void* ctx);

    /// Sends the go byte and waits for the helper: its wait status, plus what it reported (if
    /// anything) in *report.
    Result<int> finish(Report* report);

    bool started() const { return pid_ > 0; }

  private:
    pid_t pid_ = -1;
    UniqueFd go_;
    UniqueFd report_;
};

/// Sends a report over fd and _exits with code (used by helpers and the --fork child).
[[noreturn]] void report_and_exit(int fd, const Report& r, int code);

/// The exit code util-linux uses when exec fails: 127 for ENOENT, else 126.
inline int exec_exit_code(int err) { return err == ENOENT ? 127 : 126; }

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
