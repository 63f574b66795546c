// SPDX-License-Identifier: GPL-2.0-or-later
// File handles: name_to_handle_at(2) and open_by_handle_at(2).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// A file handle as the kernel encodes it: the filesystem's handle type and its bytes.
struct FileHandle {
    static constexpr size_t kMaxSize = 128;  ///< MAX_HANDLE_SZ
    int type = 0;                            ///< handle_type (e.g. FILEID_NSFS)
    uint32_t size = 0;                       ///< handle_bytes: how much of data is used
    std::array<unsigned char, kMaxSize> data{};
};

/// name_to_handle_at(2). Borrows dirfd. flags: AT_EMPTY_PATH, AT_SYMLINK_FOLLOW, AT_HANDLE_FID
/// (a handle that identifies the file but need not be openable). The mount id is not returned.
/// Errors: EOPNOTSUPP (the filesystem has no handles), EOVERFLOW (bigger than kMaxSize).
Result<FileHandle> name_to_handle_at(int dirfd, const char* path, int flags);

/// open_by_handle_at(2) with O_CLOEXEC added. Borrows mount_fd (any file of the filesystem the
/// handle belongs to). Needs CAP_DAC_READ_SEARCH, except for the handles of nsfs and pidfs,
/// which the kernel checks against the object itself. Errors: ESTALE (no such object, or a
/// handle the filesystem cannot decode), EPERM, EINVAL (size or type out of range).
Result<UniqueFd> open_by_handle_at(int mount_fd, const FileHandle& handle, int flags);

}  // namespace nsctl::sys
