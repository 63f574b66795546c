// SPDX-License-Identifier: GPL-2.0-or-later
// persist: whether a namespace can be bound onto a file (unshare --net=FILE, nsctl netns add):
// the file exists, is no directory, and the mount holding it does not have shared propagation
// (a mount namespace cannot be bound in a shared mount; any other would propagate to its peers).
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "doctor/util.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/linux_compat.h"

namespace nsctl::doctor {
namespace {

std::string parent_of(const std::string& file) {
    size_t slash = file.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : file.substr(0, slash);
}

std::string resolved(const std::string& path) {
    char buf[PATH_MAX];
    return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

// The mount namespace's 64-bit id (NS_GET_ID), for the ordering rule; "" when unknown.
std::string mnt_ns_id(const Roots& roots) {
    auto fd = sys::open((roots.proc + "/self/ns/mnt").c_str(), O_RDONLY);
    uint64_t id = 0;
    if (!fd || !sys::ioctl(fd->get(), NS_GET_ID, &id)) return "";
    return std::to_string(id);
}

// Creates the file and removes it again: true when it did not exist. Error: cannot be created.
Result<bool> probe_create(const std::string& file) {
    if (path_exists(file)) return false;
    auto fd = sys::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (!fd) return Error{fd.error().code, "--persist " + file + ": cannot be created"};
    (void)sys::unlinkat(AT_FDCWD, file.c_str(), 0);
    return true;
}

std::optional<Finding> shared_finding(const std::vector<MountLine>& mounts, const std::string& file,
                                      const std::string& dir) {
    auto holder = mount_holding(mounts, dir);
    if (!holder || holder->fields.find("shared:") == std::string::npos) return std::nullopt;
    const std::string& point = holder->point;
    // A private bind of the file's own directory leaves the rest of the mount as it is; at the
    // mount point itself, the mount is made private.
    std::string fix = dir == point
                          ? "mount --make-private " + point
                          : "mount --bind " + dir + " " + dir + " && mount --make-private " + dir;
    return fail("persist",
                "the mount holding " + file + " (" + point +
                    ") has shared propagation: a mount namespace cannot be bound there, and any "
                    "other binding would propagate to its peers",
                fix);
}

}  // namespace

Result<std::vector<Finding>> check_persist(const Roots& roots, const std::string& file) {
    bool absent = NSCTL_TRY(probe_create(file));
    auto st = sys::fstatat(AT_FDCWD, file.c_str(), 0);
    if (st && S_ISDIR(st->st_mode))
        return std::vector<Finding>{fail("persist",
                                         file + " is a directory: a namespace is "
                                                "bound onto a file",
                                         "touch " + file + "/ns  (and bind onto that)")};
    std::string dir = resolved(parent_of(file));
    auto mounts = parse_mountinfo(read_text(roots.proc + "/self/mountinfo"));
    if (auto shared = shared_finding(mounts, file, dir)) return std::vector<Finding>{*shared};
    auto holder = mount_holding(mounts, dir);
    std::string point = holder ? holder->point : "/";
    std::string id = mnt_ns_id(roots);
    std::string order = id.empty() ? ""
                                   : "; a mount namespace bound there must be newer than "
                                     "this one (id " +
                                         id + "): the kernel refuses loops";
    if (absent)
        return std::vector<Finding>{warn("persist",
                                         file + " does not exist but can be created; its mount " +
                                             point + " is not shared" + order,
                                         "touch " + file)};
    return std::vector<Finding>{
        ok("persist", file + " exists; its mount " + point + " is not shared" + order)};
}

}  // namespace nsctl::doctor
