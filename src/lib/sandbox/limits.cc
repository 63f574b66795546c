// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/limits.h"

#include <sys/resource.h>

#include "base/parse.h"

namespace nsctl::sandbox {
namespace {

struct Named {
    std::string_view name;
    int resource;
};

// getrlimit(2)'s resources, by the names prlimit(1) and ulimit use.
constexpr Named kLimits[] = {
    {"as", RLIMIT_AS},           {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},
    {"data", RLIMIT_DATA},       {"fsize", RLIMIT_FSIZE},       {"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
    {"nofile", RLIMIT_NOFILE},   {"nproc", RLIMIT_NPROC},       {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},   {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING},
    {"stack", RLIMIT_STACK},
};

}  // namespace

std::optional<int> rlimit_from_name(std::string_view name) {
    if (name.size() > 7 && iequals(name.substr(0, 7), "rlimit_")) name.remove_prefix(7);
    for (const auto& l : kLimits)
        if (iequals(name, l.name)) return l.resource;
    return std::nullopt;
}

std::string rlimit_name(int resource) {
    for (const auto& l : kLimits)
        if (l.resource == resource) return std::string(l.name);
    return std::to_string(resource);
}

std::string rlimit_names() {
    std::string out;
    for (const auto& l : kLimits) out += (out.empty() ? "" : ", ") + std::string(l.name);
    return out;
}

}  // namespace nsctl::sandbox
