// SPDX-License-Identifier: GPL-2.0-or-later
// Credentials and capabilities: capget(2)/capset(2), prctl(2) ambient capabilities, setuid/setgid.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "base/result.h"

namespace nsctl::sys {

/// True when the file carries file capabilities (a security.capability extended attribute, as
/// setcap(8) sets it): getxattr(2). ENODATA is not an error but false.
Result<bool> has_file_capabilities(const char* path);

/// The calling thread's bounding set up to last_cap (prctl(PR_CAPBSET_READ) of each): the
/// capabilities it, and anything it starts, can still hold after an execve(2).
uint64_t bounding_set(int last_cap);

}  // namespace nsctl::sys

namespace nsctl::sys::raw {
// Async-signal-safe, for a child between fork and exec (or a process about to exec): no
// allocation; each returns 0 or an errno value.

/// setuid(2) / setgid(2).
int change_uid(uid_t uid);
int change_gid(gid_t gid);

/// Which capabilities raise_ambient_caps() makes ambient: unshare --keep-caps takes the
/// effective ones, nsenter --keep-caps the permitted ones (as util-linux's tools do).
enum class AmbientFrom { kEffective, kPermitted };

/// capget(2), then capset(2) with inheritable = permitted, then prctl(PR_CAP_AMBIENT_RAISE) for
/// every capability of `from` up to last_cap: the capabilities survive an execve(2) by a
/// non-root user. *step is set to "capget", "capset" or "prctl" when it fails.
int raise_ambient_caps(AmbientFrom from, int last_cap, const char** step);

/// prctl(PR_CAPBSET_DROP) of every capability up to last_cap that keep (bit N = capability N)
/// leaves out: they can never be gained again, by exec or otherwise. The kernel's EINVAL for a
/// number past its last capability ends the loop (so 63 covers whatever the kernel has, without
/// reading /proc/sys/kernel/cap_last_cap). Needs CAP_SETPCAP.
int drop_bounding_except(uint64_t keep, int last_cap);

/// capget(2): the calling thread's permitted set into *out. 0 or errno.
int permitted_capabilities(uint64_t* out);

/// prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL).
int clear_ambient_capabilities();

/// capset(2) of the calling thread's permitted, effective and inheritable sets.
int set_capabilities(uint64_t permitted, uint64_t effective, uint64_t inheritable);

/// prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE) of one capability, which must be both permitted
/// and inheritable already (EPERM otherwise).
int raise_ambient_capability(int cap);

/// prctl(PR_SET_KEEPCAPS, 1): a change of every uid from 0 to others keeps the permitted set
/// (the effective one is still cleared), until the next execve(2).
int set_keep_capabilities();

/// seccomp(2) SECCOMP_SET_MODE_FILTER with a classic BPF program of count instructions (struct
/// sock_filter each); needs no_new_privs or CAP_SYS_ADMIN. 0 or errno.
int set_seccomp_filter(const void* instructions, unsigned short count);

/// prctl(PR_SET_NO_NEW_PRIVS, 1): execve(2) grants no privilege (set-user-ID, file capabilities)
/// from here on, for us and our descendants.
int set_no_new_privs();

/// prctl(PR_SET_DUMPABLE, 0): /proc/PID of the caller belongs to root and opens (exe, fd, ns,
/// mem...) only for a process with CAP_SYS_PTRACE over it, until the caller execs.
int set_undumpable();

}  // namespace nsctl::sys::raw
