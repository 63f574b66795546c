// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers of the `nsctl lab` CLI tests (lab_*_test.cc): topology files, commands in a node, and
// the check that a test's labs left nothing behind. Run inside run_in_fresh_namespaces: /run is
// the test's own tmpfs.
#pragma once

#include <string>
#include <vector>

#include "cli/netns_cli_helpers.h"
#include "support/support.h"

namespace nsctl::test {

/// The path of tests/lab/NAME in the source tree.
std::string source_file(const std::string& name);

/// Writes text to /run/NAME (the test's tmpfs); returns the path.
std::string write_topology(const std::string& name, const std::string& text);

/// Whether path exists (not following a last symbolic link).
bool exists(const std::string& path);

/// argv run in a named network namespace, by `ip netns exec`.
RunResult in_node(const std::string& netns, std::vector<std::string> argv);

/// Nothing of any lab left: no namespace registered, no lab state, no link but lo on the host.
void expect_nothing_left();

}  // namespace nsctl::test
