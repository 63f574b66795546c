// SPDX-License-Identifier: GPL-2.0-or-later
// The fixture of the nsctl oci tests that run containers (oci_lifecycle_test.cc,
// oci_exec_test.cc): a busybox root (TempRootfs), a bundle whose config.json is made from nsctl's
// default spec, a host directory bound at /out for the process to report through, and a state
// directory of the test's own. Whatever a test leaves is deleted and reported.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "oci/config.h"
#include "oci/default_spec.h"
#include "oci/spec.h"
#include "support/json.h"
#include "support/leftovers.h"
#include "support/rootfs.h"
#include "support/support.h"

namespace nsctl::test {

using Args = std::vector<std::string>;

inline std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline bool exists(const std::string& path) {
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
}

// Polls until done() or 10 s have passed.
template <typename F>
bool eventually(F done) {
    for (int i = 0; i < 1000; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

inline bool alive(pid_t pid) {
    std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
    auto paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

class OciLifecycle : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(rootfs_.ok()) << rootfs_.error();
        ASSERT_FALSE(dir_.path().empty());
        ASSERT_EQ(mkdir(out().c_str(), 0777), 0);
        ASSERT_EQ(chmod(out().c_str(), 0777), 0);
        ASSERT_EQ(mkdir(bundle().c_str(), 0755), 0);
        // The mount point of /out, which a rootless container cannot make in a root-owned image.
        ASSERT_EQ(mkdir(rootfs_.at("out").c_str(), 0755), 0);
    }
    void TearDown() override {
        // Whatever a failed test left: its containers' processes and state.
        RunResult ids = oci({"list", "-q"});
        std::istringstream in(ids.out);
        for (std::string id; std::getline(in, id);) oci({"delete", "--force", id});
        EXPECT_EQ(ids.out, "") << "containers left by the test";
        EXPECT_EQ(catcher_.survivors(), std::vector<std::string>{});
    }

    std::string out() const { return dir_.at("out"); }
    std::string bundle() const { return dir_.at("bundle"); }
    std::string root() const { return dir_.at("state"); }

    // The default spec (root or rootless for 65534), running args with /out bound.
    oci::Spec spec(const std::vector<std::string>& args, bool rootless = false) {
        oci::DefaultSpecOptions d;
        if (rootless) {
            d.mode = oci::SpecMode::kRootless;
            d.uid = 65534;
            d.gid = 65534;
        }
        oci::Spec s = oci::default_spec(d);
        s.process->terminal = false;
        s.process->args = args;
        s.root.path = rootfs_.path();
        s.mounts.push_back({"/out", "bind", out(), {"rbind", "rw"}, {}, {}});
        return s;
    }
    void write_config(const oci::Spec& s) {
        std::string file = bundle() + "/config.json";
        unlink(file.c_str());
        ASSERT_TRUE(oci::create_config_file(file, s));
    }

    RunResult oci(const Args& args) {
        Args argv = {NSCTL_BINARY, "oci", "--root", root()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    }
    std::string status(const std::string& id) {
        auto doc = parse_json(oci({"state", id}).out);
        if (!doc || !doc->string("status")) return "";
        return *doc->string("status");
    }
    // Nothing of id is left: no state directory, no container in the list.
    void expect_gone(const std::string& id) {
        EXPECT_FALSE(exists(root() + "/" + id));
        EXPECT_EQ(oci({"list", "-q"}).out, "");
    }

    // The containers' processes outlive `create`: as under containerd's shim, they become our
    // children, and what is left of them at the end is seen.
    OrphanCatcher catcher_;
    TempRootfs rootfs_;
    TempDir dir_{"oci", 0755};
};

}  // namespace nsctl::test
