// SPDX-License-Identifier: GPL-2.0-or-later
// Runs command lines inside tests/cli/data/lsns_scenario.sh: a fresh PID namespace (with its own
// /proc) holding a small known set of namespaces, so that lsns output is the same for every
// tool run in it and nothing of the machine's other processes shows.
#pragma once

#include <string>
#include <vector>

#include "support/support.h"

namespace nsctl::test {

enum class Persist { kNo, kYes };

/// Runs each line (shell syntax, see the script for the variables it sets) in one scenario and
/// returns what each did, in order.
std::vector<RunResult> run_scenario(const std::vector<std::string>& lines, Persist persist);

/// The lsns symlink of the build under test.
std::string our_lsns();

}  // namespace nsctl::test
