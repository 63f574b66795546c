// SPDX-License-Identifier: GPL-2.0-or-later
// Internals of `nsctl run` shared by run.cc (the parent), run_plan.cc (what the child will do,
// prepared before the clone), run_child.cc, rootfs.cc and reaper.cc (the child). Not a public
// API.
#pragma once

#include <signal.h>
#include <sys/ioctl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "sandbox/run.h"
#include "sandbox/seccomp.h"
#include "sandbox/spawn.h"

namespace nsctl::sandbox::impl {

/// A mount the child makes inside the new root, after /proc, /dev and /sys, in the order given.
struct PlannedMount {
    enum class Kind { kBind, kTmpfs } kind = Kind::kBind;
    std::string source;  ///< kBind: the host path
    std::string target;  ///< inside the new root, absolute
    bool read_only = false;
    bool directory = true;  ///< the mount point is a directory (else a file: a bound file)
    std::string options;    ///< kTmpfs: "size" value, or empty
    bool create = false;    ///< a missing mount point may be made
    bool early = false;     ///< ... and is made before the root turns read-only
};

/// Everything the child needs, built by the parent before the clone: the child only reads it
/// and allocates nothing.
struct ChildPlan {
    int go_fd = -1;     ///< the child's end of the go socket pair (the id maps are written)
    int pty_sock = -1;  ///< --tty: where the new terminal's master goes to the parent

    bool new_user = false;
    bool new_net = false;
    UniqueFd netns_file;     ///< --netns: the named namespace, opened by the parent...
    int join_netns_fd = -1;  ///< ...joined by the child first
    /// lo is brought up by the parent while the child builds its root (as root only: from the
    /// caller's user namespace a rootless parent may not enter the child's network namespace);
    /// the second go message says whether it is done (byte 1).
    bool loopback_by_parent = false;
    /// The parent makes the cgroup v1 directories while the child builds its root, and passes
    /// their tasks files (Cgroup::open_v1_tasks) with the second go message: the child writes
    /// "0" to each (it joins them itself), then closes them, before the command starts.
    bool cgroup_by_message = false;
    static constexpr int kMaxCgroupTasks = 4;
    /// The child waits for a second go message after building its root (its first byte says
    /// whether lo is up; cgroup v1 tasks files may come with it).
    bool second_go() const { return loopback_by_parent || cgroup_by_message; }
    bool new_pid = false;
    bool late_cgroup_ns = false;  ///< moved into its cgroup after birth: unshare the namespace then
    bool host_root = true;        ///< no --rootfs: the host's "/"
    std::string rootfs;           ///< "/" or --rootfs
    bool read_only_root = true;
    Overlay overlay = Overlay::kNone;
    std::string upper_dir, work_dir;    ///< Overlay::kKeep
    bool create_system_points = false;  ///< /proc, /dev, /sys may be made in the root
    std::vector<PlannedMount> mounts;
    /// RunSpec::masked_paths and readonly_paths (pointing into the spec) or masks.h's defaults
    std::vector<const char*> masked;
    std::vector<const char*> read_only;
    bool masks_after_mounts = false;  ///< given lists apply after the mounts
    std::string resolv_conf;          ///< --dns: bound over /etc/resolv.conf when not empty
    bool create_resolv_conf = false;  ///< /etc/resolv.conf may be made when missing

    std::string chdir;           ///< inside the new root
    bool chdir_fallback = true;  ///< the caller's cwd, not asked for: "/" when it is not there
    std::string hostname;
    bool set_hostname = false;
    bool new_time = false;
    /// --json-status-fd: the child reports the inodes of the command's namespaces (kNamespace)
    bool report_namespaces = false;
    std::string time_offsets;                ///< for /proc/self/timens_offsets
    std::vector<std::string> sysctl_paths;   ///< /proc/sys/..., one per RunSpec::sysctls
    std::vector<std::string> sysctl_values;  ///< what is written there

