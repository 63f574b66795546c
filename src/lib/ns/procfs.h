// SPDX-License-Identifier: GPL-2.0-or-later
// Small readers for /proc/PID files.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ns/kinds.h"
#include "sys/proc_path.h"

namespace nsctl::ns {

/// util-linux reads /proc text files into a BUFSIZ buffer: at most this many bytes.
inline constexpr size_t kProcTextMax = 8192;

/// "ns/net": the link of a kind relative to a /proc/PID directory (a static string).
const char* ns_link_path(Kind kind);

/// Reads at most `max` bytes of dirfd/name (dirfd may be AT_FDCWD), as util-linux's procfs
/// helpers do: NULs become spaces and the last byte read is dropped (the trailing NUL or
/// newline). ENOENT/ESRCH when the process is gone; ENODATA when the file is empty.
Result<std::string> read_proc_text(int dirfd, const char* name, size_t max);

struct StatFields {
    pid_t pid = 0;
    pid_t ppid = 0;
};

/// Parses pid and ppid out of a /proc/PID/stat line (the comm field may hold spaces and ')').
std::optional<StatFields> parse_stat(std::string_view line);

/// The start time of pid (field 22 of /proc/PID/stat, in clock ticks since boot): with the pid it
/// names one process for good, recycled pids included. "" when the process is gone.
std::string process_starttime(pid_t pid);

/// Whether pid is the process that started at starttime and has not ended: a zombie (state Z
/// or X, waiting to be reaped) has ended. For records that name a process by pid and start time.
bool process_alive(pid_t pid, const std::string& starttime);

/// The inode in the text of a /proc/PID/ns/* link, "net:[4026531840]"; nullopt otherwise.
std::optional<ino_t> parse_ns_link(std::string_view text);

/// True when name is all decimal digits (a pid or fd entry).
bool is_number(const char* name);

}  // namespace nsctl::ns
