// SPDX-License-Identifier: GPL-2.0-or-later
// The columns of lsns, as util-linux 2.42 defines them (names, width hints, flags, JSON types).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "output/table.h"

namespace nsctl::cli {

enum class LsnsCol {
    kNs,
    kType,
    kPath,
    kNprocs,
    kPid,
    kPpid,
    kCommand,
    kUid,
    kUser,
    kNetnsid,
    kNsfs,
    kPns,
    kOns
};
inline constexpr size_t kLsnsColCount = 13;

struct LsnsColInfo {
    LsnsCol id;
    std::string_view name;
    double whint;
    unsigned flags;
    output::JsonType json_type;
    std::string_view help;
};

const std::array<LsnsColInfo, kLsnsColCount>& lsns_columns();
inline const LsnsColInfo& col_info(LsnsCol c) { return lsns_columns()[static_cast<size_t>(c)]; }

/// Case-insensitive lookup, as lsns resolves -o and -Q names.
std::optional<LsnsCol> lsns_column_by_name(std::string_view name);

}  // namespace nsctl::cli
