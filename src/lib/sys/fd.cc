// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/fd.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sys/linux_compat.h"

namespace nsctl::sys {

Result<UniqueFd> open(const char* path, int flags, mode_t mode) {
    int fd = ::open(path, flags | O_CLOEXEC, mode);
    if (fd < 0) return errno_error(std::string("open ") + path);
    return UniqueFd(fd);
}

Result<UniqueFd> openat(int dirfd, const char* path, int flags, mode_t mode) {
    int fd = ::openat(dirfd, path, flags | O_CLOEXEC, mode);
    if (fd < 0) return errno_error(std::string("openat ") + path);
    return UniqueFd(fd);
}

Result<struct stat> fstat(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) < 0) return errno_error("fstat");
    return st;
}

Result<struct stat> fstatat(int dirfd, const char* path, int flags) {
    struct stat st {};
    if (::fstatat(dirfd, path, &st, flags) < 0) return errno_error(std::string("fstatat ") + path);
    return st;
}

Result<size_t> readlinkat(int dirfd, const char* path, char* buf, size_t len) {
    ssize_t n = ::readlinkat(dirfd, path, buf, len);
    if (n < 0) return errno_error(std::string("readlinkat ") + path);
    return static_cast<size_t>(n);
}

Result<size_t> read(int fd, void* buf, size_t len) {
    while (true) {
        ssize_t n = ::read(fd, buf, len);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return errno_error("read");
    }
}

Result<std::string> read_file(const char* path) {
    UniqueFd fd = NSCTL_TRY(open(path, O_RDONLY));
    std::string text;
    char buf[16384];
    while (true) {
        auto n = read(fd.get(), buf, sizeof(buf));
        if (!n) return Error{n.error().code, std::string("read ") + path};
        if (*n == 0) return text;
        text.append(buf, *n);
    }
}

std::string read_file_or_empty(const char* path) {
    auto text = read_file(path);
    return text ? std::move(*text) : std::string();
}

std::optional<std::string> read_first_word(const char* path) {
    auto text = read_file(path);
    if (!text) return std::nullopt;
    size_t start = text->find_first_not_of(" \t\n");
    if (start == std::string::npos) return std::nullopt;
    size_t end = text->find_first_of(" \t\n", start);
    return text->substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool path_exists(const char* path) {
    struct stat st {};
    return ::stat(path, &st) == 0;
}

Result<size_t> write(int fd, const void* buf, size_t len) {
    while (true) {
        ssize_t n = ::write(fd, buf, len);
        if (n >= 0) return static_cast<size_t>(n);
        if (errno != EINTR) return errno_error("write");
    }
}

Result<size_t> getdents64(int fd, void* buf, size_t len) {
    long n = ::syscall(SYS_getdents64, fd, buf, len);
    if (n < 0) return errno_error("getdents64");
    return static_cast<size_t>(n);
}

Result<int> ioctl(int fd, unsigned long request) {
    int r = ::ioctl(fd, request);
    if (r < 0) return errno_error("ioctl");
    return r;
}

Result<int> ioctl(int fd, unsigned long request, void* arg) {
    int r = ::ioctl(fd, request, arg);
    if (r < 0) return errno_error("ioctl");
    return r;
}

Result<void> mkdir(const char* path, mode_t mode) {
    if (::mkdir(path, mode) != 0) return errno_error(std::string("mkdir ") + path);
    return {};
}

Result<void> rmdir(const char* path) {
    if (::rmdir(path) != 0) return errno_error(std::string("rmdir ") + path);
    return {};
}

Result<int> fd_flags(int fd) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0) return errno_error("fcntl " + std::to_string(fd));
    return flags;
}

Result<std::string> getcwd() {
    char buf[PATH_MAX];
    if (::getcwd(buf, sizeof(buf)) == nullptr) return errno_error("getcwd");
    return std::string(buf);
}

Result<UniqueFd> pidfd_open(pid_t pid, unsigned flags) {
    long fd = ::syscall(SYS_pidfd_open, pid, flags);
    if (fd < 0) return errno_error("pidfd_open " + std::to_string(pid));
    return UniqueFd(static_cast<int>(fd));
}

Result<UniqueFd> pidfd_getfd(int pidfd, int targetfd, unsigned flags) {
    // The kernel always sets O_CLOEXEC on the new fd (pidfd_getfd(2)).
    long fd = ::syscall(SYS_pidfd_getfd, pidfd, targetfd, flags);
    if (fd < 0) return errno_error("pidfd_getfd " + std::to_string(targetfd));
    return UniqueFd(static_cast<int>(fd));
}

}  // namespace nsctl::sys
