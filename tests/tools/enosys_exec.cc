// SPDX-License-Identifier: GPL-2.0-or-later
// enosys_exec SYSCALL[,SYSCALL...] PROGRAM [ARGS...]: runs PROGRAM with a seccomp filter that
// makes the named system calls fail with ENOSYS, as on a kernel that lacks them (clone3 before
// Linux 5.3, mount_setattr before 5.12, ...).
#include <seccomp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: enosys_exec SYSCALL[,SYSCALL...] PROGRAM [ARGS...]\n");
        return 2;
    }
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    std::istringstream names(argv[1]);
    std::string name;
    while (ctx && std::getline(names, name, ',')) {
        int nr = seccomp_syscall_resolve_name(name.c_str());
        if (nr == __NR_SCMP_ERROR || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0) != 0) {
            std::fprintf(stderr, "enosys_exec: cannot filter '%s'\n", name.c_str());
            return 2;
        }
    }
    if (!ctx || seccomp_load(ctx) != 0) {
        std::fprintf(stderr, "enosys_exec: cannot install the seccomp filter\n");
        return 2;
    }
    seccomp_release(ctx);
    execv(argv[2], argv + 2);
    std::perror("enosys_exec: execv");
    return 127;
}
