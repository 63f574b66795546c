// SPDX-License-Identifier: GPL-2.0-or-later
// Private to the doctor library: small readers shared by the checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doctor/doctor.h"
#include "sys/fd.h"

namespace nsctl::doctor {

// The sys layer's readers (sys/fd.h), for the std::string paths the checks build.
inline std::optional<std::string> read_word(const std::string& path) {
    return sys::read_first_word(path.c_str());
}
inline std::string read_text(const std::string& path) {
    return sys::read_file_or_empty(path.c_str());
}
inline bool path_exists(const std::string& path) { return sys::path_exists(path.c_str()); }

/// The first dir/name found along a colon-separated search path, or nullopt.
std::optional<std::string> find_in_path(const std::string& search, const std::string& name);

/// One line of mountinfo (proc_pid_mountinfo(5)), the fields the checks use.
struct MountLine {
    std::string id;  ///< the mount id, first field
    std::string root;
    std::string point;   ///< unescaped
    std::string fields;  ///< optional fields: "shared:1 master:2", or ""
    std::string fstype;
    std::string source;
    std::string super_options;
};

std::vector<MountLine> parse_mountinfo(std::string_view text);

/// The mount that holds path (the last, longest mount point containing it); nullopt when none.
std::optional<MountLine> mount_holding(const std::vector<MountLine>& mounts,
                                       const std::string& path);

/// Whether CapEff in a /proc/PID/status text has capability number cap (<linux/capability.h>).
bool has_capability(std::string_view status_text, int cap);
inline constexpr int kCapSysPtrace = 19;
inline constexpr int kCapSysAdmin = 21;

/// Whether CapEff in a /proc/PID/status text has CAP_SYS_ADMIN.
inline bool has_cap_sys_admin(std::string_view status_text) {
    return has_capability(status_text, kCapSysAdmin);
}

/// A field of a /proc/PID/status text ("Uid"): the rest of its line after the tab, or "".
std::string status_field(std::string_view status_text, std::string_view name);

/// The command that lets user namespaces be created, after one failed with err: the sysctl
/// that forbids them (user.max_user_namespaces, kernel.unprivileged_userns_clone,
/// kernel.apparmor_restrict_unprivileged_userns), or the generic advice.
std::string userns_fix(const Roots& roots, int err);

Finding ok(std::string check, std::string detail);
Finding warn(std::string check, std::string detail, std::string fix);
Finding fail(std::string check, std::string detail, std::string fix);

}  // namespace nsctl::doctor
