// SPDX-License-Identifier: GPL-2.0-or-later
// --seccomp FILE: a seccomp policy in a readable text form, compiled to BPF. The form (also in
// nsctl-run(1)):
//
//   # a comment; blank lines are ignored
//   default allow|kill|log|errno [ERRNO]      what calls the file does not name get (allow)
//   SYSCALL ACTION [CONDITION...]              the first line whose call and conditions match wins
//
// ACTION is allow, kill (the process), log (allow and log), trap (SIGSYS) or errno [ERRNO] (a
// name such as EPERM, or a number; EPERM when left out). A CONDITION compares one of the six
// arguments as a 64-bit unsigned number: argN OP VALUE with OP one of == != < <= > >=, or
// argN&MASK == VALUE; VALUE and MASK are decimal, 0x hexadecimal or 0 octal. All conditions of a
// line must hold. Calls newer than this build, the x32 ABI and other architectures get ENOSYS.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "sandbox/seccomp.h"

namespace nsctl::sandbox {

/// Compiles a policy's text. Errors: EINVAL with "LINE: what is wrong" as context ("3: unknown
/// system call 'opne'"); E2BIG when the program outgrows what BPF jumps can reach.
Result<BpfProgram> compile_seccomp_policy(std::string_view text);

}  // namespace nsctl::sandbox
