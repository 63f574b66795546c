// SPDX-License-Identifier: GPL-2.0-or-later
// Capability names as capabilities(7) spells them, and the default set of nsctl run checked
// against the bit mask the OCI runtimes' default configuration amounts to.
#include "sandbox/caps.h"

#include <gtest/gtest.h>
#include <linux/capability.h>

#include <vector>

#include "cli/run/run_options.h"

namespace nsctl::sandbox {
namespace {

TEST(Caps, NamesInEveryCaseWithOrWithoutPrefix) {
    EXPECT_EQ(capability_from_name("chown"), CAP_CHOWN);
    EXPECT_EQ(capability_from_name("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
    EXPECT_EQ(capability_from_name("Cap_Net_Raw"), CAP_NET_RAW);
    EXPECT_EQ(capability_from_name("checkpoint_restore"), CAP_CHECKPOINT_RESTORE);
    for (const char* bad : {"", "cap_", "sys-admin", "cap_foo", "chown2", "cap_cap_chown"})
        EXPECT_FALSE(capability_from_name(bad)) << bad;
    for (int cap = 0; cap <= kLastKnownCap; ++cap)
        EXPECT_EQ(capability_from_name(capability_name(cap)), cap) << cap;
}

TEST(Caps, DefaultSetIsTheOciOne) {
    // Docker's, runc's and crun's default: CapEff 00000000a80425fb in /proc/PID/status.
    EXPECT_EQ(default_capabilities(), 0xa80425fbu);
    EXPECT_EQ(capability_names(CapSet{1} << CAP_KILL | CapSet{1} << CAP_CHOWN),
              "cap_chown,cap_kill");
    EXPECT_EQ(all_capabilities(), (CapSet{1} << (CAP_LAST_CAP + 1)) - 1);
}

cli::RunParse parse(std::vector<std::string> args) {
    args.insert(args.begin(), "nsctl run");
    args.push_back("true");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return cli::parse_run_args(static_cast<int>(args.size()), argv.data(), "/");
}

TEST(Caps, RunOptions) {
    auto p = parse({"--cap-drop", "ALL", "--cap-add", "net_admin,CAP_SYS_TIME"});
    EXPECT_EQ(p.spec.cap_drop, all_capabilities());
    EXPECT_EQ(p.spec.cap_add, CapSet{1} << CAP_NET_ADMIN | CapSet{1} << CAP_SYS_TIME);
    auto bad = parse({"--cap-add", "net_admin,bogus"});
    EXPECT_EQ(bad.action, cli::RunParse::Action::kFail);
    EXPECT_EQ(bad.error,
              "--cap-add: unknown capability 'bogus' (see capabilities(7); ALL for every one)");
}

}  // namespace
}  // namespace nsctl::sandbox
