// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl doctor: what this machine allows the caller, and why not. Each function below inspects
// one concept and returns findings: a stable check id ("ns.net", "subid.uid"), a status, what
// was found, and for every finding that is not ok the one command or file change that fixes it.
// Nothing here prints or changes the machine; the namespace probes fork throwaway children.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::doctor {

enum class Status { kOk, kWarn, kFail };

struct Finding {
    std::string check;  ///< stable id, documented in nsctl-doctor(8)
    Status status = Status::kOk;
    std::string detail;  ///< what was found, one line
    std::string fix;     ///< empty when ok: one command or file change
};

/// "ok", "warn", "fail".
const char* status_name(Status status);

/// Where the checks look: roots are parameters so that tests can point them elsewhere.
struct Roots {
    std::string proc = "/proc";
    std::string etc = "/etc";
    std::string run_netns = "/run/netns";
    std::string sys = "/sys";
    std::string modules = "/lib/modules";
    std::string cgroup = "/sys/fs/cgroup";
    std::string selinux = "/sys/fs/selinux";
    std::string audit_log = "/var/log/audit/audit.log";  ///< SELinux denials, where readable
    /// where newuidmap and nft are looked for
    std::string path = "/usr/sbin:/usr/bin:/sbin:/bin";
    /// where libnftables.so.1 is looked for
    std::string libs =
        "/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib64:/usr/lib:/usr/local/lib";
};

struct DoctorOptions {
    std::optional<std::string> user;     ///< --user NAME: whose subordinate ids are checked
    std::optional<std::string> persist;  ///< --persist FILE
    std::optional<pid_t> target;         ///< --target PID
    Roots roots;
};

/// The caller (or --user) as the checks see it.
struct Who {
    std::string name;
    uid_t uid = 0;
    uid_t euid = 0;  ///< the calling process's effective uid
};

/// Every finding, in the order of nsctl-doctor(8). Errors are bad input, each one line: code 0
/// and "--user: no user named 'X'" (--user), the errno of creating the --persist file ("--persist
/// FILE: cannot be created"). Forks one probe child per namespace kind (8), nothing else.
Result<std::vector<Finding>> diagnose(const DoctorOptions& options);

/// The probe children of check_namespaces, reaped when this goes out of scope: their exits
/// (a mount namespace's teardown waits for RCU, milliseconds) overlap the other checks.
class ProbeChildren {
  public:
    ProbeChildren() = default;
    ~ProbeChildren();
    ProbeChildren(const ProbeChildren&) = delete;
    ProbeChildren& operator=(const ProbeChildren&) = delete;
    void add(pid_t pid) { pids_.push_back(pid); }

  private:
    std::vector<pid_t> pids_;
};

/// ns.<type> for each kind: one probe child each (see diagnose), left to children to reap.
std::vector<Finding> check_namespaces(const Roots& roots, ProbeChildren& children);

/// userns.max, userns.clone, userns.apparmor, userns.selinux.
std::vector<Finding> check_userns_policy(const Roots& roots);

/// subid.uid, subid.gid, subid.newuidmap, subid.newgidmap.
std::vector<Finding> check_subids(const Roots& roots, const Who& who);

/// cgroup.layout, cgroup.controllers, cgroup.delegation, cgroup.limits.
std::vector<Finding> check_cgroups(const Roots& roots, uid_t euid);

/// kernel.pidfd_open, kernel.clone3, kernel.mount_api, kernel.open_tree,
/// kernel.idmapped_mounts, kernel.ns_get_id, kernel.time_namespaces, kernel.nftables.
std::vector<Finding> check_kernel_features(const Roots& roots);

/// netns.dir, and netns.stale (one finding per stale entry, or one ok finding).
std::vector<Finding> check_netns_dir(const Roots& roots);

/// persist: whether a namespace can be bound on file. Error: the file cannot be created.
Result<std::vector<Finding>> check_persist(const Roots& roots, const std::string& file);

/// target.process, target.owner, target.userns, target.ptrace, target.caps.
std::vector<Finding> check_target(const Roots& roots, pid_t pid, uid_t euid);

}  // namespace nsctl::doctor
