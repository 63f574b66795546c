// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/caps.h"

#include <array>

#include "base/parse.h"

namespace nsctl::sandbox {
namespace {

// Indexed by capability number, as <linux/capability.h> numbers them.
constexpr std::array<std::string_view, kLastKnownCap + 1> kNames = {
    "chown",
    "dac_override",
    "dac_read_search",
    "fowner",
    "fsetid",
    "kill",
    "setgid",
    "setuid",
    "setpcap",
    "linux_immutable",
    "net_bind_service",
    "net_broadcast",
    "net_admin",
    "net_raw",
    "ipc_lock",
    "ipc_owner",
    "sys_module",
    "sys_rawio",
    "sys_chroot",
    "sys_ptrace",
    "sys_pacct",
    "sys_admin",
    "sys_boot",
    "sys_nice",
    "sys_resource",
    "sys_time",
    "sys_tty_config",
    "mknod",
    "lease",
    "audit_write",
    "audit_control",
    "setfcap",
    "mac_override",
    "mac_admin",
    "syslog",
    "wake_alarm",
    "block_suspend",
    "audit_read",
    "perfmon",
    "bpf",
    "checkpoint_restore",
};

constexpr CapSet bit(int cap) { return CapSet{1} << cap; }

}  // namespace

std::optional<int> capability_from_name(std::string_view name) {
    if (name.size() > 4 && iequals(name.substr(0, 4), "cap_")) name.remove_prefix(4);
    for (int cap = 0; cap <= kLastKnownCap; ++cap) {
        if (iequals(name, kNames[static_cast<size_t>(cap)])) return cap;
    }
    return std::nullopt;
}

std::string capability_name(int cap) {
    if (cap < 0 || cap > kLastKnownCap) return "cap_" + std::to_string(cap);
    return "cap_" + std::string(kNames[static_cast<size_t>(cap)]);
}

CapSet default_capabilities() {
    CapSet set = 0;
    for (const char* name :
         {"chown", "dac_override", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
          "net_bind_service", "net_raw", "sys_chroot", "mknod", "audit_write", "setfcap"})
        set |= bit(*capability_from_name(name));
    return set;
}

CapSet all_capabilities() { return bit(kLastKnownCap + 1) - 1; }

std::string capability_names(CapSet set) {
    std::string out;
    for (int cap = 0; cap < 64; ++cap) {
        if (!(set & bit(cap))) continue;
        if (!out.empty()) out += ',';
        out += capability_name(cap);
    }
    return out;
}

}  // namespace nsctl::sandbox
