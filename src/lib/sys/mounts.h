// SPDX-License-Identifier: GPL-2.0-or-later
// mount(2) and umount2(2).
#pragma once

#include "base/result.h"

namespace nsctl::sys {

/// mount(2). Context names the target.
Result<void> mount(const char* source, const char* target, const char* fstype, unsigned long flags,
                   const void* data);

/// umount2(2) (flags: MNT_DETACH, ...).
Result<void> umount2(const char* target, int flags);

namespace raw {
// Async-signal-safe variants for a child between fork and exec: 0 or errno.
int mount(const char* source, const char* target, const char* fstype, unsigned long flags,
          const void* data);
int umount2(const char* target, int flags);
}  // namespace raw

}  // namespace nsctl::sys
