// SPDX-License-Identifier: GPL-2.0-or-later
//
// What a command may leave behind that the leak check (leak_check.cc) does not see: processes
// that are no longer our children (orphans re-parented to init) and temporary files. For the tests
// of `nsctl run`, whose sandboxes are processes of their own.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace nsctl::test {

/// Makes the test process a child subreaper (PR_SET_CHILD_SUBREAPER) while it lives: a process
/// that a command started and left behind, when the command exits, becomes our child instead of
/// init's, where survivors() finds it. The destructor SIGKILLs and reaps every child still there
/// and ends subreaper mode. One at a time.
class OrphanCatcher {
  public:
    OrphanCatcher();
    ~OrphanCatcher();
    OrphanCatcher(const OrphanCatcher&) = delete;
    OrphanCatcher& operator=(const OrphanCatcher&) = delete;

    /// Our children still alive after waiting up to `grace` for them to end, as "<pid> (<comm>)";
    /// the ones that ended meanwhile are reaped. Call it when the test has no process of its own
    /// running (support's run() reaps its program before returning).
    std::vector<std::string> survivors(
        std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
};

/// True when pid is not running (gone, or a zombie waiting to be reaped), checked until `grace`
/// has passed.
bool process_gone(pid_t pid, std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

/// Watches the places where programs leave temporary files: /tmp, /var/tmp, /run, /dev/shm, and a
/// TMPDIR of its own (tmpdir(): /tmp/nsctl-t<pid>-tmpdir-XXXXXX, mode 1777, for the commands the
/// test starts; removed with everything in it by the destructor), and nsctl's state directory
/// /run/nsctl. Other test processes run on the same machine at the same time, so in the shared
/// places only new entries whose name contains "nsctl" count, and not the tests' own (names
/// starting with "nsctl-t<digits>-") or the other tiers' and benches' (nsctl-scenario-, ...).
class TempWatch {
  public:
    TempWatch();
    ~TempWatch();
    TempWatch(const TempWatch&) = delete;
    TempWatch& operator=(const TempWatch&) = delete;

    const std::string& tmpdir() const { return tmpdir_; }

    /// The entries that appeared since construction and are still there, as full paths.
    std::vector<std::string> appeared() const;

  private:
    std::vector<std::string> before_;
    std::string tmpdir_;
};

}  // namespace nsctl::test
