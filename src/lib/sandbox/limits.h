// SPDX-License-Identifier: GPL-2.0-or-later
// Resource limits (setrlimit(2)) by name, for --rlimit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nsctl::sandbox {

/// "nofile" or "RLIMIT_NOFILE" (any case) -> RLIMIT_NOFILE; nullopt for an unknown name.
std::optional<int> rlimit_from_name(std::string_view name);

/// RLIMIT_NOFILE -> "nofile".
std::string rlimit_name(int resource);

/// The names --rlimit takes, comma-separated.
std::string rlimit_names();

/// "unlimited" / "infinity" as a limit value (RLIM_INFINITY).
inline constexpr uint64_t kUnlimited = ~uint64_t{0};

}  // namespace nsctl::sandbox
