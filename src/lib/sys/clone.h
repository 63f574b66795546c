// SPDX-License-Identifier: GPL-2.0-or-later
// clone3(2) used the way fork(2) is: the child gets a copy of the address space and returns from
// the call with 0. glibc 2.36 has no wrapper, so it goes through syscall(2).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

namespace nsctl::sys::raw {

/// clone3(2) with exit signal SIGCHLD and no new stack (fork semantics). flags: CLONE_NEW*
/// (the child is born in new namespaces), CLONE_PIDFD (then *pidfd gets a close-on-exec pidfd of
/// the child), CLONE_INTO_CGROUP (then cgroup_fd names the cgroup2 directory it is born in).
/// Returns the child's pid in the parent, 0 in the child, or -errno (ENOSYS before Linux 5.3,
/// E2BIG/EINVAL for flags this kernel lacks). Async-signal-safe.
pid_t clone3_fork(uint64_t flags, int* pidfd, int cgroup_fd);

/// The same through the older clone(2) (Linux 5.2+ for CLONE_PIDFD), for where clone3 is
/// missing (before Linux 5.3, or under valgrind 3.19): no CLONE_INTO_CGROUP or CLONE_NEWTIME.
pid_t clone_fork(uint64_t flags, int* pidfd);

/// clone(2) of a child that shares our memory (CLONE_VM, added here) and runs fn(arg) on the
/// stack that ends at stack_top, then exits with fn's return value. flags: CLONE_NEW* and
/// CLONE_PIDFD (*pidfd) as for clone3_fork, but nothing above 32 bits and no CLONE_NEWTIME; exit
/// signal SIGCHLD. The child runs alongside us on our thread's storage (errno among it): it must
/// make raw calls only (raw_call.h) and write nothing we use. Returns the child's pid or -errno.
pid_t clone_vm(int (*fn)(void*), void* stack_top, uint64_t flags, void* arg, int* pidfd);

/// clone3(2) as it is, with a struct clone_args of size bytes (or none): for probing whether the
/// call exists, clone3(nullptr, 0) returns -EINVAL where it does and -ENOSYS where it does not.
/// Returns what clone3_fork returns.
pid_t clone3(const void* args, size_t size);

}  // namespace nsctl::sys::raw
