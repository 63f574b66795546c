// SPDX-License-Identifier: GPL-2.0-or-later
// Why nsenter failed: util-linux prints a bare "Operation not permitted"; this finds the cause
// by looking at the target and the files again, after the failure.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "ns/enter.h"

namespace nsctl::ns {

/// One line naming the actual cause of an enter() failure (without a "hint: " prefix), or
/// nullopt when no cause can be told apart from the error itself. Reads /proc and the files
/// still open in req; changes nothing.
std::optional<std::string> enter_hint(const EnterRequest& req, const EnterFailure& failure);

/// One line on why opening a namespace by its id (`nsenter --net=:ID`, ns::open_by_id) failed,
/// or nullopt. On ESTALE it tries to open this process's own UTS namespace by its id alone: when
/// that fails too, the kernel cannot open namespaces by id alone (Linux 6.18 also wants the type
/// and inode in the handle); otherwise no namespace has that id any more. On the errors of a
/// kernel without namespace file handles it names the Linux version they need.
std::optional<std::string> open_by_id_hint(const Error& error);

}  // namespace nsctl::ns
