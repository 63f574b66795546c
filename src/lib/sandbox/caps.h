// SPDX-License-Identifier: GPL-2.0-or-later
// Capabilities by name, and the set a sandbox's root keeps: the conservative default of the OCI
// runtimes, changed by --cap-add and --cap-drop. Applying them is sys::raw::limit_capabilities.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nsctl::sandbox {

/// A set of capabilities: bit N is capability N (capabilities(7)).
using CapSet = uint64_t;

/// The highest capability this table names (CAP_CHECKPOINT_RESTORE, Linux 5.9).
inline constexpr int kLastKnownCap = 40;

/// "chown", "CAP_CHOWN", "Cap_Chown" -> 0; nullopt for a name capabilities(7) does not list.
std::optional<int> capability_from_name(std::string_view name);

/// 0 -> "cap_chown".
std::string capability_name(int cap);

/// The set root keeps in a sandbox by default, as the OCI runtimes' default configuration has it:
/// chown, dac_override, fowner, fsetid, kill, setgid, setuid, setpcap, net_bind_service,
/// net_raw, sys_chroot, mknod, audit_write, setfcap.
CapSet default_capabilities();

/// Every capability up to kLastKnownCap.
CapSet all_capabilities();

/// "cap_chown,cap_kill" for a set (empty for none).
std::string capability_names(CapSet set);

}  // namespace nsctl::sandbox
