// SPDX-License-Identifier: GPL-2.0-or-later
// The floor of bench/run: the least a sandbox launcher must do to run a program in new mount,
// UTS, IPC, PID and network namespaces. One clone(2) with those flags; the child execs PROGRAM;
// the parent waits and exits with its status. With --user (the rootless floor) also a new user
// namespace, in which the caller's uid and gid are mapped to 0 by the parent (uid_map, setgroups
// "deny", gid_map) before it lets the child exec: what a rootless launcher cannot skip.
//   run_floor [--user] PROGRAM [ARG...]
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kStackSize = 64 * 1024 };

struct child_args {
    char** argv;
    int sync[2];  // a pipe: EOF on sync[0] once the parent has written the id maps (--user)
};

static int child(void* arg) {
    struct child_args* args = arg;
    if (args->sync[0] >= 0) {
        close(args->sync[1]);  // our copy of the write end, or the read never ends
        char c;
        if (read(args->sync[0], &c, 1) != 0) _exit(125);  // the parent failed
    }
    execv(args->argv[0], args->argv);
    _exit(127);
}

static int write_file(pid_t pid, const char* name, const char* text) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int write_maps(pid_t pid) {
    char uid_map[64], gid_map[64];
    snprintf(uid_map, sizeof uid_map, "0 %u 1", (unsigned)getuid());
    snprintf(gid_map, sizeof gid_map, "0 %u 1", (unsigned)getgid());
    return write_file(pid, "uid_map", uid_map) || write_file(pid, "setgroups", "deny") ||
           write_file(pid, "gid_map", gid_map);
}

int main(int argc, char** argv) {
    int user = argc > 1 && strcmp(argv[1], "--user") == 0;
    if (argc < 2 + user) {
        fputs("usage: run_floor [--user] PROGRAM [ARG...]\n", stderr);
        return 2;
    }
    int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | SIGCHLD;
    int sync[2] = {-1, -1};
    if (user) {
        flags |= CLONE_NEWUSER;
        if (pipe2(sync, O_CLOEXEC) != 0) return 125;
    }
    static char stack[kStackSize] __attribute__((aligned(16)));
    struct child_args args = {argv + 1 + user, {sync[0], sync[1]}};
    pid_t pid = clone(child, stack + kStackSize, flags, &args);
    if (pid < 0) {
        perror("run_floor: clone");
        return 125;
    }
    if (user) {
        if (write_maps(pid) != 0) {
            perror("run_floor: id maps");
            (void)!write(sync[1], "x", 1);
        }
        close(sync[1]);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid) return 125;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
