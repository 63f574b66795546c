// SPDX-License-Identifier: GPL-2.0-or-later
// The paths of /proc and /sys that a sandbox masks or makes read-only by default (masks.cc), for
// the configurations that list them (`nsctl oci spec` writes them into config.json).
#pragma once

#include <span>

namespace nsctl::sandbox {

/// Masked: an empty read-only tmpfs or /dev/null over them.
std::span<const char* const> default_masked_paths();

/// Read-only: a read-only bind of themselves.
std::span<const char* const> default_readonly_paths();

}  // namespace nsctl::sandbox
