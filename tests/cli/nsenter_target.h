// SPDX-License-Identifier: GPL-2.0-or-later
// A process in new namespaces for nsenter to enter, started with util-linux's unshare and
// SIGKILLed and reaped when the Target goes out of scope (or dies with the test by PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/support.h"

namespace nsctl::test {

/// setpriv as the unprivileged user 65534 (nobody/nogroup), to put before a command line.
std::vector<std::string> as_nobody();

class Target {
  public:
    /// Runs argv (which must end in `sleep 600`) and waits until its sleep runs: the pid of
    /// the process named "sleep", argv's own pid or its child (unshare --fork).
    explicit Target(const std::vector<std::string>& argv);
    ~Target();
    Target(const Target&) = delete;
    Target& operator=(const Target&) = delete;

    /// The sleep process, 0 when it did not start (a test failure is recorded then).
    pid_t pid() const { return pid_; }
    std::string pid_str() const { return std::to_string(pid_); }

    /// `readlink /proc/PID/ns/<entry>` seen from outside: the oracle.
    std::string ns_link(const std::string& entry) const;

  private:
    pid_t launcher_ = 0;
    pid_t pid_ = 0;
};

/// The nsenter symlink of the build under test, and util-linux's.
std::string our_nsenter();
inline const char kUtilLinuxNsenter[] = "/usr/bin/nsenter";

/// Runs `prefix... our_nsenter() args...` (prefix: e.g. as_nobody()).
RunResult run_our_nsenter(const std::vector<std::string>& args,
                          const std::vector<std::string>& prefix = {});

/// A pid that names no process right now (that of a child just reaped).
pid_t vanished_pid();

}  // namespace nsctl::test
