// SPDX-License-Identifier: GPL-2.0-or-later
// Creating namespaces and running a program in them: the engine of `unshare`, in util-linux
// 2.42's order of operations (see docs in man/nsctl-unshare.8).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ns/idmap.h"
#include "ns/kinds.h"
#include "ns/persist.h"

namespace nsctl::ns {

enum class Setgroups { kUnset, kDeny, kAllow };

/// Everything unshare does, decided before anything is done.
struct UnshareSpec {
    int flags = 0;           ///< CLONE_NEW* to unshare(2)
    PersistTargets persist;  ///< --net=FILE, ...
    bool fork = false;
    bool forward_signals = false;
    int kill_child_signal = 0;  ///< 0: no --kill-child
    std::optional<uid_t> map_user;
    std::optional<gid_t> map_group;
    IdMap user_ranges;  ///< --map-users, --map-auto, ... (prepended, as util-linux)
    IdMap group_ranges;
    std::optional<uid_t> owner_uid;  ///< --owner UID:GID
    std::optional<gid_t> owner_gid;
    Setgroups setgroups = Setgroups::kUnset;
    unsigned long propagation = 0;  ///< MS_REC|MS_PRIVATE by default; 0: unchanged
    std::optional<std::string> proc_mount;
    std::optional<std::string> binfmt_mount;
    std::optional<std::string> interp;  ///< -l: a binfmt_misc register line
    std::optional<std::string> root;
    std::optional<std::string> wd;
    std::optional<uid_t> setuid;
    std::optional<gid_t> setgid;
    bool keep_caps = false;
    std::optional<int64_t> monotonic;
    std::optional<int64_t> boottime;
    std::vector<std::string> argv;      ///< empty: the user's shell as a login shell
    bool clear_env = false;             ///< nsctl extension: start the program with no environment
    std::vector<std::string> keep_env;  ///< ... but these variables (--whitelist-env)
    uid_t euid = 0;                     ///< the caller's ids, read before anything changes
    gid_t egid = 0;
};

/// Which step failed: the CLI words the message from it and looks for a hint.
enum class Step {
    kNone,
    kValidate,
    kHelper,       ///< forking or syncing a helper process
    kIdMapHelper,  ///< writing uid_map/gid_map for us (root), or running newuidmap/newgidmap
    kOwner,
    kUnshare,
    kTimeOffsets,
    kFork,
    kPersist,
    kKillChild,
    kMapUser,
    kMapGroup,
    kSetgroups,
    kPropagation,
    kBinfmt,
    kRoot,
    kChdir,
    kMountProc,
    kSetIds,
    kKeepCaps,
    kExec,
};

/// How a failed run ends: the message (Error), the step, and util-linux's exit code for it.
struct UnshareFailure {
    UnshareFailure() = default;
    /// A failure that is only its Error (a pipe or a signal setting that failed), no step.
    explicit UnshareFailure(Error e) : error(std::move(e)) {}

    Error error;  ///< context: util-linux's message ("unshare failed", "mount /proc failed")
    Step step = Step::kNone;
    int exit_code = 1;
    /// A helper (newuidmap, newgidmap) has already printed why: no message, only exit_code.
    bool helper_said_why = false;
    std::optional<Kind> persist_kind;  ///< Step::kPersist: the kind whose bind failed
    std::string persist_target;        ///< ... and its FILE
    bool group_map = false;            ///< Step::kIdMapHelper: newgidmap (not newuidmap) failed
};

/// --propagation: "private" (MS_REC|MS_PRIVATE), "shared", "slave", "unchanged" (0).
std::optional<unsigned long> parse_propagation(std::string_view mode);

/// The clone flag of a kind (from the kinds table), for building UnshareSpec::flags.
inline int clone_flag(Kind kind) { return info(kind).clone_flag; }

/// The propagation unshare applies by default: MS_REC|MS_PRIVATE.
unsigned long default_propagation();

/// Runs the spec. Without --fork it execs and returns only on failure. With --fork it returns
/// the child's wait status (the caller then ends the same way: sys::exit_like). A failure
/// carries util-linux's message in its Error, the step and the exit code (see UnshareFailure).
/// Helpers and children it started are reaped on every path; SIGINT and SIGTERM are blocked in
/// the parent while a --fork child runs (unless --forward-signals), as in util-linux.
Result<int, UnshareFailure> run_unshare(const UnshareSpec& spec);

}  // namespace nsctl::ns
