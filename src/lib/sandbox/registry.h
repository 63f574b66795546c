// SPDX-License-Identifier: GPL-2.0-or-later
// Named sandboxes (nsctl run --name): one directory per name under /run/nsctl (as root) or
// $XDG_RUNTIME_DIR/nsctl (otherwise), made with mkdir(2) so that two runs can never get the
// same name, holding a record of the sandbox: its PID 1 with the start time that tells it from
// a recycled pid, its namespaces, cgroups and how its command runs (for nsctl exec).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "ns/kinds.h"

namespace nsctl::sandbox {

struct SandboxRecord {
    std::string name;
    pid_t pid = -1;         ///< PID 1 of the sandbox, on the host; -1 before it started
    std::string starttime;  ///< of that pid (/proc/PID/stat field 22)
    /// The command (PID 2 under the reaper; PID 1 itself with --as-pid1), on the host: the
    /// process whose namespaces nsctl exec enters. The reaper is undumpable, so a rootless
    /// caller may not open its /proc/PID/ns; the command's it may.
    pid_t command_pid = -1;
    std::string command_starttime;
    pid_t owner = -1;  ///< the nsctl that waits for it
    std::string owner_starttime;
    int64_t started = 0;  ///< wall-clock seconds since the epoch
    std::vector<std::string> command;
    std::string rootfs;                ///< empty: the host's root
    std::vector<std::string> cgroups;  ///< the sandbox's cgroup directories
    /// --net veth: the host side's interface and the sandbox's address (empty otherwise)
    std::string host_interface, address;
    /// How nsctl exec runs a command in it, as the sandbox's own runs.
    std::vector<std::string> env;
    std::string cwd = "/";
    uint32_t uid = 0, gid = 0;
    uint64_t capabilities = 0;
    std::string seccomp = "default";  ///< default, default+userns, unconfined, or a policy file
    std::optional<int> exit_code;     ///< once it has ended (when its nsctl saw it end)

    /// Whether PID 1 is still the process the record names.
    bool running() const;
};

/// The directory for this user: /run/nsctl for root, $XDG_RUNTIME_DIR/nsctl (or
/// /run/user/UID/nsctl, which fails plainly where there is no /run/user/UID) otherwise.
std::string default_registry_dir();

/// A name: 1 to 64 of A-Z a-z 0-9 _ . -, not starting with '.' or '-'.
bool valid_sandbox_name(const std::string& name);

class Registry {
  public:
    explicit Registry(std::string dir = default_registry_dir()) : dir_(std::move(dir)) {}

    /// Takes name for a new sandbox (mkdir, atomic) and records the caller as its owner. A name
    /// whose sandbox has stopped is taken again only after rm; one whose owner and sandbox are
    /// both gone without an exit status (a killed nsctl) is taken over. Errors: "name 'N' is in
    /// use" and "... taken by a stopped sandbox" (code 0: the context is a whole sentence),
    /// EINVAL for an invalid name, and those of making the directory.
    Result<void> claim(const std::string& name);

    /// Writes (replaces) the record of a claimed name.
    Result<void> save(const SandboxRecord& record);

    /// The record of name. "no sandbox named 'N'" (code 0) when there is none.
    Result<SandboxRecord> find(const std::string& name) const;

    /// Every record, by name. Records a killed nsctl left unfinished (no sandbox started, or the
    /// sandbox and its owner both gone) are dropped on the way, with their cgroups.
    Result<std::vector<SandboxRecord>> list();

    /// Removes the record of name (and its directory); one that is gone already is no error.
    Result<void> remove(const std::string& name);

    const std::string& dir() const { return dir_; }

  private:
    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    std::string dir_;
};

}  // namespace nsctl::sandbox
