// SPDX-License-Identifier: GPL-2.0-or-later
// Why did unshare fail? Each function inspects one part of the system and returns a one-line
// hint naming the cause, or nullopt when that part looks fine. Roots are parameters so that
// tests can point them at a temporary directory.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "ns/create.h"
#include "ns/kinds.h"

namespace nsctl::ns {

/// Where the diagnosis looks.
struct DiagnoseRoots {
    std::string proc_sys = "/proc/sys";
    std::string etc = "/etc";
    std::string proc_self = "/proc/self";
    std::string path = "/usr/sbin:/usr/bin:/sbin:/bin";  ///< where newuidmap is looked for
};

/// user.max_user_namespaces = 0, Debian's kernel.unprivileged_userns_clone = 0 (unprivileged
/// callers), or Ubuntu's kernel.apparmor_restrict_unprivileged_userns = 1 (unprivileged).
std::optional<std::string> userns_disabled_hint(const std::string& proc_sys, bool privileged);

/// No line for this user (by name or uid) in ETC/subuid (groups: ETC/subgid).
std::optional<std::string> subid_hint(const std::string& etc, const std::string& user, uid_t uid,
                                      bool groups);

/// tool (newuidmap, newgidmap) not found in path, or found but neither setuid root nor with
/// file capabilities.
std::optional<std::string> idmapper_hint(const std::string& path, const std::string& tool);

/// The mount point holding path in a mountinfo text, when its propagation is shared.
std::optional<std::string> shared_mount_hint(const std::string& mountinfo, const std::string& path);

/// The caller's view of the failure, and the diagnosis.
struct FailureFacts {
    UnshareFailure failure;  ///< errno in failure.error.code
    int flags = 0;
    bool fork = false;
    bool id_ranges = false;  ///< --map-users/--map-groups and the like (newuidmap when not root)
    uid_t euid = 0;
    std::string user;  ///< the caller's name, for the subid files
};

/// The first cause found for a failed unshare, or nullopt.
std::optional<std::string> diagnose_unshare(const FailureFacts& facts, const DiagnoseRoots& roots);

}  // namespace nsctl::ns
