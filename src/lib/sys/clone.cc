// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/clone.h"

#include <linux/sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

namespace nsctl::sys::raw {

pid_t clone3_fork(uint64_t flags, int* pidfd, int cgroup_fd) {
    clone_args args{};
    args.flags = flags;
    args.exit_signal = SIGCHLD;
    if (flags & CLONE_PIDFD) args.pidfd = reinterpret_cast<uint64_t>(pidfd);
    if (flags & CLONE_INTO_CGROUP) args.cgroup = static_cast<uint64_t>(cgroup_fd);
    long pid = ::syscall(SYS_clone3, &args, sizeof(args));
    return pid < 0 ? -errno : static_cast<pid_t>(pid);
}

pid_t clone3(const void* args, size_t size) {
    long pid = ::syscall(SYS_clone3, args, size);
    return pid < 0 ? -errno : static_cast<pid_t>(pid);
}

pid_t clone_fork(uint64_t flags, int* pidfd) {
    // x86-64 argument order: flags, new stack (none: fork semantics), parent_tid (where
    // CLONE_PIDFD puts the pidfd), child_tid, tls.
    long pid = ::syscall(SYS_clone, static_cast<unsigned long>(flags) | SIGCHLD, nullptr,
                         (flags & CLONE_PIDFD) ? pidfd : nullptr, nullptr, 0UL);
    return pid < 0 ? -errno : static_cast<pid_t>(pid);
}

}  // namespace nsctl::sys::raw
