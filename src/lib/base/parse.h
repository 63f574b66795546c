// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl {

/// Parses a whole string as an unsigned decimal (strtoull rules: leading blanks and '+' are
/// accepted, a '-' is not). Error codes: EINVAL when it is not a number, ERANGE when too large.
Result<uint64_t> parse_u64(std::string_view text);

/// Parses a whole string as a signed decimal that fits in int32_t. EINVAL or ERANGE.
Result<int32_t> parse_i32(std::string_view text);

/// Parses a whole string as a signed decimal that fits in int64_t. EINVAL or ERANGE.
Result<int64_t> parse_i64(std::string_view text);

/// Parses a size in bytes: a decimal with an optional binary suffix K, M, G or T (either case):
/// "64M" = 67108864. EINVAL for anything else ("12Q", "", "-1"), ERANGE past 2^64-1.
Result<uint64_t> parse_size(std::string_view text);

/// Parses a PID: a positive int32. ERANGE for 0 and negative numbers, as util-linux does.
Result<int32_t> parse_pid(std::string_view text);

/// Splits on a separator character; empty fields are kept.
std::vector<std::string_view> split(std::string_view text, char sep);

/// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);

/// text between single quotes for a one-line message: a quote, a backslash and control bytes
/// (a newline, a NUL) are written as C escapes (\' \\ \n \x00), so the quotes
/// always close on the same line and show where the value ends.
std::string in_quotes(std::string_view text);

/// text with its control bytes (a newline, a NUL, ...) written as C escapes (\n \t \x00) and
/// everything else as it is: for a message that must stay one line.
std::string printable(std::string_view text);

}  // namespace nsctl
