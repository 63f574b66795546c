// SPDX-License-Identifier: GPL-2.0-or-later
//
// scan_floor TYPE|all: the least work an lsns that lists TYPE's namespaces (as util-linux 2.42
// does: also those held by open fds) must do, as one plain C loop on one thread: for every process,
// the inode of /proc/PID/ns/TYPE (readlink; "all": all eight), its uid (stat), its ppid
// (/proc/PID/stat), a stat of every fd in /proc/PID/fd, and its cmdline. Prints the wall time in ms
// of each part and of the whole. bench/lsns runs it to show how fast lsns -t TYPE can be on this
// machine at best.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void read_file(int dirfd, const char* path) {
    char buf[8192];
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (read(fd, buf, sizeof buf) < 0) buf[0] = 0;
    close(fd);
}

static long stat_fds(int procfd, const char* pid) {
    char path[64];
    long n = 0;
    snprintf(path, sizeof path, "%.15s/fd", pid);
    int fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return 0;
    DIR* dir = fdopendir(fd);
    struct dirent* d;
    while (dir && (d = readdir(dir))) {
        struct stat st;
        if (d->d_name[0] == '.') continue;
        if (fstatat(fd, d->d_name, &st, 0) == 0) n++;
    }
    if (dir) closedir(dir);
    return n;
}

static const char* const kAll[] = {"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"};

int main(int argc, char** argv) {
    const char* type = argc > 1 ? argv[1] : "uts";
    int all = strcmp(type, "all") == 0;
    static char pids[65536][16];
    int n = 0, procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* proc = opendir("/proc");
    struct dirent* d;
    while (proc && (d = readdir(proc)) && n < 65536)
        if (d->d_name[0] >= '1' && d->d_name[0] <= '9') snprintf(pids[n++], 16, "%.12s", d->d_name);
    double t[6], total = 0;
    long fds = 0;
    char path[64], link[64];
    struct stat st;
    t[0] = now_ms();
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < (all ? 8 : 1); k++) {
            snprintf(path, sizeof path, "%.15s/ns/%.8s", pids[i], all ? kAll[k] : type);
            if (readlinkat(procfd, path, link, sizeof link) < 0) link[0] = 0;
        }
    }
    t[1] = now_ms();
    for (int i = 0; i < n; i++) fstatat(procfd, pids[i], &st, 0);
    t[2] = now_ms();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%.15s/stat", pids[i]);
        read_file(procfd, path);
    }
    t[3] = now_ms();
    for (int i = 0; i < n; i++) fds += stat_fds(procfd, pids[i]);
    t[4] = now_ms();
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%.15s/cmdline", pids[i]);
        read_file(procfd, path);
    }
    t[5] = now_ms();
    const char* parts[] = {"ns link", "uid", "stat", "fds", "cmdline"};
    printf("processes %d, fds %ld\n", n, fds);
    for (int i = 0; i < 5; i++) {
        printf("%-8s %8.2f ms\n", parts[i], t[i + 1] - t[i]);
        total += t[i + 1] - t[i];
    }
    printf("total    %8.2f ms\n", total);
    return 0;
}
