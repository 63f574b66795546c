// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/leftovers.h"

#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <thread>

namespace nsctl::test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(20);

constexpr const char* kTempPlaces[] = {"/tmp", "/var/tmp", "/run", "/dev/shm"};

// Where nsctl keeps its own state (named sandboxes): anything new in them counts, whatever its
// name; the directories themselves may appear.
constexpr const char* kNsctlPlaces[] = {"/run/nsctl"};

// What the project's other tests and benches make in those places, at the same time as ours
// when several test runs share the machine.
constexpr const char* kOtherTestPrefixes[] = {"nsctl-scenario-", "nsctl-diag-", "nsctl-unit-",
                                              "nsctl-bench", "nsctl-demo."};

// Our children, from every thread's list.
std::vector<pid_t> children() {
    std::vector<pid_t> result;
    DIR* tasks = opendir("/proc/self/task");
    if (tasks == nullptr) return result;
    while (const dirent* e = readdir(tasks)) {
        if (e->d_name[0] == '.') continue;
        std::ifstream list(std::string("/proc/self/task/") + e->d_name + "/children");
        for (pid_t pid; list >> pid;) result.push_back(pid);
    }
    closedir(tasks);
    return result;
}

// The state letter of /proc/PID/stat ('Z' zombie, ...), or 0 when there is no such process.
char state_of(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    size_t paren = text.rfind(')');
    return paren == std::string::npos || paren + 2 >= text.size() ? 0 : text[paren + 2];
}

std::string comm_of(pid_t pid) {
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(comm, name);
    return name;
}

// Reaps the children that ended; returns the ones alive.
std::vector<pid_t> reap_ended() {
    std::vector<pid_t> alive;
    for (pid_t pid : children()) {
        if (state_of(pid) == 'Z') {
            waitpid(pid, nullptr, WNOHANG);
        } else if (state_of(pid) != 0) {
            alive.push_back(pid);
        }
    }
    return alive;
}

// "nsctl-t<digits>-...": a name the tests make (support's unique_name(), TempRootfs, TempWatch),
// or one of the other tests' and benches' directories.
bool test_name(const std::string& name) {
    for (const char* other : kOtherTestPrefixes) {
        if (name.rfind(other, 0) == 0) return true;
    }
    const std::string prefix = "nsctl-t";
    if (name.rfind(prefix, 0) != 0) return false;
    size_t i = prefix.size();
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    return i > prefix.size() && i < name.size() && name[i] == '-';
}

// The entries of place that keep(name) accepts, as full paths.
template <typename Keep>
void entries_of(const std::string& place, Keep keep, std::vector<std::string>& into) {
    DIR* dir = opendir(place.c_str());
    if (dir == nullptr) return;
    while (const dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        if (name != "." && name != ".." && keep(name)) into.push_back(place + "/" + name);
    }
    closedir(dir);
}

std::vector<std::string> nsctl_entries() {
    std::vector<std::string> result;
    for (const std::string place : kTempPlaces) {
        entries_of(
            place,
            [&](const std::string& name) {
                bool state_dir = std::find(std::begin(kNsctlPlaces), std::end(kNsctlPlaces),
                                           place + "/" + name) != std::end(kNsctlPlaces);
                return name.find("nsctl") != std::string::npos && !test_name(name) && !state_dir;
            },
            result);
    }
    for (const char* place : kNsctlPlaces) {
        entries_of(
            place, [](const std::string&) { return true; }, result);
    }
    std::sort(result.begin(), result.end());
    return result;
}

int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
    remove(path);
    return 0;
}

}  // namespace

OrphanCatcher::OrphanCatcher() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

OrphanCatcher::~OrphanCatcher() {
    for (pid_t pid : children()) kill(pid, SIGKILL);
    for (pid_t pid : children()) waitpid(pid, nullptr, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 0);
}

std::vector<std::string> OrphanCatcher::survivors(std::chrono::milliseconds grace) {
    const auto deadline = Clock::now() + grace;
    std::vector<pid_t> alive = reap_ended();
    while (!alive.empty() && Clock::now() < deadline) {
        std::this_thread::sleep_for(kPoll);
        alive = reap_ended();
    }
    std::vector<std::string> result;
    for (pid_t pid : alive) result.push_back(std::to_string(pid) + " (" + comm_of(pid) + ")");
    return result;
}

bool process_gone(pid_t pid, std::chrono::milliseconds grace) {
    const auto deadline = Clock::now() + grace;
    for (;;) {
        char state = state_of(pid);
        if (state == 0 || state == 'Z') return true;
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(kPoll);
    }
}

TempWatch::TempWatch() : before_(nsctl_entries()) {
    std::string pattern = "/tmp/nsctl-t" + std::to_string(getpid()) + "-tmpdir-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr && chmod(pattern.c_str(), 01777) == 0) {
        tmpdir_ = pattern;
    }
}

TempWatch::~TempWatch() {
    if (!tmpdir_.empty()) nftw(tmpdir_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

std::vector<std::string> TempWatch::appeared() const {
    std::vector<std::string> result;
    for (const auto& path : nsctl_entries()) {
        if (!std::binary_search(before_.begin(), before_.end(), path)) result.push_back(path);
    }
    if (!tmpdir_.empty())
        entries_of(
            tmpdir_, [](const std::string&) { return true; }, result);
    return result;
}

}  // namespace nsctl::test
