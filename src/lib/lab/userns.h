// SPDX-License-Identifier: GPL-2.0-or-later
// Rootless labs (nsctl lab --userns): the whole lab inside one user, mount and network namespace
// of the caller's, kept alive by a holder process, so that nothing on the machine changes and no
// privilege is needed. The holder's network namespace is the lab's "host" (its bridges and host
// ends); its mount namespace has a tmpfs of its own on /run, so the lab's /run/netns and
// /run/nsctl/labs are private to it. A small record outside, in the caller's sandbox registry
// directory (sandbox::default_registry_dir()/userns-labs/LAB: "PID STARTTIME"), finds the holder
// again; the other verbs enter its namespaces and act as they do as root.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nsctl::lab {

/// A rootless lab's holder process.
struct Holder {
    std::string lab;
    pid_t pid = -1;
    std::string starttime;
};

/// Where the holders' records live: sandbox::default_registry_dir() + "/userns-labs".
std::string holder_dir();

/// The holder of a rootless lab; nullopt when there is none (a record whose process is gone is
/// removed on the way).
Result<std::optional<Holder>> find_holder(const std::string& lab);

/// Every live holder, by lab name.
Result<std::vector<Holder>> list_holders();

/// Starts a rootless lab: forks a child that makes a user namespace (0 inside is the caller's uid
/// and gid), a mount namespace (with a tmpfs on /run: the caller's /run is hidden there), a
/// network namespace and a UTS namespace, and runs deploy in it. When deploy returns 0 the child
/// stays as the lab's holder (stdin, stdout and stderr on /dev/null, in a session of its own,
/// reaping what the lab leaves running, until SIGTERM) and its record is written; otherwise it
/// ends. Returns deploy's exit status (or an error of the setup).
Result<int> start_holder(const std::string& lab, const std::function<int()>& deploy);

/// Runs fn in a child that has entered holder's user, mount, network and UTS namespaces: fn's
/// exit status. The caller's own namespaces do not change (a user namespace cannot be left).
Result<int> in_holder(const Holder& holder, const std::function<int()>& fn);

/// Ends the holder (SIGTERM, SIGKILL after a second), waits until it is gone and removes its
/// record. The namespaces go with it once nothing else holds them.
Result<void> stop_holder(const Holder& holder);

}  // namespace nsctl::lab
