// SPDX-License-Identifier: GPL-2.0-or-later
// Persisting new namespaces: bind-mounting /proc/PID/ns/<entry> onto a file, as
// `unshare --net=FILE` does. The bind keeps the namespace alive after every process left it.
#pragma once

#include <sys/types.h>

#include <array>
#include <optional>
#include <string>

#include "ns/kinds.h"

namespace nsctl::ns {

/// Where each kind's namespace is to be bound; nullopt: not persisted.
using PersistTargets = std::array<std::optional<std::string>, kKindCount>;

/// The nsfs file that names the namespace unshare(2) made for this kind: the /proc/PID/ns entry,
/// or for pid and time (which only children enter) the "_for_children" one.
std::string persist_source(pid_t pid, Kind kind);

/// The bind mounts to make, in util-linux's order (user, cgroup, ipc, uts, net, pid, mnt, time).
/// Built before a fork, so that the child binds them without allocating.
struct PersistPlan {
    struct Bind {
        std::string source;
        std::string target;
        Kind kind = Kind::kMnt;
    };
    std::array<Bind, kKindCount> binds;
    size_t count = 0;
};

PersistPlan plan_persist(pid_t pid, const PersistTargets& targets);

/// Makes the binds in order (MS_BIND). Allocation-free: on failure returns the errno value and
/// sets *failed to the index of the bind that failed; 0 when all were made.
int bind_persist_raw(const PersistPlan& plan, size_t* failed);

}  // namespace nsctl::ns
