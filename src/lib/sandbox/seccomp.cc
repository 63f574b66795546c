// SPDX-License-Identifier: GPL-2.0-or-later
// The default seccomp filter, written as the BPF program it is (seccomp(2), "Filter programs"):
// check the architecture, turn away the x32 ABI and numbers past the last one this build knows,
// then a short list of refused calls, a few calls whose arguments are looked at, and allow the
// rest. libseccomp would take milliseconds to compile the same at every start; this is a few
// dozen instructions built in microseconds.
#include "sandbox/seccomp.h"

#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstddef>
#include <string_view>

#include "sandbox/bpf_asm.h"

namespace nsctl::sandbox {
namespace {

using bpf::Assembler;
using bpf::Jump;
using bpf::Label;

struct SyscallEntry {
    uint16_t name;  // offset of its NUL-terminated name in kSyscallNames
    uint16_t nr;
};

#include "syscall_table.inc"

std::string_view name_of(const SyscallEntry& s) { return &kSyscallNames[s.name]; }

// Refused with EPERM: what a sandbox never needs and what reaches deep into the kernel.
constexpr int kRefused[] = {
    __NR_kexec_load,
    __NR_kexec_file_load,
    __NR_init_module,
    __NR_finit_module,
    __NR_delete_module,
    __NR_bpf,
    __NR_perf_event_open,
    __NR_userfaultfd,
    __NR_keyctl,
    __NR_add_key,
    __NR_request_key,
    __NR_open_by_handle_at,
    __NR_io_uring_setup,
    __NR_io_uring_enter,
    __NR_io_uring_register,
    __NR_swapon,
    __NR_swapoff,
    __NR_reboot,
    __NR_iopl,
    __NR_ioperm,
    __NR_acct,
};

// The two ends of a conditional rule: `allowed` returns ALLOW, `refused` EPERM.
void allow_or_refuse(Assembler& a, Label allowed, Label refused) {
    a.bind(allowed);
    a.ret(bpf::ret_allow());
    a.bind(refused);
    a.ret(bpf::ret_errno(EPERM));
}

// if (A == nr) return (arg0 & flag) ? EPERM : ALLOW. The flags of unshare(2) and clone(2) are in
// the low word of their first argument.
void refuse_flag(Assembler& a, int nr, uint32_t flag) {
    Label match = a.label(), set = a.label(), clear = a.label(), other = a.label();
    a.jump(Jump::kEq, static_cast<uint32_t>(nr), match, other);
    a.bind(match);
    a.load(bpf::arg_offset(0, false));
    a.jump(Jump::kSet, flag, set, clear);
    allow_or_refuse(a, clear, set);
    a.bind(other);
}

// if (A == ioctl) return low32(request) is TIOCSTI or TIOCLINUX ? EPERM : ALLOW: the kernel
// takes the request as an unsigned int, so its high bits must not let one through.
void refuse_ioctls(Assembler& a) {
    Label ioctl = a.label(), refused = a.label(), allowed = a.label(), other = a.label();
    a.jump(Jump::kEq, __NR_ioctl, ioctl, other);
    a.bind(ioctl);
    a.load(bpf::arg_offset(1, false));
    a.jump(Jump::kEq, TIOCSTI, refused, Assembler::kNext);
    a.jump(Jump::kEq, TIOCLINUX, refused, allowed);
    allow_or_refuse(a, allowed, refused);
    a.bind(other);
}

// if (A == mknod or mknodat) return the mode's type is a character or block device ? EPERM :
// ALLOW. Root of a sandbox keeps CAP_MKNOD (the OCI default set) for FIFOs and sockets, but a
// device node made on a writable host directory or tmpfs would open the host's devices: no
// device cgroup guards them here.
void refuse_device_nodes(Assembler& a) {
    Label mknod = a.label(), mknodat = a.label(), check = a.label(), refused = a.label(),
          allowed = a.label(), other = a.label();
    a.jump(Jump::kEq, __NR_mknod, mknod, Assembler::kNext);
    a.jump(Jump::kEq, __NR_mknodat, mknodat, other);
    a.bind(mknod);
    a.load(bpf::arg_offset(1, false));
    a.jump(Jump::kEq, 0, check, check);
    a.bind(mknodat);
    a.load(bpf::arg_offset(2, false));
    a.bind(check);
    a.and_k(S_IFMT);
    a.jump(Jump::kEq, S_IFCHR, refused, Assembler::kNext);
    a.jump(Jump::kEq, S_IFBLK, refused, allowed);
    allow_or_refuse(a, allowed, refused);
    a.bind(other);
}

}  // namespace

int last_known_syscall() {
    int last = 0;
    for (const auto& s : kSyscalls) last = std::max(last, static_cast<int>(s.nr));
    return last;
}

std::string syscall_name(int nr) {
    for (const auto& s : kSyscalls)
        if (s.nr == nr) return std::string(name_of(s));
    return "";
}

std::optional<int> syscall_number(std::string_view name) {
    for (const auto& s : kSyscalls)
        if (name_of(s) == name) return s.nr;
    return std::nullopt;
}

BpfProgram default_seccomp_filter(UserNamespaces userns) {
    Assembler a;
    bpf::prologue(a);
    // One comparison a refused call, all jumping to one return: the kernel compiles and
    // checks every instruction of a filter at every start (about 1.5 us each here).
    Label eperm = a.label(), enosys = a.label(), rest = a.label();
    for (int nr : kRefused) a.jump(Jump::kEq, static_cast<uint32_t>(nr), eperm, Assembler::kNext);
    a.jump(Jump::kEq, __NR_clone3, enosys, rest);
    a.bind(eperm);
    a.ret(bpf::ret_errno(EPERM));
    a.bind(enosys);
    a.ret(bpf::ret_errno(ENOSYS));
    a.bind(rest);
    if (userns == UserNamespaces::kRefuse) {
        refuse_flag(a, __NR_unshare, CLONE_NEWUSER);
        refuse_flag(a, __NR_clone, CLONE_NEWUSER);
    }
    refuse_ioctls(a);
    refuse_device_nodes(a);
    a.ret(bpf::ret_allow());
    auto prog = a.finish();
    assert(prog);  // every jump here is short
    return std::move(prog).value();
}

}  // namespace nsctl::sandbox
