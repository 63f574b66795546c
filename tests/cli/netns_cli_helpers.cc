// SPDX-License-Identifier: GPL-2.0-or-later
#include "netns_cli_helpers.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace nsctl::test {

RunResult nsctl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{NSCTL_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

ino_t netns_inode(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

int mounts_at(const std::string& point) {
    std::ifstream in("/proc/self/mountinfo");
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string id, parent, devno, root, mountpoint;
        words >> id >> parent >> devno >> root >> mountpoint;
        if (mountpoint == point) ++n;
    }
    return n;
}

pid_t start(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(args[0], args.data());
        _exit(127);
    }
    return pid;
}

void stop(pid_t pid) {
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
}

std::string wait_for_pids(const std::string& name) {
    for (int i = 0; i < 500; ++i) {
        auto r = nsctl({"netns", "pids", name});
        if (!r.out.empty()) return r.out;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
}

}  // namespace nsctl::test
