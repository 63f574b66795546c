// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/mounts.h"

#include <sys/mount.h>

#include <cerrno>
#include <string>

#include "sys/raw_call.h"

namespace nsctl::sys {

Result<void> mount(const char* source, const char* target, const char* fstype, unsigned long flags,
                   const void* data) {
    if (::mount(source, target, fstype, flags, data) != 0)
        return errno_error(std::string("mount ") + (target ? target : ""));
    return {};
}

Result<void> umount2(const char* target, int flags) {
    if (::umount2(target, flags) != 0) return errno_error(std::string("umount ") + target);
    return {};
}

namespace raw {
int mount(const char* source, const char* target, const char* fstype, unsigned long flags,
          const void* data) {
    return error_of(call(SYS_mount, source, target, fstype, flags, data));
}
int umount2(const char* target, int flags) { return error_of(call(SYS_umount2, target, flags)); }
}  // namespace raw

}  // namespace nsctl::sys
