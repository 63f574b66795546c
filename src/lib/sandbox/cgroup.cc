// SPDX-License-Identifier: GPL-2.0-or-later
// cgroups(7): a sandbox's limits go where each controller is mounted. On cgroup v2 one directory
// holds them all (memory.max, pids.max, cpu.max, cpu.weight) and the child is born in it
// (clone3 CLONE_INTO_CGROUP); on cgroup v1 each controller has a hierarchy of its own
// (memory.limit_in_bytes, pids.max, cpu.cfs_quota_us, cpu.shares) and the child joins it by
// itself before it runs anything. Directories are made below the caller's own cgroup, so that a
// caller limited itself stays limited.
#include "sandbox/cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "base/parse.h"
#include "ns/mountinfo.h"
#include "ns/procfs.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/process.h"

namespace nsctl::sandbox {
namespace {

constexpr std::string_view kPrefix = "nsctl-";

struct Hierarchy {
    std::string mount;                     ///< where it is mounted
    std::vector<std::string> controllers;  ///< v1: from the super options; v2: cgroup.controllers
    bool v2 = false;
    std::string own;  ///< our cgroup's path in it ("/" or "/a/b"), from /proc/self/cgroup
};

std::vector<std::string> words(std::string_view text, char sep) {
    std::vector<std::string> out;
    for (auto w : split(text, sep))
        if (!w.empty() && w != "\n") out.emplace_back(w);
    return out;
}

// The cgroup and cgroup2 mounts of mountinfo.
std::vector<Hierarchy> mounted(const std::string& mountinfo) {
    std::vector<Hierarchy> out;
    for (auto line : split(mountinfo, '\n')) {
        size_t dash = line.find(" - ");
        if (dash == std::string_view::npos) continue;
        auto head = split(line.substr(0, dash), ' ');
        auto tail = split(line.substr(dash + 3), ' ');
        if (head.size() < 5 || tail.size() < 3) continue;
        Hierarchy h;
        h.mount = ns::unescape_mountinfo(head[4]);
        if (tail[0] == "cgroup2") {
            h.v2 = true;
        } else if (tail[0] == "cgroup") {
            for (const auto& opt : words(tail[2], ','))
                if (opt != "rw" && opt != "ro" && opt.find('=') == std::string::npos)
                    h.controllers.push_back(opt);
        } else {
            continue;
        }
        out.push_back(std::move(h));
    }
    return out;
}

// Fills own from /proc/self/cgroup ("ID:CONTROLLERS:PATH"; v2 is "0::PATH").
void find_own(std::vector<Hierarchy>& hierarchies, const std::string& cgroup) {
    for (auto line : split(cgroup, '\n')) {
        auto f = split(line, ':');
        if (f.size() < 3) continue;
        std::string path(line.substr(f[0].size() + f[1].size() + 2));
        auto ctrls = words(f[1], ',');
        for (auto& h : hierarchies) {
            if (h.v2 && f[1].empty()) h.own = path;
            if (!h.v2 && !ctrls.empty() && ctrls == h.controllers) h.own = path;
        }
    }
}

std::string dir_of(const Hierarchy& h) { return h.mount + (h.own == "/" ? "" : h.own); }

bool has(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

Result<void> write_text(const std::string& path, const std::string& text) {
    auto fd = sys::open(path.c_str(), O_WRONLY | O_TRUNC);
    if (!fd) return fd.error();
    auto n = sys::write(fd->get(), text.data(), text.size());
    if (!n) return Error{n.error().code, "write " + path + " " + text};
    return {};
}

// nsctl-PID-START: is that process, started then, still there?
bool owner_alive(std::string_view name) {
    auto parts = split(name.substr(kPrefix.size()), '-');
    if (parts.size() != 2) return true;  // not ours to judge
    auto pid = parse_pid(parts[0]);
    if (!pid) return true;
    return ns::process_starttime(*pid) == parts[1];
}

// Removes the empty nsctl-* directories of dead owners in dir: what an nsctl killed by SIGKILL
// left (rmdir fails on a cgroup that still has processes, so a running sandbox is safe).
void clean_leftovers(const std::string& dir) {
    auto fd = sys::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (!fd) return;
    std::vector<std::string> stale;
    (void)sys::for_each_dirent(fd->get(), [&](const char* n) {
        std::string_view name(n);
        if (name.starts_with(kPrefix) && !owner_alive(name)) stale.emplace_back(name);
    });
    for (const auto& name : stale) (void)sys::rmdir((dir + "/" + name).c_str());
}

// The limits of one directory, as files and values.
std::vector<std::pair<std::string, std::string>> settings(const CgroupLimits& l, bool v2,
                                                          const std::vector<std::string>& ctrls) {
    std::vector<std::pair<std::string, std::string>> out;
    if (l.memory && has(ctrls, "memory"))
        out.emplace_back(v2 ? "memory.max" : "memory.limit_in_bytes", std::to_string(*l.memory));
    if (l.pids && has(ctrls, "pids")) out.emplace_back("pids.max", std::to_string(*l.pids));
    if (l.cpus && has(ctrls, "cpu")) {
        constexpr uint64_t kPeriod = 100000;
        // Rounded by hand: llround(3) would link libm into every start of nsctl.
        auto quota = static_cast<uint64_t>(*l.cpus * kPeriod + 0.5);
        if (v2) {
            out.emplace_back("cpu.max", std::to_string(quota) + " " + std::to_string(kPeriod));
        } else {
            out.emplace_back("cpu.cfs_period_us", std::to_string(kPeriod));
            out.emplace_back("cpu.cfs_quota_us", std::to_string(quota));
        }
    }
    if (l.cpu_weight && has(ctrls, "cpu")) {
        // v1's shares run 2..262144 with 1024 the default; v2's weight 1..10000 with 100.
        uint64_t shares = std::max<uint64_t>(2, uint64_t{*l.cpu_weight} * 1024 / 100);
        out.emplace_back(v2 ? "cpu.weight" : "cpu.shares",
                         std::to_string(v2 ? *l.cpu_weight : shares));
    }
    return out;
}

std::vector<std::string> wanted(const CgroupLimits& l) {
    std::vector<std::string> out;
    if (l.memory) out.emplace_back("memory");
    if (l.pids) out.emplace_back("pids");
    if (l.cpus || l.cpu_weight) out.emplace_back("cpu");
    return out;
}

// On v2 a controller reaches a child cgroup only through the parent's cgroup.subtree_control,
// and a cgroup with processes (other than the root) may not enable any there.
Result<void> enable_v2(const std::string& parent, const std::vector<std::string>& ctrls,
                       bool is_root) {
    auto enabled = sys::read_file((parent + "/cgroup.subtree_control").c_str());
    if (!enabled) return enabled.error();
    auto on = words(*enabled, ' ');
    for (const auto& c : ctrls) {
        if (has(on, c) || has(on, c + "\n")) continue;
        if (!is_root)
            return Error{EBUSY,
                         "cgroup v2: " + parent + " has no " + c + " in cgroup.subtree_control"};
        NSCTL_TRY(write_text(parent + "/cgroup.subtree_control", "+" + c));
    }
    return {};
}

}  // namespace

Cgroup& Cgroup::operator=(Cgroup&& other) noexcept {
    if (this != &other) {
        remove();
        dirs_ = std::move(other.dirs_);
        v2_fd_ = std::move(other.v2_fd_);
    }
    return *this;
}

Cgroup::~Cgroup() { remove(); }

void Cgroup::remove() {
    v2_fd_.reset();
    std::vector<std::string> paths;
    for (const auto& d : dirs_) paths.push_back(d.path);
    remove_cgroup_dirs(paths);
    dirs_.clear();
}

void Cgroup::release() {
    v2_fd_.reset();
    dirs_.clear();
}

void remove_cgroup_dirs(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        // The sandbox's last processes may still be on their way out: a short wait for them.
        for (int i = 0; i < 200; ++i) {
            auto r = sys::rmdir(path.c_str());
            if (r || r.error().code != EBUSY) break;
            sys::sleep_ms(1);
        }
    }
}

Result<Cgroup> Cgroup::create(const CgroupLimits& limits, const std::string& name,
                              const CgroupRoots& roots) {
    auto mountinfo = NSCTL_TRY(sys::read_file((roots.proc_self + "/mountinfo").c_str()));
    auto own = NSCTL_TRY(sys::read_file((roots.proc_self + "/cgroup").c_str()));
    auto hierarchies = mounted(mountinfo);
    find_own(hierarchies, own);
    for (auto& h : hierarchies) {
        if (!h.v2) continue;
        auto ctrls = sys::read_file((dir_of(h) + "/cgroup.controllers").c_str());
        if (ctrls) h.controllers = words(*ctrls, ' ');
        for (auto& c : h.controllers)
            if (!c.empty() && c.back() == '\n') c.pop_back();
    }
    Cgroup cg;
    for (const auto& ctrl : wanted(limits)) {
        // Each controller where it is: a v1 hierarchy of its own first, else cgroup v2.
        const Hierarchy* where = nullptr;
        for (const auto& h : hierarchies)
            if (!h.own.empty() && has(h.controllers, ctrl) && (!where || (where->v2 && !h.v2)))
                where = &h;
        if (!where) return Error{ENODEV, "cgroup controller " + ctrl};
        std::string path = dir_of(*where) + "/" + name;
        auto it = std::find_if(cg.dirs_.begin(), cg.dirs_.end(),
                               [&](const CgroupDir& d) { return d.path == path; });
        if (it == cg.dirs_.end()) {
            cg.dirs_.push_back({path, {}, where->v2, where->own == "/"});
            it = cg.dirs_.end() - 1;
        }
        it->controllers.push_back(ctrl);
    }
    // From here on cg.dirs_ lists what exists: an error leaves nothing behind (~Cgroup).
    std::vector<CgroupDir> planned = std::move(cg.dirs_);
    cg.dirs_.clear();
    for (const auto& d : planned) {
        std::string parent = d.path.substr(0, d.path.rfind('/'));
        clean_leftovers(parent);
        if (d.v2) NSCTL_TRY(enable_v2(parent, d.controllers, d.below_root));
        NSCTL_TRY(sys::mkdir(d.path.c_str(), 0755));
        cg.dirs_.push_back(d);
        for (const auto& [file, value] : settings(limits, d.v2, d.controllers))
            NSCTL_TRY(write_text(d.path + "/" + file, value));
        if (d.v2) cg.v2_fd_ = NSCTL_TRY(sys::open(d.path.c_str(), O_RDONLY | O_DIRECTORY));
    }
    return cg;
}

bool Cgroup::all_on_v1(const CgroupLimits& limits, const CgroupRoots& roots) {
    auto text = sys::read_file(roots.proc_cgroups.c_str());
    if (!text) return false;
    // "#subsys_name hierarchy num_cgroups enabled": hierarchy 0 is cgroup v2 (or none).
    std::vector<std::string> on_v1;
    for (auto line : split(*text, '\n')) {
        auto fields = words(line, '\t');
        if (fields.size() < 4 || fields[0].starts_with("#")) continue;
        if (fields[1] != "0" && fields[3] == "1") on_v1.push_back(fields[0]);
    }
    auto wants = wanted(limits);
    return std::all_of(wants.begin(), wants.end(), [&](const auto& c) { return has(on_v1, c); });
}

bool Cgroup::has_v1() const {
    return std::any_of(dirs_.begin(), dirs_.end(), [](const CgroupDir& d) { return !d.v2; });
}

Result<std::vector<UniqueFd>> Cgroup::open_v1_tasks() const {
    std::vector<UniqueFd> fds;
    for (const auto& d : dirs_)
        if (!d.v2) fds.push_back(NSCTL_TRY(sys::open((d.path + "/tasks").c_str(), O_WRONLY)));
    return fds;
}

std::string cgroup_name_for_self() {
    pid_t self = sys::getpid();
    return std::string(kPrefix) + std::to_string(self) + "-" + ns::process_starttime(self);
}

}  // namespace nsctl::sandbox
