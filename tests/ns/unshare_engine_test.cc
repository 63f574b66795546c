// SPDX-License-Identifier: GPL-2.0-or-later
// The unshare engine (ns::run_unshare) called directly: what a failure carries in its Result
// (Error, step, exit code, persist target), and the wait status of a --fork child. Each test
// that gets as far as unshare(2) runs in a forked child with fresh mount and network
// namespaces (run_unshare changes the calling process).
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include "ns/create.h"
#include "support/support.h"

namespace nsctl::ns {
namespace {

using test::run_in_fresh_namespaces;

UnshareSpec uts_spec(std::vector<std::string> argv) {
    UnshareSpec spec;
    spec.flags = CLONE_NEWUTS;
    spec.argv = std::move(argv);
    return spec;
}

TEST(UnshareEngine, InvalidSpecFailsBeforeAnythingIsDone) {
    UnshareSpec spec;
    spec.flags = CLONE_NEWUSER;
    spec.map_group = 0;
    spec.setgroups = Setgroups::kAllow;
    auto r = run_unshare(spec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().step, Step::kValidate);
    EXPECT_EQ(r.error().exit_code, 1);
    EXPECT_FALSE(r.error().helper_said_why);
    EXPECT_EQ(r.error().error.message(),
              "options --setgroups=allow and --map-group are mutually exclusive");
}

TEST(UnshareEngine, ExecFailureWithoutForkIs127) {
    run_in_fresh_namespaces([] {
        auto r = run_unshare(uts_spec({"/nonexistent/nsctl-unshare-test"}));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().step, Step::kExec);
        EXPECT_EQ(r.error().exit_code, 127);
        EXPECT_EQ(r.error().error.code, ENOENT);
        EXPECT_EQ(r.error().error.context, "failed to execute /nonexistent/nsctl-unshare-test");
    });
}

TEST(UnshareEngine, ExecFailureInTheForkedChildIsReported) {
    run_in_fresh_namespaces([] {
        UnshareSpec spec = uts_spec({"/etc/passwd"});  // not executable: EACCES, 126
        spec.fork = true;
        auto r = run_unshare(spec);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().step, Step::kExec);
        EXPECT_EQ(r.error().exit_code, 126);
        EXPECT_EQ(r.error().error.code, EACCES);
        EXPECT_EQ(r.error().error.context, "failed to execute /etc/passwd");
    });
}

TEST(UnshareEngine, ForkPassesTheChildsStatus) {
    run_in_fresh_namespaces([] {
        UnshareSpec spec = uts_spec({"sh", "-c", "exit 3"});
        spec.fork = true;
        auto r = run_unshare(spec);
        ASSERT_TRUE(r) << r.error().error.message();
        ASSERT_TRUE(WIFEXITED(*r));
        EXPECT_EQ(WEXITSTATUS(*r), 3);
    });
}

TEST(UnshareEngine, FailedPersistNamesItsTarget) {
    run_in_fresh_namespaces([] {
        // With --fork and a bind to make, the child is forked (not vforked) and waits; the failed
        // bind ends the run, and the child is killed and reaped (the leak check sees no child).
        UnshareSpec spec = uts_spec({"sleep", "1000"});
        spec.fork = true;
        std::string target = "/nonexistent/nsctl-unshare-test";
        spec.persist[index(Kind::kUts)] = target;
        auto r = run_unshare(spec);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().step, Step::kPersist);
        EXPECT_EQ(r.error().persist_kind, Kind::kUts);
        EXPECT_EQ(r.error().persist_target, target);
        EXPECT_EQ(r.error().error.code, ENOENT);
        EXPECT_EQ(r.error().error.context.rfind("mount /proc/", 0), 0u) << r.error().error.context;
    });
}

}  // namespace
}  // namespace nsctl::ns
