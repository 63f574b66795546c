// SPDX-License-Identifier: GPL-2.0-or-later
// The console socket end of an OCI runtime, as containerd's shim and podman's conmon hold it:
//
//   console_socket SOCKET INPUT -- COMMAND [ARG...]
//
// listens on the unix socket SOCKET, runs COMMAND (which is given SOCKET, e.g. `nsctl oci run -d
// --console-socket SOCKET ID`), receives the terminal master sent there with SCM_RIGHTS, writes
// INPUT to it, and reads the terminal until its last slave is closed (EIO), for 10 s at most.
// Prints, for the test to compare:
//   name: <the name sent with the fd>
//   size: <rows>x<columns>
//   command: exit <N>
//   <what the terminal said, \r\n as \n>
// Exits 0, or 2 with a line on stderr when a step fails.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

int die(const char* what) {
    std::fprintf(stderr, "console_socket: %s: %s\n", what, std::strerror(errno));
    return 2;
}

// Waits for fd to be readable until deadline; false on timeout.
bool readable(int fd, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, static_cast<int>(left.count())) > 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5 || std::strcmp(argv[3], "--") != 0) {
        std::fprintf(stderr, "usage: console_socket SOCKET INPUT -- COMMAND [ARG...]\n");
        return 2;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
    if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        listen(listener, 1) != 0)
        return die("listen");
    pid_t command = fork();
    if (command == 0) {
        execvp(argv[4], argv + 4);
        _exit(127);
    }
    if (command < 0) return die("fork");
    if (!readable(listener, deadline)) return die("no connection within 10 s");
    int conn = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return die("accept");
    char name[4096] = {};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    iovec iov{name, sizeof(name) - 1};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    if (n <= 0 || c == nullptr || c->cmsg_type != SCM_RIGHTS) return die("recvmsg of the master");
    int master = -1;
    std::memcpy(&master, CMSG_DATA(c), sizeof(int));
    close(conn);
    winsize ws{};
    if (ioctl(master, TIOCGWINSZ, &ws) != 0) return die("TIOCGWINSZ");
    std::string input = argv[2];
    if (write(master, input.data(), input.size()) != static_cast<ssize_t>(input.size()))
        return die("write to the master");
    int status = 0;
    if (waitpid(command, &status, 0) != command) return die("waitpid");
    std::string said;
    char buf[4096];
    while (readable(master, deadline)) {
        ssize_t got = read(master, buf, sizeof(buf));
        if (got <= 0) break;  // EIO: the last slave is closed
        said.append(buf, static_cast<size_t>(got));
    }
    for (size_t at; (at = said.find("\r\n")) != std::string::npos;) said.erase(at, 1);
    std::printf("name: %.*s\nsize: %ux%u\ncommand: exit %d\n%s", static_cast<int>(n), name,
                ws.ws_row, ws.ws_col,
                WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), said.c_str());
    return 0;
}
