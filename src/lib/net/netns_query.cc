// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/netns_query.h"

#include <fcntl.h>

#include <cerrno>

#include "base/parse.h"
#include "sys/dirents.h"
#include "sys/fd.h"

namespace nsctl::net {

Result<UniqueFd> open_process_netns(pid_t pid, const std::string& proc_root) {
    std::string who = pid == 0 ? "thread-self" : std::to_string(pid);
    std::string path = proc_root + "/" + who + "/ns/net";
    auto fd = sys::open(path.c_str(), O_RDONLY);
    if (!fd) return Error{fd.error().code, "process " + who};
    return std::move(*fd);
}

Result<std::vector<pid_t>> netns_pids(int nsfd, const std::string& proc_root) {
    struct stat want = NSCTL_TRY(sys::fstat(nsfd));
    UniqueFd proc = NSCTL_TRY(sys::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY));
    std::vector<pid_t> pids;
    char rel[64];
    auto r = sys::for_each_dirent(proc.get(), [&](const char* n) {
        if (n[0] < '1' || n[0] > '9') return;
        auto pid = parse_pid(n);
        if (!pid) return;
        std::snprintf(rel, sizeof(rel), "%d/ns/net", *pid);
        auto st = sys::fstatat(proc.get(), rel, 0);
        if (st && st->st_dev == want.st_dev && st->st_ino == want.st_ino) pids.push_back(*pid);
    });
    if (!r) return r.error();
    return pids;
}

}  // namespace nsctl::net
