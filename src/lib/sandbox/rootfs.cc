// SPDX-License-Identifier: GPL-2.0-or-later
// The new root of `nsctl run`, built in the child's own mount namespace: a detached copy of the
// root directory tree (or an overlay over it), attached, read-only; /proc, /dev and /sys; the
// caller's binds and tmpfs mounts; then pivot_root into it. Every path inside the new root is
// looked up with openat2(RESOLVE_IN_ROOT) from an fd of that root, and every mount lands on the
// fd found, so a symlink in the image (/proc -> /host/proc, a bind target swapped for a link
// while we work) can never send a mount outside the new root. Allocation-free: this runs in the
// child between clone and exec.
#include <fcntl.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sandbox/run_impl.h"
#include "sys/child_io.h"
#include "sys/mount_api.h"
#include "sys/mounts.h"
#include "sys/process.h"
#include "sys/tty.h"

namespace nsctl::sandbox::impl {
namespace {

namespace raw = sys::raw;

constexpr unsigned kNoSuidDevExec = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;

// An fd owned by this frame, closed when it ends (raw: the child has no UniqueFd policy to
// follow, but it must not keep fds of the host open in the reaper).
struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd >= 0) raw::close(fd);
    }
    bool ok() const { return fd >= 0; }
};

// An empty file name in dirfd, made for a file to be bound on. 0 or errno.
int create_file(int dirfd, const char* name) {
    int fd = raw::openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
    return fd >= 0 ? raw::close(fd) : -fd;
}

// Makes one missing path component inside root: prefix is the path up to it, absolute. A
// directory, or an empty file when !directory. 0 or errno; EEXIST is no error (mkdirat does not
// follow a symlink there: the lookup that follows resolves it inside root).
int make_component(int root, char* prefix, bool directory) {
    char* slash = std::strrchr(prefix, '/');
    if (slash == nullptr) return EINVAL;
    Fd resolved;
    int parent = root;
    if (slash != prefix) {
        *slash = '\0';
        resolved.fd = raw::openat_in_root(root, prefix, O_PATH | O_DIRECTORY);
        *slash = '/';
        if (!resolved.ok()) return -resolved.fd;
        parent = resolved.fd;
    }
    int err = directory ? raw::mkdirat(parent, slash + 1, 0755) : create_file(parent, slash + 1);
    return err == EEXIST ? 0 : err;
}

// Opens the mount point path inside root (O_PATH), making it and its missing parents first when
// create is set. The fd, or -errno.
int open_mount_point(int root, const char* path, bool directory, bool create) {
    int flags = O_PATH | (directory ? O_DIRECTORY : 0);
    int fd = raw::openat_in_root(root, path, flags);
    if (fd != -ENOENT || !create) return fd;
    char buf[PATH_MAX];
    size_t len = std::strlen(path);
    if (len >= sizeof(buf)) return -ENAMETOOLONG;
    std::memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; ++i) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char saved = buf[i];
        buf[i] = '\0';
        int err = make_component(root, buf, saved == '/' || directory);
        buf[i] = saved;
        if (err) return -err;
    }
    return raw::openat_in_root(root, path, flags);
}

// Attaches the detached mount mnt on the mount point path inside root. 0 or errno.
int attach(int root, const char* path, bool directory, bool create, int mnt, int* point_err) {
    Fd point(open_mount_point(root, path, directory, create));
    if (!point.ok()) {
        *point_err = -point.fd;
        return 0;
    }
    *point_err = 0;
    return raw::move_mount_fds(mnt, point.fd);
}

