// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl run`: a command in new namespaces, on a root of its own (pivot_root) or on the host's
// files read-only, with a fresh /proc, a minimal /dev, a read-only /sys, and a small reaper as
// its PID 1. The parent side is run.cc, the child's steps run_child.cc and rootfs.cc, the
// reaper reaper.cc, the terminal relay pty_relay.cc.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "ns/kinds.h"
#include "sandbox/caps.h"
#include "sandbox/cgroup.h"
#include "sandbox/network.h"
#include "sandbox/seccomp.h"
#include "sandbox/spawn.h"

namespace nsctl::sandbox {

/// --bind, --ro-bind and --tmpfs, made in the order given (after /proc, /dev and /sys).
struct MountRequest {
    enum class Kind { kBind, kReadOnlyBind, kTmpfs } kind = Kind::kBind;
    std::string source;            ///< kBind, kReadOnlyBind: a host path (absolute)
    std::string target;            ///< a path inside the new root (absolute)
    std::optional<uint64_t> size;  ///< kTmpfs: bytes; none: the kernel's default
};

enum class Overlay {
    kNone,
    kDiscard,  ///< --overlay: upper and work directories on a tmpfs that dies with the sandbox
    kKeep,     ///< --overlay-dir DIR: DIR/upper and DIR/work
};

/// --rlimit NAME=SOFT[:HARD].
struct RlimitRequest {
    int resource = 0;  ///< RLIMIT_*
    uint64_t soft = 0;
    uint64_t hard = 0;
};

/// Everything run does, decided before anything is done. Paths are absolute.
/// The five capability sets of an OCI process, each applied as given.
struct CapabilitySets {
    CapSet bounding = 0, effective = 0, permitted = 0, inheritable = 0, ambient = 0;
};

struct RunSpec {
    std::vector<std::string> argv;  ///< the command; argv[0] looked up in the new root's PATH
    std::vector<ns::Kind> share;    ///< namespaces kept from the caller (not user, mnt, time)
    bool user_namespace = false;    ///< a user namespace even for root (always for non-root)
    bool map_auto = false;          ///< also the caller's /etc/subuid and /etc/subgid ranges
    /// With a user namespace, as root: uid_map and gid_map written as given ("INSIDE OUTSIDE
    /// COUNT" lines, user_namespaces(7)) instead of 0 mapped to the caller.
    std::string uid_map;
    std::string gid_map;
    bool time_namespace = false;
    std::optional<int64_t> monotonic;  ///< CLOCK_MONOTONIC offset, seconds
    std::optional<int64_t> boottime;   ///< CLOCK_BOOTTIME offset, seconds

    std::optional<std::string> rootfs;  ///< none: the host's "/"
    bool writable_root = false;         ///< --rw
    Overlay overlay = Overlay::kNone;
    std::string overlay_dir;  ///< Overlay::kKeep
    std::vector<MountRequest> mounts;

