// SPDX-License-Identifier: GPL-2.0-or-later
//
// The leak check around the ns and cli tiers (STYLE.md sections 1 and 8): a GoogleTest global
// Environment that snapshots what a test could leak on the machine before the tests and after
// them (named netns, links, mounts, child processes, cgroups below our own), and fails the run
// listing every difference. CTest runs each test in its own process, so this brackets every
// single test.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include "support/support.h"

namespace nsctl::test {
namespace {

using Names = std::multiset<std::string>;

// Entries of a directory, without "." and ".."; empty when it does not exist.
Names directory_entries(const char* path) {
    Names names;
    DIR* dir = opendir(path);
    if (dir == nullptr) return names;
    while (const dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.insert(name);
    }
    closedir(dir);
    return names;
}

// Mount points of this process's mount namespace (field 5 of mountinfo, still octal-escaped).
Names mount_points() {
    Names points;
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        std::istringstream fields(line);
        std::string id, parent, devno, root, point;
        fields >> id >> parent >> devno >> root >> point;
        points.insert(point);
    }
    return points;
}

// The cgroup directories right below this process's own cgroup in every hierarchy mounted under
// /sys/fs/cgroup (where nsctl run makes a sandbox's: nsctl-PID-STARTTIME), as full paths. A
// hierarchy's name in /proc/self/cgroup is its controllers ("memory", "name=systemd"), or empty
// for cgroup v2 (/sys/fs/cgroup/unified on hybrid machines, /sys/fs/cgroup itself on v2 ones).
Names cgroup_dirs() {
    Names dirs;
    std::ifstream self("/proc/self/cgroup");
    std::string line;
    while (std::getline(self, line)) {
        auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        std::string name = line.substr(first + 1, second - first - 1);
        if (name.rfind("name=", 0) == 0) name = name.substr(5);
        std::string base = "/sys/fs/cgroup/" + (name.empty() ? "unified" : name);
        if (name.empty() && access(base.c_str(), F_OK) != 0) base = "/sys/fs/cgroup";
        std::string dir = base + line.substr(second + 1);
        DIR* d = opendir(dir.c_str());
        if (d == nullptr) continue;
        while (const dirent* e = readdir(d)) {
            std::string entry = e->d_name;
            if (e->d_type == DT_DIR && entry != "." && entry != "..")
                dirs.insert(dir + "/" + entry);
        }
        closedir(d);
    }
    return dirs;
}

// Our live child processes, as "<pid> (<comm>)", from every thread's children list.
Names child_processes() {
    Names children;
    for (const auto& tid : directory_entries("/proc/self/task")) {
        std::ifstream list("/proc/self/task/" + tid + "/children");
        std::string pid;
        while (list >> pid) {
            std::ifstream comm_file("/proc/" + pid + "/comm");
            std::string comm;
            std::getline(comm_file, comm);
            children.insert(pid + " (" + comm + ")");
        }
    }
    return children;
}

struct Snapshot {
    Names netns;     // /run/netns entries: named network namespaces
    Names links;     // /sys/class/net entries: links of the netns sysfs was mounted in (the root)
    Names mounts;    // mount points
    Names children;  // child processes still running
    Names cgroups;   // cgroup directories below our own

    static Snapshot take() {
        return {directory_entries("/run/netns"), directory_entries("/sys/class/net"),
                mount_points(), child_processes(), cgroup_dirs()};
    }
};

enum class Changes { kAppearedAndVanished, kAppearedOnly };

// Appends a line "  <what> appeared: <name>" (or vanished) for each difference.
void describe(const char* what, const Names& before, const Names& after, Changes changes,
              std::string& report) {
    Names appeared, vanished;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::inserter(appeared, appeared.end()));
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                        std::inserter(vanished, vanished.end()));
    for (const auto& name : appeared)
        report += "  " + std::string(what) + " appeared: " + name + "\n";
    if (changes == Changes::kAppearedOnly) return;
    for (const auto& name : vanished)
        report += "  " + std::string(what) + " vanished: " + name + "\n";
}

class LeakCheck : public ::testing::Environment {
  public:
    void SetUp() override { before_ = Snapshot::take(); }

    void TearDown() override {
        Snapshot after = Snapshot::take();
        std::string report;
        constexpr auto kBoth = Changes::kAppearedAndVanished;
        describe("named netns (/run/netns)", before_.netns, after.netns, kBoth, report);
        describe("root netns link (/sys/class/net)", before_.links, after.links, kBoth, report);
        describe("mount point", before_.mounts, after.mounts, kBoth, report);
        // A child that was there before and exited is no leak; one still running now is.
        describe("child process", before_.children, after.children, Changes::kAppearedOnly, report);
        describe("cgroup", before_.cgroups, after.cgroups, kBoth, report);
        if (!report.empty()) ADD_FAILURE() << "leak check: the machine changed:\n" << report;
    }

  private:
    Snapshot before_;
};

// Registered by a static initializer: every executable that compiles this file gets the check.
// GoogleTest owns the Environment.
[[maybe_unused]] ::testing::Environment* const kLeakCheck =
    ::testing::AddGlobalTestEnvironment(new LeakCheck);

}  // namespace
}  // namespace nsctl::test
