// SPDX-License-Identifier: GPL-2.0-or-later
#include "base/result.h"

#include <cerrno>
#include <cstring>

namespace nsctl {

std::string Error::message() const {
    if (code == 0) return context;
    if (context.empty()) return std::strerror(code);
    return context + ": " + std::strerror(code);
}

Error errno_error(std::string context) { return Error{errno, std::move(context)}; }

}  // namespace nsctl
