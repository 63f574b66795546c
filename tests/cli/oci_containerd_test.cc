// SPDX-License-Identifier: GPL-2.0-or-later
// containerd runs containers through nsctl-runtime (tests/cli/data/oci_containerd.sh): an image
// built from busybox-static and imported offline, `ctr run --rm` with its output and exit
// status, and a detached container listed, given processes beside its own (ctr task exec,
// attached and detached; ctr task ps), killed and deleted; ctr run -t and ctr task exec -t, whose
// terminals reach the shim through a console socket. The script's containerd, its
// shims and containers live in a PID namespace of the script's own and end with it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "support/support.h"

namespace nsctl::test {
namespace {

TEST(OciContainerd, CtrRunsContainersThroughNsctl) {
    if (getuid() != 0) GTEST_SKIP() << "containerd needs root";
    const std::string script = std::string(NSCTL_SOURCE_DIR) + "/tests/cli/data/oci_containerd.sh";
    const std::string runtime = std::string(NSCTL_BINARY_DIR) + "/nsctl-runtime";
    RunResult r = run({"bash", script, runtime});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "images: docker.io/nsctl/busybox:1\n"
              "run: hello, pid 1, uid 0; exit 3\n"
              "run -t: tty: /dev/pts/0; exit 6\n"
              "detached: RUNNING\n"
              "exec: exec, pid 2, ppid 0, sleep; exit 5\n"
              "exec of a missing program: exit 1, 1 error line\n"
              "exec -d: 2 processes\n"
              "exec -t: tty: /dev/pts/0; exit 8\n"
              "after kill: STOPPED\n"
              "containers left: \n"
              "runtime's containers left: \n")
        << r.err;
}

}  // namespace
}  // namespace nsctl::test
