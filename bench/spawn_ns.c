// SPDX-License-Identifier: GPL-2.0-or-later
//
// spawn_ns N: starts N child processes, each of which unshares a new UTS and IPC namespace and
// then sleeps. Prints "ready N" on stdout once all of them are in their namespaces, then waits
// for SIGTERM, SIGINT or SIGHUP; on that it SIGKILLs and reaps every child and exits 0. The
// children also die by PR_SET_PDEATHSIG if spawn_ns dies any other way, and spawn_ns dies with
// its own parent (bench/lsns) the same way. Needs CAP_SYS_ADMIN. Built by bench/lsns.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

// What a child reports on the ready pipe: 'R', or 'E' followed by its errno.
struct report {
    char kind;
    int err;
};

static void child(pid_t parent, int ready_fd, int null_fd) {
    struct report r = {'R', 0};
    sigset_t none;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);  // the spawner died before PDEATHSIG was armed
    dup2(null_fd, STDIN_FILENO);        // hold no pipe of whoever started the spawner
    dup2(null_fd, STDOUT_FILENO);
    if (unshare(CLONE_NEWUTS | CLONE_NEWIPC) != 0) r = (struct report){'E', errno};
    if (write(ready_fd, &r, sizeof r) != sizeof r) _exit(1);
    close(ready_fd);
    if (r.kind != 'R') _exit(1);
    for (;;) pause();
}

static void stop_children(const pid_t* pids, long n) {
    for (long i = 0; i < n; i++) kill(pids[i], SIGKILL);
    for (long i = 0; i < n; i++) {
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {
        }
    }
}

// Reads one report per child; 0 when all are ready, else the first child's errno.
static int wait_ready(int ready_fd, long n) {
    for (long i = 0; i < n; i++) {
        struct report r;
        ssize_t got = read(ready_fd, &r, sizeof r);
        if (got < 0 && errno == EINTR) {
            i--;
            continue;
        }
        if (got != sizeof r) return EPIPE;
        if (r.kind != 'R') return r.err;
    }
    return 0;
}

int main(int argc, char** argv) {
    char* end = NULL;
    long n = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc != 2 || *end != '\0' || n < 1 || n > 1000000) {
        fprintf(stderr, "usage: spawn_ns N   (1 <= N <= 1000000)\n");
        return 2;
    }
    // Blocked until sigwait below; the children unblock them.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, NULL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);

    int pipe_fds[2];
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    pid_t* pids = calloc((size_t)n, sizeof *pids);
    if (pipe2(pipe_fds, O_CLOEXEC) != 0 || null_fd < 0 || pids == NULL) {
        perror("spawn_ns: setup");
        return 1;
    }
    pid_t self = getpid();
    long started = 0;
    for (; started < n; started++) {
        pid_t pid = fork();
        if (pid == 0) child(self, pipe_fds[1], null_fd);
        if (pid < 0) break;
        pids[started] = pid;
    }
    close(pipe_fds[1]);
    int err = started < n ? errno : wait_ready(pipe_fds[0], n);
    if (err != 0) {
        fprintf(stderr, "spawn_ns: %s after %ld of %ld processes: %s\n",
                started < n ? "fork failed" : "unshare(CLONE_NEWUTS|CLONE_NEWIPC) failed", started,
                n, strerror(err));
        stop_children(pids, started);
        return 1;
    }
    printf("ready %ld\n", n);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    stop_children(pids, n);
    return 0;
}
