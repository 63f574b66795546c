// SPDX-License-Identifier: GPL-2.0-or-later
// Thin wrappers over the file-descriptor syscalls. Every fd is born close-on-exec.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"

namespace nsctl::sys {

/// open(2) with O_CLOEXEC added.
Result<UniqueFd> open(const char* path, int flags, mode_t mode = 0);

/// openat(2) with O_CLOEXEC added. Borrows dirfd.
Result<UniqueFd> openat(int dirfd, const char* path, int flags, mode_t mode = 0);

/// fstat(2).
Result<struct stat> fstat(int fd);

/// fstatat(2). flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH.
Result<struct stat> fstatat(int dirfd, const char* path, int flags);

/// readlinkat(2): the link's text into buf (not NUL-terminated); returns its length.
Result<size_t> readlinkat(int dirfd, const char* path, char* buf, size_t len);

/// read(2), retried on EINTR. Returns the byte count (0 at end of file).
Result<size_t> read(int fd, void* buf, size_t len);

/// The whole content of a file: open(2) read-only, then read(2) until end of file. Errors name
/// the path.
Result<std::string> read_file(const char* path);

/// read_file(), or "" when the file cannot be read (where absence is itself the answer).
std::string read_file_or_empty(const char* path);

/// The first blank-separated word of a small file (a sysctl, a cgroup setting), or nullopt when
/// the file cannot be read or holds none.
std::optional<std::string> read_first_word(const char* path);

/// Whether path exists (stat(2), following links).
bool path_exists(const char* path);

/// write(2), retried on EINTR.
Result<size_t> write(int fd, const void* buf, size_t len);

/// getdents64(2): fills buf with struct linux_dirent64 records; 0 at the end of the directory.
Result<size_t> getdents64(int fd, void* buf, size_t len);

/// ioctl(2) with no argument or an integer/pointer argument; returns ioctl's non-negative result.
Result<int> ioctl(int fd, unsigned long request);
Result<int> ioctl(int fd, unsigned long request, void* arg);

/// mkdir(2). EEXIST when path exists.
Result<void> mkdir(const char* path, mode_t mode);

/// rmdir(2). EBUSY for a cgroup that still has processes, ENOTEMPTY, ENOENT.
Result<void> rmdir(const char* path);

/// fcntl(2) F_GETFD: the fd's flags (FD_CLOEXEC). EBADF when fd is not open.
Result<int> fd_flags(int fd);

/// getcwd(3): the current working directory. ENOENT when it was removed.
Result<std::string> getcwd();

/// pidfd_open(2). ESRCH when the process is gone.
Result<UniqueFd> pidfd_open(pid_t pid, unsigned flags);

/// pidfd_getfd(2): a close-on-exec duplicate of another process's fd. Needs ptrace access.
Result<UniqueFd> pidfd_getfd(int pidfd, int targetfd, unsigned flags);

}  // namespace nsctl::sys
