// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers of the `nsctl netns` CLI tests: run nsctl, read the kernel's view.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/support.h"

namespace nsctl::test {

/// Runs the built nsctl with args.
RunResult nsctl(const std::vector<std::string>& args);

/// The inode of what path names (following links), 0 if it cannot be stat'ed.
ino_t netns_inode(const std::string& path);

/// How many lines of /proc/self/mountinfo have mount point `point`.
int mounts_at(const std::string& point);

/// Starts argv in the background (fork + execvp); the caller kills and reaps it.
pid_t start(const std::vector<std::string>& argv);

/// Kills (SIGKILL) and reaps pid.
void stop(pid_t pid);

/// Waits up to 5 s until `nsctl netns pids NAME` shows a process; its output then.
std::string wait_for_pids(const std::string& name);

}  // namespace nsctl::test
