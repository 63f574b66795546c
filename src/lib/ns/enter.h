// SPDX-License-Identifier: GPL-2.0-or-later
// The nsenter engine: joins the namespaces of a process (or given nsfs files), then runs a
// program there, in util-linux 2.42 nsenter's order of operations.
//
// It changes the calling process itself (setns, chroot, chdir, environment, credentials), so it
// must run before any thread exists, and the caller must not expect to come back to its own
// namespaces.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"
#include "ns/kinds.h"

namespace nsctl::ns {

/// One namespace kind as it was asked for.
struct EnterNs {
    bool enabled = false;
    UniqueFd fd;  ///< opened from FILE (--net=FILE); invalid: the target process's one
};

enum class ForkMode { kAuto, kNever };  ///< kAuto: fork when a pid namespace is entered
enum class IdChoice { kKeep, kValue, kFollow };

struct IdRequest {
    IdChoice choice = IdChoice::kKeep;
    uint32_t value = 0;  ///< for kValue
};

struct EnterRequest {
    pid_t target = 0;                    ///< 0: none given
    std::array<EnterNs, kKindCount> ns;  ///< indexed by index(Kind)
    bool all = false;
    int net_socket = -1;  ///< -N: an fd number in the target; negative: none
    bool user_parent = false;
    UniqueFd root_fd;             ///< -r DIR, opened at parse time
    bool root_of_target = false;  ///< -r without DIR
    UniqueFd wd_fd;               ///< -w DIR
    bool wd_of_target = false;    ///< -w without DIR
    std::optional<std::string> wdns;
    bool env = false;
    bool join_cgroup = false;
    IdRequest uid;
    IdRequest gid;
    bool preserve_credentials = false;
    bool keep_caps = false;
    ForkMode fork = ForkMode::kAuto;
    std::vector<std::string> argv;  ///< the program and its arguments; empty: the user's shell
    /// Called once the request has proved valid (a target, a namespace), just before the first
    /// setns: where nsenter prints a notice that must not precede a usage error.
    std::function<void()> on_valid;
};

/// Why enter() failed: the Error, and where, for enter_hint().
struct EnterFailure {
    EnterFailure() = default;
    /// A failure that is only its Error (util-linux's message as context).
    explicit EnterFailure(Error e) : error(std::move(e)) {}

    Error error;
    int kinds = 0;               ///< CLONE_NEW* flags of the failed open or setns
    bool via_pidfd = false;      ///< the failed setns was on the target's pidfd
    std::string path;            ///< the file that failed to open, if any
    bool target_lookup = false;  ///< the failure was finding the target process's files
    bool setgroups = false;      ///< dropping the supplementary groups failed, after entering
};

/// How the program ended (after a fork), or why it could not be started.
struct EnterOutcome {
    int wait_status = 0;
    std::optional<Error> exec_error;  ///< context "failed to execute PROGRAM"
};

/// Opens a FILE argument (--net=FILE, --root=DIR, --wd=DIR) read-only. Context "cannot open
/// PATH".
Result<UniqueFd> open_argument(const char* path);

/// Checks that pid still names the process whose pidfd has inode ino (nsenter -t PID:INODE).
/// Context "failed to obtain a valid file descriptor for PID N".
Result<void> check_pidfd_inode(pid_t pid, uint64_t ino);

/// Enters the namespaces, changes root, directory, environment, cgroup and credentials, then
/// executes the program. Without a fork it returns only on failure; with one it returns the
/// child's wait status. A failure's Error carries util-linux's message as context, and the
/// failure says where (for enter_hint).
Result<EnterOutcome, EnterFailure> enter(EnterRequest& req);

/// True when SELinux is enabled (selinuxfs is mounted at /sys/fs/selinux), as libselinux's
/// is_selinux_enabled() tells it.
bool selinux_enabled();

}  // namespace nsctl::ns
