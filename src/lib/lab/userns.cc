// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/userns.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "ns/procfs.h"
#include "sandbox/registry.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/ns.h"
#include "sys/process.h"

namespace nsctl::lab {
namespace {

std::string record_path(const std::string& lab) { return holder_dir() + "/" + lab; }

Result<void> write_whole(const std::string& path, const std::string& text) {
    UniqueFd fd =
        NSCTL_TRY(sys::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    NSCTL_TRY(sys::write(fd.get(), text.data(), text.size()));
    return {};
}

// Before the child writes its own maps: 0 inside is the caller outside.
Result<void> map_self(uid_t uid, gid_t gid) {
    NSCTL_TRY(write_whole("/proc/self/setgroups", "deny"));
    NSCTL_TRY(write_whole("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1\n"));
    NSCTL_TRY(write_whole("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1\n"));
    return {};
}

// The child's namespaces: user (the caller mapped to 0), mount (nothing propagates out; a tmpfs
// of the lab's own on /run), network (the lab's host), and UTS: a node's UTS namespace is made by
// unshare and left by setns back, which needs the namespace returned to to be the lab's own.
Result<void> make_namespaces() {
    uid_t uid = geteuid();
    gid_t gid = getegid();
    NSCTL_TRY(sys::unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS));
    NSCTL_TRY(map_self(uid, gid));
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return Error{errno, "make / private"};
    if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        return Error{errno, "mount a tmpfs on /run"};
    if (chdir("/") != 0) return Error{errno, "chdir /"};
    return {};
}

// What the child is once the lab stands: a process that holds its namespaces and reaps.
[[noreturn]] void hold() {
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd < 3 && null >= 0; ++fd) dup2(null, fd);
    setsid();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    for (;;) {
        int sig = 0;
        sigwait(&set, &sig);
        if (sig == SIGCHLD) {
            while (waitpid(-1, nullptr, WNOHANG) > 0) {
            }
            continue;
        }
        if (sig == SIGTERM) _exit(0);
    }
}

// A child's failure, told to its parent over a pipe: 'E' and the message (the library prints
// nothing itself).
[[noreturn]] void fail_to(int fd, const Error& e) {
    std::string text = "E" + e.message();
    (void)!::write(fd, text.data(), std::min(text.size(), size_t{512}));
    _exit(1);
}

// What the child wrote before it closed its end: "" when nothing.
std::string read_report(int fd) {
    char buf[513];
    ssize_t n;
    do {
        n = ::read(fd, buf, sizeof buf - 1);
    } while (n < 0 && errno == EINTR);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

Result<int> wait_child(pid_t pid) {
    int status = NSCTL_TRY(sys::waitpid(pid, 0));
    return sys::exit_code_of(status);
}

}  // namespace

std::string holder_dir() { return sandbox::default_registry_dir() + "/userns-labs"; }

Result<std::optional<Holder>> find_holder(const std::string& lab) {
    auto text = sys::read_file(record_path(lab).c_str());
    if (!text) {
        if (text.error().code == ENOENT) return std::optional<Holder>();
        return Error{text.error().code, record_path(lab)};
    }
    Holder h;
    h.lab = lab;
    char starttime[32] = "";
    if (std::sscanf(text->c_str(), "%d %31s", &h.pid, starttime) != 2 || h.pid <= 0)
        return Error{EINVAL, record_path(lab) + ": not a holder record"};
    h.starttime = starttime;
    if (!ns::process_alive(h.pid, h.starttime)) {
        (void)sys::unlinkat(AT_FDCWD, record_path(lab).c_str(), 0);
        return std::optional<Holder>();
    }
    return std::optional<Holder>(h);
}

Result<std::vector<Holder>> list_holders() {
    std::vector<Holder> out;
    auto dir = sys::open(holder_dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!dir) {
        if (dir.error().code == ENOENT) return out;
        return Error{dir.error().code, holder_dir()};
    }
    std::vector<std::string> names;
    NSCTL_TRY(sys::for_each_dirent(dir->get(), [&](const char* n) {
        if (n[0] != '.') names.emplace_back(n);
    }));
    std::sort(names.begin(), names.end());
    for (const auto& n : names)
        if (auto h = NSCTL_TRY(find_holder(n))) out.push_back(*h);
    return out;
}

Result<int> start_holder(const std::string& lab, const std::function<int()>& deploy) {
    // The record's directory first, so that a lab that stands is always found again.
    std::string registry = sandbox::default_registry_dir();
    for (const std::string& d : {registry, holder_dir()}) {
        auto made = sys::mkdir(d.c_str(), 0700);
        if (!made && made.error().code != EEXIST) return Error{made.error().code, d};
    }
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) return Error{errno, "pipe"};
    UniqueFd read_end(ready[0]), write_end(ready[1]);
    std::fflush(nullptr);
    pid_t pid = NSCTL_TRY(sys::fork());
    if (pid == 0) {
        read_end.reset();
        auto made = make_namespaces();
        if (!made) fail_to(write_end.get(), made.error());
        int rc = deploy();
        std::fflush(nullptr);
        if (rc != 0) _exit(rc);
        char ok = 1;
        if (::write(write_end.get(), &ok, 1) != 1) _exit(1);
        write_end.reset();
        hold();
    }
    write_end.reset();
    std::string report = read_report(read_end.get());
    if (report.size() > 1 && report[0] == 'E') {
        (void)wait_child(pid);
        return Error{0, report.substr(1)};
    }
    if (report.size() != 1) return wait_child(pid);  // deploy failed: the child ended
    std::string starttime = ns::process_starttime(pid);
    auto written = write_whole(record_path(lab), std::to_string(pid) + " " + starttime + "\n");
    if (!written) {
        (void)sys::kill(pid, SIGKILL);
        (void)sys::waitpid(pid, 0);
        return Error{written.error().code, record_path(lab)};
    }
    return 0;
}

