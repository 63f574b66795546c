// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/names.h"

#include <algorithm>

#include "sandbox/caps.h"

namespace nsctl::oci {
namespace {

struct NamespaceName {
    std::string_view oci;
    ns::Kind kind;
};
constexpr NamespaceName kNamespaces[] = {
    {"pid", ns::Kind::kPid},       {"network", ns::Kind::kNet}, {"mount", ns::Kind::kMnt},
    {"ipc", ns::Kind::kIpc},       {"uts", ns::Kind::kUts},     {"user", ns::Kind::kUser},
    {"cgroup", ns::Kind::kCgroup}, {"time", ns::Kind::kTime},
};
constexpr std::string_view kNamespaceTypes[] = {"pid", "network", "mount",  "ipc",
                                                "uts", "user",    "cgroup", "time"};

constexpr std::string_view kRlimits[] = {
    "RLIMIT_AS",     "RLIMIT_CORE",   "RLIMIT_CPU",        "RLIMIT_DATA",
    "RLIMIT_FSIZE",  "RLIMIT_LOCKS",  "RLIMIT_MEMLOCK",    "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE",   "RLIMIT_NOFILE", "RLIMIT_NPROC",      "RLIMIT_RSS",
    "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK",
};

constexpr std::string_view kActions[] = {
    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
    "SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",        "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",          "SCMP_ACT_NOTIFY",
};

constexpr std::string_view kOperators[] = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

constexpr std::string_view kArchs[] = {
    "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",     "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",    "SCMP_ARCH_SH",       "SCMP_ARCH_SHEB",
};

constexpr std::string_view kFlags[] = {
    "SECCOMP_FILTER_FLAG_TSYNC",
    "SECCOMP_FILTER_FLAG_LOG",
    "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

}  // namespace

std::optional<ns::Kind> namespace_kind(std::string_view oci_type) {
    for (const auto& n : kNamespaces)
        if (n.oci == oci_type) return n.kind;
    return std::nullopt;
}

std::span<const std::string_view> namespace_types() { return kNamespaceTypes; }
std::span<const std::string_view> rlimit_types() { return kRlimits; }
std::span<const std::string_view> seccomp_actions() { return kActions; }
std::span<const std::string_view> seccomp_operators() { return kOperators; }
std::span<const std::string_view> seccomp_archs() { return kArchs; }
std::span<const std::string_view> seccomp_flags() { return kFlags; }

bool contains(std::span<const std::string_view> list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

bool is_known_capability(std::string_view name) {
    // capability_from_name also takes "chown" and any case; the caller has checked the form.
    return sandbox::capability_from_name(name).has_value();
}

}  // namespace nsctl::oci
