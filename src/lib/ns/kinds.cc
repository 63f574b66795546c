// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/kinds.h"

#include <sched.h>

#include "sys/linux_compat.h"

namespace nsctl::ns {

const std::array<KindInfo, kKindCount>& kinds() {
    static constexpr std::array<KindInfo, kKindCount> kTable = {{
        {Kind::kMnt, "mnt", "mnt", CLONE_NEWNS},
        {Kind::kNet, "net", "net", CLONE_NEWNET},
        {Kind::kPid, "pid", "pid", CLONE_NEWPID},
        {Kind::kUts, "uts", "uts", CLONE_NEWUTS},
        {Kind::kIpc, "ipc", "ipc", CLONE_NEWIPC},
        {Kind::kUser, "user", "user", CLONE_NEWUSER},
        {Kind::kCgroup, "cgroup", "cgroup", CLONE_NEWCGROUP},
        {Kind::kTime, "time", "time", CLONE_NEWTIME},
    }};
    return kTable;
}

std::optional<Kind> kind_from_name(std::string_view name) {
    for (const auto& k : kinds())
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::optional<Kind> kind_from_clone_flag(int flag) {
    for (const auto& k : kinds())
        if (k.clone_flag == flag) return k.kind;
    return std::nullopt;
}

}  // namespace nsctl::ns