    std::optional<std::string> chdir;  ///< inside; none: "/" with a rootfs, else the caller's cwd
    std::optional<std::string> hostname;
    enum class Seccomp { kDefault, kUnconfined, kFile, kProgram } seccomp = Seccomp::kDefault;
    std::string seccomp_file;  ///< Seccomp::kFile: a policy (seccomp_policy.h)
    /// Seccomp::kProgram: a filter compiled by the caller (an OCI profile). Without
    /// no_new_privs it is loaded before the ids and capabilities change (seccomp(2) needs
    /// CAP_SYS_ADMIN then), so it must allow what that takes.
    BpfProgram seccomp_program;
    bool allow_userns = false;  ///< the default filter lets the command make user namespaces
    CapSet cap_add = 0;         ///< --cap-add: kept besides default_capabilities()
    bool cap_add_all = false;   ///< --cap-add ALL: every capability nsctl's bounding set has
    CapSet cap_drop = 0;        ///< --cap-drop (ALL: every bit)
    /// Instead of cap_add and cap_drop's one set (bounding, permitted and effective alike, and
    /// none for a uid other than 0): OCI's five sets. A uid other than 0 keeps its permitted set
    /// through the change of ids, so that it can hold ambient capabilities across the exec.
    std::optional<CapabilitySets> capability_sets;
    std::optional<uid_t> uid;  ///< --uid: the command's ids inside (else 0, or the caller's)
    std::optional<gid_t> gid;  ///< --gid
    /// The command's supplementary groups (OCI process.user.additionalGids); none: with --gid,
    /// the groups are dropped, else left as they are.
    std::optional<std::vector<gid_t>> groups;
    std::optional<unsigned> umask;  ///< the command's umask; none: the caller's
    bool no_new_privs = true;       ///< PR_SET_NO_NEW_PRIVS before the exec (OCI may turn it off)
    std::vector<std::pair<std::string, std::string>> env;  ///< --env, in order
    bool clear_env = false;
    bool as_pid1 = false;
    /// Paths masked (an empty read-only tmpfs or /dev/null over them) and made read-only; none:
    /// masks.h's defaults, before the mounts; given: these, after the mounts (OCI's order).
    std::optional<std::vector<std::string>> masked_paths;
    std::optional<std::vector<std::string>> readonly_paths;
    /// /dev/shm a tmpfs of its own (named "shm", of shm_size bytes, 0 for the kernel's default),
    /// as OCI configs mount it; else a directory of the /dev tmpfs (one mount fewer).
    bool shm_mount = false;
    uint64_t shm_size = 0;
    /// /dev/mqueue: the message queues of the sandbox's IPC namespace (mqueue(7)).
    bool mqueue_mount = false;
    /// Kernel parameters set in the sandbox's namespaces before its root is made ("net.ipv4.
    /// ip_forward", "1"): only those its namespaces hold (the caller checks which).
    std::vector<std::pair<std::string, std::string>> sysctls;
    bool tty = false;
    /// tty: the terminal's size, rows and columns (none: our stdin's, when it is a terminal)
    std::optional<std::pair<uint16_t, uint16_t>> window;
    bool die_with_parent = false;
    std::vector<int> keep_fds;  ///< open in CMD besides 0-2
    std::vector<RlimitRequest> rlimits;
    CgroupLimits limits;  ///< --memory, --pids, --cpus, --cpu-weight
    NetworkSpec net;      ///< --net, --netns, --dns
    std::string name;     ///< --name: recorded in the registry while it runs (registry.h)
    /// --detach: the record stays after the end, with the exit code, until nsctl rm
    bool keep_record = false;
    std::optional<double> timeout;  ///< seconds; then SIGTERM to the sandbox
    double kill_after = 5;          ///< seconds after that SIGTERM: SIGKILL
    /// create() only: an fd (an OCI exec fifo, opened for reading and writing) on which the
    /// command, set up, waits for one byte before its last steps and exec. Not given to it.
    int start_fd = -1;
};

/// The steps of a run, in order, for messages and hints.
enum class RunStep {
    kValidate,
    kPrepare,
    kName,
    kNetwork,  ///< the veth, addresses, route and NAT (parent), or joining --netns (child)
    kDns,      ///< the resolv.conf of --dns (child)
    kCgroup,
    kClone,
    kIdMap,     ///< writing uid_map, setgroups, gid_map (index 0 uid, 1 gid, 2 setgroups)
    kIdMapper,  ///< newuidmap (index 0) or newgidmap (1)
    kSync,
    kDeathSignal,
    kPropagation,
    kRootfs,      ///< the copy of the root directory tree (open_tree)
    kOverlay,     ///< the overlay and its upper/work directories
    kAttachRoot,  ///< attaching that copy
    kMountPoint,  ///< finding or making a mount point inside (index: which mount)
    kReadOnlyRoot,
    kProc,
    kDev,  ///< the /dev tmpfs and its nodes (index: which node)
    kDevpts,
    kSys,
    kMasks,  ///< index: which path; detail 0 masked, 1 read-only
    kBind,   ///< index: which of spec.mounts
    kTmpfs,  ///< index: which of spec.mounts
    kPivotRoot,
    kOldRoot,
    kHostname,
    kLoopback,
    kTimeOffsets,
    kSysctl,  ///< index: which of spec.sysctls
    kChdir,
    kTty,
    kSession,
    kFds,
    kIds,           ///< --uid/--gid (detail 0 setgroups, 1 setgid, 2 setuid)
    kCapabilities,  ///< detail 0 bounding set, 1 ambient set, 2 capset, 3 capget, 4 keepcaps,
                    ///< 5 raising ambient capability index
    kNoNewPrivs,
    kRlimit,  ///< index: which --rlimit
    kSeccomp,
    kReaper,
    kExec,
    kNamespace,  ///< not a failure: the command's namespace of kind index is inode detail
    kStarted,    ///< not a failure: the reaper's word that the command runs (index: its pid)
    kCreated,    ///< not a failure: set up, the command waits on RunSpec::start_fd
    kStart,      ///< waiting on RunSpec::start_fd
    kExited,     ///< not a failure: the reaper passes the command's wait status on (detail)
    kWait,
};

/// A failed run: the message, the step, and the exit code nsctl run ends with (125, or 126/127
/// when the command could not be executed).
struct RunFailure {
    Error error;
    RunStep step = RunStep::kValidate;
    int exit_code = 125;

