// SPDX-License-Identifier: GPL-2.0-or-later
// errno_exec ERRNO IOCTL PROGRAM [ARGS...]: runs PROGRAM with a seccomp filter that makes
// ioctl(fd, IOCTL, ...) fail with ERRNO, to test how nsctl behaves on a kernel that lacks an
// ioctl (e.g. ENOTTY for NS_GET_PARENT before Linux 4.9).
#include <seccomp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: errno_exec ERRNO IOCTL PROGRAM [ARGS...]\n");
        return 2;
    }
    int err = std::atoi(argv[1]);
    unsigned long request = std::strtoul(argv[2], nullptr, 0);
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx ||
        seccomp_rule_add(ctx, SCMP_ACT_ERRNO(err), SCMP_SYS(ioctl), 1,
                         SCMP_A1(SCMP_CMP_EQ, request)) != 0 ||
        seccomp_load(ctx) != 0) {
        std::fprintf(stderr, "errno_exec: cannot install the seccomp filter\n");
        return 2;
    }
    seccomp_release(ctx);
    execv(argv[3], argv + 3);
    std::perror("errno_exec: execv");
    return 127;
}
