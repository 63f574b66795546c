// SPDX-License-Identifier: GPL-2.0-or-later
// The minimal /dev of `nsctl run`, as the OCI runtime specification's default devices and the
// usual links: everything is made relative to the fd of a tmpfs of our own, which no image can
// have planted a symlink in. Allocation-free: this runs in the child between clone and exec.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <string>

#include "sandbox/run_impl.h"
#include "sys/child_io.h"
#include "sys/mount_api.h"
#include "sys/tty.h"

namespace nsctl::sandbox::impl {
namespace {

namespace raw = sys::raw;

struct Device {
    const char* name;
    unsigned major, minor;
};

// The character devices every process may expect (their numbers are fixed by Linux's
// Documentation/admin-guide/devices.txt).
constexpr Device kDevices[] = {{"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
                               {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};

struct Link {
    const char* target;
    const char* name;
};
constexpr Link kLinks[] = {{"/proc/self/fd", "fd"},
                           {"/proc/self/fd/0", "stdin"},
                           {"/proc/self/fd/1", "stdout"},
                           {"/proc/self/fd/2", "stderr"},
                           {"pts/ptmx", "ptmx"}};

// One device: a node of our own as root; in a user namespace, where mknod is refused, the
// host's node bound on an empty file.
ChildReport make_device(int dev, const Device& d, bool bind, int index) {
    if (!bind) {
        int e = raw::mknodat(dev, d.name, S_IFCHR | 0666, makedev(d.major, d.minor));
        return e ? report(e, RunStep::kDev, index, kDevNode) : ChildReport{};
    }
    int f = raw::openat(dev, d.name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
    if (f < 0) return report(-f, RunStep::kDev, index, kDevNode);
    raw::close(f);
    char host[32] = "/dev/";
    for (int i = 0; d.name[i] != '\0' && i < 20; ++i) host[5 + i] = d.name[i];
    int tree = raw::open_tree(AT_FDCWD, host, OPEN_TREE_CLONE);
    if (tree < 0) return report(-tree, RunStep::kDev, index, kDevBindNode);
    int e = raw::move_mount(tree, "", dev, d.name, MOVE_MOUNT_F_EMPTY_PATH);
    raw::close(tree);
    return e ? report(e, RunStep::kDev, index, kDevBindNode) : ChildReport{};
}

// A new devpts instance on dev/pts (the gid of tty only where it is mapped: as root), and with
// --tty a terminal of it.
ChildReport mount_devpts(const ChildPlan& p, int dev, int* master, int* slave) {
    if (int e = raw::mkdirat(dev, "pts", 0755)) return report(e, RunStep::kDev, 0, kDevDir);
    const char* keys[] = {"newinstance", "ptmxmode", "mode", "gid"};
    const char* values[] = {nullptr, "0666", "0620", "5"};
    const char* bad = nullptr;
    int n = p.new_user ? 3 : 4;
    int mnt =
        raw::new_mount("devpts", keys, values, n, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, &bad);
    if (mnt < 0) return report(-mnt, RunStep::kDevpts);
    int e = raw::move_mount(mnt, "", dev, "pts", MOVE_MOUNT_F_EMPTY_PATH);
    if (e == 0 && p.tty) e = raw::open_pty_pair(mnt, "ptmx", master, slave);
    if (e == 0 && p.tty && p.have_window) e = raw::set_window_size(*slave, p.window);
    raw::close(mnt);
    return e ? report(e, p.tty ? RunStep::kTty : RunStep::kDevpts) : ChildReport{};
}

// A new file system of type fstype, named source, on the directory dev/name (made here). 0 or
// errno.
int mount_in_dev(int dev, const char* name, const char* fstype, const char* const* keys,
                 const char* const* values, int n) {
    const char* bad = nullptr;
    int mnt = raw::new_mount(fstype, keys, values, n,
                             MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, &bad);
    if (mnt < 0) return -mnt;
    int e = raw::move_mount(mnt, "", dev, name, MOVE_MOUNT_F_EMPTY_PATH);
    raw::close(mnt);
    return e;
}

// /dev/shm: a sticky directory of the /dev tmpfs (POSIX shared memory needs a tmpfs directory,
// not a tmpfs of its own: one mount fewer at every start), or a tmpfs named shm when the plan
// says (OCI's). /dev/mqueue: a mqueue file system, when the plan says.
ChildReport make_shm_and_mqueue(const ChildPlan& p, int dev) {
    if (int e = raw::mkdirat(dev, "shm", 01777)) return report(e, RunStep::kDev, 1, kDevDir);
    if (p.shm_mount) {
        const char* keys[] = {"source", "mode", "size"};
        const char* values[] = {"shm", "1777", p.shm_size.c_str()};
        if (int e = mount_in_dev(dev, "shm", "tmpfs", keys, values, p.shm_size.empty() ? 2 : 3))
            return report(e, RunStep::kDev, 1, kDevFs);
    }
    if (!p.mqueue_mount) return {};
    if (int e = raw::mkdirat(dev, "mqueue", 01777)) return report(e, RunStep::kDev, 2, kDevDir);
    if (int e = mount_in_dev(dev, "mqueue", "mqueue", nullptr, nullptr, 0))
        return report(e, RunStep::kDev, 2, kDevFs);
    return {};
}

ChildReport fill_dev(const ChildPlan& p, int dev, int* master, int* slave) {
    int i = 0;
    for (const Device& d : kDevices) {
        ChildReport r = make_device(dev, d, p.new_user, i++);
        if (r.code) return r;
    }
    ChildReport r = mount_devpts(p, dev, master, slave);
    if (!r.code) r = make_shm_and_mqueue(p, dev);
    if (r.code) return r;
    i = 0;
    for (const Link& l : kLinks) {
        if (int e = raw::symlinkat(l.target, dev, l.name))
            return report(e, RunStep::kDev, i, kDevLink);
        ++i;
    }
    return {};
}

}  // namespace

std::string dev_step_message(int detail, int index) {
    auto at = [&](const char* name) { return std::string("/dev/") + name; };
    switch (detail) {
        case kDevNode:
            return "mknod " + at(kDevices[index].name);
        case kDevBindNode:
            return "bind /dev/" + std::string(kDevices[index].name) + " on " +
                   at(kDevices[index].name);
        case kDevLink:
            return "symlink " + at(kLinks[index].name);
        case kDevDir:
            return "mkdir " + at(index == 0 ? "pts" : index == 1 ? "shm" : "mqueue");
        case kDevFs:
            return index == 1 ? "mount tmpfs on /dev/shm" : "mount mqueue on /dev/mqueue";
        default:
            return "mount tmpfs on /dev";
    }
}

ChildReport mount_dev(const ChildPlan& p, int root, int* pty_master, int* pty_slave) {
    const char* keys[] = {"mode"};
    const char* values[] = {"0755"};
    const char* bad = nullptr;
    int dev = raw::new_mount("tmpfs", keys, values, 1, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, &bad);
    if (dev < 0) return report(-dev, RunStep::kDev, 0, kDevTmpfs);
    int point = raw::openat_in_root(root, "/dev", O_PATH | O_DIRECTORY);
    ChildReport r;
    if (point < 0) {
        r = report(-point, RunStep::kMountPoint, -1, 2);
    } else {
        int e = raw::move_mount_fds(dev, point);
        raw::close(point);
        r = e ? report(e, RunStep::kDev, 0, kDevTmpfs) : fill_dev(p, dev, pty_master, pty_slave);
    }
    raw::close(dev);
    return r;
}

}  // namespace nsctl::sandbox::impl
