// SPDX-License-Identifier: GPL-2.0-or-later
// The cgroup of a sandbox with resource limits (--memory, --pids, --cpus, --cpu-weight): one
// directory per hierarchy that has the controllers, below the caller's own cgroup, on cgroup v2,
// on cgroup v1, or on both as hybrid machines have them (each controller where it is mounted).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sandbox {

struct CgroupLimits {
    std::optional<uint64_t> memory;      ///< bytes
    std::optional<uint64_t> pids;        ///< processes and threads
    std::optional<double> cpus;          ///< CPU time per wall time (1.5 = one and a half CPUs)
    std::optional<uint32_t> cpu_weight;  ///< 1..10000, 100 by default (cgroup v2's scale)

    bool any() const { return memory || pids || cpus || cpu_weight; }
};

/// Where the hierarchies are (parameters, so that tests can point them at a fake).
struct CgroupRoots {
    std::string proc_self = "/proc/self";        ///< its mountinfo and cgroup files
    std::string proc_cgroups = "/proc/cgroups";  ///< the controllers and their v1 hierarchies
};

/// One hierarchy a sandbox's cgroup lives in.
struct CgroupDir {
    std::string path;                      ///< the sandbox's directory
    std::vector<std::string> controllers;  ///< the ones limited here
    bool v2 = false;
    bool below_root = false;  ///< made in the hierarchy's root cgroup
};

/// The directories of a sandbox's cgroup, made on create() and removed when it is destroyed
/// (they must be empty by then: the sandbox has ended), or release()d.
class Cgroup {
  public:
    Cgroup() = default;
    Cgroup(Cgroup&&) noexcept = default;
    Cgroup& operator=(Cgroup&&) noexcept;
    Cgroup(const Cgroup&) = delete;
    Cgroup& operator=(const Cgroup&) = delete;
    ~Cgroup();

    /// Makes "name" below the caller's cgroup in every hierarchy that has a limited controller,
    /// and writes the limits. First removes what earlier sandboxes left there (empty nsctl-*
    /// directories whose nsctl is gone). Errors: ENODEV when no hierarchy has a controller
    /// (context names it), EACCES/EPERM when the caller may not make cgroups there (rootless
    /// without a delegated subtree), EBUSY for a cgroup v2 parent with processes and the
    /// controller not enabled below it.
    static Result<Cgroup> create(const CgroupLimits& limits, const std::string& name,
                                 const CgroupRoots& roots = {});

    /// Whether every controller the limits need is on a cgroup v1 hierarchy (from /proc/cgroups,
    /// one small read): then the cgroup can be made after the sandbox's clone, and joined by it.
    static bool all_on_v1(const CgroupLimits& limits, const CgroupRoots& roots = {});

    /// Whether it has no directory at all; one on cgroup v1.
    bool empty() const { return dirs_.empty(); }
    bool has_v1() const;

    /// The cgroup v2 directory (for clone3's CLONE_INTO_CGROUP), or -1 when there is none.
    int v2_fd() const { return v2_fd_.get(); }

    /// The tasks file of each cgroup v1 directory, open for writing: the child joins them itself
    /// by writing "0" (v2 is joined by CLONE_INTO_CGROUP at birth). A thread that moves itself
    /// through tasks takes no global lock; moving another process through cgroup.procs takes
    /// cgroup_threadgroup_rwsem for writing, which waits for an RCU grace period.
    Result<std::vector<UniqueFd>> open_v1_tasks() const;

    const std::vector<CgroupDir>& dirs() const { return dirs_; }

    /// Forgets the directories without removing them (their sandbox outlives this object; its
    /// owner removes them later with remove_cgroup_dirs).
    void release();

  private:
    void remove();

    std::vector<CgroupDir> dirs_;
    UniqueFd v2_fd_;
};

/// Removes the directories of a sandbox's cgroup that has ended (waiting briefly for its last
/// processes to leave); ones already gone are passed over.
void remove_cgroup_dirs(const std::vector<std::string>& paths);

/// A sandbox's cgroup name: "nsctl-PID-STARTTIME" of the calling process (its start time from
/// /proc/self/stat), so that a later run can tell whether its owner is still there.
std::string cgroup_name_for_self();

}  // namespace nsctl::sandbox
