// SPDX-License-Identifier: GPL-2.0-or-later
// A -batch file read as ip -batch reads it (iproute2's getcmdline and makeargs): '#' anywhere
// starts a comment, a line that ends in '\' goes on on the next one, blanks separate words, a
// word that starts with a quote runs to the same quote (no escapes), blank lines are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nsctl::cli {

struct BatchCommand {
    size_t first_line = 0;  ///< 1-based, in the file
    size_t last_line = 0;   ///< the last line of a command continued with '\'
    std::vector<std::string> words;
    std::string error;  ///< set when the command cannot be read: it then has no words

    /// "FILE:N", or "FILE:N-M" for a continued command.
    std::string where(const std::string& file) const;
};

/// The commands of a batch, in order; comment and blank lines give none. A command with a NUL
/// byte, an unterminated quote, or a '\' on the file's last line comes back with an error.
std::vector<BatchCommand> read_batch_commands(std::string_view text);

}  // namespace nsctl::cli
