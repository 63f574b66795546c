// SPDX-License-Identifier: GPL-2.0-or-later
// The default seccomp filter, run through the kernel's own classic-BPF semantics by a small
// interpreter here (the ns tier checks it in real processes): what each system call gets.
#include "sandbox/seccomp.h"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstring>

#include "sandbox/seccomp_policy.h"

namespace nsctl::sandbox {
namespace {

// Runs prog on one seccomp_data the way the kernel's classic BPF does for the instructions the
// filter uses (absolute word loads, K jumps, returns).
uint32_t evaluate(const BpfProgram& prog, const seccomp_data& data) {
    uint32_t a = 0;
    size_t pc = 0;
    while (pc < prog.size()) {
        const BpfInstruction& i = prog[pc];
        switch (i.code) {
            case BPF_LD | BPF_W | BPF_ABS: {
                uint32_t word;
                std::memcpy(&word, reinterpret_cast<const char*>(&data) + i.k, 4);
                a = word;
                ++pc;
                break;
            }
            case BPF_ALU | BPF_AND | BPF_K:
                a &= i.k;
                ++pc;
                break;
            case BPF_JMP | BPF_JEQ | BPF_K:
                pc += 1 + (a == i.k ? i.jt : i.jf);
                break;
            case BPF_JMP | BPF_JGT | BPF_K:
                pc += 1 + (a > i.k ? i.jt : i.jf);
                break;
            case BPF_JMP | BPF_JGE | BPF_K:
                pc += 1 + (a >= i.k ? i.jt : i.jf);
                break;
            case BPF_JMP | BPF_JSET | BPF_K:
                pc += 1 + ((a & i.k) ? i.jt : i.jf);
                break;
            case BPF_RET | BPF_K:
                return i.k;
            default:
                ADD_FAILURE() << "unexpected instruction " << i.code;
                return 0;
        }
    }
    ADD_FAILURE() << "ran off the end of the program";
    return 0;
}

uint32_t call(const BpfProgram& prog, int nr, uint64_t arg0 = 0, uint64_t arg1 = 0,
              uint32_t arch = AUDIT_ARCH_X86_64, uint64_t arg2 = 0) {
    seccomp_data d{};
    d.nr = nr;
    d.arch = arch;
    d.args[0] = arg0;
    d.args[1] = arg1;
    d.args[2] = arg2;
    return evaluate(prog, d);
}

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr uint32_t kEperm = SECCOMP_RET_ERRNO | EPERM;
constexpr uint32_t kEnosys = SECCOMP_RET_ERRNO | ENOSYS;

TEST(Seccomp, DefaultFilterRefusesWhatSandboxesNeverNeed) {
    auto prog = default_seccomp_filter(UserNamespaces::kRefuse);
    EXPECT_LT(prog.size(), 100u);
    for (int nr : {__NR_kexec_load, __NR_init_module, __NR_finit_module, __NR_bpf,
                   __NR_perf_event_open, __NR_userfaultfd, __NR_keyctl, __NR_add_key,
                   __NR_open_by_handle_at, __NR_io_uring_setup, __NR_reboot})
        EXPECT_EQ(call(prog, nr), kEperm) << syscall_name(nr);
    for (int nr : {__NR_read, __NR_write, __NR_openat, __NR_execve, __NR_mmap, __NR_getpid,
                   __NR_clone, __NR_unshare, __NR_ioctl, __NR_name_to_handle_at})
        EXPECT_EQ(call(prog, nr), kAllow) << syscall_name(nr);
}

TEST(Seccomp, NewerCallsX32AndOtherArchitecturesGetEnosys) {
    auto prog = default_seccomp_filter(UserNamespaces::kRefuse);
    EXPECT_EQ(call(prog, __NR_clone3), kEnosys);
    EXPECT_EQ(call(prog, last_known_syscall() + 1), kEnosys);
    EXPECT_EQ(call(prog, last_known_syscall()), kAllow);
    EXPECT_EQ(call(prog, 0x40000000 | __NR_getpid), kEnosys);
    EXPECT_EQ(call(prog, 20, 0, 0, AUDIT_ARCH_I386), kEnosys);
}

TEST(Seccomp, UserNamespacesUnlessAllowed) {
    auto refuse = default_seccomp_filter(UserNamespaces::kRefuse);
    auto allow = default_seccomp_filter(UserNamespaces::kAllow);
    for (int nr : {__NR_unshare, __NR_clone}) {
        EXPECT_EQ(call(refuse, nr, CLONE_NEWUSER), kEperm);
        EXPECT_EQ(call(refuse, nr, CLONE_NEWUSER | CLONE_NEWNS | (1ull << 40)), kEperm);
        EXPECT_EQ(call(refuse, nr, CLONE_NEWNS | CLONE_NEWNET), kAllow);
        EXPECT_EQ(call(allow, nr, CLONE_NEWUSER), kAllow);
    }
}

TEST(Seccomp, TerminalInjectionIoctlsOnTheLow32Bits) {
    auto prog = default_seccomp_filter(UserNamespaces::kRefuse);
    EXPECT_EQ(call(prog, __NR_ioctl, 0, TIOCSTI), kEperm);
    EXPECT_EQ(call(prog, __NR_ioctl, 0, TIOCLINUX), kEperm);
    EXPECT_EQ(call(prog, __NR_ioctl, 0, 0xffffffff00000000ull | TIOCSTI), kEperm);
    EXPECT_EQ(call(prog, __NR_ioctl, 0, TIOCGWINSZ), kAllow);
    EXPECT_EQ(call(prog, __NR_ioctl, TIOCSTI, 0), kAllow);  // the fd, not the request
}

// mknod(path, mode, dev) and mknodat(dirfd, path, mode, dev): device nodes refused, FIFOs,
// sockets and files made (the mode's type bits only; permission bits do not matter).
TEST(Seccomp, DeviceNodesRefusedFifosAllowed) {
    auto prog = default_seccomp_filter(UserNamespaces::kRefuse);
    for (uint64_t type : {S_IFCHR, S_IFBLK}) {
        EXPECT_EQ(call(prog, __NR_mknod, 0, type | 0666), kEperm);
        EXPECT_EQ(call(prog, __NR_mknodat, 0, 0, AUDIT_ARCH_X86_64, type | 0600), kEperm);
        EXPECT_EQ(call(prog, __NR_mknodat, 0, type, AUDIT_ARCH_X86_64, 0), kAllow);  // a path
    }
    for (uint64_t type : {S_IFIFO, S_IFSOCK, S_IFREG, 0}) {
        EXPECT_EQ(call(prog, __NR_mknod, 0, type | 0644), kAllow);
        EXPECT_EQ(call(prog, __NR_mknodat, 0, 0, AUDIT_ARCH_X86_64, type | 0644), kAllow);
    }
}

BpfProgram compile(const std::string& text) {
    auto prog = compile_seccomp_policy(text);
    EXPECT_TRUE(prog) << prog.error().context;
    return prog ? *prog : BpfProgram{};
}

TEST(SeccompPolicy, DefaultActionAndFirstMatchingLine) {
    auto prog = compile(
        "# comment\n\n  default errno EACCES  # trailing comment\n"
        "mkdir allow arg1 == 0700\n"
        "mkdir errno ENOENT\n"
        "getpid allow\n"
        "kill kill\n"
        "ptrace trap\n"
        "read log\n"
        "write errno 28\n");
    EXPECT_EQ(call(prog, __NR_mkdir, 0, 0700), kAllow);
    EXPECT_EQ(call(prog, __NR_mkdir, 0, 0755), SECCOMP_RET_ERRNO | ENOENT);
    EXPECT_EQ(call(prog, __NR_getpid), kAllow);
    EXPECT_EQ(call(prog, __NR_kill), SECCOMP_RET_KILL_PROCESS);
    EXPECT_EQ(call(prog, __NR_ptrace), SECCOMP_RET_TRAP);
    EXPECT_EQ(call(prog, __NR_read), SECCOMP_RET_LOG);
    EXPECT_EQ(call(prog, __NR_write), SECCOMP_RET_ERRNO | 28);
    EXPECT_EQ(call(prog, __NR_openat), SECCOMP_RET_ERRNO | EACCES);  // the default
    EXPECT_EQ(call(prog, last_known_syscall() + 1), kEnosys);        // newer than the filter
    EXPECT_EQ(call(compile(""), __NR_openat), kAllow);               // no default: allow
    EXPECT_EQ(call(compile("getpid errno"), __NR_getpid), kEperm);   // no errno: EPERM
}

TEST(SeccompPolicy, SixtyFourBitComparisons) {
    const uint64_t v = 0x100000005ull;  // high word 1, low word 5
    struct Case {
        const char* op;
        uint64_t arg;
        bool match;
    };
    const Case cases[] = {
        {"==", v, true},
        {"==", 5, false},
        {"==", v + (1ull << 32), false},
        {"!=", v, false},
        {"!=", 5, true},
        {"!=", v + 1, true},
        {"<", v - 1, true},
        {"<", v, false},
        {"<", 6, true},
        {"<", 0x200000000ull, false},
        {"<=", v, true},
        {"<=", v + 1, false},
        {">", v + 1, true},
        {">", v, false},
        {">", 0xffffffffull, false},
        {">", 0x200000000ull, true},
        {">=", v, true},
        {">=", v - 1, false},
    };
    for (const auto& c : cases) {
        auto prog = compile(std::string("default allow\nread errno arg2 ") + c.op + " " +
                            std::to_string(v));
        seccomp_data d{};
        d.nr = __NR_read;
        d.arch = AUDIT_ARCH_X86_64;
        d.args[2] = c.arg;
        EXPECT_EQ(evaluate(prog, d), c.match ? kEperm : kAllow)
            << "arg2 " << c.op << " " << v << " with " << c.arg;
    }
}

TEST(SeccompPolicy, MaskedEqualityAndSeveralConditions) {
    auto prog = compile(
        "ioctl errno arg1&0xffffffff == 0x5412\n"
        "socket errno arg0 == 16 arg1&0xf == 3\n");
    EXPECT_EQ(call(prog, __NR_ioctl, 0, 0xdead00005412ull), kEperm);
    EXPECT_EQ(call(prog, __NR_ioctl, 0, 0x5413), kAllow);
    EXPECT_EQ(call(prog, __NR_socket, 16, 0x80003), kEperm);  // AF_NETLINK, SOCK_RAW|CLOEXEC
    EXPECT_EQ(call(prog, __NR_socket, 16, 2), kAllow);
    EXPECT_EQ(call(prog, __NR_socket, 2, 3), kAllow);
}

TEST(SeccompPolicy, BadLinesNameTheirNumber) {
    const std::pair<const char*, const char*> cases[] = {
        {"default allow\nopne allow", "2: unknown system call 'opne'"},
        {"read", "1: an action is missing"},
        {"read maybe", "1: unknown action 'maybe' (allow, errno, kill, log, trap)"},
        {"read errno ENOTANERRNO", "1: unknown errno 'ENOTANERRNO'"},
        {"read errno 0", "1: unknown errno '0'"},
        {"read errno 4096", "1: unknown errno '4096'"},
        {"read allow arg6 == 1", "1: 'arg6' is not arg0 ... arg5"},
        {"read allow arg0 =~ 1", "1: unknown comparison '=~' (== != < <= > >=)"},
        {"read allow arg0 == x", "1: 'x' is not a number"},
        {"read allow arg0 == -1", "1: '-1' is not a number"},
        {"read allow arg0 ==", "1: a condition is argN OP VALUE"},
        {"read allow arg0&0xf < 1", "1: a mask is written argN&MASK == VALUE"},
        {"default allow\ndefault kill", "2: a second 'default' line"},
        {"default allow arg0 == 1", "1: 'default' takes an action only"},
    };
    for (const auto& [text, error] : cases) {
        auto prog = compile_seccomp_policy(text);
        ASSERT_FALSE(prog) << text;
        EXPECT_EQ(prog.error().code, EINVAL);
        EXPECT_EQ(prog.error().context, error);
    }
    auto nul = compile_seccomp_policy(std::string_view("read allow\nread\0allow", 21));
    ASSERT_FALSE(nul);
    EXPECT_EQ(nul.error().context, "2: a NUL byte");
}

TEST(Seccomp, SyscallNames) {
    EXPECT_EQ(syscall_name(__NR_openat), "openat");
    EXPECT_EQ(syscall_number("perf_event_open"), __NR_perf_event_open);
    EXPECT_FALSE(syscall_number("no_such_call"));
    EXPECT_GE(last_known_syscall(), __NR_clone3);
}

}  // namespace
}  // namespace nsctl::sandbox
