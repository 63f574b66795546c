// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace nsctl::sys {

/// "/proc/42/ns/net" from a proc root, a pid and a relative name (empty: the directory itself):
/// the one place such paths are built (STYLE.md section 5).
std::string proc_path(const std::string& proc_root, pid_t pid, std::string_view rel);

/// The same under "/proc".
inline std::string proc_path(pid_t pid, std::string_view rel) {
    return proc_path("/proc", pid, rel);
}

}  // namespace nsctl::sys
