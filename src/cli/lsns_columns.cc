// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/lsns_columns.h"

#include "base/parse.h"

namespace nsctl::cli {

using output::JsonType;
using output::kRight;
using output::kTrunc;
using output::kWrapNewline;

const std::array<LsnsColInfo, kLsnsColCount>& lsns_columns() {
    static const std::array<LsnsColInfo, kLsnsColCount> kCols = {{
        {LsnsCol::kNs, "NS", 10, kRight, JsonType::kNumber, "namespace inode number"},
        {LsnsCol::kType, "TYPE", 5, 0, JsonType::kString, "namespace kind (mnt, net, ...)"},
        {LsnsCol::kPath, "PATH", 0, 0, JsonType::kString, "/proc path of the namespace"},
        {LsnsCol::kNprocs, "NPROCS", 5, kRight, JsonType::kNumber, "processes in the namespace"},
        {LsnsCol::kPid, "PID", 5, kRight, JsonType::kNumber, "lowest process ID in the namespace"},
        {LsnsCol::kPpid, "PPID", 5, kRight, JsonType::kNumber, "parent process ID of PID"},
        {LsnsCol::kCommand, "COMMAND", 0, kTrunc, JsonType::kString, "command line of PID"},
        {LsnsCol::kUid, "UID", 0, kRight, JsonType::kNumber, "user ID of PID"},
        {LsnsCol::kUser, "USER", 0, 0, JsonType::kString, "user name of PID"},
        {LsnsCol::kNetnsid, "NETNSID", 0, kRight, JsonType::kString,
         "network namespace ID (RTM_GETNSID)"},
        {LsnsCol::kNsfs, "NSFS", 0, kWrapNewline, JsonType::kString,
         "nsfs bind mounts of the namespace"},
        {LsnsCol::kPns, "PNS", 10, kRight, JsonType::kNumber, "parent namespace inode number"},
        {LsnsCol::kOns, "ONS", 10, kRight, JsonType::kNumber,
         "owner (user) namespace inode number"},
    }};
    return kCols;
}

std::optional<LsnsCol> lsns_column_by_name(std::string_view name) {
    for (const auto& c : lsns_columns())
        if (iequals(c.name, name)) return c.id;
    return std::nullopt;
}

}  // namespace nsctl::cli
