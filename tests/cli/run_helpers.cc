// SPDX-License-Identifier: GPL-2.0-or-later
#include "run_helpers.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace nsctl::test::run_cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kTryLine = "Try 'nsctl run --help' for more information.";
constexpr const char* kPrefix = "nsctl: run: ";
constexpr const char* kHintPrefix = "nsctl: run: hint: ";

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string shown(const RunResult& r) {
    return "status " + std::to_string(r.status) + ", stdout \"" + r.out + "\", stderr \"" + r.err +
           "\"";
}

void close_fd(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
}

// Between fork and exec: no allocation, async-signal-safe calls only.
[[noreturn]] void start_child(char** argv, char** envp, const char* terminal, int out_fd,
                              int err_fd, int status_write, int status_fd) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (terminal != nullptr) {
        // A session of its own whose controlling terminal is the slave, as a terminal emulator
        // starts a shell: the terminal's SIGWINCH and job control reach it.
        int tty = open(terminal, O_RDWR);
        if (setsid() < 0 || tty < 0 || ioctl(tty, TIOCSCTTY, 0) != 0) _exit(120);
        for (int fd = 0; fd < 3; ++fd) {
            if (dup2(tty, fd) < 0) _exit(120);
        }
        if (tty > 2) close(tty);
    } else {
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) {
            _exit(120);
        }
    }
    if (status_write >= 0) {
        if (status_write == status_fd) {
            fcntl(status_fd, F_SETFD, 0);
        } else if (dup2(status_write, status_fd) < 0) {
            _exit(120);
        }
    }
    execvpe(argv[0], argv, envp);
    _exit(errno == ENOENT ? 127 : 126);
}

// Appends what fd has; false once it is closed.
bool read_into(int fd, std::string& into) {
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) return false;
    into.append(buf, static_cast<size_t>(n));
    return true;
}

}  // namespace

const char* name_of(As as) { return as == As::kRoot ? "as root" : "as uid 65534"; }

