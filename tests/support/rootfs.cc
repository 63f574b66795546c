// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/rootfs.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace nsctl::test {
namespace {

constexpr const char* kBusybox = "/usr/bin/busybox";
constexpr const char* kApplets[] = {"sh",       "ls",    "cat", "echo", "ps",   "mount",
                                    "hostname", "sleep", "id",  "true", "false"};

std::string failure(const std::string& what) { return what + ": " + std::strerror(errno); }

// Copies a file with the given mode; "" or what failed.
std::string copy_file(const std::string& from, const std::string& to, mode_t mode) {
    int in = open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return failure("open " + from);
    int out = open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (out < 0) {
        std::string error = failure("create " + to);
        close(in);
        return error;
    }
    std::string error;
    std::vector<char> buf(1 << 16);
    for (ssize_t n; (n = read(in, buf.data(), buf.size())) != 0;) {
        if (n < 0 || write(out, buf.data(), static_cast<size_t>(n)) != n) {
            error = failure("copy " + from + " to " + to);
            break;
        }
    }
    if (error.empty() && fchmod(out, mode) != 0) error = failure("chmod " + to);
    close(in);
    if (close(out) != 0 && error.empty()) error = failure("close " + to);
    return error;
}

std::string make_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0755) != 0 || chmod(path.c_str(), 0755) != 0) {
        return failure("mkdir " + path);
    }
    return "";
}

int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
    if (remove(path) != 0) std::fprintf(stderr, "TempRootfs: remove %s: %m\n", path);
    return 0;  // remove what can be removed
}

unsigned chown_uid, chown_gid;  // nftw's callback takes no context

int chown_entry(const char* path, const struct stat*, int, struct FTW*) {
    return lchown(path, chown_uid, chown_gid) == 0 ? 0 : -1;
}

}  // namespace

std::string probe_path() { return std::string(NSCTL_TEST_TOOLS_DIR) + "/probe"; }

std::string as_nobody_path() { return std::string(NSCTL_TEST_TOOLS_DIR) + "/as_nobody"; }

TempDir::TempDir(const std::string& what, unsigned mode) {
    std::string pattern = "/tmp/nsctl-t" + std::to_string(getpid()) + "-" + what + "-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return;
    path_ = pattern;
    if (chmod(path_.c_str(), mode) != 0)
        std::fprintf(stderr, "TempDir: chmod %s: %m\n", path_.c_str());
}

TempDir::~TempDir() {
    if (!path_.empty()) nftw(path_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

TempRootfs::TempRootfs(MountPoints mount_points) {
    std::string pattern = "/tmp/nsctl-t" + std::to_string(getpid()) + "-rootfs-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        error_ = failure("mkdtemp " + pattern);
        return;
    }
    path_ = pattern;
    std::vector<std::string> dirs = {"bin"};
    if (mount_points == MountPoints::kCreate)
        dirs.insert(dirs.end(), {"proc", "dev", "sys", "tmp"});
    if (chmod(path_.c_str(), 0755) != 0) error_ = failure("chmod " + path_);
    for (const auto& dir : dirs) {
        if (error_.empty()) error_ = make_dir(at(dir));
    }
    if (error_.empty()) error_ = copy_file(kBusybox, at("bin/busybox"), 0755);
    if (error_.empty()) error_ = copy_file(probe_path(), at("probe"), 0755);
    for (const char* applet : kApplets) {
        if (error_.empty() && symlink("busybox", at(std::string("bin/") + applet).c_str()) != 0) {
            error_ = failure(std::string("symlink bin/") + applet);
        }
    }
}

TempRootfs::~TempRootfs() {
    if (path_.empty()) return;
    nftw(path_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

std::string TempRootfs::at(const std::string& relative) const { return path_ + "/" + relative; }

bool TempRootfs::write_file(const std::string& relative, const std::string& content,
                            unsigned mode) {
    int fd = open(at(relative).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return false;
    bool ok = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
              fchmod(fd, mode) == 0;
    return close(fd) == 0 && ok;
}

bool TempRootfs::add_not_executable(const std::string& relative) {
    return write_file(relative, "#!/bin/sh\necho should not run\n", 0644);
}

bool TempRootfs::replace_with_symlink(const std::string& relative, const std::string& target) {
    const std::string path = at(relative);
    if (rmdir(path.c_str()) != 0 && errno != ENOENT) return false;
    return symlink(target.c_str(), path.c_str()) == 0;
}

bool TempRootfs::chown_tree(unsigned uid, unsigned gid) {
    chown_uid = uid;
    chown_gid = gid;
    return nftw(path_.c_str(), chown_entry, 16, FTW_PHYS | FTW_MOUNT) == 0;
}

}  // namespace nsctl::test