    RunFailure() = default;
    RunFailure(Error e) : error(std::move(e)) {}  // NOLINT(google-explicit-constructor)
    RunFailure(Error e, RunStep s, int code = 125)
        : error(std::move(e)), step(s), exit_code(code) {}
};

/// nsctl run's own failures end with this exit code (as chroot(1), env(1) and podman do).
inline constexpr int kExitRunFailed = 125;

/// The exit code after --timeout ran out, as timeout(1) uses it.
inline constexpr int kExitTimedOut = 124;

/// How the command ended.
struct RunResult {
    int wait_status = 0;     ///< the command's (passed on by the reaper), as waitpid(2) gives it
    bool timed_out = false;  ///< --timeout ran out and the sandbox was signalled
};

/// The sandbox once its command runs: PID 1's pid on the host, its command's, and the command's
/// namespaces (read by the child before its exec; only when RunHooks::on_started is set).
struct Started {
    pid_t pid = -1;
    pid_t command = -1;  ///< the command's pid as PID 1 sees it (pid itself with --as-pid1)
    std::vector<std::pair<ns::Kind, uint64_t>> namespaces;  ///< kind, nsfs inode
};

/// Callbacks into the caller (the command layer renders them).
struct RunHooks {
    std::function<void(const Started&)> on_started;
};

/// Runs spec and waits for the command: how it ended. SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// sent to us are passed on to the sandbox meanwhile; with spec.tty, our stdin and stdout are
/// relayed to the command's new terminal. Nothing outlives a failed run (the child is killed
/// and reaped; its mounts and namespaces die with it). Needs root, or unprivileged user
/// namespaces.
Result<RunResult, RunFailure> run(const RunSpec& spec, const RunHooks& hooks = {});

/// A sandbox made by create(), its command waiting for a byte on RunSpec::start_fd. The caller
/// waits for the process (it is PID 1 of the sandbox, the command itself), or releases it and
/// leaves it to whoever reaps orphans.
struct Created {
    ChildProcess process;
    std::vector<std::string> cgroups;  ///< the directories of its cgroup (spec.limits), kept
    UniqueFd master;                   ///< spec.tty: the master of the command's new terminal
};

/// Sets spec up as run() does, the command as PID 1 (as_pid1 is implied), and stops before the
/// command's last steps (session, fds, rlimits, ids, capabilities, seccomp, exec) until a byte
/// arrives on spec.start_fd. No signal is forwarded; with spec.tty the terminal's master is
/// handed over, not relayed (--net veth and user are refused). On failure nothing is left, as
/// with run().
Result<Created, RunFailure> create(const RunSpec& spec);

/// A hint for a failed run where the cause can be found (user namespaces disabled, no
/// newuidmap, ...), or nullopt.
std::optional<std::string> run_hint(const RunSpec& spec, const RunFailure& failure);

}  // namespace nsctl::sandbox
