// SPDX-License-Identifier: GPL-2.0-or-later
// The failure diagnosis of unshare against a fake /proc/sys and /etc in a temporary directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ns/diagnose.h"

namespace nsctl::ns {
namespace {

namespace fs = std::filesystem;

class UnshareDiagnose : public ::testing::Test {
  protected:
    void SetUp() override {
        char dir[] = "/tmp/nsctl-diag-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        root_ = dir;
        roots_.proc_sys = root_ + "/proc/sys";
        roots_.etc = root_ + "/etc";
        roots_.proc_self = root_ + "/proc/self";
        roots_.path = root_ + "/bin";
        for (const char* d :
             {"/proc/sys/user", "/proc/sys/kernel", "/etc", "/proc/self/ns", "/bin"})
            fs::create_directories(root_ + d);
        write("/proc/sys/user/max_user_namespaces", "15000\n");
    }
    void TearDown() override { fs::remove_all(root_); }
    void write(const std::string& rel, const std::string& text) {
        std::ofstream(root_ + rel) << text;
    }
    FailureFacts facts(Step step, int code, int flags, uid_t euid) {
        FailureFacts f;
        f.failure.step = step;
        f.failure.error.code = code;
        f.flags = flags;
        f.euid = euid;
        f.user = "someone";
        return f;
    }
    std::string root_;
    DiagnoseRoots roots_;
};

TEST_F(UnshareDiagnose, UserNamespacesDisabled) {
    EXPECT_FALSE(userns_disabled_hint(roots_.proc_sys, false));
    write("/proc/sys/user/max_user_namespaces", "0\n");
    auto h = diagnose_unshare(facts(Step::kUnshare, ENOSPC, clone_flag(Kind::kUser), 1000), roots_);
    ASSERT_TRUE(h);
    EXPECT_NE(h->find("user.max_user_namespaces is 0"), std::string::npos) << *h;
}

TEST_F(UnshareDiagnose, DebianAndUbuntuSwitches) {
    write("/proc/sys/kernel/unprivileged_userns_clone", "0\n");
    auto f = facts(Step::kUnshare, EPERM, clone_flag(Kind::kUser), 1000);
    EXPECT_NE(diagnose_unshare(f, roots_)->find("kernel.unprivileged_userns_clone"),
              std::string::npos);
    write("/proc/sys/kernel/unprivileged_userns_clone", "1\n");
    write("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1\n");
    EXPECT_NE(diagnose_unshare(f, roots_)->find("apparmor_restrict_unprivileged_userns"),
              std::string::npos);
    // Root is not restricted by either switch.
    EXPECT_FALSE(
        diagnose_unshare(facts(Step::kUnshare, EPERM, clone_flag(Kind::kUser), 0), roots_));
}

TEST_F(UnshareDiagnose, MountNamespaceNeedsCapSysAdmin) {
    auto h = diagnose_unshare(facts(Step::kUnshare, EPERM, clone_flag(Kind::kMnt), 1000), roots_);
    ASSERT_TRUE(h);
    EXPECT_EQ(*h,
              "creating mnt namespaces needs CAP_SYS_ADMIN: run as root, or add -r "
              "(--map-root-user) to create a user namespace first");
}

TEST_F(UnshareDiagnose, TimeNamespacesMissing) {
    auto f = facts(Step::kUnshare, EINVAL, clone_flag(Kind::kTime), 0);
    EXPECT_TRUE(diagnose_unshare(f, roots_));
    write("/proc/self/ns/time", "");
    EXPECT_FALSE(diagnose_unshare(f, roots_));
}

TEST_F(UnshareDiagnose, SubidAndNewuidmap) {
    auto f = facts(Step::kIdMapHelper, 0, clone_flag(Kind::kUser), 1000);
    EXPECT_EQ(*diagnose_unshare(f, roots_), "newuidmap is not installed (Debian package uidmap)");
    for (const char* tool : {"/bin/newuidmap", "/bin/newgidmap"}) {
        write(tool, "");
        chmod((root_ + tool).c_str(), 0755);
    }
    EXPECT_NE(diagnose_unshare(f, roots_)->find("neither setuid root"), std::string::npos);
    for (const char* tool : {"/bin/newuidmap", "/bin/newgidmap"})
        chmod((root_ + tool).c_str(), 04755);
    EXPECT_EQ(*diagnose_unshare(f, roots_),
              "no range for user someone in " + roots_.etc +
                  "/subuid (add one: usermod --add-subuids 100000-165535 someone)");
    write("/etc/subuid", "someone:100000:65536\n");
    write("/etc/subgid", "1000:100000:65536\n");  // by uid
    EXPECT_FALSE(diagnose_unshare(f, roots_));
}

TEST_F(UnshareDiagnose, PersistFiles) {
    auto f = facts(Step::kPersist, ENOENT, clone_flag(Kind::kPid), 0);
    f.failure.persist_kind = Kind::kPid;
    f.failure.persist_target = root_ + "/pidns";
    EXPECT_NE(diagnose_unshare(f, roots_)->find("add -f (--fork)"), std::string::npos);
    f.fork = true;
    EXPECT_EQ(*diagnose_unshare(f, roots_),
              root_ + "/pidns does not exist: create it first (touch " + root_ + "/pidns)");
}

TEST_F(UnshareDiagnose, SharedMount) {
    const std::string mountinfo =
        "21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "30 21 0:40 / /srv/priv rw,relatime - tmpfs tmpfs rw\n"
        "31 21 0:41 / /srv/sh\\040x rw,relatime shared:7 - tmpfs tmpfs rw\n";
    EXPECT_FALSE(shared_mount_hint(mountinfo, "/srv/priv/mntns"));
    auto h = shared_mount_hint(mountinfo, "/srv/sh x/mntns");
    ASSERT_TRUE(h);
    EXPECT_NE(h->find("(/srv/sh x)"), std::string::npos) << *h;
    EXPECT_TRUE(shared_mount_hint(mountinfo, "/var/mntns"));  // on / (shared:1)
}

}  // namespace
}  // namespace nsctl::ns
