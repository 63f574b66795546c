// SPDX-License-Identifier: GPL-2.0-or-later
// The floor of bench/exec: the least any tool must do to run a program in the namespaces of a
// running process. One pidfd_open(2) of PID, one setns(2) of that pidfd with every namespace
// type whose /proc/PID/ns link differs from the caller's (time: time_for_children, as nsctl
// exec compares it), then fork, exec of PROGRAM, wait. No cgroup, root, credentials,
// capabilities or seccomp filter of the target: namespaces only, as `nsenter -a` does.
// Rootless (run as the owner of the target's user namespace) the user namespace is among them
// and setns(2) enters it first.
// Usage: exec_floor PID PROGRAM [ARG...]
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
    const char *theirs, *ours;
    int flag;
} kinds[] = {
    {"cgroup", "cgroup", CLONE_NEWCGROUP}, {"ipc", "ipc", CLONE_NEWIPC},
    {"mnt", "mnt", CLONE_NEWNS},           {"net", "net", CLONE_NEWNET},
    {"pid", "pid", CLONE_NEWPID},          {"time_for_children", "time", CLONE_NEWTIME},
    {"user", "user", CLONE_NEWUSER},       {"uts", "uts", CLONE_NEWUTS},
};

int main(int argc, char** argv) {
    if (argc < 3) {
        fputs("usage: exec_floor PID PROGRAM [ARG...]\n", stderr);
        return 2;
    }
    pid_t pid = (pid_t)atoi(argv[1]);
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        perror("exec_floor: pidfd_open");
        return 125;
    }
    int flags = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char theirs[64], ours[64];
        struct stat a, b;
        snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)pid, kinds[i].theirs);
        snprintf(ours, sizeof ours, "/proc/self/ns/%s", kinds[i].ours);
        if (stat(theirs, &a) != 0 || stat(ours, &b) != 0 || a.st_ino != b.st_ino ||
            a.st_dev != b.st_dev)
            flags |= kinds[i].flag;
    }
    if (flags && setns(pidfd, flags) != 0) {
        perror("exec_floor: setns");
        return 125;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("exec_floor: fork");
        return 125;
    }
    if (child == 0) {
        execv(argv[2], argv + 2);
        perror("exec_floor: exec");
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) != child) {
        perror("exec_floor: waitpid");
        return 125;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