std::vector<std::string> run_argv(As as, const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    if (as == As::kNobody) argv.push_back(as_nobody_path());
    const char* other = std::getenv("NSCTL_RUN_TESTS_NSCTL");
    argv.insert(argv.end(), {other != nullptr && *other != '\0' ? other : NSCTL_BINARY, "run"});
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

std::string own_ns(const std::string& type) {
    struct stat st {};
    if (stat(("/proc/self/ns/" + type).c_str(), &st) != 0) return "none";
    return std::to_string(st.st_ino);
}

Facts parse_facts(const std::string& out) {
    Facts facts;
    for (const auto& line : lines_of(out)) {
        size_t eq = line.find('=');
        if (eq != std::string::npos) facts[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return facts;
}

std::vector<Mount> parse_mounts(const std::string& out) {
    std::vector<Mount> mounts;
    for (const auto& line : lines_of(out)) {
        std::istringstream fields(line);
        Mount m;
        if (fields >> m.point >> m.fstype >> m.mode >> m.root >> m.dev >> m.super) {
            mounts.push_back(m);
        }
    }
    return mounts;
}

std::optional<Mount> find_mount(const std::vector<Mount>& mounts, const std::string& point) {
    std::optional<Mount> found;
    for (const auto& m : mounts) {
        if (m.point == point) found = m;
    }
    return found;
}

std::vector<Mount> visible_mounts(const std::vector<Mount>& mounts) {
    std::vector<Mount> visible;
    for (size_t i = 0; i < mounts.size(); ++i) {
        bool covered = false;
        for (size_t j = i + 1; j < mounts.size() && !covered; ++j) {
            const std::string& above = mounts[j].point;
            covered = above == mounts[i].point || starts_with(mounts[i].point, above + "/");
        }
        if (!covered) visible.push_back(mounts[i]);
    }
    return visible;
}

std::set<std::string> host_mounts() {
    std::set<std::string> mounts;
    std::ifstream info("/proc/self/mountinfo");
    for (std::string line; std::getline(info, line);) {
        std::istringstream fields(line);
        std::string id, parent, dev, root, point;
        fields >> id >> parent >> dev >> root >> point;
        mounts.insert(id + " " + point);
    }
    return mounts;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

const char* const kMinimalDev =
    "fd l -> /proc/self/fd\n"
    "full c\n"
    "null c\n"
    "ptmx l -> pts/ptmx\n"
    "pts d\n"
    "random c\n"
    "shm d\n"
    "stderr l -> /proc/self/fd/2\n"
    "stdin l -> /proc/self/fd/0\n"
    "stdout l -> /proc/self/fd/1\n"
    "tty c\n"
    "urandom c\n"
    "zero c\n";

::testing::AssertionResult is_one_error(const RunResult& r, int status, const std::string& contains,
                                        const std::string& ends_with_text) {
    auto lines = lines_of(r.err);
    if (r.status != status) {
        return ::testing::AssertionFailure() << "want status " << status << ", got " << shown(r);
    }
    if (!r.out.empty()) return ::testing::AssertionFailure() << "stdout not empty: " << shown(r);
    if (lines.empty() || lines.size() > 2 || r.err.back() != '\n') {
        return ::testing::AssertionFailure() << "want one error line (and a hint): " << shown(r);
    }
    const std::string& first = lines[0];
    if (!starts_with(first, kPrefix) || starts_with(first, kHintPrefix) ||
        first.find(contains) == std::string::npos || !ends_with(first, ends_with_text)) {
        return ::testing::AssertionFailure()
               << "want \"nsctl: run: ...\" with \"" << contains << "\", ending in \""
               << ends_with_text << "\": " << shown(r);
    }
    if (lines.size() == 2 && !starts_with(lines[1], kHintPrefix) && lines[1] != kTryLine) {
        return ::testing::AssertionFailure() << "second line is no hint: " << shown(r);
    }
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult is_usage_error(const RunResult& r) {
    auto lines = lines_of(r.err);
    if (r.status != 125 || !r.out.empty() || lines.size() != 2 || !starts_with(lines[0], kPrefix) ||
        lines[1] != kTryLine) {
        return ::testing::AssertionFailure() << "want a usage error (125, \"nsctl: run: ...\", \""
                                             << kTryLine << "\"): " << shown(r);
    }
    return ::testing::AssertionSuccess();
}

Started::Started(const std::vector<std::string>& argv, const StartOptions& options) {
    std::vector<std::string> args = argv, env = environment_with(options.env);
    std::vector<char*> c_argv, c_env;
    for (auto& a : args) c_argv.push_back(a.data());
    for (auto& e : env) c_env.push_back(e.data());
    c_argv.push_back(nullptr);
    c_env.push_back(nullptr);
    int out[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
    if (options.terminal.empty() && (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)) {
        return;
    }
    if (options.status_fd >= 0 && pipe2(status, O_CLOEXEC) != 0) return;
    const char* terminal = options.terminal.empty() ? nullptr : options.terminal.c_str();
    pid_ = fork();
    if (pid_ == 0) {
        start_child(c_argv.data(), c_env.data(), terminal, out[1], err[1], status[1],
                    options.status_fd);
    }
    close_fd(out[1]);
    close_fd(err[1]);
    close_fd(status[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    status_fd_ = status[0];
}

Started::~Started() {
    if (pid_ > 0 && !reaped_) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    close_fd(out_fd_);
    close_fd(err_fd_);
    close_fd(status_fd_);
}

template <typename Done>
void Started::pump(std::chrono::milliseconds timeout, Done done) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return;
        pollfd fds[] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}, {status_fd_, POLLIN, 0}};
        if (out_fd_ < 0 && err_fd_ < 0 && status_fd_ < 0) return;  // nothing more will come
        poll(fds, 3, static_cast<int>(std::min<long>(left.count(), 50)));
        if (fds[0].revents && !read_into(out_fd_, out_)) close_fd(out_fd_);
        if (fds[1].revents && !read_into(err_fd_, err_)) close_fd(err_fd_);
        if (fds[2].revents && !read_into(status_fd_, status_)) close_fd(status_fd_);
    }
}

bool Started::wait_for_line(const std::string& line, std::chrono::milliseconds timeout) {
    auto seen = [&] {
        return starts_with(out_, line + "\n") || out_.find("\n" + line + "\n") != std::string::npos;
    };
    pump(timeout, seen);
    return seen();
}

std::optional<std::string> Started::status_line(std::chrono::milliseconds timeout) {
    pump(timeout, [&] { return status_.find('\n') != std::string::npos; });
    size_t newline = status_.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    std::string line = status_.substr(0, newline);
    status_.erase(0, newline + 1);
    return line;
}

int Started::wait(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return -1;
    int status = 0;
    auto exited = [&] {
        if (reaped_) return true;
        reaped_ = waitpid(pid_, &status, WNOHANG) == pid_;
        return reaped_;
    };
    // Poll the pipes while waiting: a full pipe must not stop the child.
    const auto deadline = Clock::now() + timeout;
    while (!exited() && Clock::now() < deadline) {
        pump(std::chrono::milliseconds(20), [] { return false; });
        if (out_fd_ < 0 && err_fd_ < 0 && status_fd_ < 0) {
            usleep(10000);
        }
    }
    if (!reaped_) return -1;
    // What is still in the pipes (a grandchild may keep them open: at most a moment).
    pump(std::chrono::milliseconds(200), [] { return false; });
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

void RunTest::SetUp() {
    NSCTL_REQUIRE_ROOT();
    orphans_ = std::make_unique<OrphanCatcher>();
    temps_ = std::make_unique<TempWatch>();
    ASSERT_FALSE(temps_->tmpdir().empty());
}

void RunTest::TearDown() {
    if (orphans_) {
        auto left = orphans_->survivors();
        for (const auto& process : left) ADD_FAILURE() << "left running: " << process;
        orphans_.reset();  // kills and reaps them
    }
    if (temps_) {
        for (const auto& path : temps_->appeared()) ADD_FAILURE() << "left behind: " << path;
        temps_.reset();
    }
}

EnvAdditions RunTest::nsctl_env(EnvAdditions env) const {
    if (temps_) env["TMPDIR"] = temps_->tmpdir();
    return env;
}

RunResult RunTest::nsctl_run(As as, const std::vector<std::string>& args, const std::string& in,
                             const EnvAdditions& env) {
    return run(run_argv(as, args), in, nsctl_env(env));
}

RunResult RunTest::nsctl_run_redirected(As as, const std::string& redirection,
                                        const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"sh", "-c", "exec \"$@\" " + redirection, "sh"};
    for (const auto& a : run_argv(as, args)) argv.push_back(a);
    return run(argv, "", nsctl_env());
}

RunTest::StatusRun RunTest::nsctl_run_status(As as, const std::vector<std::string>& args) {
    StatusRun result;
    std::string path = "/tmp/" + unique_name() + "-status";
    std::vector<std::string> all = {"--json-status-fd", "3"};
    all.insert(all.end(), args.begin(), args.end());
    result.result = nsctl_run_redirected(as, "3>" + path, all);
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    result.text = text.str();
    unlink(path.c_str());
    for (const auto& line : lines_of(result.text)) {
        auto json = parse_json(line);
        EXPECT_TRUE(json.has_value()) << "not JSON: " << line;
        if (json) result.lines.push_back(*json);
    }
    return result;
}

}  // namespace nsctl::test::run_cli
