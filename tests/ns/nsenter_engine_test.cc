// SPDX-License-Identifier: GPL-2.0-or-later
// The nsenter engine (ns::enter) on real namespaces, each test in a forked child with fresh
// mount and network namespaces (enter() changes the calling process).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include "ns/enter.h"
#include "ns/enter_diagnose.h"
#include "support/support.h"

namespace nsctl::ns {
namespace {

using test::run_in_fresh_namespaces;

UniqueFd open_ro(const char* path) { return UniqueFd(open(path, O_RDONLY | O_CLOEXEC)); }

TEST(NsenterEngine, NotANamespaceFileIsEinvalWithHint) {
    run_in_fresh_namespaces([] {
        EnterRequest req;
        req.ns[index(Kind::kNet)].enabled = true;
        req.ns[index(Kind::kNet)].fd = open_ro("/etc/passwd");
        req.argv = {"true"};
        auto r = enter(req);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().error.code, EINVAL);
        EXPECT_EQ(r.error().error.context, "reassociate to namespace 'ns/net' failed");
        EXPECT_EQ(r.error().kinds, CLONE_NEWNET);
        EXPECT_FALSE(r.error().via_pidfd);
        auto hint = enter_hint(req, r.error());
        ASSERT_TRUE(hint);
        EXPECT_NE(hint->find("not a namespace file"), std::string::npos) << *hint;
    });
}

TEST(NsenterEngine, NothingToEnter) {
    EnterRequest req;
    auto r = enter(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().error.message(), "no namespace specified");
    EXPECT_FALSE(enter_hint(req, r.error()));
}

TEST(NsenterEngine, EntersAFileAndReportsExecFailure) {
    run_in_fresh_namespaces([] {
        // A second network namespace, held by an fd: enter it, then fail to exec.
        UniqueFd before = open_ro("/proc/self/ns/net");
        ASSERT_EQ(unshare(CLONE_NEWNET), 0);
        UniqueFd other = open_ro("/proc/self/ns/net");
        ASSERT_EQ(setns(before.get(), CLONE_NEWNET), 0);
        struct stat want {};
        ASSERT_EQ(fstat(other.get(), &want), 0);
        EnterRequest req;
        req.ns[index(Kind::kNet)].enabled = true;
        req.ns[index(Kind::kNet)].fd = std::move(other);
        req.argv = {"/nonexistent/program"};
        auto r = enter(req);
        ASSERT_TRUE(r) << r.error().error.message();
        ASSERT_TRUE(r->exec_error);
        EXPECT_EQ(r->exec_error->code, ENOENT);
        EXPECT_EQ(r->exec_error->context, "failed to execute /nonexistent/program");
        struct stat now {};
        ASSERT_EQ(stat("/proc/self/ns/net", &now), 0);
        EXPECT_EQ(now.st_ino, want.st_ino);
    });
}

TEST(NsenterEngine, PidNamespaceForksAndPassesStatus) {
    run_in_fresh_namespaces([] {
        EnterRequest req;
        req.ns[index(Kind::kPid)].enabled = true;
        req.ns[index(Kind::kPid)].fd = open_ro("/proc/self/ns/pid");
        req.argv = {"sh", "-c", "exit 5"};
        auto r = enter(req);
        ASSERT_TRUE(r) << r.error().error.message();
        EXPECT_FALSE(r->exec_error);
        EXPECT_TRUE(WIFEXITED(r->wait_status));
        EXPECT_EQ(WEXITSTATUS(r->wait_status), 5);
    });
}

}  // namespace
}  // namespace nsctl::ns
