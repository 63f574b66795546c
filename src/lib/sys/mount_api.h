// SPDX-License-Identifier: GPL-2.0-or-later
// The file-descriptor based mount API (Linux 5.2+; mount_setattr 5.12+): detached mount trees
// that are set up through their fds and attached where an fd points, so that no path string is
// walked twice. Allocation-free, for a child between clone and exec: the calls that make an fd
// return it or -errno, the others 0 or errno (as the rest of sys::raw). Every fd is
// close-on-exec.
#pragma once

#include <cstdint>

namespace nsctl::sys::raw {

/// open_tree(2) with OPEN_TREE_CLOEXEC added: flags OPEN_TREE_CLONE (a detached copy),
/// AT_RECURSIVE (with its submounts), AT_EMPTY_PATH.
int open_tree(int dirfd, const char* path, unsigned flags);

/// move_mount(2): attaches (or moves) the mount at from onto to. flags MOVE_MOUNT_F_EMPTY_PATH
/// and MOVE_MOUNT_T_EMPTY_PATH take the fds themselves.
int move_mount(int from_dirfd, const char* from_path, int to_dirfd, const char* to_path,
               unsigned flags);

/// Attaches the mount fd from onto what the fd to refers to (both by fd alone).
int move_mount_fds(int from, int to);

/// fsopen(2) with FSOPEN_CLOEXEC: a filesystem context of type fstype ("proc", "tmpfs", ...).
int fsopen(const char* fstype);

/// fsconfig(2) FSCONFIG_SET_STRING key=value; FSCONFIG_SET_FLAG when value is null.
int fsconfig_set(int fsfd, const char* key, const char* value);

/// fsconfig(2) FSCONFIG_SET_FD key=fd (overlayfs "lowerdir+", "upperdir", "workdir").
int fsconfig_set_fd(int fsfd, const char* key, int fd);

/// fsconfig(2) FSCONFIG_CMD_CREATE: makes the superblock.
int fsconfig_create(int fsfd);

/// fsmount(2) with FSMOUNT_CLOEXEC and MOUNT_ATTR_* flags: a detached mount of the context.
int fsmount(int fsfd, unsigned attr_flags);

/// fsopen + options + create + fsmount in one: a detached mount of fstype with the given
/// key=value options (a null value sets a flag); nkeys pairs in keys/values. Its source (the
/// name mountinfo shows) is fstype unless a "source" key is given. The mount fd or -errno, and
/// *failed_key names the option the kernel refused (null for another step).
int new_mount(const char* fstype, const char* const* keys, const char* const* values, int nkeys,
              unsigned attr_flags, const char** failed_key);

/// mount_setattr(2): sets attr_set and clears attr_clr (MOUNT_ATTR_*) on the mount at
/// dirfd/path; flags AT_EMPTY_PATH, AT_RECURSIVE.
int mount_setattr(int dirfd, const char* path, unsigned flags, uint64_t attr_set,
                  uint64_t attr_clr);

/// pivot_root(2).
int pivot_root(const char* new_root, const char* put_old);

}  // namespace nsctl::sys::raw
