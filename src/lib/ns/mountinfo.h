// SPDX-License-Identifier: GPL-2.0-or-later
// The nsfs entries of a mount table (/proc/self/mountinfo): namespaces kept alive by a bind mount.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl::ns {

struct NsfsMount {
    std::string root;    ///< "net:[4026532001]"
    std::string target;  ///< the mount point, unescaped: "/run/netns/blue"
};

/// Parses mountinfo text (proc_pid_mountinfo(5)) and keeps the nsfs mounts, in table order.
/// Malformed lines are skipped.
std::vector<NsfsMount> parse_nsfs_mounts(std::string_view mountinfo);

/// Reads and parses a mountinfo file. Errors: open/read failures.
Result<std::vector<NsfsMount>> read_nsfs_mounts(const char* path);

/// Undoes the octal escapes (\040 and the like) of a mountinfo path field.
std::string unescape_mountinfo(std::string_view field);

}  // namespace nsctl::ns
