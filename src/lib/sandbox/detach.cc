// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/detach.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "sandbox/run.h"

namespace nsctl::sandbox {
namespace {

void write_all(int fd, const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

// Points 0, 1 and 2 at /dev/null; false when it cannot.
bool quiet_stdio() {
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0) return false;
    bool ok = true;
    for (int fd = 0; fd <= 2; ++fd) ok = ok && ::dup2(null, fd) == fd;
    ::close(null);
    return ok;
}

}  // namespace

// The protocol: "S" (started), or "F<code>\n" followed by the message lines.
void DetachChannel::started() {
    if (fd_ < 0) return;
    write_all(fd_, "S");
    ::close(fd_);
    fd_ = -1;
}

void DetachChannel::failed(int exit_code, const std::string& lines) {
    if (fd_ < 0) return;
    write_all(fd_, "F" + std::to_string(exit_code) + "\n" + lines);
    ::close(fd_);
    fd_ = -1;
}

Result<DetachOutcome> run_detached(const std::function<int(DetachChannel&)>& body) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return Error{errno, "pipe"};
    pid_t pid = ::fork();
    if (pid < 0) {
        int e = errno;
        ::close(p[0]);
        ::close(p[1]);
        return Error{e, "fork"};
    }
    if (pid == 0) {
        ::close(p[0]);
        DetachChannel channel(p[1]);
        if (::setsid() < 0 || !quiet_stdio() || ::chdir("/") != 0) {
            channel.failed(kExitRunFailed,
                           "nsctl: run: --detach: cannot leave the terminal's session\n");
            ::_exit(kExitRunFailed);
        }
        int code = body(channel);
        ::_exit(code);
    }
    ::close(p[1]);
    std::string word;
    char buf[512];
    while (true) {
        ssize_t n = ::read(p[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        word.append(buf, static_cast<size_t>(n));
    }
    ::close(p[0]);
    DetachOutcome out;
    if (word == "S") {
        // The detached process lives on without us: its exit is init's (or a subreaper's) to
        // reap. Our child until now, so that no zombie of it stays.
        return out;
    }
    int status = 0;
    (void)::waitpid(pid, &status, 0);
    if (!word.empty() && word[0] == 'F') {
        size_t nl = word.find('\n');
        out.exit_code = std::atoi(word.substr(1, nl).c_str());
        out.messages = nl == std::string::npos ? "" : word.substr(nl + 1);
        return out;
    }
    out.exit_code = kExitRunFailed;
    out.messages = "nsctl: run: the detached nsctl ended before the sandbox started\n";
    return out;
}

}  // namespace nsctl::sandbox
