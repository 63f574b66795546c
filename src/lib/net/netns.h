// SPDX-License-Identifier: GPL-2.0-or-later
// Named network namespaces, laid out as iproute2's `ip netns` lays them out, so that either
// tool sees, enters and deletes what the other made: a directory (/run/netns) that is a
// shared-propagation mount point, set up under an flock of the directory, and in it one empty
// file per name with the namespace bind-mounted on it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::net {

/// iproute2's rule for a name: not empty, not "." or "..", no '/', at most 255 bytes (NAME_MAX).
/// EINVAL with the context `Invalid netns name "NAME"`.
Result<void> validate_netns_name(std::string_view name);

class NetnsRegistry {
  public:
    /// run_dir is a parameter so tests can use a directory of their own.
    explicit NetnsRegistry(std::string run_dir = "/run/netns");

    const std::string& run_dir() const { return run_dir_; }

    /// The file of a name: RUN_DIR/NAME.
    std::string path(std::string_view name) const;

    /// Creates run_dir (0755) if missing and makes it a shared mount point (bind-mounting it onto
    /// itself first if it is none), holding an flock on it meanwhile, as iproute2 does. Needs
    /// CAP_SYS_ADMIN. Done once per registry object: later calls return at once (a batch of
    /// many adds pays for it once).
    Result<void> prepare();

    /// Creates a network namespace and names it: prepare(), then the file (O_EXCL: EEXIST
    /// leaves an existing name untouched), then a new namespace bind-mounted on it. The calling
    /// thread enters the new namespace for the bind mount and returns to its own before this
    /// returns, on every path. On failure the file is removed again. Needs CAP_SYS_ADMIN.
    Result<void> add(std::string_view name);

    /// Unmounts (detached) and removes the name. Processes inside keep the namespace alive.
    /// ENOENT when there is no such name.
    Result<void> remove(std::string_view name);

    /// The names, in directory order. An absent run_dir is an empty list.
    Result<std::vector<std::string>> list() const;

    /// Opens the namespace of a name (O_RDONLY, close-on-exec), for setns(2).
    Result<UniqueFd> open(std::string_view name) const;

    /// Names the network namespace of process pid (`ip netns attach`): prepare(), the file
    /// (O_EXCL), then /proc/PID/ns/net bind-mounted on it. The namespace is opened before
    /// anything is made, so a vanished PID (ENOENT, context "process PID") leaves nothing
    /// behind; so does any later failure. Needs CAP_SYS_ADMIN.
    Result<void> attach(std::string_view name, int pid);

    /// The names whose namespace is the one nsfd (borrowed) refers to, compared by (st_dev,
    /// st_ino) as `ip netns identify` does, in directory order. Names that cannot be stat'ed
    /// (being deleted) are skipped.
    Result<std::vector<std::string>> identify(int nsfd) const;

  private:
    std::string run_dir_;
    bool prepared_ = false;
};

}  // namespace nsctl::net
