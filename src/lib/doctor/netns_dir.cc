// SPDX-License-Identifier: GPL-2.0-or-later
// netns.*: the named network namespaces of /run/netns (ip-netns(8)): the directory's mount
// propagation, and names whose file is no longer a namespace mount (a crashed script's leftovers:
// `ip netns exec NAME` and `nsctl -n NAME` fail on them).
#include <fcntl.h>

#include <algorithm>
#include <cstring>

#include "doctor/util.h"
#include "sys/dirents.h"
#include "sys/enter_calls.h"
#include "sys/fd.h"

namespace nsctl::doctor {
namespace {

std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> names;
    auto fd = sys::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (!fd) return names;
    (void)sys::for_each_dirent(fd->get(), [&](const char* name) {
        if (std::strcmp(name, ".") != 0 && std::strcmp(name, "..") != 0) names.emplace_back(name);
    });
    std::sort(names.begin(), names.end());
    return names;
}

bool is_mount_point(const std::vector<MountLine>& mounts, const std::string& path) {
    return std::any_of(mounts.begin(), mounts.end(),
                       [&](const MountLine& m) { return m.point == path; });
}

Finding dir_finding(const Roots& roots, const std::vector<MountLine>& mounts, size_t count) {
    const std::string& dir = roots.run_netns;
    std::string names = std::to_string(count) + (count == 1 ? " name" : " names");
    auto self = std::find_if(mounts.rbegin(), mounts.rend(),
                             [&](const MountLine& m) { return m.point == dir; });
    if (self == mounts.rend())
        return ok("netns.dir", dir + ": " + names +
                                   "; not a mount point yet (the first netns add makes it a "
                                   "shared one)");
    if (self->fields.find("shared:") != std::string::npos)
        return ok("netns.dir", dir + ": " + names +
                                   "; a mount point with shared propagation (names reach the "
                                   "other mount namespaces)");
    return warn("netns.dir",
                dir + ": " + names +
                    "; a mount point without shared propagation: names added in another mount "
                    "namespace do not appear here, nor these there",
                "mount --make-shared " + dir);
}

}  // namespace

std::vector<Finding> check_netns_dir(const Roots& roots) {
    const std::string& dir = roots.run_netns;
    if (!path_exists(dir))
        return {ok("netns.dir", "no " + dir + ": no named network namespaces"),
                ok("netns.stale", "no " + dir + ": nothing stale")};
    auto mounts = parse_mountinfo(read_text(roots.proc + "/self/mountinfo"));
    auto names = entries(dir);
    std::vector<Finding> out = {dir_finding(roots, mounts, names.size())};
    for (const auto& name : names) {
        std::string path = dir + "/" + name;
        auto type = sys::statfs_type(path.c_str());
        if (type && *type == sys::kNsfsMagic) continue;
        bool mounted = is_mount_point(mounts, path);
        out.push_back(fail(
            "netns.stale",
            path + " is no network namespace mount" +
                (mounted ? " (something else is mounted there)" : " (a plain file left behind)"),
            mounted ? "umount " + path + " && rm " + path : "rm " + path));
    }
    if (out.size() == 1)
        out.push_back(ok("netns.stale", "every name in " + dir + " is a namespace mount"));
    return out;
}

}  // namespace nsctl::doctor
