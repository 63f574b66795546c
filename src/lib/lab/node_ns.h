// SPDX-License-Identifier: GPL-2.0-or-later
// The parts of a linux node that are not links: its UTS namespace (bound on a file, as unshare
// --uts=FILE persists one) and its sysctls. Used by deploy.cc and destroy.
#pragma once

#include <string>

#include "base/result.h"

namespace nsctl::lab {

/// Makes a UTS namespace with host name hostname and binds it on file (created empty, 0444;
/// EEXIST when it exists). The calling thread returns to its own UTS namespace on every path;
/// on failure nothing is left. Needs CAP_SYS_ADMIN.
Result<void> make_uts(const std::string& file, const std::string& hostname);

/// Unmounts (detached) and removes a file make_uts made; one that is gone is no error.
Result<void> remove_uts(const std::string& file);

/// Writes value to the sysctl key ("net.ipv4.ip_forward") in the network namespace netns_fd
/// (borrowed). Only net.* keys: the others are the host's, whatever namespace writes them
/// (EINVAL, "sysctl KEY: only net.* settings belong to a node"). Errors name the key.
Result<void> write_sysctl(int netns_fd, const std::string& key, const std::string& value);

}  // namespace nsctl::lab
