// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/nsenter_target.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace nsctl::test {
namespace {

std::string comm_of(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/comm");
    std::string comm;
    std::getline(f, comm);
    return comm;
}

pid_t sleeping_descendant(pid_t launcher) {
    if (comm_of(launcher) == "sleep") return launcher;
    std::ifstream f("/proc/" + std::to_string(launcher) + "/task/" + std::to_string(launcher) +
                    "/children");
    pid_t child = 0;
    while (f >> child)
        if (comm_of(child) == "sleep") return child;
    return 0;
}

}  // namespace

std::vector<std::string> as_nobody() {
    return {"setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"};
}

Target::Target(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    std::vector<std::string> copy = argv;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    launcher_ = fork();
    if (launcher_ == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execvp(args[0], args.data());
        _exit(127);
    }
    for (int i = 0; i < 500 && launcher_ > 0; ++i) {
        pid_ = sleeping_descendant(launcher_);
        if (pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the target did not start: " << argv[0];
}

Target::~Target() {
    if (pid_ > 0) kill(pid_, SIGKILL);
    if (launcher_ <= 0) return;
    kill(launcher_, SIGKILL);
    int status = 0;
    while (waitpid(launcher_, &status, 0) < 0 && errno == EINTR) {
    }
}

std::string Target::ns_link(const std::string& entry) const {
    return run({"readlink", "/proc/" + pid_str() + "/ns/" + entry}).out;
}

std::string our_nsenter() { return std::string(NSCTL_BINARY_DIR) + "/nsenter"; }

pid_t vanished_pid() {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    int status = 0;
    waitpid(pid, &status, 0);
    return pid;
}

RunResult run_our_nsenter(const std::vector<std::string>& args,
                          const std::vector<std::string>& prefix) {
    std::vector<std::string> argv = prefix;
    argv.push_back(our_nsenter());
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

}  // namespace nsctl::test
