// SPDX-License-Identifier: GPL-2.0-or-later
// `ip netns exec NAME CMD...`: a command run in a named network namespace, with the view of
// the system that goes with it: its own /sys and the files of /etc/netns/NAME over /etc.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/netns.h"
#include "sandbox/spawn.h"

namespace nsctl::net {

struct NetnsExecOptions {
    std::string etc_netns_dir = "/etc/netns";  ///< per-namespace files: DIR/NAME/FILE
    std::string etc_dir = "/etc";              ///< ... bind-mounted over ETC/FILE
    int uts_fd = -1;  ///< also enter this UTS namespace (borrowed; nsctl lab's node host names)
    int stdio_fd =
        -1;  ///< netns_start: the program's stdout and stderr (borrowed); stdin /dev/null
};

struct NetnsExecResult {
    /// As a shell reports it: the exit status, 128+N for signal N; 127 (not found) or 126
    /// (cannot execute) when exec_errno is set.
    int exit_code = 0;
    int exec_errno = 0;  ///< execvp(3) failed with this errno (the command never ran)
    /// Files of /etc/netns/NAME that could not be bind-mounted (not fatal, as in iproute2):
    /// "/etc/netns/blue/hosts on /etc/hosts: No such file or directory".
    std::vector<std::string> warnings;
};

/// Does in this process what netns_exec's child does (enter NAME, own mount namespace, /sys,
/// /etc/netns files) and replaces the process with argv, as `ip netns exec` does outside a batch:
/// returns only on failure. warn gets each /etc/netns file that could not be bind-mounted
/// ("/etc/netns/blue/hosts on /etc/hosts: ...") before the exec. A failed exec returns a result
/// with exec_errno set (this process is then inside the namespace); a failed step, an Error.
/// The caller must flush its own buffered output first. Needs CAP_SYS_ADMIN.
Result<NetnsExecResult> netns_exec_replace(const NetnsRegistry& registry, std::string_view name,
                                           const std::vector<std::string>& argv,
                                           const std::function<void(const std::string&)>& warn,
                                           const NetnsExecOptions& options = {});

/// Runs argv (argv[0] searched in PATH) as `ip netns exec` does, and waits for it: in a child
/// process that enters the named namespace (setns), unshares its mount namespace and makes "/"
/// a recursive slave (so nothing propagates back), replaces /sys with a sysfs of the new
/// network namespace (read-only if /sys could not be unmounted and was read-only), and
/// bind-mounts every DIR/NAME/FILE over ETC/FILE. The child allocates nothing between fork and
/// exec; it reports a failed step through a close-on-exec pipe. The caller must flush its own
/// buffered output first. Errors: the name (ENOENT: no such name), a setup step ("NAME: mount
/// sysfs on /sys"), fork. Needs CAP_SYS_ADMIN. argv must not be empty.
Result<NetnsExecResult> netns_exec(const NetnsRegistry& registry, std::string_view name,
                                   const std::vector<std::string>& argv,
                                   const NetnsExecOptions& options = {});

/// As netns_exec, but returns once argv has been exec'd (or failed to be) instead of waiting:
/// the program runs in a session of its own, its stdin on /dev/null and its stdout and stderr on
/// options.stdio_fd when set. The ChildProcess kills and reaps it when forgotten: release() it
/// to leave it running. A failed exec is an Error naming the program (ENOENT: not found).
Result<sandbox::ChildProcess> netns_start(const NetnsRegistry& registry, std::string_view name,
                                          const std::vector<std::string>& argv,
                                          const NetnsExecOptions& options);

}  // namespace nsctl::net
