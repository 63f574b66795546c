// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/fsstat.h"

#include <sys/statfs.h>
#include <sys/statvfs.h>

#include <cerrno>

#include "sys/raw_call.h"

namespace nsctl::sys::raw {

int statvfs_flags(const char* path, unsigned long* flags) {
    // statfs(2) reports the mount flags as statvfs(3) does (ST_RDONLY, ST_NOSUID, ...), plus
    // ST_VALID, which only says that it did.
    constexpr unsigned long kValid = 0x20;
    struct statfs st {};
    if (int e = error_of(call(SYS_statfs, path, &st))) return e;
    *flags = static_cast<unsigned long>(st.f_flags) & ~kValid;
    return 0;
}

}  // namespace nsctl::sys::raw
