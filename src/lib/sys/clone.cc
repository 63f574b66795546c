// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/clone.h"

#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

#include "sys/raw_call.h"

namespace nsctl::sys::raw {

pid_t clone3_fork(uint64_t flags, int* pidfd, int cgroup_fd) {
    clone_args args{};
    args.flags = flags;
    args.exit_signal = SIGCHLD;
    if (flags & CLONE_PIDFD) args.pidfd = reinterpret_cast<uint64_t>(pidfd);
    if (flags & CLONE_INTO_CGROUP) args.cgroup = static_cast<uint64_t>(cgroup_fd);
    return static_cast<pid_t>(call(SYS_clone3, &args, sizeof(args)));
}

pid_t clone_vm(int (*fn)(void*), void* stack_top, uint64_t flags, void* arg, int* pidfd) {
    // libc's clone(2): the child starts on the new stack in fn, which only assembly can arrange.
    // It sets errno only when it fails, here in the parent.
    int pid = ::clone(fn, stack_top, static_cast<int>(flags | CLONE_VM) | SIGCHLD, arg,
                      (flags & CLONE_PIDFD) ? pidfd : nullptr);
    return pid >= 0 ? pid : -errno;
}

pid_t clone3(const void* args, size_t size) {
    return static_cast<pid_t>(call(SYS_clone3, args, size));
}

pid_t clone_fork(uint64_t flags, int* pidfd) {
    // Arguments: flags, new stack (none: fork semantics), parent_tid (where CLONE_PIDFD puts
    // the pidfd), then child_tid and tls (x86-64) or tls and child_tid (AArch64): none.
    return static_cast<pid_t>(call(SYS_clone, static_cast<unsigned long>(flags) | SIGCHLD, nullptr,
                                   (flags & CLONE_PIDFD) ? pidfd : nullptr, nullptr, 0));
}

}  // namespace nsctl::sys::raw