// The overlay of --overlay/--overlay-dir over the tree lower: its mount fd, or a report.
ChildReport make_overlay(const ChildPlan& p, int lower, int* out) {
    // The tmpfs's own fd stays open until the overlay is made: a detached mount dissolves when
    // its last fd closes, and fds of its directories do not keep it.
    Fd tmp, upper, work;
    if (p.overlay == Overlay::kDiscard) {
        const char* keys[] = {"mode"};
        const char* values[] = {"0700"};
        const char* bad = nullptr;
        tmp.fd = raw::new_mount("tmpfs", keys, values, 1, 0, &bad);
        if (!tmp.ok()) return report(-tmp.fd, RunStep::kOverlay, 0, 0);
        if (int e = raw::mkdirat(tmp.fd, "upper", 0755)) return report(e, RunStep::kOverlay, 0, 1);
        if (int e = raw::mkdirat(tmp.fd, "work", 0700)) return report(e, RunStep::kOverlay, 0, 1);
        upper.fd = raw::openat(tmp.fd, "upper", O_PATH | O_DIRECTORY);
        work.fd = raw::openat(tmp.fd, "work", O_PATH | O_DIRECTORY);
    } else {
        upper.fd = raw::open(p.upper_dir.c_str(), O_PATH | O_DIRECTORY);
        work.fd = raw::open(p.work_dir.c_str(), O_PATH | O_DIRECTORY);
    }
    if (!upper.ok()) return report(-upper.fd, RunStep::kOverlay, 0, 2);
    if (!work.ok()) return report(-work.fd, RunStep::kOverlay, 0, 3);
    Fd fs(raw::fsopen("overlay"));
    if (!fs.ok()) return report(-fs.fd, RunStep::kOverlay, 0, 4);
    int err = raw::fsconfig_set_fd(fs.fd, "lowerdir+", lower);
    if (!err) err = raw::fsconfig_set_fd(fs.fd, "upperdir", upper.fd);
    if (!err) err = raw::fsconfig_set_fd(fs.fd, "workdir", work.fd);
    if (!err) err = raw::fsconfig_create(fs.fd);
    if (err) return report(err, RunStep::kOverlay, 0, 4);
    int mnt = raw::fsmount(fs.fd, 0);
    if (mnt < 0) return report(-mnt, RunStep::kOverlay, 0, 4);
    *out = mnt;
    return {};
}

// The copy of the root directory tree (or the overlay over it), attached over itself: its fd.
ChildReport make_root(const ChildPlan& p, int* root) {
    Fd tree(raw::open_tree(AT_FDCWD, p.rootfs.c_str(), OPEN_TREE_CLONE | AT_RECURSIVE));
    if (!tree.ok()) return report(-tree.fd, RunStep::kRootfs);
    if (p.overlay != Overlay::kNone) {
        int ovl = -1;
        ChildReport r = make_overlay(p, tree.fd, &ovl);
        if (r.code) return r;
        raw::close(tree.fd);
        tree.fd = ovl;
    }
    // Over the directory it came from, in our own mount namespace: pivot_root needs the new
    // root attached, and this is a place every caller can name.
    if (int e = raw::move_mount(tree.fd, "", AT_FDCWD, p.rootfs.c_str(), MOVE_MOUNT_F_EMPTY_PATH))
        return report(e, RunStep::kAttachRoot);
    *root = tree.fd;
    tree.fd = -1;
    return {};
}

// Mount points that may be made and must be made while the root is still writable.
ChildReport make_early_points(const ChildPlan& p, int root) {
    if (p.create_system_points) {
        const char* points[] = {"/proc", "/dev", "/sys"};
        for (int i = 0; i < 3; ++i) {
            Fd fd(open_mount_point(root, points[i], true, true));
            if (!fd.ok()) return report(-fd.fd, RunStep::kMountPoint, -1, i + 1);
        }
    }
    for (size_t i = 0; i < p.mounts.size(); ++i) {
        const PlannedMount& m = p.mounts[i];
        if (!m.early) continue;
        Fd fd(open_mount_point(root, m.target.c_str(), m.directory, true));
        if (!fd.ok()) return report(-fd.fd, RunStep::kMountPoint, static_cast<int>(i));
    }
    return {};
}

