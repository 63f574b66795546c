// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/fhandle.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace nsctl::sys {
namespace {

// struct file_handle has a flexible array at its end: room for the largest handle after it.
struct alignas(struct file_handle) HandleBuffer {
    unsigned char bytes[sizeof(struct file_handle) + FileHandle::kMaxSize];
    struct file_handle* get() {
        return reinterpret_cast<struct file_handle*>(bytes);
    }
};

static_assert(FileHandle::kMaxSize == MAX_HANDLE_SZ);

}  // namespace

Result<FileHandle> name_to_handle_at(int dirfd, const char* path, int flags) {
    HandleBuffer buf{};
    struct file_handle* fh = buf.get();
    fh->handle_bytes = FileHandle::kMaxSize;
    int mount_id = 0;
    if (::name_to_handle_at(dirfd, path, fh, &mount_id, flags) != 0)
        return errno_error(std::string("name_to_handle_at ") + path);
    FileHandle out;
    out.type = fh->handle_type;
    out.size = fh->handle_bytes;
    std::memcpy(out.data.data(), fh->f_handle, out.size);
    return out;
}

Result<UniqueFd> open_by_handle_at(int mount_fd, const FileHandle& handle, int flags) {
    if (handle.size > FileHandle::kMaxSize) return Error{EINVAL, "open_by_handle_at"};
    HandleBuffer buf{};
    struct file_handle* fh = buf.get();
    fh->handle_type = handle.type;
    fh->handle_bytes = handle.size;
    std::memcpy(fh->f_handle, handle.data.data(), handle.size);
    int fd = ::open_by_handle_at(mount_fd, fh, flags | O_CLOEXEC);
    if (fd < 0) return errno_error("open_by_handle_at");
    return UniqueFd(fd);
}

}  // namespace nsctl::sys
