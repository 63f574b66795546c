// SPDX-License-Identifier: GPL-2.0-or-later
// The default seccomp filter, written as the BPF program it is (seccomp(2), "Filter programs"):
// check the architecture, turn away the x32 ABI and numbers past the last one this build knows,
// then a short list of refused calls, a few calls whose arguments are looked at, and allow the
// rest. libseccomp would take milliseconds to compile the same at every start; this is a few
// dozen instructions built in microseconds.
#include "sandbox/seccomp.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <string_view>

namespace nsctl::sandbox {
namespace {

#if defined(__x86_64__)
constexpr uint32_t kArch = AUDIT_ARCH_X86_64;
constexpr uint32_t kX32Bit = 0x40000000;  // __X32_SYSCALL_BIT: the x32 ABI's calls
#else
#error "nsctl's seccomp filter knows x86-64 only"
#endif

struct Syscall {
    std::string_view name;
    int nr;
};

constexpr Syscall kSyscalls[] = {
#include "syscall_table.inc"
};

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

constexpr uint32_t kData = offsetof(seccomp_data, nr);
constexpr uint32_t kArchAt = offsetof(seccomp_data, arch);
// The low 32 bits of argument i (little-endian).
constexpr uint32_t arg_low(int i) { return offsetof(seccomp_data, args) + 8 * i; }

constexpr uint32_t errno_ret(int err) {
    return SECCOMP_RET_ERRNO | (static_cast<uint32_t>(err) & SECCOMP_RET_DATA);
}

class Builder {
  public:
    void load(uint32_t offset) { add(BPF_LD | BPF_W | BPF_ABS, offset); }
    void ret(uint32_t value) { add(BPF_RET | BPF_K, value); }
    // if (A == k) skip nothing else skip `skip` instructions, and the like.
    void jump(uint16_t op, uint32_t k, uint8_t jt, uint8_t jf) {
        prog_.push_back({static_cast<uint16_t>(BPF_JMP | op | BPF_K), jt, jf, k});
    }
    // if (A == nr) return value.
    void refuse(int nr, uint32_t value) {
        jump(BPF_JEQ, static_cast<uint32_t>(nr), 0, 1);
        ret(value);
    }
    // if (A == nr) { return (arg0 & flag) ? EPERM : ALLOW; } (A is clobbered on that path only)
    void refuse_flag(int nr, uint32_t flag) {
        jump(BPF_JEQ, static_cast<uint32_t>(nr), 0, 4);
        load(arg_low(0));
        jump(BPF_JSET, flag, 0, 1);
        ret(errno_ret(EPERM));
        ret(SECCOMP_RET_ALLOW);
    }
    // if (A == __NR_ioctl) { return low32(arg1) is TIOCSTI or TIOCLINUX ? EPERM : ALLOW; }
    void refuse_ioctls() {
        jump(BPF_JEQ, __NR_ioctl, 0, 5);
        load(arg_low(1));
        jump(BPF_JEQ, TIOCSTI, 2, 0);
        jump(BPF_JEQ, TIOCLINUX, 1, 0);
        ret(SECCOMP_RET_ALLOW);
        ret(errno_ret(EPERM));
    }
    BpfProgram take() { return std::move(prog_); }

  private:
    void add(uint16_t code, uint32_t k) { prog_.push_back({code, 0, 0, k}); }
    BpfProgram prog_;
};

}  // namespace

int last_known_syscall() {
    int last = 0;
    for (const auto& s : kSyscalls) last = std::max(last, s.nr);
    return last;
}

std::string syscall_name(int nr) {
    for (const auto& s : kSyscalls)
        if (s.nr == nr) return std::string(s.name);
    return "";
}

std::optional<int> syscall_number(std::string_view name) {
    for (const auto& s : kSyscalls)
        if (s.name == name) return s.nr;
    return std::nullopt;
}

BpfProgram default_seccomp_filter(UserNamespaces userns) {
    Builder b;
    b.load(kArchAt);
    b.jump(BPF_JEQ, kArch, 1, 0);
    b.ret(errno_ret(ENOSYS));  // another architecture (i386 through int 0x80)
    b.load(kData);
    b.jump(BPF_JGE, kX32Bit, 0, 1);
    b.ret(errno_ret(ENOSYS));
    b.jump(BPF_JGT, static_cast<uint32_t>(last_known_syscall()), 0, 1);
    b.ret(errno_ret(ENOSYS));  // newer than this filter: what the kernel says when it lacks one
    for (int nr : kRefused) b.refuse(nr, errno_ret(EPERM));
    b.refuse(__NR_clone3, errno_ret(ENOSYS));
    if (userns == UserNamespaces::kRefuse) {
        b.refuse_flag(__NR_unshare, CLONE_NEWUSER);
        b.refuse_flag(__NR_clone, CLONE_NEWUSER);
    }
    b.refuse_ioctls();
    b.ret(SECCOMP_RET_ALLOW);
    return b.take();
}

static_assert(sizeof(BpfInstruction) == sizeof(sock_filter));
static_assert(offsetof(BpfInstruction, k) == offsetof(sock_filter, k));

}  // namespace nsctl::sandbox
