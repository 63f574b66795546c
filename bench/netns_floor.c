// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's own cost of naming N network namespaces, the floor for bench/netns: a plain loop
// of what any `netns add` must do per name (create the file, unshare(CLONE_NEWNET), bind-mount
// the new namespace on the file), or of what `netns delete` must do (umount2 MNT_DETACH, unlink).
// Usage: netns_floor add|delete DIR N      (names DIR/f1 ... DIR/fN; as root)
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: netns_floor add|delete DIR N\n");
        return 2;
    }
    int add = strcmp(argv[1], "add") == 0;
    int n = atoi(argv[3]);
    char path[4096];
    for (int i = 1; i <= n; i++) {
        snprintf(path, sizeof(path), "%s/f%d", argv[2], i);
        if (add) {
            int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
            if (fd < 0 || close(fd) != 0) return perror(path), 1;
            if (unshare(CLONE_NEWNET) != 0) return perror("unshare"), 1;
            if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) != 0)
                return perror(path), 1;
        } else {
            if (umount2(path, MNT_DETACH) != 0) return perror(path), 1;
            if (unlink(path) != 0) return perror(path), 1;
        }
    }
    return 0;
}
