// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/child_io.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace nsctl::sys::raw {

int open(const char* path, int flags) {
    int fd = ::open(path, flags | O_CLOEXEC);
    return fd >= 0 ? fd : -errno;
}

int openat(int dirfd, const char* path, int flags, unsigned mode) {
    int fd = ::openat(dirfd, path, flags | O_CLOEXEC, mode);
    return fd >= 0 ? fd : -errno;
}

int close(int fd) { return ::close(fd) == 0 ? 0 : errno; }

ssize_t read(int fd, void* buf, size_t len) {
    while (true) {
        ssize_t n = ::read(fd, buf, len);
        if (n >= 0) return n;
        if (errno != EINTR) return -errno;
    }
}

int write_file(const char* path, const char* buf, size_t len, const char** step) {
    int fd = ::open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *step = "open";
        return errno;
    }
    // The kernel takes an id map or a set of clock offsets in a single write.
    ssize_t n = ::write(fd, buf, len);
    int err = n < 0 ? errno : (static_cast<size_t>(n) == len ? 0 : EIO);
    ::close(fd);
    if (err != 0) *step = "write";
    return err;
}

int poll_readable_now(int fd) {
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, 0);
    return n >= 0 ? n : -errno;
}

int openat_in_root(int root, const char* path, int flags, unsigned mode) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = mode;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, root, path, &how, sizeof(how));
    return fd >= 0 ? static_cast<int>(fd) : -errno;
}

int mkdirat(int dirfd, const char* path, unsigned mode) {
    return ::mkdirat(dirfd, path, mode) == 0 ? 0 : errno;
}

int mknodat(int dirfd, const char* path, unsigned mode, unsigned long dev) {
    return ::mknodat(dirfd, path, mode, dev) == 0 ? 0 : errno;
}

int symlinkat(const char* target, int dirfd, const char* path) {
    return ::symlinkat(target, dirfd, path) == 0 ? 0 : errno;
}

long long inode_at(int dirfd, const char* path) {
    struct stat st {};
    if (::fstatat(dirfd, path, &st, 0) != 0) return -errno;
    return static_cast<long long>(st.st_ino);
}

int is_directory(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return -errno;
    return S_ISDIR(st.st_mode) ? 1 : 0;
}

unsigned set_umask(unsigned mask) { return ::umask(mask); }

int close_range(unsigned first, unsigned last) {
    return ::close_range(first, last, 0) == 0 ? 0 : errno;
}

int dup2(int fd, int to) { return ::dup2(fd, to) >= 0 ? 0 : errno; }

int keep_on_exec(int fd) { return ::fcntl(fd, F_SETFD, 0) == 0 ? 0 : errno; }

int ioctl(int fd, unsigned long request, void* arg) {
    int r = ::ioctl(fd, request, arg);
    return r >= 0 ? r : -errno;
}

int ioctl(int fd, unsigned long request, unsigned long arg) {
    int r = ::ioctl(fd, request, arg);
    return r >= 0 ? r : -errno;
}

pid_t fork() {
    pid_t pid = ::fork();
    return pid >= 0 ? pid : -errno;
}

int waitpid(pid_t pid, int* status) {
    while (::waitpid(pid, status, 0) < 0)
        if (errno != EINTR) return errno;
    return 0;
}

void exit(int code) { ::_exit(code); }

}  // namespace nsctl::sys::raw
