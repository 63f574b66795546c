// SPDX-License-Identifier: GPL-2.0-or-later
// Which processes are in a network namespace, and the namespace of a process: what
// `ip netns pids` and `ip netns identify` read from /proc.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::net {

/// Opens /proc/PID/ns/net (pid 0: the calling thread's own, /proc/thread-self/ns/net).
/// ENOENT (or ESRCH) when the process is gone; context "process PID".
Result<UniqueFd> open_process_netns(pid_t pid, const std::string& proc_root = "/proc");

/// The pids of every process whose network namespace is the one nsfd (borrowed) refers to,
/// compared by (st_dev, st_ino), in /proc order. Processes that vanish meanwhile or whose
/// namespace cannot be read are skipped.
Result<std::vector<pid_t>> netns_pids(int nsfd, const std::string& proc_root = "/proc");

}  // namespace nsctl::net
