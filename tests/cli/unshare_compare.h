// SPDX-License-Identifier: GPL-2.0-or-later
// Running our unshare and util-linux's side by side (helpers of the cli tier's unshare tests).
#pragma once

#include <string>
#include <vector>

#include "support/support.h"

namespace nsctl::test::unshare_cli {

/// Debian 12's util-linux unshare (2.38): the oracle where its behaviour is 2.42's.
inline const char* kUtilLinuxUnshare = "/usr/bin/unshare";

/// The unshare link next to the built nsctl.
std::string our_unshare();

/// Runs `prefix... tool args...` and returns what it did, with the tool's path in messages
/// replaced by "unshare", /proc/<pid>/ by /proc/PID/, and (with strip_hints) our "hint:" lines
/// removed.
RunResult run_unshare(const std::string& tool, const std::vector<std::string>& args,
                      const std::vector<std::string>& prefix = {}, const std::string& in = "",
                      bool strip_hints = true);

/// Runs both with the same arguments (and stdin) and expects the same stdout, stderr (hints
/// aside) and exit code. Returns ours, unnormalized hints included.
RunResult expect_same(const std::vector<std::string>& args,
                      const std::vector<std::string>& prefix = {}, const std::string& in = "");

/// setpriv arguments that run a program as nobody (65534) without supplementary groups.
std::vector<std::string> as_nobody();

/// The lines of text.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace nsctl::test::unshare_cli
