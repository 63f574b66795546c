// SPDX-License-Identifier: GPL-2.0-or-later
// Cell text as libsmartcols 2.42 measures and escapes it (rules learned from util-linux
// lib/mbsalign.c and include/carefulputc.h). Internal to the output library. Character classes,
// multibyte decoding and widths come from the C library's current locale (LC_CTYPE), as they do
// in libsmartcols.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nsctl::output {

enum class NewlineMode { kEscape, kKeep };

/// Width in terminal cells of s once control and non-printable characters (and a backslash
/// followed by 'x') are written as \xHH; appends that encoded form to out unless it is null.
/// NewlineMode::kKeep leaves '\n' alone with no width (a wrapnl column's "safe chars").
size_t encode_safe(std::string_view s, NewlineMode newline, std::string* out);

/// Cuts already encoded text to at most width cells, never splitting a character (as
/// mbs_truncate does); returns the cells kept.
size_t truncate_cells(std::string* s, size_t width);

/// Appends s as libsmartcols' raw output writes it (fputs_nonblank): blanks, backslashes and
/// every byte that is not printable on its own become \xHH.
void escape_raw(std::string_view s, std::string* out);

}  // namespace nsctl::output
