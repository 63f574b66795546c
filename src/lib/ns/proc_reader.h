// SPDX-License-Identifier: GPL-2.0-or-later
// The first, parallel half of the lsns scan: per process, its ids, namespace inodes and the
// open fds that may hold a namespace (nsfs files and sockets). No ioctls, no shared state.
#pragma once

#include <sys/types.h>

#include <array>
#include <string>
#include <vector>

#include "ns/kinds.h"
#include "ns/scan.h"

namespace nsctl::ns {

struct FdRef {
    int fd = -1;
    ino_t ino = 0;      ///< of the file the fd refers to
    bool nsfs = false;  ///< an nsfs file; otherwise a socket
};

struct RawProcess {
    bool ok = false;  ///< false: the process vanished or could not be read; skip it
    Process proc;
    std::vector<FdRef> fds;
};

/// Reads the processes named by entries (numeric names in the proc directory procfd) in
/// parallel; the result is in the order of entries.
std::vector<RawProcess> read_raw_processes(int procfd, const std::vector<std::string>& entries,
                                           const std::array<bool, kKindCount>& kinds,
                                           dev_t nsfs_dev);

/// The numeric entries of the proc directory, in directory order.
Result<std::vector<std::string>> list_pid_entries(int procfd);

/// command_of() for many pids, in parallel; the result is in the order of pids.
std::vector<std::string> commands_of(const std::string& proc_root, const std::vector<pid_t>& pids);

}  // namespace nsctl::ns
