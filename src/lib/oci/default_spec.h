// SPDX-License-Identifier: GPL-2.0-or-later
// The starter config.json that `nsctl oci spec` writes.
#pragma once

#include <cstdint>

#include "oci/spec.h"

namespace nsctl::oci {

enum class SpecMode { kRoot, kRootless };

struct DefaultSpecOptions {
    SpecMode mode = SpecMode::kRoot;
    uint32_t uid = 0;  ///< kRootless: the caller's ids, mapped to root in the container
    uint32_t gid = 0;
};

/// A config for `sh` in ./rootfs (read-only), with a terminal, as root in the container with
/// nsctl run's default capabilities, no_new_privs and 1024 open files; new PID, network, IPC,
/// UTS and mount namespaces; /proc, a tmpfs /dev with devpts, shm and mqueue, /sys and the
/// cgroup tree read-only; nsctl run's masked and read-only paths; every device denied in the
/// device cgroup. kRootless adds user and cgroup namespaces with the caller mapped to root,
/// binds the host's /sys instead of mounting sysfs, leaves gid=5 off devpts (group 5 is not
/// mapped) and the device cgroup out (an unprivileged caller cannot set it).
Spec default_spec(const DefaultSpecOptions& options);

}  // namespace nsctl::oci
