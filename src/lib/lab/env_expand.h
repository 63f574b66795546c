// SPDX-License-Identifier: GPL-2.0-or-later
// Environment variables in a topology file, expanded before it is read, as containerlab expands
// them: ${NAME}, ${NAME:=DEFAULT} and ${NAME:-DEFAULT} (the default when NAME is unset or empty).
// $NAME without braces is left alone, so that exec lines keep their shell variables, and so is
// a line that is a comment; $${ is a literal ${.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace nsctl::lab {

/// The value of a variable, or nullptr when it is unset (::getenv by default).
using EnvLookup = std::function<const char*(const char*)>;

/// text with every ${...} replaced. Errors (code 0) "FILE:LINE:COLUMN: ${NAME}: not set (give it
/// a value, or a default: ${NAME:=VALUE})", "...: ${ without a closing }", "...: ${...}: not a
/// variable name".
Result<std::string> expand_env(std::string_view text, std::string_view file,
                               const EnvLookup& lookup = nullptr);

}  // namespace nsctl::lab
