// SPDX-License-Identifier: GPL-2.0-or-later
// The seccomp filter of `nsctl run`: classic BPF programs for seccomp(2), built by the parent
// and loaded by the command's process just before it execs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl::sandbox {

/// One classic BPF instruction, laid out as the kernel's struct sock_filter.
struct BpfInstruction {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
};

using BpfProgram = std::vector<BpfInstruction>;

/// Whether the default filter lets the command make user namespaces (--allow-userns).
enum class UserNamespaces { kRefuse, kAllow };

/// The default filter, for this machine's architecture (x86-64): system calls that sandboxes
/// never need fail with EPERM (module loading, kexec, bpf, perf_event_open, userfaultfd, the
/// key ring, open_by_handle_at, io_uring, swap, reboot, iopl/ioperm, acct; unshare and clone of
/// a user namespace unless allowed; the TIOCSTI and TIOCLINUX ioctls, compared on the low 32
/// bits the kernel looks at), clone3 fails with ENOSYS (its flags cannot be inspected; C
/// libraries fall back to clone), as do system calls newer than this filter (numbers past the
/// last this build knows), the x32 ABI and other architectures; everything else is allowed.
BpfProgram default_seccomp_filter(UserNamespaces userns);

/// The largest system call number of this architecture the build knows.
int last_known_syscall();

/// The name of a system call number (for tests and messages), or "" when unknown.
std::string syscall_name(int nr);

/// The number of a system call name of this architecture.
std::optional<int> syscall_number(std::string_view name);

}  // namespace nsctl::sandbox
