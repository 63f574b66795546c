// SPDX-License-Identifier: GPL-2.0-or-later
// linux.seccomp (config-linux.md, "Seccomp") as a filter nsctl loads: the profile is written in
// the policy form of `nsctl run --seccomp` (sandbox/seccomp_policy.h) and compiled by the same
// compiler, for this machine's architecture.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "oci/spec.h"
#include "sandbox/seccomp.h"

namespace nsctl::oci {

struct SeccompFilter {
    std::string policy;                 ///< the profile in nsctl's policy form
    sandbox::BpfProgram program;        ///< compiled
    std::vector<std::string> warnings;  ///< what is not applied as asked, one line each
};

/// Translates and compiles a profile. Refused, naming the key: SCMP_ACT_TRACE and
/// SCMP_ACT_NOTIFY (nothing would answer), a default action the policy form lacks (trap),
/// unknown actions and operators, an argument index past 5. System calls this build does not
/// know are left out (as libseccomp-based runtimes leave out names their library does not
/// know), and said in one warning; so are other architectures (their calls get ENOSYS) and flags.
Result<SeccompFilter> seccomp_filter(const Seccomp& profile);

}  // namespace nsctl::oci
