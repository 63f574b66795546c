// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/child_io.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "sys/raw_call.h"

namespace nsctl::sys::raw {

int open(const char* path, int flags) {
    return static_cast<int>(call(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC, 0));
}

int openat(int dirfd, const char* path, int flags, unsigned mode) {
    return static_cast<int>(call(SYS_openat, dirfd, path, flags | O_CLOEXEC, mode));
}

int close(int fd) { return error_of(call(SYS_close, fd)); }

ssize_t read(int fd, void* buf, size_t len) {
    while (true) {
        long n = call(SYS_read, fd, buf, len);
        if (n != -EINTR) return n;
    }
}

int write_file(const char* path, const char* buf, size_t len, const char** step) {
    int fd = open(path, O_WRONLY | O_NOCTTY);
    if (fd < 0) {
        *step = "open";
        return -fd;
    }
    // The kernel takes an id map or a set of clock offsets in a single write.
    long n = call(SYS_write, fd, buf, len);
    int err = n < 0 ? static_cast<int>(-n) : (static_cast<size_t>(n) == len ? 0 : EIO);
    close(fd);
    if (err != 0) *step = "write";
    return err;
}

int poll_readable_now(int fd) {
    pollfd p{fd, POLLIN, 0};
    timespec now{0, 0};
    return static_cast<int>(call(SYS_ppoll, &p, 1, &now, nullptr, kKernelSigsetSize));
}

int openat_in_root(int root, const char* path, int flags, unsigned mode) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.mode = mode;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    return static_cast<int>(call(SYS_openat2, root, path, &how, sizeof(how)));
}

int mkdirat(int dirfd, const char* path, unsigned mode) {
    return error_of(call(SYS_mkdirat, dirfd, path, mode));
}

int mknodat(int dirfd, const char* path, unsigned mode, unsigned long dev) {
    return error_of(call(SYS_mknodat, dirfd, path, mode, dev));
}

int symlinkat(const char* target, int dirfd, const char* path) {
    return error_of(call(SYS_symlinkat, target, dirfd, path));
}

namespace {

// statx(2): 0 or -errno.
long statx_of(int dirfd, const char* path, int flags, unsigned mask, struct statx* st) {
    return call(SYS_statx, dirfd, path, flags, mask, st);
}

}  // namespace

long long inode_at(int dirfd, const char* path) {
    struct statx st {};
    if (long r = statx_of(dirfd, path, 0, STATX_INO, &st); r < 0) return r;
    return static_cast<long long>(st.stx_ino);
}

int is_directory(int fd) {
    struct statx st {};
    if (long r = statx_of(fd, "", AT_EMPTY_PATH, STATX_TYPE, &st); r < 0)
        return static_cast<int>(r);
    return S_ISDIR(st.stx_mode) ? 1 : 0;
}

unsigned set_umask(unsigned mask) { return static_cast<unsigned>(call(SYS_umask, mask)); }

int close_range(unsigned first, unsigned last) {
    return error_of(call(SYS_close_range, first, last, 0));
}

int dup2(int fd, int to) {
    // dup3(2) refuses fd == to, where dup2(2) checks that fd is open and does nothing else.
    if (fd == to) return error_of(call(SYS_fcntl, fd, F_GETFD));
    return error_of(call(SYS_dup3, fd, to, 0));
}

int keep_on_exec(int fd) { return error_of(call(SYS_fcntl, fd, F_SETFD, 0)); }

int ioctl(int fd, unsigned long request, void* arg) {
    return static_cast<int>(call(SYS_ioctl, fd, request, arg));
}

int ioctl(int fd, unsigned long request, unsigned long arg) {
    return static_cast<int>(call(SYS_ioctl, fd, request, arg));
}

pid_t fork() {
    // libc's fork: its handlers (the caching of our thread id among them) run.
    pid_t pid = ::fork();
    return pid >= 0 ? pid : -errno;
}

int waitpid(pid_t pid, int* status) {
    long r;
    while ((r = call(SYS_wait4, pid, status, 0, nullptr)) == -EINTR) {
    }
    return r < 0 ? static_cast<int>(-r) : 0;
}

pid_t wait_any_nohang(int* status) {
    long r;
    while ((r = call(SYS_wait4, -1, status, WNOHANG, nullptr)) == -EINTR) {
    }
    return static_cast<pid_t>(r);
}

void exit(int code) {
    call(SYS_exit_group, code);
    __builtin_unreachable();
}

}  // namespace nsctl::sys::raw