// A new proc of the sandbox's PID namespace. With --share pid in a user namespace the kernel
// refuses one (the PID namespace belongs to the host's user namespace): the host's /proc then,
// as it is.
ChildReport mount_proc(const ChildPlan& p, int root) {
    const char* bad = nullptr;
    Fd mnt(raw::new_mount("proc", nullptr, nullptr, 0, kNoSuidDevExec, &bad));
    if (mnt.fd == -EPERM && !p.new_pid)
        mnt.fd = raw::open_tree(AT_FDCWD, "/proc", OPEN_TREE_CLONE | AT_RECURSIVE);
    if (!mnt.ok()) return report(-mnt.fd, RunStep::kProc);
    int point_err = 0;
    int err = attach(root, "/proc", true, p.create_system_points, mnt.fd, &point_err);
    if (point_err) return report(point_err, RunStep::kMountPoint, -1, 1);
    return err ? report(err, RunStep::kProc) : ChildReport{};
}

// A read-only sysfs of our network namespace; where the kernel refuses one (a user namespace
// that does not own the network namespace: --share net), a read-only copy of the host's /sys.
ChildReport mount_sys(const ChildPlan& p, int root) {
    const char* bad = nullptr;
    Fd mnt(raw::new_mount("sysfs", nullptr, nullptr, 0, kNoSuidDevExec | MOUNT_ATTR_RDONLY, &bad));
    if (!mnt.ok() && (mnt.fd == -EPERM || mnt.fd == -EACCES)) {
        mnt.fd = raw::open_tree(AT_FDCWD, "/sys", OPEN_TREE_CLONE | AT_RECURSIVE);
        if (mnt.ok()) {
            int e =
                raw::mount_setattr(mnt.fd, "", AT_EMPTY_PATH | AT_RECURSIVE, MOUNT_ATTR_RDONLY, 0);
            if (e) return report(e, RunStep::kSys);
        }
    }
    if (!mnt.ok()) return report(-mnt.fd, RunStep::kSys);
    int point_err = 0;
    int err = attach(root, "/sys", true, p.create_system_points, mnt.fd, &point_err);
    if (point_err) return report(point_err, RunStep::kMountPoint, -1, 3);
    return err ? report(err, RunStep::kSys) : ChildReport{};
}

ChildReport mount_one(const PlannedMount& m, int root, int index) {
    Fd mnt;
    RunStep step = m.kind == PlannedMount::Kind::kBind ? RunStep::kBind : RunStep::kTmpfs;
    if (m.kind == PlannedMount::Kind::kBind) {
        mnt.fd = raw::open_tree(AT_FDCWD, m.source.c_str(), OPEN_TREE_CLONE | AT_RECURSIVE);
        if (mnt.ok() && m.read_only) {
            int e =
                raw::mount_setattr(mnt.fd, "", AT_EMPTY_PATH | AT_RECURSIVE, MOUNT_ATTR_RDONLY, 0);
            if (e) return report(e, step, index, 1);
        }
    } else {
        const char* keys[] = {"size"};
        const char* values[] = {m.options.c_str()};
        const char* bad = nullptr;
        int n = m.options.empty() ? 0 : 1;
        mnt.fd =
            raw::new_mount("tmpfs", keys, values, n, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, &bad);
    }
    if (!mnt.ok()) return report(-mnt.fd, step, index);
    int point_err = 0;
    int err = attach(root, m.target.c_str(), m.directory, m.create, mnt.fd, &point_err);
    if (point_err) return report(point_err, RunStep::kMountPoint, index);
    return err ? report(err, step, index, 2) : ChildReport{};
}

