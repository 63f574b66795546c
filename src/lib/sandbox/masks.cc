// SPDX-License-Identifier: GPL-2.0-or-later
// The parts of /proc and /sys a sandbox must not read or write, as the OCI runtime
// specification's default configuration lists them: masked paths get an empty read-only tmpfs
// (directories) or /dev/null (files) over them, read-only paths a read-only bind of themselves.
// Paths this kernel lacks are passed over. Allocation-free: this runs in the child.
#include "sandbox/masks.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <iterator>

#include "sandbox/run_impl.h"
#include "sys/child_io.h"
#include "sys/mount_api.h"

namespace nsctl::sandbox::impl {
namespace {

namespace raw = sys::raw;

constexpr const char* kMasked[] = {
    "/proc/acpi",
    "/proc/asound",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
};

constexpr const char* kReadOnly[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

// A clone of the mount at source (fd), put over the mount point fd target.
int cover(int source, int target) {
    int copy = raw::open_tree(source, "", OPEN_TREE_CLONE | AT_EMPTY_PATH);
    if (copy < 0) return -copy;
    int e = raw::move_mount_fds(copy, target);
    raw::close(copy);
    return e;
}

// An empty read-only tmpfs, for masked directories.
int empty_tmpfs() {
    const char* keys[] = {"mode", "size"};
    const char* values[] = {"0555", "0"};
    const char* bad = nullptr;
    return raw::new_mount(
        "tmpfs", keys, values, 2,
        MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, &bad);
}

// Covers one masked path: a file with /dev/null, a directory with the empty tmpfs. The tmpfs is
// made at the first directory and attached there, and later ones get clones of that attached
// mount: closing a detached mount's last fd unmounts it, which waits for an RCU grace period
// (a few hundred microseconds here), and an attached one never needs that.
ChildReport mask(const ChildPlan& p, int root, int* empty_dir, int null_file, int index) {
    int target = raw::openat_in_root(root, p.masked[static_cast<size_t>(index)], O_PATH);
    if (target == -ENOENT) return {};
    if (target < 0) return report(-target, RunStep::kMasks, index, 0);
    int e = 0;
    if (raw::is_directory(target) != 1) {
        e = cover(null_file, target);
    } else if (*empty_dir >= 0) {
        e = cover(*empty_dir, target);
    } else {
        int tmpfs = empty_tmpfs();
        e = tmpfs < 0 ? -tmpfs : raw::move_mount_fds(tmpfs, target);
        if (e == 0) {
            *empty_dir = tmpfs;
        } else if (tmpfs >= 0) {
            raw::close(tmpfs);
        }
    }
    raw::close(target);
    return e ? report(e, RunStep::kMasks, index, 0) : ChildReport{};
}

ChildReport make_read_only(const ChildPlan& p, int root, int index) {
    int target = raw::openat_in_root(root, p.read_only[static_cast<size_t>(index)], O_PATH);
    if (target == -ENOENT) return {};
    if (target < 0) return report(-target, RunStep::kMasks, index, 1);
    int copy = raw::open_tree(target, "", OPEN_TREE_CLONE | AT_RECURSIVE | AT_EMPTY_PATH);
    int e = copy < 0 ? -copy : 0;
    if (!e) e = raw::mount_setattr(copy, "", AT_EMPTY_PATH | AT_RECURSIVE, MOUNT_ATTR_RDONLY, 0);
    if (!e) e = raw::move_mount_fds(copy, target);
    if (copy >= 0) raw::close(copy);
    raw::close(target);
    return e ? report(e, RunStep::kMasks, index, 1) : ChildReport{};
}

}  // namespace

const char* masked_path(const ChildPlan& p, int index, int detail) {
    if (detail == 0 && index >= 0 && static_cast<size_t>(index) < p.masked.size())
        return p.masked[static_cast<size_t>(index)];
    if (detail == 1 && index >= 0 && static_cast<size_t>(index) < p.read_only.size())
        return p.read_only[static_cast<size_t>(index)];
    return "?";
}

ChildReport mask_proc_and_sys(const ChildPlan& p, int root) {
    int empty = -1;
    int null = raw::open_tree(root, "dev/null", 0);
    ChildReport r;
    if (null < 0) r = report(-null, RunStep::kMasks, -1, 0);
    for (int i = 0; !r.code && i < static_cast<int>(p.masked.size()); ++i)
        r = mask(p, root, &empty, null, i);
    for (int i = 0; !r.code && i < static_cast<int>(p.read_only.size()); ++i)
        r = make_read_only(p, root, i);
    if (null >= 0) raw::close(null);
    if (empty >= 0) raw::close(empty);
    return r;
}

}  // namespace nsctl::sandbox::impl

namespace nsctl::sandbox {

std::span<const char* const> default_masked_paths() { return impl::kMasked; }
std::span<const char* const> default_readonly_paths() { return impl::kReadOnly; }

}  // namespace nsctl::sandbox
