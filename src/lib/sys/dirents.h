// SPDX-License-Identifier: GPL-2.0-or-later
// Iterating a directory with getdents64(2), without the allocation of opendir(3).
#pragma once

#include <dirent.h>

#include "base/result.h"
#include "sys/fd.h"

namespace nsctl::sys {

/// Calls fn(name) for every entry of the directory open as dirfd (borrowed), "." and ".."
/// included, in the order getdents64 returns them.
template <typename Fn>
Result<void> for_each_dirent(int dirfd, Fn fn) {
    alignas(8) char buf[32768];
    while (true) {
        size_t n = NSCTL_TRY(getdents64(dirfd, buf, sizeof(buf)));
        if (n == 0) return {};
        for (size_t off = 0; off < n;) {
            // struct linux_dirent64: ino, off, reclen, type, name (getdents64(2)).
            auto* d = reinterpret_cast<struct dirent64*>(buf + off);
            fn(static_cast<const char*>(d->d_name));
            off += d->d_reclen;
        }
    }
}

}  // namespace nsctl::sys