// --dns: a resolv.conf of the sandbox's own, on a small tmpfs, bound read-only over
// /etc/resolv.conf (whatever that is in the image: a symlink is followed inside the new root).
ChildReport mount_resolv_conf(const ChildPlan& p, int root) {
    const char* keys[] = {"mode", "size"};
    const char* values[] = {"0755", "16k"};
    const char* bad = nullptr;
    Fd tmp(raw::new_mount("tmpfs", keys, values, 2, kNoSuidDevExec, &bad));
    if (!tmp.ok()) return report(-tmp.fd, RunStep::kDns, 0, 0);
    Fd file(raw::openat(tmp.fd, "resolv.conf", O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (!file.ok()) return report(-file.fd, RunStep::kDns, 0, 0);
    if (int e = raw::write_all(file.fd, p.resolv_conf.data(), p.resolv_conf.size()))
        return report(e, RunStep::kDns, 0, 0);
    Fd copy(raw::open_tree(tmp.fd, "resolv.conf", OPEN_TREE_CLONE));
    if (!copy.ok()) return report(-copy.fd, RunStep::kDns, 0, 1);
    if (int e = raw::mount_setattr(copy.fd, "", AT_EMPTY_PATH, MOUNT_ATTR_RDONLY, 0))
        return report(e, RunStep::kDns, 0, 1);
    int point_err = 0;
    int err = attach(root, "/etc/resolv.conf", false, p.create_resolv_conf, copy.fd, &point_err);
    if (point_err) return report(point_err, RunStep::kDns, 0, 2);
    return err ? report(err, RunStep::kDns, 0, 1) : ChildReport{};
}

// pivot_root(".", ".") from inside the new root stacks the old root on top of it; detaching
// that leaves the new root alone (pivot_root(2), "NOTES").
ChildReport pivot(int root, int wd) {
    if (int e = raw::fchdir(root)) return report(e, RunStep::kPivotRoot);
    if (int e = raw::pivot_root(".", ".")) return report(e, RunStep::kPivotRoot);
    if (int e = raw::umount2(".", MNT_DETACH)) return report(e, RunStep::kOldRoot);
    int e = wd >= 0 ? raw::fchdir(wd) : raw::chdir("/");
    return e ? report(e, RunStep::kChdir) : ChildReport{};
}

}  // namespace

ChildReport setup_root(const ChildPlan& p, int* pty_master, int* pty_slave) {
    // Nothing we mount reaches the host; what the host unmounts goes from our copy too. A mount
    // namespace made with a new user namespace has every shared mount reduced to a slave by the
    // kernel already (mount_namespaces(7), "less privileged" namespaces).
    if (!p.new_user) {
        if (int e = raw::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr))
            return report(e, RunStep::kPropagation);
    }
    Fd root;
    ChildReport r = make_root(p, &root.fd);
    if (!r.code) r = make_early_points(p, root.fd);
    if (r.code) return r;
    // No device node of the image (or of the host's tree) opens: an image can carry any, and
    // no device cgroup stands behind them here. /dev, mounted next, is a mount of its own.
    unsigned attrs = MOUNT_ATTR_NODEV | (p.read_only_root ? MOUNT_ATTR_RDONLY : 0);
    if (int e = raw::mount_setattr(root.fd, "", AT_EMPTY_PATH | AT_RECURSIVE, attrs, 0))
        return report(e, RunStep::kReadOnlyRoot);
    r = mount_proc(p, root.fd);
    if (!r.code) r = mount_dev(p, root.fd, pty_master, pty_slave);
    if (!r.code) r = mount_sys(p, root.fd);
    if (!r.code && !p.masks_after_mounts) r = mask_proc_and_sys(p, root.fd);
    for (size_t i = 0; i < p.mounts.size() && !r.code; ++i)
        r = mount_one(p.mounts[i], root.fd, static_cast<int>(i));
    if (!r.code && p.masks_after_mounts) r = mask_proc_and_sys(p, root.fd);
    if (!r.code && !p.resolv_conf.empty()) r = mount_resolv_conf(p, root.fd);
    if (r.code) return r;
    Fd wd(raw::openat_in_root(root.fd, p.chdir.c_str(), O_PATH | O_DIRECTORY));
    if (!wd.ok() && !p.chdir_fallback) return report(-wd.fd, RunStep::kChdir);
    return pivot(root.fd, wd.fd);
}

}  // namespace nsctl::sandbox::impl
