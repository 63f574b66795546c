// SPDX-License-Identifier: GPL-2.0-or-later
// The value lists of runtime-spec 1.2 that config.json is checked against, and that `nsctl oci
// features` reports from (features.cc picks the ones nsctl implements).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "ns/kinds.h"

namespace nsctl::oci {

/// linux.namespaces[].type -> our kind ("network" -> Kind::kNet); nullopt for others.
std::optional<ns::Kind> namespace_kind(std::string_view oci_type);
/// Every namespace type of config-linux.md, in its order.
std::span<const std::string_view> namespace_types();

/// The RLIMIT_* names of getrlimit(2).
std::span<const std::string_view> rlimit_types();

/// SCMP_ACT_*, SCMP_CMP_*, SCMP_ARCH_* and SECCOMP_FILTER_FLAG_* of config-linux.md (libseccomp
/// 2.6's lists).
std::span<const std::string_view> seccomp_actions();
std::span<const std::string_view> seccomp_operators();
std::span<const std::string_view> seccomp_archs();
std::span<const std::string_view> seccomp_flags();

/// True when name is in list.
bool contains(std::span<const std::string_view> list, std::string_view name);

/// Whether a well-formed capability name ("CAP_" and upper-case letters, digits, '_') is one
/// capabilities(7) names. config.json may name capabilities this build does not know: the spec
/// asks for a warning, not an error (config.md, "Linux Process").
bool is_known_capability(std::string_view name);

}  // namespace nsctl::oci
