// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/persist.h"

#include <sys/mount.h>

#include "sys/mounts.h"
#include "sys/proc_path.h"

namespace nsctl::ns {
namespace {

// util-linux binds in this order; mnt comes late so that the other binds are not made inside
// a mount namespace that is about to be bound.
constexpr Kind kBindOrder[kKindCount] = {Kind::kUser, Kind::kCgroup, Kind::kIpc, Kind::kUts,
                                         Kind::kNet,  Kind::kPid,    Kind::kMnt, Kind::kTime};

}  // namespace

std::string persist_source(pid_t pid, Kind kind) {
    std::string path = sys::proc_path(pid, "ns/" + std::string(info(kind).proc_entry));
    // unshare(2) of a pid or time namespace leaves the caller in its old one; only its children
    // enter the new one, which /proc/PID/ns/*_for_children names.
    if (kind == Kind::kPid || kind == Kind::kTime) path += "_for_children";
    return path;
}

PersistPlan plan_persist(pid_t pid, const PersistTargets& targets) {
    PersistPlan plan;
    for (Kind kind : kBindOrder) {
        const auto& target = targets[index(kind)];
        if (!target) continue;
        plan.binds[plan.count++] = {persist_source(pid, kind), *target, kind};
    }
    return plan;
}

int bind_persist_raw(const PersistPlan& plan, size_t* failed) {
    for (size_t i = 0; i < plan.count; ++i) {
        const auto& b = plan.binds[i];
        int err = sys::raw::mount(b.source.c_str(), b.target.c_str(), nullptr, MS_BIND, nullptr);
        if (err != 0) {
            *failed = i;
            return err;
        }
    }
    return 0;
}

}  // namespace nsctl::ns
