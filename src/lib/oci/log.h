// SPDX-License-Identifier: GPL-2.0-or-later
// Lines of the --log file of `nsctl oci`, in runc's two formats (--log-format text|json), which
// containerd and podman read back when a runtime call fails.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace nsctl::oci {

enum class LogFormat { kText, kJson };

/// One line with its newline: text `time="2026-12-06T03:57:10Z" level=error msg="..."`, or
/// JSON `{"level":"error","msg":"...","time":"2026-12-06T03:57:10Z"}`; at is the time (UTC).
std::string log_line(LogFormat format, std::string_view level, std::string_view message, time_t at);

}  // namespace nsctl::oci
