// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/mount_api.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

// <linux/mount.h> has mount_attr but glibc 2.36 declares mount_setattr with its own; use the
// raw syscall so the two headers need not agree.
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

#include "sys/raw_call.h"

namespace nsctl::sys::raw {

int open_tree(int dirfd, const char* path, unsigned flags) {
    return static_cast<int>(call(SYS_open_tree, dirfd, path, flags | OPEN_TREE_CLOEXEC));
}

int move_mount(int from_dirfd, const char* from_path, int to_dirfd, const char* to_path,
               unsigned flags) {
    return error_of(call(SYS_move_mount, from_dirfd, from_path, to_dirfd, to_path, flags));
}

int move_mount_fds(int from, int to) {
    return move_mount(from, "", to, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

int fsopen(const char* fstype) {
    return static_cast<int>(call(SYS_fsopen, fstype, FSOPEN_CLOEXEC));
}

int fsconfig_set(int fsfd, const char* key, const char* value) {
    if (value == nullptr)
        return error_of(call(SYS_fsconfig, fsfd, FSCONFIG_SET_FLAG, key, nullptr, 0));
    return error_of(call(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, key, value, 0));
}

int fsconfig_set_fd(int fsfd, const char* key, int fd) {
    return error_of(call(SYS_fsconfig, fsfd, FSCONFIG_SET_FD, key, nullptr, fd));
}

int fsconfig_create(int fsfd) {
    return error_of(call(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, nullptr, nullptr, 0));
}

int fsmount(int fsfd, unsigned attr_flags) {
    return static_cast<int>(call(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attr_flags));
}

namespace {

bool same_text(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

}  // namespace

int new_mount(const char* fstype, const char* const* keys, const char* const* values, int nkeys,
              unsigned attr_flags, const char** failed_key) {
    *failed_key = nullptr;
    int fs = fsopen(fstype);
    if (fs < 0) return fs;
    // Named after its type in mountinfo ("proc", not "none"), unless the keys name it.
    bool named = false;
    for (int i = 0; i < nkeys; ++i) named = named || same_text(keys[i], "source");
    int err = named ? 0 : fsconfig_set(fs, "source", fstype);
    if (err) *failed_key = "source";
    for (int i = 0; i < nkeys && err == 0; ++i) {
        err = fsconfig_set(fs, keys[i], values[i]);
        if (err) *failed_key = keys[i];
    }
    if (err == 0) err = fsconfig_create(fs);
    int mnt = err == 0 ? fsmount(fs, attr_flags) : -err;
    call(SYS_close, fs);
    return mnt;
}

int mount_setattr(int dirfd, const char* path, unsigned flags, uint64_t attr_set,
                  uint64_t attr_clr) {
    mount_attr attr{};
    attr.attr_set = attr_set;
    attr.attr_clr = attr_clr;
    return error_of(call(SYS_mount_setattr, dirfd, path, flags, &attr, sizeof(attr)));
}

int pivot_root(const char* new_root, const char* put_old) {
    return error_of(call(SYS_pivot_root, new_root, put_old));
}

}  // namespace nsctl::sys::raw
