// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/fsstat.h"

#include <sys/statvfs.h>

#include <cerrno>

namespace nsctl::sys::raw {

int statvfs_flags(const char* path, unsigned long* flags) {
    struct statvfs st {};
    if (::statvfs(path, &st) != 0) return errno;
    *flags = st.f_flag;
    return 0;
}

}  // namespace nsctl::sys::raw