Result<int> in_holder(const Holder& holder, const std::function<int()>& fn) {
    std::string proc = "/proc/" + std::to_string(holder.pid) + "/ns/";
    UniqueFd user = NSCTL_TRY(sys::open((proc + "user").c_str(), O_RDONLY | O_CLOEXEC));
    UniqueFd mnt = NSCTL_TRY(sys::open((proc + "mnt").c_str(), O_RDONLY | O_CLOEXEC));
    UniqueFd net = NSCTL_TRY(sys::open((proc + "net").c_str(), O_RDONLY | O_CLOEXEC));
    UniqueFd uts = NSCTL_TRY(sys::open((proc + "uts").c_str(), O_RDONLY | O_CLOEXEC));
    if (!ns::process_alive(holder.pid, holder.starttime))
        return Error{ESRCH, "lab " + holder.lab + ": its holder process ended"};
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return Error{errno, "pipe"};
    UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
    std::fflush(nullptr);
    pid_t pid = NSCTL_TRY(sys::fork());
    if (pid == 0) {
        read_end.reset();
        for (auto [fd, type] : {std::pair{user.get(), CLONE_NEWUSER},
                                {mnt.get(), CLONE_NEWNS},
                                {net.get(), CLONE_NEWNET},
                                {uts.get(), CLONE_NEWUTS}}) {
            auto entered = sys::setns(fd, type);
            if (!entered)
                fail_to(write_end.get(),
                        Error{0, "lab " + holder.lab + ": " + entered.error().message()});
        }
        if (chdir("/") != 0) fail_to(write_end.get(), Error{errno, "chdir /"});
        write_end.reset();
        int rc = fn();
        std::fflush(nullptr);
        _exit(rc);
    }
    write_end.reset();
    std::string report = read_report(read_end.get());
    int rc = NSCTL_TRY(wait_child(pid));
    if (report.size() > 1 && report[0] == 'E') return Error{0, report.substr(1)};
    return rc;
}

Result<void> stop_holder(const Holder& holder) {
    if (ns::process_alive(holder.pid, holder.starttime)) {
        (void)sys::kill(holder.pid, SIGTERM);
        for (int i = 0; i < 100 && ns::process_alive(holder.pid, holder.starttime); ++i) {
            struct timespec ten_ms = {0, 10 * 1000 * 1000};
            nanosleep(&ten_ms, nullptr);
        }
        if (ns::process_alive(holder.pid, holder.starttime)) (void)sys::kill(holder.pid, SIGKILL);
        // A holder is our child only when this nsctl started it; reap it then.
        (void)waitpid(holder.pid, nullptr, WNOHANG);
    }
    auto removed = sys::unlinkat(AT_FDCWD, record_path(holder.lab).c_str(), 0);
    if (!removed && removed.error().code != ENOENT) return removed.error();
    return {};
}

}  // namespace nsctl::lab
