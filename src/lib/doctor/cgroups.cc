// SPDX-License-Identifier: GPL-2.0-or-later
// cgroup.*: which hierarchies are mounted (v1, hybrid or v2), which controllers each offers, and
// whether the caller may make cgroups of its own (the question rootless limits depend on).
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <string_view>

#include "base/parse.h"
#include "doctor/util.h"
#include "sys/fd.h"

namespace nsctl::doctor {
namespace {

constexpr std::string_view kV1Controllers[] = {
    "blkio",  "cpu",     "cpuacct",  "cpuset",     "devices", "freezer", "hugetlb",
    "memory", "net_cls", "net_prio", "perf_event", "pids",    "rdma",    "misc"};

struct Hierarchies {
    std::vector<MountLine> v1;
    std::optional<MountLine> v2;
};

Hierarchies find_hierarchies(const Roots& roots) {
    Hierarchies h;
    for (auto& m : parse_mountinfo(read_text(roots.proc + "/self/mountinfo"))) {
        if (m.fstype == "cgroup") h.v1.push_back(m);
        // The cgroup2 mount at the roots' own place wins over any other (a bind elsewhere).
        if (m.fstype == "cgroup2" && (!h.v2 || m.point == roots.cgroup)) h.v2 = m;
    }
    return h;
}

std::vector<std::string> v1_controllers(const Hierarchies& h) {
    std::vector<std::string> names;
    for (const auto& m : h.v1) {
        for (auto opt : split(m.super_options, ',')) {
            bool known = std::find(std::begin(kV1Controllers), std::end(kV1Controllers), opt) !=
                         std::end(kV1Controllers);
            if (known) names.emplace_back(opt);
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

Finding layout(const Hierarchies& h) {
    if (h.v1.empty() && !h.v2)
        return fail("cgroup.layout", "no cgroup file system is mounted",
                    "mount -t cgroup2 cgroup2 /sys/fs/cgroup");
    if (h.v1.empty()) return ok("cgroup.layout", "v2 (unified) on " + h.v2->point);
    if (!h.v2) return ok("cgroup.layout", "v1: " + std::to_string(h.v1.size()) + " hierarchies");
    return ok("cgroup.layout", "hybrid: " + std::to_string(h.v1.size()) +
                                   " v1 hierarchies, and cgroup2 on " + h.v2->point);
}

Finding controllers(const Hierarchies& h) {
    std::vector<std::string> parts;
    auto v1 = v1_controllers(h);
    if (!v1.empty()) parts.push_back("v1: " + joined(v1));
    if (h.v2) {
        auto v2 = read_text(h.v2->point + "/cgroup.controllers");
        while (!v2.empty() && v2.back() == '\n') v2.pop_back();
        parts.push_back("v2 (" + h.v2->point + "): " + (v2.empty() ? "none" : v2));
    }
    if (v1.empty() && (!h.v2 || parts.back().ends_with("none")))
        return warn("cgroup.controllers", "no controller is available",
                    "boot with cgroup_enable=memory,pids (or check cgroup_disable= on the "
                    "kernel command line)");
    std::string detail;
    for (const auto& p : parts) detail += (detail.empty() ? "" : "; ") + p;
    return ok("cgroup.controllers", detail);
}

// The caller's own cgroup2 directory, from the "0::/path" line of /proc/self/cgroup.
std::string own_v2_dir(const Roots& roots, const MountLine& v2) {
    const std::string text = read_text(roots.proc + "/self/cgroup");  // outlives the views
    for (auto line : split(text, '\n')) {
        if (line.substr(0, 3) != "0::") continue;
        std::string path(line.substr(3));
        // Below the mount's root: a cgroup namespace or a bind shows only part of the tree.
        if (v2.root != "/" && path.compare(0, v2.root.size(), v2.root) == 0)
            path = path.substr(v2.root.size());
        return v2.point + (path == "/" ? "" : path);
    }
    return v2.point;
}

Finding delegation(const Roots& roots, const Hierarchies& h, uid_t euid) {
    if (euid == 0) return ok("cgroup.delegation", "root: can make cgroups in every hierarchy");
    if (!h.v2)
        return warn("cgroup.delegation",
                    "no cgroup2 hierarchy: cgroups are delegated to users only in v2",
                    "boot with systemd.unified_cgroup_hierarchy=1");
    std::string dir = own_v2_dir(roots, *h.v2);
    auto st = sys::fstatat(AT_FDCWD, (dir + "/cgroup.procs").c_str(), 0);
    if (st && st->st_uid == euid)
        return ok("cgroup.delegation", dir + " is delegated to you (you own its cgroup.procs)");
    std::string owner = st ? "uid " + std::to_string(st->st_uid) : "no one it can see";
    std::string detail = "your cgroup " + dir + " belongs to " + owner +
                         ": you cannot make cgroups of your own (rootless limits need them)";
    // The root cgroup is never handed to a user: a scope of the user's systemd is.
    if (dir == h.v2->point)
        return warn("cgroup.delegation", detail,
                    "systemd-run --user --scope -p Delegate=yes nsctl run ...");
    return warn("cgroup.delegation", detail, "chown -R " + std::to_string(euid) + " " + dir);
}

// The words of a cgroup.controllers file.
std::vector<std::string> controller_words(const std::string& path) {
    std::vector<std::string> out;
    const std::string text = read_text(path);  // outlives the views
    for (auto w : split(text, ' ')) {
        while (!w.empty() && w.back() == '\n') w.remove_suffix(1);
        if (!w.empty()) out.emplace_back(w);
    }
    return out;
}

bool listed(const std::vector<std::string>& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// cgroup.limits: whether nsctl run's --memory, --pids and --cpus can work for the caller. As
// root each controller must be mounted somewhere; rootless each must be in the cgroup.controllers
// of the caller's delegated cgroup2 directory (a controller bound to a v1 hierarchy is never
// delegated to a user).
Finding limits(const Roots& roots, const Hierarchies& h, uid_t euid, const Finding& delegated) {
    static constexpr std::string_view kNeeded[] = {"memory", "pids", "cpu"};
    auto v1 = v1_controllers(h);
    std::vector<std::string> v2;
    if (h.v2)
        v2 = controller_words((euid == 0 ? h.v2->point : own_v2_dir(roots, *h.v2)) +
                              "/cgroup.controllers");
    std::vector<std::string> missing;
    bool on_v1 = false;
    for (auto c : kNeeded) {
        bool here = listed(v2, c) || (euid == 0 && listed(v1, c));
        if (!here) missing.emplace_back(c);
        if (!here && listed(v1, c)) on_v1 = true;
    }
    if (missing.empty())
        return ok("cgroup.limits", std::string(euid == 0 ? "as root" : "in your delegated cgroup") +
                                       ": memory, pids and cpu for --memory, --pids, --cpus");
    std::string what = joined(missing);
    if (euid != 0 && delegated.status != Status::kOk)
        return warn("cgroup.limits", "rootless --memory, --pids and --cpus need a delegated cgroup",
                    delegated.fix);
    if (euid != 0 && on_v1)
        return warn("cgroup.limits",
                    "no " + what + " in your cgroup: on a v1 hierarchy, never delegated to a user",
                    "boot with systemd.unified_cgroup_hierarchy=1");
    if (euid != 0) {
        std::string dir = own_v2_dir(roots, *h.v2);
        std::string parent = dir.substr(0, dir.rfind('/'));
        std::string plus;
        for (const auto& c : missing) plus += (plus.empty() ? "+" : " +") + c;
        return warn("cgroup.limits", "no " + what + " in your cgroup " + dir,
                    "as root: echo '" + plus + "' > " + parent + "/cgroup.subtree_control");
    }
    return warn("cgroup.limits", "no hierarchy offers " + what,
                "boot a kernel with the " + what +
                    " controller (and no cgroup_disable=" + missing[0] + ")");
}

}  // namespace

std::vector<Finding> check_cgroups(const Roots& roots, uid_t euid) {
    Hierarchies h = find_hierarchies(roots);
    Finding delegated = delegation(roots, h, euid);
    Finding usable = limits(roots, h, euid, delegated);
    return {layout(h), controllers(h), std::move(delegated), std::move(usable)};
}

}  // namespace nsctl::doctor
