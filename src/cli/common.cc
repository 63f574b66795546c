// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "cli/commands.h"

namespace nsctl::cli {

void warnx(std::string_view prog, std::string_view message) {
    std::fprintf(stderr, "%.*s: %.*s\n", static_cast<int>(prog.size()), prog.data(),
                 static_cast<int>(message.size()), message.data());
}

bool write_stdout(std::string_view text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

}  // namespace nsctl::cli
