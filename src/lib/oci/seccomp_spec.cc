// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/seccomp_spec.h"

#include <string_view>

#include "sandbox/seccomp_policy.h"

namespace nsctl::oci {
namespace {

std::string at(const char* list, size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
}

// An action in the policy form; errno_ret is the errno of SCMP_ACT_ERRNO (EPERM without one).
Result<std::string> action_of(const std::string& action, std::optional<uint32_t> errno_ret,
                              const std::string& key, bool is_default) {
    if (action == "SCMP_ACT_ALLOW") return std::string("allow");
    if (action == "SCMP_ACT_ERRNO") return "errno " + std::to_string(errno_ret.value_or(1));
    if (action == "SCMP_ACT_LOG") return std::string("log");
    // The policy form's kill ends the whole process: for a thread of it alone, the rest
    // would go on without it, which no program expects; runc's SCMP_ACT_KILL is the same.
    if (action == "SCMP_ACT_KILL" || action == "SCMP_ACT_KILL_THREAD" ||
        action == "SCMP_ACT_KILL_PROCESS")
        return std::string("kill");
    if (action == "SCMP_ACT_TRAP") {
        if (is_default) return Error{0, key + ": SCMP_ACT_TRAP as the default is not supported"};
        return std::string("trap");
    }
    if (action == "SCMP_ACT_TRACE" || action == "SCMP_ACT_NOTIFY")
        return Error{0, key + ": " + action + " is not supported (no tracer or listener)"};
    return Error{0, key + ": unknown action " + action};
}

// One argument condition: argN OP VALUE, or argN&MASK == VALUE.
Result<std::string> condition_of(const SeccompArg& a, const std::string& key) {
    if (a.index > 5) return Error{0, key + ".index: " + std::to_string(a.index) + " is past 5"};
    std::string arg = "arg" + std::to_string(a.index);
    std::string value = std::to_string(a.value);
    static constexpr struct {
        std::string_view name;
        std::string_view op;
    } kOps[] = {{"SCMP_CMP_EQ", "=="}, {"SCMP_CMP_NE", "!="}, {"SCMP_CMP_LT", "<"},
                {"SCMP_CMP_LE", "<="}, {"SCMP_CMP_GT", ">"},  {"SCMP_CMP_GE", ">="}};
    for (const auto& o : kOps)
        if (a.op == o.name) return arg + " " + std::string(o.op) + " " + value;
    if (a.op == "SCMP_CMP_MASKED_EQ")
        return arg + "&" + value + " == " + std::to_string(a.value_two.value_or(0));
    return Error{0, key + ".op: unknown operator " + a.op};
}

#if defined(__x86_64__)
constexpr std::string_view kNativeArch = "SCMP_ARCH_X86_64";
#elif defined(__aarch64__)
constexpr std::string_view kNativeArch = "SCMP_ARCH_AARCH64";
#else
constexpr std::string_view kNativeArch = "";
#endif

}  // namespace

Result<SeccompFilter> seccomp_filter(const Seccomp& s) {
    SeccompFilter f;
    const std::string key = "linux.seccomp";
    std::string fallback =
        NSCTL_TRY(action_of(s.default_action, s.default_errno_ret, key + ".defaultAction", true));
    f.policy = "default " + fallback + "\n";
    std::vector<std::string> others;
    for (const auto& arch : s.architectures)
        if (arch != kNativeArch) others.push_back(arch);
    if (!others.empty()) {
        std::string list;
        for (const auto& a : others) list += (list.empty() ? "" : ", ") + a;
        f.warnings.push_back(key + ".architectures: " + list +
                             ": not filtered; their system calls fail with ENOSYS");
    }
    for (const auto& flag : s.flags) f.warnings.push_back(key + ".flags: " + flag + " not applied");
    size_t unknown = 0;
    std::string first_unknown;
    for (size_t i = 0; i < s.syscalls.size(); ++i) {
        const SeccompRule& r = s.syscalls[i];
        std::string rkey = key + "." + at("syscalls", i);
        std::string action = NSCTL_TRY(action_of(r.action, r.errno_ret, rkey + ".action", false));
        std::string conditions;
        for (size_t j = 0; j < r.args.size(); ++j)
            conditions += " " + NSCTL_TRY(condition_of(r.args[j], rkey + "." + at("args", j)));
        for (const auto& name : r.names) {
            if (!sandbox::syscall_number(name)) {
                if (unknown++ == 0) first_unknown = name;
                continue;
            }
            f.policy += name + " " + action + conditions + "\n";
        }
    }
    if (unknown)
        f.warnings.push_back(key + ".syscalls: " + std::to_string(unknown) +
                             " system call names this build does not know left out (" +
                             first_unknown + (unknown > 1 ? ", ..." : "") + ")");
    auto program = sandbox::compile_seccomp_policy(f.policy);
    if (!program) return Error{0, key + ": " + program.error().context};
    f.program = std::move(*program);
    return f;
}

}  // namespace nsctl::oci
