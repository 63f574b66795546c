// SPDX-License-Identifier: GPL-2.0-or-later
// File and descriptor calls for a child between fork and exec: open/read/write/close/poll/_exit
// without allocation. Every fd is opened close-on-exec.
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace nsctl::sys::raw {

/// open(2) with O_CLOEXEC added; the fd, or -errno.
int open(const char* path, int flags);

/// openat(2) with O_CLOEXEC added (mode for O_CREAT); the fd, or -errno. Borrows dirfd.
int openat(int dirfd, const char* path, int flags, unsigned mode = 0);

/// close(2) (never retried); 0 or errno.
int close(int fd);

/// read(2), retried on EINTR: the byte count (0 at end of file), or -errno.
ssize_t read(int fd, void* buf, size_t len);

/// Opens path write-only and writes all of buf in one write(2) (as /proc/PID/uid_map and
/// timens_offsets need); 0 or errno. *step is "open" or "write" on failure.
int write_file(const char* path, const char* buf, size_t len, const char** step);

/// poll(2) of one fd for POLLIN with timeout 0: 1 readable, 0 not, or -errno.
int poll_readable_now(int fd);

/// openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS and O_CLOEXEC added: path is looked
/// up as if root were "/" (absolute symlinks and ".." stay inside it; /proc magic links are
/// refused). The fd, or -errno (ENOSYS before Linux 5.6).
int openat_in_root(int root, const char* path, int flags, unsigned mode = 0);

/// mkdirat(2), mknodat(2), symlinkat(2): 0 or errno.
int mkdirat(int dirfd, const char* path, unsigned mode);
int mknodat(int dirfd, const char* path, unsigned mode, unsigned long dev);
int symlinkat(const char* target, int dirfd, const char* path);

/// umask(2): sets the file mode creation mask, returns the previous one (it cannot fail).
unsigned set_umask(unsigned mask);

/// fstatat(2) of path under dirfd, following links: its inode number, or -errno.
long long inode_at(int dirfd, const char* path);

/// fstat(2): 1 when fd is a directory, 0 when not, or -errno.
int is_directory(int fd);

/// close_range(2) of first..last (flags 0); 0 or errno.
int close_range(unsigned first, unsigned last);

/// dup2(2) (the new fd is not close-on-exec); 0 or errno.
int dup2(int fd, int to);

/// Clears FD_CLOEXEC on fd so that it survives execve(2); 0 or errno.
int keep_on_exec(int fd);

/// ioctl(2) with a pointer or integer argument: the result (>= 0), or -errno.
int ioctl(int fd, unsigned long request, void* arg);
int ioctl(int fd, unsigned long request, unsigned long arg);

/// fork(2): the child's pid, 0 in the child, or -errno.
pid_t fork();

/// waitpid(2), retried on EINTR: 0 with *status set, or errno.
int waitpid(pid_t pid, int* status);

/// wait4(2) of any child with WNOHANG, retried on EINTR: the pid of a child that ended (its
/// wait status in *status), 0 when none has, or -errno (-ECHILD when there are none).
pid_t wait_any_nohang(int* status);

/// _exit(2).
[[noreturn]] void exit(int code);

}  // namespace nsctl::sys::raw
