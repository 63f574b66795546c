// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/proc_path.h"

namespace nsctl::sys {

std::string proc_path(const std::string& proc_root, pid_t pid, std::string_view rel) {
    std::string path = proc_root;
    path += '/';
    path += std::to_string(pid);
    if (!rel.empty()) {
        path += '/';
        path += rel;
    }
    return path;
}

}  // namespace nsctl::sys
