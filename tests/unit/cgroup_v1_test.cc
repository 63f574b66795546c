// SPDX-License-Identifier: GPL-2.0-or-later
// Cgroup::all_on_v1 against fake /proc/cgroups files: nsctl run makes a cgroup after the clone
// only when every controller its limits need is on a cgroup v1 hierarchy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "sandbox/cgroup.h"

namespace nsctl::sandbox {
namespace {

class CgroupV1 : public ::testing::Test {
  protected:
    void SetUp() override {
        char dir[] = "/tmp/nsctl-cgroup-v1-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        dir_ = dir;
        roots_.proc_cgroups = dir_ + "/cgroups";
    }
    void TearDown() override {
        unlink((dir_ + "/cgroups").c_str());  // roots_ may name another file by now
        EXPECT_EQ(rmdir(dir_.c_str()), 0) << dir_;
    }
    void write(const std::string& text) { std::ofstream(roots_.proc_cgroups) << text; }

    std::string dir_;
    CgroupRoots roots_;
};

constexpr const char* kHybrid =
    "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
    "cpuset\t3\t1\t1\n"
    "cpu\t1\t1\t1\n"
    "memory\t5\t40\t1\n"
    "pids\t8\t30\t1\n"
    "hugetlb\t0\t1\t1\n"
    "rdma\t9\t1\t0\n";

TEST_F(CgroupV1, ControllersOnV1Hierarchies) {
    write(kHybrid);
    CgroupLimits limits;
    limits.memory = 1 << 20;
    limits.pids = 10;
    EXPECT_TRUE(Cgroup::all_on_v1(limits, roots_));
    limits.cpus = 1.5;
    EXPECT_TRUE(Cgroup::all_on_v1(limits, roots_));
}

TEST_F(CgroupV1, HierarchyZeroIsV2AndADisabledOneCounts) {
    write(
        "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
        "memory\t0\t40\t1\n"
        "pids\t8\t30\t0\n");
    CgroupLimits memory;
    memory.memory = 1 << 20;
    EXPECT_FALSE(Cgroup::all_on_v1(memory, roots_));
    CgroupLimits pids;
    pids.pids = 10;
    EXPECT_FALSE(Cgroup::all_on_v1(pids, roots_));
}

TEST_F(CgroupV1, MissingControllerOrFileIsNotV1) {
    write("#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t5\t40\t1\n");
    CgroupLimits limits;
    limits.memory = 1 << 20;
    limits.pids = 10;  // not listed
    EXPECT_FALSE(Cgroup::all_on_v1(limits, roots_));
    roots_.proc_cgroups = dir_ + "/none";
    limits.pids.reset();
    EXPECT_FALSE(Cgroup::all_on_v1(limits, roots_));
}

}  // namespace
}  // namespace nsctl::sandbox
