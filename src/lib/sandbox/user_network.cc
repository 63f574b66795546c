// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/user_network.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <utility>
#include <vector>

#include "base/parse.h"
#include "ns/procfs.h"
#include "sandbox/spawn.h"
#include "sys/child_io.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace nsctl::sandbox {
namespace {

enum PastaStep { kPastaRedirect = 1, kPastaExec };

// pasta found in PATH, or empty.
std::string find_pasta() {
    const char* path = ::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (auto dir : split(dirs, ':')) {
        std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/pasta";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

struct PastaContext {
    const char* file;
    std::vector<char*> argv;
    int err_fd;  ///< pasta's stdout and stderr
};

void pasta_child(const void* ctx, int report_fd) {
    const auto& c = *static_cast<const PastaContext*>(ctx);
    int e = sys::raw::dup2(c.err_fd, 1);
    if (!e) e = sys::raw::dup2(c.err_fd, 2);
    if (e) report_and_exit(report_fd, ChildReport{e, kPastaRedirect, 0, 0});
    exec_or_report(report_fd, c.file, c.argv.data(), kPastaExec, ExecSearch::kNone);
}

// A record: "PASTA_PID PASTA_STARTTIME OWNER_PID OWNER_STARTTIME".
void kill_orphans(int dir_fd, const std::string& dir) {
    std::vector<std::string> names;
    (void)sys::for_each_dirent(dir_fd, [&](const char* n) {
        names.emplace_back(n);
        return true;
    });
    for (const auto& name : names) {
        std::string path = dir + "/" + name;
        auto text = sys::read_file(path.c_str());
        if (!text) continue;
        std::string_view t = *text;
        if (!t.empty() && t.back() == '\n') t.remove_suffix(1);
        auto w = split(t, ' ');
        if (w.size() != 4) continue;
        auto pasta = parse_pid(w[0]), owner = parse_pid(w[2]);
        if (!pasta || !owner) continue;
        if (ns::process_alive(*owner, std::string(w[3]))) continue;  // its nsctl still runs
        if (ns::process_starttime(*pasta) == w[1]) ::kill(*pasta, SIGKILL);
        (void)sys::unlinkat(AT_FDCWD, path.c_str(), 0);
    }
}

std::string first_line(const std::string& text) {
    for (auto line : split(text, '\n')) {
        // pasta tells syslog's absence on every line it logs: not the reason.
        if (!line.empty() && line.find("to syslog") == std::string_view::npos)
            return std::string(line);
    }
    return "";
}

std::string ports(const NetworkSpec& spec, bool udp) {
    std::string list;
    for (const auto& p : spec.publish) {
        if (p.udp != udp) continue;
        list +=
            (list.empty() ? "" : ",") + std::to_string(p.host_port) + ":" + std::to_string(p.port);
    }
    return list.empty() ? "none" : list;
}

}  // namespace

Result<void> check_user_network() {
    if (sys::geteuid() == 0)
        return Error{0,
                     "--net user is for sandboxes without root (pasta gives root up); as root, "
                     "use --net veth"};
    if (find_pasta().empty())
        return Error{0,
                     "--net user needs pasta, which is not installed (Debian package passt: "
                     "apt-get install passt)"};
    if (::access("/dev/net/tun", R_OK | W_OK) != 0)
        return Error{0,
                     "--net user: pasta needs /dev/net/tun readable and writable by you, and "
                     "here it is not (root can make it mode 0666, as udev does on most "
                     "systems)"};
    return {};
}

UserNetwork::UserNetwork(UserNetwork&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      starttime_(std::move(other.starttime_)),
      record_(std::exchange(other.record_, {})) {}

UserNetwork& UserNetwork::operator=(UserNetwork&& other) noexcept {
    if (this != &other) {
        stop();
        pid_ = std::exchange(other.pid_, -1);
        starttime_ = std::move(other.starttime_);
        record_ = std::exchange(other.record_, {});
    }
    return *this;
}

UserNetwork::~UserNetwork() { stop(); }

void UserNetwork::stop() {
    // Gone when we return: its /dev/net/tun and published ports closed (a pidfd taken while the
    // start time still matches is that process for sure; SIGKILL, then up to a second for it).
    if (pid_ > 0) {
        auto pidfd = sys::pidfd_open(pid_, 0);
        if (pidfd && ns::process_starttime(pid_) == starttime_ &&
            sys::pidfd_send_signal(pidfd->get(), SIGKILL)) {
            pollfd p{pidfd->get(), POLLIN, 0};
            (void)sys::poll(&p, 1, 1000);
        }
    }
    pid_ = -1;
    if (!record_.empty()) (void)sys::unlinkat(AT_FDCWD, record_.c_str(), 0);
    record_.clear();
}

Result<UserNetwork> UserNetwork::create(pid_t child, const NetworkSpec& spec,
                                        const std::string& state_dir) {
    std::string dir = state_dir + "/.pasta";
    for (const std::string& d : {state_dir, dir}) {
        auto made = sys::mkdir(d.c_str(), 0700);
        if (!made && made.error().code != EEXIST) return made.error();
    }
    UniqueFd lock = NSCTL_TRY(sys::open(dir.c_str(), O_RDONLY | O_DIRECTORY));
    NSCTL_TRY(sys::flock(lock.get(), LOCK_EX));
    kill_orphans(lock.get(), dir);
    pid_t self = sys::getpid();
    std::string pid_file = dir + "/" + std::to_string(self) + ".pid";
    (void)sys::unlinkat(AT_FDCWD, pid_file.c_str(), 0);
    std::string file = find_pasta();
    std::string netns = "/proc/" + std::to_string(child) + "/ns/net";
    std::string userns = "/proc/" + std::to_string(child) + "/ns/user";
    std::vector<std::string> args = {"pasta",    "--config-net",
                                     "--quiet",  "--no-map-gw",
                                     "-I",       "eth0",
                                     "-T",       "none",
                                     "-U",       "none",
                                     "-t",       ports(spec, false),
                                     "-u",       ports(spec, true),
                                     "-P",       pid_file,
                                     "--netns",  netns,
                                     "--userns", userns};
    // Its messages: a file of our own, read when it fails.
    std::string log = dir + "/" + std::to_string(self) + ".log";
    UniqueFd log_fd =
        NSCTL_TRY(sys::open(log.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    (void)sys::unlinkat(AT_FDCWD, log.c_str(), 0);
    PastaContext ctx{file.c_str(), {}, log_fd.get()};
    for (auto& a : args) ctx.argv.push_back(a.data());
    ctx.argv.push_back(nullptr);
    auto spawned = NSCTL_TRY(spawn(SpawnOptions{SpawnMode::kVfork}, pasta_child, &ctx));
    auto reports = NSCTL_TRY(read_reports(spawned.report.get()));
    auto status = NSCTL_TRY(spawned.process.wait());
    if (!reports.empty()) return Error{reports.back().code, "--net user: run " + file};
    if (!status || *status != 0) {
        char buf[2048];
        auto n = ::pread(log_fd.get(), buf, sizeof buf, 0);
        std::string said = first_line(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0));
        return Error{0, "--net user: pasta failed" + (said.empty() ? "" : ": " + said)};
    }
    UserNetwork u;
    auto text = sys::read_file(pid_file.c_str());
    (void)sys::unlinkat(AT_FDCWD, pid_file.c_str(), 0);
    if (!text) return Error{0, "--net user: pasta wrote no pid file"};
    std::string_view t = *text;
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.remove_suffix(1);
    auto pid = parse_pid(t);
    if (!pid) return Error{0, "--net user: pasta's pid file is not a pid"};
    u.pid_ = *pid;
    u.starttime_ = ns::process_starttime(*pid);
    u.record_ = dir + "/" + std::to_string(self);
    std::string record = std::to_string(*pid) + " " + u.starttime_ + " " + std::to_string(self) +
                         " " + ns::process_starttime(self) + "\n";
    UniqueFd rec = NSCTL_TRY(sys::open(u.record_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
    NSCTL_TRY(sys::write(rec.get(), record.data(), record.size()));
    return u;
}

}  // namespace nsctl::sandbox