    bool as_pid1 = false;
    bool tty = false;
    bool shm_mount = false;  ///< RunSpec::shm_mount
    /// RunSpec::uid_map given: the child makes itself root of its user namespace once the maps
    /// are written (its ids, the caller's root, need not be mapped there)
    bool become_root = false;
    std::string shm_size;       ///< its size= ("" for the kernel's default)
    bool mqueue_mount = false;  ///< RunSpec::mqueue_mount
    bool have_window = false;
    winsize window{};
    bool die_with_parent = false;
    std::vector<int> keep_fds;  ///< sorted
    std::vector<RlimitRequest> rlimits;
    BpfProgram seccomp;       ///< loaded last before exec; empty: none (--seccomp unconfined)
    CapSet capabilities = 0;  ///< what the command keeps (as root inside); the bounding set
    /// RunSpec::capability_sets: the other four sets as given, and the permitted set kept
    /// through setresuid (PR_SET_KEEPCAPS)
    bool exact_capabilities = false;
    CapSet cap_effective = 0, cap_permitted = 0, cap_inheritable = 0, cap_ambient = 0;
    int last_cap = 63;  ///< the bounding set is dropped up to the kernel's own last capability
    bool set_uid = false, set_gid = false;
    bool drop_groups = false;  ///< setgroups(0) too (not where the user namespace denies it)
    bool set_groups = false;   ///< setgroups(groups) (RunSpec::groups)
    std::vector<gid_t> groups;
    bool set_umask = false;  ///< RunSpec::umask
    unsigned umask = 022;
    bool no_new_privs = true;
    int start_fd = -1;  ///< create(): wait for a byte here before the command's last steps
    uid_t uid = 0;
    gid_t gid = 0;
    sigset_t old_mask{};  ///< the command's signal mask

    std::vector<std::string> argv_store;
    std::vector<char*> argv;  ///< null-terminated
    std::vector<std::string> env_store;
    std::vector<char*> envp;  ///< null-terminated
};

/// Builds the plan of spec (allocates; before the clone). Errors: a path that cannot be used.
Result<void, RunFailure> prepare_plan(const RunSpec& spec, ChildPlan& plan);

/// The process part of that plan alone (argv, environment, chdir, ids, groups, umask,
/// capabilities, rlimits, no_new_privs, seccomp, kept fds), for a command started beside a
/// running one (named.h: start_beside); in_user_namespace: it joins a user namespace that the
/// caller did not make as root, so setgroups(2) is denied there.
Result<void, RunFailure> prepare_process_plan(const RunSpec& spec, bool in_user_namespace,
                                              ChildPlan& plan);

/// The CLONE_NEW* flags the child is born with (CLONE_NEWTIME is unshared by the child itself:
/// its offsets must be written before a process is in it).
uint64_t clone_flags(const RunSpec& spec, const ChildPlan& plan);

/// The child's side: every step, then the reaper or the command. Never returns.
void child_main(const void* plan, int report_fd);

/// Inside the new mount namespace: the new root with /proc, /dev, /sys and the planned mounts,
/// pivot_root into it, and the working directory. Allocation-free; a failed step's report, or
/// {0} when all went well.
ChildReport setup_root(const ChildPlan& plan, int* pty_master, int* pty_slave);

/// The /dev of the sandbox on the mount point /dev inside root: a tmpfs with null, zero, full,
/// random, urandom and tty (device nodes as root, bound from the host's in a user namespace),
/// a new devpts instance on pts with ptmx pointing into it, a sticky shm directory, and the fd,
/// stdin, stdout, stderr links. With plan.tty, also a new terminal of that devpts: *pty_master and
/// *pty_slave. Allocation-free.
ChildReport mount_dev(const ChildPlan& plan, int root, int* pty_master, int* pty_slave);

/// Details of RunStep::kDev reports: which call failed (index: which node, link or directory).
enum DevDetail { kDevTmpfs, kDevNode, kDevBindNode, kDevLink, kDevDir, kDevFs };

/// The words for a failed /dev step: "mknod /dev/null".
std::string dev_step_message(int detail, int index);

/// Masks plan.masked and makes plan.read_only read-only inside root (the OCI defaults of /proc
/// and /sys unless given; paths the root lacks are passed over). Allocation-free.
ChildReport mask_proc_and_sys(const ChildPlan& plan, int root);

/// The path of a RunStep::kMasks report (detail 0 masked, 1 read-only).
const char* masked_path(const ChildPlan& plan, int index, int detail);

/// PID 1 of the sandbox: starts the command and forwards signals to it until it exits, then
/// exits the same way (after passing its wait status on as a kExited report). Never returns.
[[noreturn]] void reaper_main(const ChildPlan& plan, int report_fd, int pty_slave);

/// The command's last steps in its own process: session, terminal, fds, umask, signal mask,
/// environment, exec. On failure it reports, stores errno in *exec_errno when given (the reaper
/// reads it after vfork) and exits with 126/127, or 1 for a step before exec.
[[noreturn]] void exec_command(const ChildPlan& plan, int report_fd, int pty_slave,
                               volatile int* exec_errno);

/// A report of step (errno err, which item).
inline ChildReport report(int err, RunStep step, int index = 0, int detail = 0) {
    return ChildReport{err, static_cast<int>(step), detail, index};
}

/// The message for a failed step: "pivot_root: /srv/img: Invalid argument" (strerror added by
/// Error::message()).
Error step_error(const ChildReport& r, const ChildPlan& plan);

}  // namespace nsctl::sandbox::impl
