// SPDX-License-Identifier: GPL-2.0-or-later
// Reading ip(8)-style keyword arguments ("dev eth0 up mtu 1400") for the network commands.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"
#include "cli/net_context.h"
#include "output/table.h"

namespace nsctl::cli {

/// A cursor over args[first..].
class Args {
  public:
    Args(const std::vector<std::string>& args, size_t first) : args_(args), pos_(first) {}

    bool done() const { return pos_ >= args_.size(); }
    const std::string& peek() const { return args_[pos_]; }
    const std::string& next() { return args_[pos_++]; }

    /// The value after keyword `key`; EINVAL "KEY needs a value" at the end of the line.
    Result<std::string> value(const std::string& key);

  private:
    const std::vector<std::string>& args_;
    size_t pos_;
};

/// A "netns" argument: a name under /run/netns or else a PID, as ip takes it. Returns an fd of
/// that namespace. Errors name the cause: ESRCH "netns PID" (no such process), EINVAL "netns
/// 'ARG': not a pid or namespace name" (0, -5, ""), ENOENT "no network namespace named 'ARG'".
Result<UniqueFd> open_netns_arg(NetContext& ctx, const std::string& arg);

/// Table options for a network command's listing: JSON with -j, named `name` there.
output::TableOptions net_table_options(const NetContext& ctx, const char* name);

/// Prints "nsctl: WHAT: message" for an Error and returns 1 (the exit code).
int net_fail(const std::string& what, const Error& e);

/// "help", "-h" or "--help": the command prints its usage on stdout and exits 0.
bool is_help(const std::string& word);

/// A command's usage error: prints "nsctl: WHAT: MESSAGE" and returns 1.
int usage_error(const std::string& what, const std::string& message);

/// While alive, usage_error() keeps its message here instead of printing it: nsctl lab tries an
/// exec line `ip ...` in this process, and runs ip(8) itself for a line nsctl's grammar does not
/// take. One at a time.
class UsageErrorCapture {
  public:
    UsageErrorCapture();
    ~UsageErrorCapture();
    UsageErrorCapture(const UsageErrorCapture&) = delete;
    UsageErrorCapture& operator=(const UsageErrorCapture&) = delete;
    /// The first usage error's message since this was made; empty when there was none.
    const std::string& message() const { return message_; }

  private:
    friend int usage_error(const std::string& what, const std::string& message);
    std::string message_;
};

}  // namespace nsctl::cli
