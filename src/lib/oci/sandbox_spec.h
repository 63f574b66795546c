// SPDX-License-Identifier: GPL-2.0-or-later
// An OCI config (Spec) as the sandbox library runs it: what `nsctl oci create` asks of
// sandbox::create(). What the config asks for and nsctl cannot apply yet is refused here, naming
// the JSON key (runtime.md: a runtime must not run a container without what its config asks);
// what it accepts but does differently (labels, an mqueue mount) is told as a warning.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "oci/spec.h"
#include "sandbox/run.h"

namespace nsctl::oci {

struct SandboxSpec {
    sandbox::RunSpec run;
    std::optional<int32_t> oom_score_adj;  ///< written by the runtime before start
    std::vector<std::string> warnings;     ///< one line each, for --log
};

/// Who runs the runtime: root or not, and their ids (the rootless user namespace maps them).
struct Caller {
    uid_t uid = 0;
    gid_t gid = 0;
};

/// Translates config (read from bundle/config.json; bundle absolute) for caller. Errors are one
/// line naming the key ("linux.sysctl: not supported yet"), code 0, or an errno with the path.
Result<SandboxSpec> sandbox_spec(const Spec& config, const std::string& bundle,
                                 const Caller& caller);

/// linux.seccomp, if the config has it, as out's filter (its warnings added); exec applies the
/// container's filter to the processes it starts too.
Result<void> apply_seccomp(const Linux& linux_config, SandboxSpec& out);

/// The process part alone (`exec`): argv, environment, cwd, ids, capabilities (never
/// CAP_MKNOD), rlimits, no_new_privs, oomScoreAdj; no seccomp filter.
Result<SandboxSpec> process_spec(const Process& process, const Caller& caller);

}  // namespace nsctl::oci
