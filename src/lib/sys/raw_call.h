// SPDX-License-Identifier: GPL-2.0-or-later
// One system call made directly, not through libc: the result or -errno, and errno untouched.
// The raw:: functions of this layer are built on it. Besides being what a child between fork and
// exec needs (no allocation, no lock), it lets a child that shares our memory
// (sandbox::SpawnMode::kSharedMemory) run them while we run: errno lives in thread-local storage,
// and such a child runs on our thread's storage, so a libc wrapper failing in the child would
// change the errno we are about to read.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <type_traits>

namespace nsctl::sys::raw {

/// True where call() makes the system call itself (x86-64, AArch64). Elsewhere it goes through
/// syscall(3), which sets errno on failure, and nothing may share our memory while it runs.
#if defined(__x86_64__) || defined(__aarch64__)
inline constexpr bool kCallsLeaveErrno = true;
#else
inline constexpr bool kCallsLeaveErrno = false;
#endif

/// The system call nr with six arguments: its result, or -errno (-4095..-1).
inline long call6(long nr, long a, long b, long c, long d, long e, long f) {
#if defined(__x86_64__)
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory", "cc");
    return x0;
#else
    long r = ::syscall(nr, a, b, c, d, e, f);
    return r < 0 ? -errno : r;
#endif
}

/// An argument as the kernel takes it: pointers by address, integers sign- or zero-extended.
template <typename T>
long as_arg(T v) {
    if constexpr (std::is_null_pointer_v<T>) {
        return 0;
    } else if constexpr (std::is_pointer_v<T>) {
        return reinterpret_cast<long>(v);
    } else {
        return static_cast<long>(v);
    }
}

/// The system call nr with up to six arguments: its result, or -errno.
template <typename... Args>
long call(long nr, Args... args) {
    static_assert(sizeof...(Args) <= 6, "a system call takes at most six arguments");
    long a[6] = {as_arg(args)...};
    return call6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/// 0 for a result of 0 or more, else the errno of -r: for the calls that return 0 or errno.
inline int error_of(long r) { return r < 0 ? static_cast<int>(-r) : 0; }

/// The size of the kernel's signal set, as rt_sigprocmask(2) and its kin want it.
inline constexpr long kKernelSigsetSize = 8;

}  // namespace nsctl::sys::raw
