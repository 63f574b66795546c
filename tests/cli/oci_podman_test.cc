// SPDX-License-Identifier: GPL-2.0-or-later
// podman runs containers through nsctl-runtime (tests/cli/data/oci_podman.sh): an image imported
// from a busybox root, `podman run --rm` with its output, seccomp filter and exit status, a
// terminal through conmon's console socket, and a detached container given a process beside its
// own (podman exec), stopped and removed. The script's podman, conmon and containers live in a PID
// namespace of the script's own and end with it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "support/support.h"

namespace nsctl::test {
namespace {

TEST(OciPodman, PodmanRunsContainersThroughNsctl) {
    if (getuid() != 0) GTEST_SKIP() << "podman's rootful mode needs root";
    const std::string script = std::string(NSCTL_SOURCE_DIR) + "/tests/cli/data/oci_podman.sh";
    const std::string runtime = std::string(NSCTL_BINARY_DIR) + "/nsctl-runtime";
    RunResult r = run({"bash", script, runtime});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "images: localhost/nsctl/busybox:1\n"
              "run: hello, pid 1, uid 0, Seccomp: 2; exit 3\n"
              "run -t: tty: /dev/pts/0; exit 6\n"
              "detached: p1 running\n"
              "exec: exec, pid 2, uid 0; exit 4\n"
              "after stop: p1 exited 137\n"
              "containers left: \n"
              "runtime's containers left: \n")
        << r.err;
}

}  // namespace
}  // namespace nsctl::test
