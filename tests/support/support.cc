// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>

extern char** environ;

namespace nsctl::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kRunTimeout = std::chrono::seconds(120);
constexpr auto kDrainAfterExit = std::chrono::seconds(1);
constexpr int kCapSysAdmin = 21;  // linux/capability.h

struct Pipe {
    int read = -1;
    int write = -1;
};

Pipe make_pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) std::abort();  // out of fds: nothing sensible to test
    return {fds[0], fds[1]};
}

void close_fd(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (auto& s : strings) result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

// Between fork and exec: async-signal-safe calls only; every allocation happened before fork.
[[noreturn]] void exec_child(const Pipe& in, const Pipe& out, const Pipe& err, int report_fd,
                             char** argv, char** envp) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);  // SIG_IGN survives exec
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (dup2(in.read, 0) >= 0 && dup2(out.write, 1) >= 0 && dup2(err.write, 2) >= 0) {
        execvpe(argv[0], argv, envp);
    }
    int e = errno;
    (void)!write(report_fd, &e, sizeof e);
    _exit(e == ENOENT ? 127 : 126);
}

// Reads what is there; false once the other end is closed (or on error).
bool read_some(int fd, std::string& into) {
    char buf[16384];
    ssize_t n;
    do {
        n = read(fd, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n < 0 && errno == EAGAIN;
    into.append(buf, static_cast<size_t>(n));
    return true;
}

// Writes the next chunk of data; false when done (all written, or the reader is gone).
bool write_some(int fd, const std::string& data, size_t& offset) {
    ssize_t n = write(fd, data.data() + offset, data.size() - offset);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    offset += static_cast<size_t>(n);
    return offset < data.size();
}

int decode_status(int status) {
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

// Feeds stdin and collects stdout/stderr until both are closed, or until kDrainAfterExit after the
// child exited (a grandchild may hold them open), or the timeout. Returns the wait status.
int pump(pid_t pid, int in_fd, const std::string& stdin_data, int out_fd, int err_fd,
         RunResult& result) {
    size_t written = 0;
    if (stdin_data.empty()) close_fd(in_fd);
    if (in_fd >= 0) fcntl(in_fd, F_SETFL, O_NONBLOCK);
    const auto deadline = Clock::now() + kRunTimeout;
    std::optional<Clock::time_point> exited_at;
    int status = 0;
    bool reaped = false;
    while (out_fd >= 0 || err_fd >= 0 || in_fd >= 0) {
        pollfd fds[] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
        poll(fds, 3, 100);
        if (out_fd >= 0 && fds[0].revents && !read_some(out_fd, result.out)) close_fd(out_fd);
        if (err_fd >= 0 && fds[1].revents && !read_some(err_fd, result.err)) close_fd(err_fd);
        if (in_fd >= 0 && fds[2].revents && !write_some(in_fd, stdin_data, written)) {
            close_fd(in_fd);
        }
        if (!reaped && waitpid(pid, &status, WNOHANG) == pid) {
            reaped = true;
            exited_at = Clock::now();
        }
        if (exited_at && Clock::now() - *exited_at > kDrainAfterExit) break;
        if (!exited_at && Clock::now() > deadline) {
            kill(pid, SIGKILL);
            result.err += "\n[support::run: killed after 120 s]\n";
            exited_at = Clock::now();
        }
    }
    close_fd(in_fd);
    close_fd(out_fd);
    close_fd(err_fd);
    while (!reaped && waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

}  // namespace

std::vector<std::string> environment_with(const EnvAdditions& env) {
    std::vector<std::string> result;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string_view entry(*e);
        auto key = entry.substr(0, entry.find('='));
        if (env.find(std::string(key)) == env.end()) result.emplace_back(entry);
    }
    for (const auto& [key, value] : env) result.push_back(key + "=" + value);
    return result;
}

RunResult run(const std::vector<std::string>& argv, const std::string& stdin_data,
              const EnvAdditions& env) {
    RunResult result;
    if (argv.empty()) {
        result.status = 127;
        result.err = "[support::run: empty argv]";
        return result;
    }
    std::vector<std::string> argv_copy = argv;
    std::vector<std::string> env_strings = environment_with(env);
    std::vector<char*> c_argv = c_strings(argv_copy);
    std::vector<char*> c_envp = c_strings(env_strings);

    // Writes to a closed stdin pipe must give EPIPE here, not kill the test with SIGPIPE.
    sigset_t sigpipe, old_mask;
    sigemptyset(&sigpipe);
    sigaddset(&sigpipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe, &old_mask);

    Pipe in = make_pipe(), out = make_pipe(), err = make_pipe(), report = make_pipe();
    fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) exec_child(in, out, err, report.write, c_argv.data(), c_envp.data());
    close_fd(in.read);
    close_fd(out.write);
    close_fd(err.write);
    close_fd(report.write);

    int exec_errno = 0;
    bool exec_failed = pid > 0 && read(report.read, &exec_errno, sizeof exec_errno) > 0;
    close_fd(report.read);
    if (pid < 0) {
        result.err = std::string("[support::run: fork: ") + std::strerror(errno) + "]";
        close_fd(in.write);
        close_fd(out.read);
        close_fd(err.read);
    } else {
        result.status = decode_status(pump(pid, in.write, stdin_data, out.read, err.read, result));
    }
    if (exec_failed) {
        result.err +=
            "[support::run: cannot execute " + argv[0] + ": " + std::strerror(exec_errno) + "]";
    }

    timespec zero{};
    while (sigtimedwait(&sigpipe, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return result;
}

RunResult fetch_url(const std::string& url) {
    RunResult r;
    for (int i = 0; i < 150; ++i) {
        r = run({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "2", url});
        if (r.status == 0) return r;
        usleep(100'000);
    }
    return r;
}

bool have_root() {
    if (geteuid() != 0) return false;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("CapEff:", 0) != 0) continue;
        unsigned long long caps = std::strtoull(line.c_str() + 7, nullptr, 16);
        return (caps >> kCapSysAdmin) & 1;
    }
    return false;
}

bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && *ci != '\0';
}

std::string unique_name() {
    static std::atomic<unsigned> counter{0};
    return "nsctl-t" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

}  // namespace nsctl::test
