// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl doctor's checks against a fake /proc, /sys and /etc in a temporary directory: the
// conditions this machine cannot show (Debian's and Ubuntu's userns switches, SELinux, cgroup
// v1 and v2 layouts, a kernel without namespaces or time namespaces, small subid ranges, no
// uidmap package). The real-kernel cases are in tests/cli/doctor_test.cc.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "doctor/doctor.h"

namespace nsctl::doctor {
namespace {

namespace fs = std::filesystem;

const Finding& only(const std::vector<Finding>& findings, const std::string& check) {
    for (const auto& f : findings)
        if (f.check == check) return f;
    static const Finding kNone{"(none)", Status::kFail, "no such finding", ""};
    ADD_FAILURE() << "no finding " << check;
    return kNone;
}

class DoctorRoots : public ::testing::Test {
  protected:
    void SetUp() override {
        char dir[] = "/tmp/nsctl-doctor-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        root_ = dir;
        roots_.proc = root_ + "/proc";
        roots_.sys = root_ + "/sys";
        roots_.etc = root_ + "/etc";
        roots_.selinux = root_ + "/sys/fs/selinux";
        roots_.audit_log = root_ + "/audit.log";
        roots_.cgroup = root_ + "/sys/fs/cgroup";
        roots_.modules = root_ + "/lib/modules";
        roots_.path = root_ + "/bin";
        roots_.libs = root_ + "/lib";
        for (const char* d : {"/proc/sys/user", "/proc/sys/kernel", "/proc/self/ns", "/etc",
                              "/sys/fs/selinux/class", "/bin", "/lib"})
            fs::create_directories(root_ + d);
        write("/proc/sys/user/max_user_namespaces", "15000\n");
    }
    void TearDown() override { fs::remove_all(root_); }
    void write(const std::string& rel, const std::string& text) {
        std::ofstream(root_ + rel) << text;
    }
    std::string root_;
    Roots roots_;
};

TEST_F(DoctorRoots, DebianAndUbuntuSwitches) {
    auto f = check_userns_policy(roots_);
    EXPECT_EQ(only(f, "userns.clone").detail, "not present (a Debian kernel patch); nothing to do");
    EXPECT_EQ(only(f, "userns.apparmor").status, Status::kOk);
    EXPECT_EQ(only(f, "userns.selinux").detail, "SELinux not enabled");

    write("/proc/sys/kernel/unprivileged_userns_clone", "0\n");
    write("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1\n");
    f = check_userns_policy(roots_);
    EXPECT_EQ(only(f, "userns.clone").status, Status::kFail);
    EXPECT_EQ(only(f, "userns.clone").fix, "sysctl -w kernel.unprivileged_userns_clone=1");
    EXPECT_EQ(only(f, "userns.apparmor").status, Status::kWarn);
    EXPECT_NE(only(f, "userns.apparmor")
                  .detail.find("'abi <abi/4.0>, include <tunables/global> "
                               "profile nsctl /usr/local/bin/nsctl "
                               "flags=(unconfined) { userns, }'"),
              std::string::npos)
        << only(f, "userns.apparmor").detail;
    EXPECT_EQ(only(f, "userns.apparmor").fix,
              "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
    write("/proc/sys/kernel/unprivileged_userns_clone", "1\n");
    write("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "0\n");
    f = check_userns_policy(roots_);
    EXPECT_EQ(only(f, "userns.clone").status, Status::kOk);
    EXPECT_EQ(only(f, "userns.apparmor").status, Status::kOk);
}

TEST_F(DoctorRoots, SelinuxEnforcing) {
    write("/sys/fs/selinux/enforce", "0\n");
    EXPECT_EQ(only(check_userns_policy(roots_), "userns.selinux").detail,
              "SELinux is permissive: it denies nothing");
    write("/sys/fs/selinux/enforce", "1\n");
    EXPECT_EQ(only(check_userns_policy(roots_), "userns.selinux").status, Status::kOk);
    fs::create_directories(root_ + "/sys/fs/selinux/class/user_namespace");
    EXPECT_EQ(only(check_userns_policy(roots_), "userns.selinux").status, Status::kOk);
    write("/audit.log",
          "type=AVC msg=audit(1.2:3): avc:  denied  { create } for  pid=9 comm=\"nsctl\" "
          "scontext=user_u:user_r:user_t:s0 tcontext=user_u:user_r:user_t:s0 "
          "tclass=user_namespace permissive=0\n"
          "type=AVC msg=audit(1.2:4): avc:  denied  { read } for tclass=file\n");
    const auto findings = check_userns_policy(roots_);
    const Finding& f = only(findings, "userns.selinux");
    EXPECT_EQ(f.status, Status::kWarn);
    EXPECT_EQ(f.detail.rfind("1 user_namespace denials in ", 0), 0u) << f.detail;
    EXPECT_EQ(f.fix, "audit2allow -a -M nsctl_userns && semodule -i nsctl_userns.pp");
}

TEST_F(DoctorRoots, KernelWithoutNamespaces) {
    // No /proc/self/ns entries: every kind fails before any probe is forked.
    ProbeChildren children;
    auto f = check_namespaces(roots_, children);
    ASSERT_EQ(f.size(), 8u);
    EXPECT_EQ(only(f, "ns.time").status, Status::kFail);
    EXPECT_EQ(only(f, "ns.time").fix, "boot a kernel built with CONFIG_TIME_NS");
    EXPECT_EQ(only(f, "ns.net").fix, "boot a kernel built with CONFIG_NET_NS");
    auto k = check_kernel_features(roots_);
    EXPECT_EQ(only(k, "kernel.time_namespaces").status, Status::kWarn);
    write("/proc/sys/user/max_user_namespaces", "0\n");
    EXPECT_EQ(only(check_userns_policy(roots_), "userns.max").fix,
              "sysctl -w user.max_user_namespaces=15000");
}

TEST_F(DoctorRoots, SmallSubidRangeAndNoUidmap) {
    Who who{"someone", 1000, 1000};
    write("/etc/subuid", "someone:100000:1000\n");
    write("/etc/subgid", "1000:100000:65536\n");  // by uid
    auto f = check_subids(roots_, who);
    EXPECT_EQ(only(f, "subid.uid").status, Status::kWarn);
    EXPECT_EQ(only(f, "subid.uid").detail,
              "someone: 100000-100999 (1000 ids), fewer than the 65536 a full map needs");
    EXPECT_EQ(only(f, "subid.uid").fix, "usermod --add-subuids 165536-231071 someone");
    EXPECT_EQ(only(f, "subid.gid").status, Status::kOk);
    EXPECT_EQ(only(f, "subid.newuidmap").detail, "newuidmap is not installed");
    EXPECT_EQ(only(f, "subid.newuidmap").fix, "apt-get install uidmap");
}

TEST_F(DoctorRoots, CgroupLayouts) {
    const std::string v1 =
        "30 25 0:26 / /sys/fs/cgroup/memory rw shared:9 - cgroup cgroup rw,memory\n"
        "31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw shared:10 - cgroup cgroup rw,cpu,cpuacct\n";
    const std::string v2 =
        "29 25 0:25 / " + roots_.cgroup + " rw shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
    write("/proc/self/mountinfo", v1);
    auto f = check_cgroups(roots_, 1000);
    EXPECT_EQ(only(f, "cgroup.layout").detail, "v1: 2 hierarchies");
    EXPECT_EQ(only(f, "cgroup.controllers").detail, "v1: cpu cpuacct memory");
    EXPECT_EQ(only(f, "cgroup.delegation").fix, "boot with systemd.unified_cgroup_hierarchy=1");
    EXPECT_EQ(only(f, "cgroup.limits").fix, "boot with systemd.unified_cgroup_hierarchy=1");
    const auto as_root = check_cgroups(roots_, 0);
    const Finding& no_pids = only(as_root, "cgroup.limits");
    EXPECT_EQ(no_pids.status, Status::kWarn);
    EXPECT_EQ(no_pids.detail, "no hierarchy offers pids");

    fs::create_directories(roots_.cgroup + "/user.slice");
    write("/sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
    write("/sys/fs/cgroup/user.slice/cgroup.procs", "");
    write("/proc/self/cgroup", "0::/user.slice\n");
    write("/proc/self/mountinfo", v2);
    f = check_cgroups(roots_, 1000);
    EXPECT_EQ(only(f, "cgroup.layout").detail, "v2 (unified) on " + roots_.cgroup);
    EXPECT_EQ(only(f, "cgroup.controllers").detail, "v2 (" + roots_.cgroup + "): cpu memory pids");
    const Finding& d = only(f, "cgroup.delegation");
    EXPECT_EQ(d.status, geteuid() == 1000 ? Status::kOk : Status::kWarn);
    EXPECT_EQ(d.fix, geteuid() == 1000 ? "" : "chown -R 1000 " + roots_.cgroup + "/user.slice");
    EXPECT_EQ(only(check_cgroups(roots_, 0), "cgroup.limits").status, Status::kOk);
    // Delegated (as root, the test gives the fake cgroup to 1000), but with memory only.
    const std::string slice = roots_.cgroup + "/user.slice";
    if (chown((slice + "/cgroup.procs").c_str(), 1000, 1000) == 0) {
        write("/sys/fs/cgroup/user.slice/cgroup.controllers", "memory\n");
        f = check_cgroups(roots_, 1000);
        EXPECT_EQ(only(f, "cgroup.delegation").status, Status::kOk);
        const Finding& l = only(f, "cgroup.limits");
        EXPECT_EQ(l.status, Status::kWarn);
        EXPECT_EQ(l.detail, "no pids cpu in your cgroup " + slice);
        EXPECT_EQ(l.fix,
                  "as root: echo '+pids +cpu' > " + roots_.cgroup + "/cgroup.subtree_control");
        write("/sys/fs/cgroup/user.slice/cgroup.controllers", "cpu memory pids\n");
        EXPECT_EQ(only(check_cgroups(roots_, 1000), "cgroup.limits").status, Status::kOk);
    }

    write("/proc/self/mountinfo", v1 + v2);
    EXPECT_EQ(only(check_cgroups(roots_, 0), "cgroup.layout").detail,
              "hybrid: 2 v1 hierarchies, and cgroup2 on " + roots_.cgroup);
    write("/proc/self/mountinfo", "");
    EXPECT_EQ(only(check_cgroups(roots_, 0), "cgroup.layout").status, Status::kFail);
}

}  // namespace
}  // namespace nsctl::doctor
