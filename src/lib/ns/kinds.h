// SPDX-License-Identifier: GPL-2.0-or-later
// The one table of namespace kinds: names, /proc entries and clone flags.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace nsctl::ns {

/// In util-linux lsns's order (it decides nothing visible, but keeps scans comparable).
enum class Kind { kMnt, kNet, kPid, kUts, kIpc, kUser, kCgroup, kTime };

inline constexpr size_t kKindCount = 8;

struct KindInfo {
    Kind kind;
    std::string_view name;        ///< as lsns prints it and --type takes it: "mnt"
    std::string_view proc_entry;  ///< the entry under /proc/PID/ns/: "mnt"
    int clone_flag;               ///< CLONE_NEWNS, ...
};

/// Every kind, indexed by static_cast<size_t>(Kind).
const std::array<KindInfo, kKindCount>& kinds();

inline const KindInfo& info(Kind kind) { return kinds()[static_cast<size_t>(kind)]; }
inline size_t index(Kind kind) { return static_cast<size_t>(kind); }

/// "net" -> Kind::kNet; nullopt for an unknown name.
std::optional<Kind> kind_from_name(std::string_view name);

/// CLONE_NEWNET -> Kind::kNet (as NS_GET_NSTYPE reports it); nullopt otherwise.
std::optional<Kind> kind_from_clone_flag(int flag);

}  // namespace nsctl::ns
