// SPDX-License-Identifier: GPL-2.0-or-later
// A full stdout is an error, said as util-linux's close_stdout says it ("PROG: write error:
// No space left on device", exit 1), by the drop-ins (side by side with Debian's util-linux)
// and by the nsctl commands.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/support.h"

namespace nsctl::test {
namespace {

// Runs `tool args... >/dev/full`.
RunResult to_full(const std::string& tool, const std::string& args) {
    return run({"sh", "-c", "exec \"$0\" " + args + " >/dev/full", tool});
}

std::string ours(const std::string& name) { return std::string(NSCTL_BINARY_DIR) + "/" + name; }

TEST(WriteError, DropInsAsUtilLinux) {
    for (const std::string tool : {"unshare", "nsenter", "lsns"}) {
        for (const std::string args : {"--help", "--version", ""}) {
            if (args.empty() && tool != "lsns") continue;
            RunResult r = to_full(ours(tool), args);
            RunResult ul = to_full("/usr/bin/" + tool, args);
            EXPECT_EQ(r.err, tool + ": write error: No space left on device\n") << tool << args;
            EXPECT_EQ(r.err, ul.err) << tool << " " << args;
            EXPECT_EQ(r.status, 1) << tool << " " << args;
            EXPECT_EQ(r.status, ul.status) << tool << " " << args;
        }
    }
}

// With SIGPIPE ignored a closed pipe is EPIPE: util-linux then stops quietly with its usual
// status, and so do we.
TEST(WriteError, ClosedPipeIsQuiet) {
    for (const std::string tool : {"unshare", "nsenter", "lsns"}) {
        for (const std::string args : {"--help", ""}) {
            if (args.empty() && tool != "lsns") continue;
            const std::string script =
                "trap '' PIPE; (sleep 0.2; \"$0\" " + args + "; echo rc=$? >&2) | true";
            RunResult r = run({"sh", "-c", script, ours(tool)});
            RunResult ul = run({"sh", "-c", script, "/usr/bin/" + tool});
            EXPECT_EQ(r.err, "rc=0\n") << tool << " " << args;
            EXPECT_EQ(r.err, ul.err) << tool << " " << args;
        }
    }
}

TEST(WriteError, NsctlCommands) {
    for (const std::string args : {"--help", "--version", "link help", "netns help", "link show",
                                   "doctor", "doctor --json"}) {
        RunResult r = to_full(NSCTL_BINARY, args);
        EXPECT_EQ(r.err, "nsctl: write error: No space left on device\n") << args;
        EXPECT_EQ(r.status, 1) << args;
    }
}

}  // namespace
}  // namespace nsctl::test
