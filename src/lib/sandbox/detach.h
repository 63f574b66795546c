// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run --detach: the run goes on in a process of its own (a new session, stdin, stdout and
// stderr on /dev/null, its working directory /), and the caller returns as soon as the sandbox's
// command has started, or with the failure the detached process met before that: its message
// lines and exit code travel back over a pipe, so the caller prints them as a run in the
// foreground would.
#pragma once

#include <functional>
#include <string>

#include "base/result.h"

namespace nsctl::sandbox {

/// The detached process's end of the pipe.
class DetachChannel {
  public:
    explicit DetachChannel(int fd) : fd_(fd) {}
    /// The command runs: the caller may return (exit status 0).
    void started();
    /// The run failed before that: these lines (without "\n") for the caller's stderr, and its
    /// exit status.
    void failed(int exit_code, const std::string& lines);

  private:
    int fd_;
};

struct DetachOutcome {
    int exit_code = 0;
    std::string messages;  ///< lines for stderr, each ending in "\n"
};

/// Runs body in a detached process (body's return value is that process's exit status) and
/// waits for its word. A detached process that ends without one is a failure (125).
Result<DetachOutcome> run_detached(const std::function<int(DetachChannel&)>& body);

}  // namespace nsctl::sandbox
