// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/bpf_asm.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cerrno>
#include <cstddef>

namespace nsctl::sandbox::bpf {
namespace {

#if defined(__x86_64__)
constexpr uint32_t kArch = AUDIT_ARCH_X86_64;
constexpr uint32_t kX32Bit = 0x40000000;  // __X32_SYSCALL_BIT: the x32 ABI's calls
#else
#error "nsctl's seccomp filters know x86-64 only"
#endif

uint16_t jump_code(Jump op) {
    switch (op) {
        case Jump::kEq:
            return BPF_JMP | BPF_JEQ | BPF_K;
        case Jump::kGt:
            return BPF_JMP | BPF_JGT | BPF_K;
        case Jump::kGe:
            return BPF_JMP | BPF_JGE | BPF_K;
        default:
            return BPF_JMP | BPF_JSET | BPF_K;
    }
}

}  // namespace

void Assembler::load(uint32_t offset) { code_.push_back({BPF_LD | BPF_W | BPF_ABS, 0, 0, offset}); }

void Assembler::and_k(uint32_t k) { code_.push_back({BPF_ALU | BPF_AND | BPF_K, 0, 0, k}); }

void Assembler::jump(Jump op, uint32_t k, Label yes, Label no) {
    jumps_.push_back({code_.size(), yes, no});
    code_.push_back({jump_code(op), 0, 0, k});
}

void Assembler::ret(uint32_t value) { code_.push_back({BPF_RET | BPF_K, 0, 0, value}); }

Result<BpfProgram> Assembler::finish() {
    for (const Pending& j : jumps_) {
        auto offset = [&](Label l) -> int {
            if (l == kNext) return 0;
            return bound_[static_cast<size_t>(l)] - static_cast<int>(j.at) - 1;
        };
        int yes = offset(j.yes), no = offset(j.no);
        if (yes < 0 || no < 0 || yes > 255 || no > 255)
            return Error{E2BIG, "seccomp filter: a jump too long for BPF"};
        code_[j.at].jt = static_cast<uint8_t>(yes);
        code_[j.at].jf = static_cast<uint8_t>(no);
    }
    return std::move(code_);
}

uint32_t nr_offset() { return offsetof(seccomp_data, nr); }
uint32_t arch_offset() { return offsetof(seccomp_data, arch); }
uint32_t arg_offset(int i, bool high) {
    return static_cast<uint32_t>(offsetof(seccomp_data, args) + 8 * i + (high ? 4 : 0));
}

uint32_t ret_allow() { return SECCOMP_RET_ALLOW; }
uint32_t ret_errno(int err) {
    return SECCOMP_RET_ERRNO | (static_cast<uint32_t>(err) & SECCOMP_RET_DATA);
}
uint32_t ret_kill_process() { return SECCOMP_RET_KILL_PROCESS; }
uint32_t ret_log() { return SECCOMP_RET_LOG; }
uint32_t ret_trap() { return SECCOMP_RET_TRAP; }

void prologue(Assembler& a) {
    Label native = a.label(), nosys = a.label(), known = a.label();
    a.load(arch_offset());
    a.jump(Jump::kEq, kArch, native, nosys);  // i386 through int 0x80, for one
    a.bind(native);
    a.load(nr_offset());
    a.jump(Jump::kGe, kX32Bit, nosys, Assembler::kNext);
    a.jump(Jump::kGt, static_cast<uint32_t>(last_known_syscall()), nosys, known);
    a.bind(nosys);
    a.ret(ret_errno(ENOSYS));  // as a kernel that lacks the call
    a.bind(known);
}

static_assert(sizeof(BpfInstruction) == sizeof(sock_filter));
static_assert(offsetof(BpfInstruction, k) == offsetof(sock_filter, k));

}  // namespace nsctl::sandbox::bpf
