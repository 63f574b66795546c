// SPDX-License-Identifier: GPL-2.0-or-later
// Runs a program as uid/gid 65534 with no supplementary groups, like
// `setpriv --reuid 65534 --regid 65534 --clear-groups`, but statically linked and small: peak RSS
// as GNU time reports it is the largest of a process tree, and setpriv's own (about 2.6 MiB)
// would hide the unshare it starts. Used by bench/unshare for the rootless case.
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2) {
        fputs("usage: as_nobody PROGRAM [ARG...]\n", stderr);
        return 2;
    }
    if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
        setresuid(65534, 65534, 65534) != 0) {
        perror("as_nobody: drop to 65534");
        return 1;
    }
    execvp(argv[1], argv + 1);
    perror("as_nobody: exec");
    return 127;
}
