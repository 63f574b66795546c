// SPDX-License-Identifier: GPL-2.0-or-later
// User and group id maps for a new user namespace: parsing map specs, /etc/sub[ug]id look-ups,
// and the arithmetic that fits a single-id map into a list of ranges (as util-linux 2.42's
// unshare does it, so that both write the same uid_map).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl::ns {

/// One line of uid_map/gid_map: count ids from outer (parent namespace) to inner (new one).
struct IdRange {
    uint32_t inner = 0;
    uint32_t outer = 0;
    uint32_t count = 0;
    bool operator==(const IdRange&) const = default;
};

/// Marks an inner start to be chosen by fit_single_id (--map-users=auto: start at 0).
inline constexpr uint32_t kAutoInner = UINT32_MAX;

/// A list of ranges, first line first. util-linux builds it by prepending, and so does
/// prepend_range: the last range given on the command line comes first.
using IdMap = std::vector<IdRange>;

inline void prepend_range(IdMap& map, IdRange r) { map.insert(map.begin(), r); }

/// Parses "inner:outer:count" or the older "outer,inner,count" (decimal, whole string).
/// EINVAL with context "invalid mapping 'SPEC'".
Result<IdRange> parse_map_range(std::string_view spec);

/// The first range of the user with this uid (by name, or by number) in a subid file
/// (etc_root + "/subuid" or "/subgid"). identity: inner = outer; else inner = kAutoInner.
/// Errors, with util-linux's texts: "you (user N) don't exist.", "could not open 'FILE'",
/// "failed to parse subid map: 'X'", "no line matching user \"NAME\" in FILE".
Result<IdRange> read_subid_range(const std::string& file, uid_t uid, bool identity);

/// Identity ranges for every line of a kernel map file (/proc/self/uid_map), prepended to map.
Result<void> read_kernel_map(const std::string& file, IdMap& map);

/// Puts the single map outer -> inner first in map, cutting the one id out of every range that
/// contains outer or inner (so that no two lines overlap), and starting kAutoInner ranges at 0.
/// inner == UINT32_MAX adds no single map (only the cuts for auto ranges).
void fit_single_id(IdMap& map, uint32_t outer, uint32_t inner);

/// "inner outer count\n" for each range: what uid_map/gid_map takes in one write.
std::string format_id_map(const IdMap& map);

/// Parses a user name or number as util-linux's --map-user does ("failed to parse uid 'X'").
Result<uid_t> parse_user(const char* text);
/// Parses a group name or number as --map-group does ("failed to parse gid 'X'").
Result<gid_t> parse_group(const char* text);

}  // namespace nsctl::ns
