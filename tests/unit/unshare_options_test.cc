// SPDX-License-Identifier: GPL-2.0-or-later
// The unshare option parser against util-linux 2.42's (messages and exit codes taken from its
// binary by hand), malformed input included.
#include "cli/unshare_options.h"

#include <getopt.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace nsctl::cli {
namespace {

using ns::Kind;

UnshareParse parse(std::vector<std::string> args, const UnshareParseEnv& env = {}) {
    args.insert(args.begin(), "unshare");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    opterr = 0;  // keep getopt's own messages out of the test log
    return parse_unshare_args(static_cast<int>(args.size()), argv.data(), env);
}

int flag(Kind k) { return ns::clone_flag(k); }

TEST(UnshareOptions, BundledShortOptionsTakeNoArgument) {
    auto p = parse({"-mupinf", "true"});
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.spec.flags, flag(Kind::kMnt) | flag(Kind::kUts) | flag(Kind::kPid) |
                                flag(Kind::kIpc) | flag(Kind::kNet));
    EXPECT_TRUE(p.spec.fork);
    EXPECT_EQ(p.spec.argv, std::vector<std::string>{"true"});
    for (const auto& t : p.spec.persist) EXPECT_FALSE(t);
}

TEST(UnshareOptions, LongFormsPersistOnlyWithEquals) {
    auto p = parse({"--net=/run/x", "--uts", "/tmp/y"});
    EXPECT_EQ(p.spec.persist[ns::index(Kind::kNet)], "/run/x");
    EXPECT_FALSE(p.spec.persist[ns::index(Kind::kUts)]);
    // "/tmp/y" is the program: --uts takes an argument only with '='.
    EXPECT_EQ(p.spec.argv, std::vector<std::string>{"/tmp/y"});
}

TEST(UnshareOptions, StopsAtTheFirstNonOption) {
    auto p = parse({"-n", "ls", "-m", "--net"});
    EXPECT_EQ(p.spec.flags, flag(Kind::kNet));
    EXPECT_EQ(p.spec.argv, (std::vector<std::string>{"ls", "-m", "--net"}));
}

TEST(UnshareOptions, ImpliedNamespacesAndFork) {
    auto p = parse({"--mount-proc", "--kill-child"});
    EXPECT_EQ(p.spec.flags, flag(Kind::kMnt));
    EXPECT_EQ(p.spec.proc_mount, "/proc");
    EXPECT_TRUE(p.spec.fork);
    EXPECT_EQ(p.spec.kill_child_signal, SIGKILL);
    p = parse({"--mount-proc=/mnt/p", "--forward-signals"});
    EXPECT_EQ(p.spec.proc_mount, "/mnt/p");
    EXPECT_TRUE(p.spec.forward_signals && p.spec.fork);
    p = parse({"-l", ":x:M::ab::/bin/x:F"});
    EXPECT_EQ(p.spec.flags, flag(Kind::kMnt) | flag(Kind::kUser));
    EXPECT_EQ(p.spec.binfmt_mount, "/proc/sys/fs/binfmt_misc");
    EXPECT_EQ(p.spec.proc_mount, "/proc");
    p = parse({"--mount-binfmt=/b"});
    EXPECT_EQ(p.spec.binfmt_mount, "/b");
    EXPECT_FALSE(p.spec.proc_mount);
}

TEST(UnshareOptions, IdMapsOfRootAndCurrentUser) {
    UnshareParseEnv env;
    env.euid = 1000;
    env.egid = 1001;
    auto p = parse({"-r"}, env);
    EXPECT_EQ(p.spec.flags, flag(Kind::kUser));
    EXPECT_EQ(p.spec.map_user, 0u);
    EXPECT_EQ(p.spec.map_group, 0u);
    p = parse({"-c"}, env);
    EXPECT_EQ(p.spec.map_user, 1000u);
    EXPECT_EQ(p.spec.map_group, 1001u);
    p = parse({"--map-user=root", "--map-group", "7"}, env);
    EXPECT_EQ(p.spec.map_user, 0u);
    EXPECT_EQ(p.spec.map_group, 7u);
}

TEST(UnshareOptions, RangesArePrependedInBothForms) {
    auto p = parse({"--map-users=1:100:10", "--map-users", "200,2,5", "--map-groups=0:5:1"});
    ASSERT_EQ(p.spec.user_ranges.size(), 2u);
    EXPECT_EQ(p.spec.user_ranges[0], (ns::IdRange{2, 200, 5}));
    EXPECT_EQ(p.spec.user_ranges[1], (ns::IdRange{1, 100, 10}));
    EXPECT_EQ(p.spec.group_ranges, (ns::IdMap{{0, 5, 1}}));
}

TEST(UnshareOptions, SubidRangesFromTheEtcRoot) {
    char dir[] = "/tmp/nsctl-unit-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    std::string etc = dir;
    std::ofstream(etc + "/subuid") << "5:1:2\n0:100000:65536\n";
    std::ofstream(etc + "/subgid") << "root:200000:1000\n";
    UnshareParseEnv env;
    env.etc = etc;
    auto p = parse({"--map-auto"}, env);
    EXPECT_EQ(p.exit_code, -1) << p.error;
    EXPECT_EQ(p.spec.user_ranges, (ns::IdMap{{ns::kAutoInner, 100000, 65536}}));
    EXPECT_EQ(p.spec.group_ranges, (ns::IdMap{{ns::kAutoInner, 200000, 1000}}));
    p = parse({"--map-users=subids"}, env);
    EXPECT_EQ(p.spec.user_ranges, (ns::IdMap{{100000, 100000, 65536}}));
    std::remove((etc + "/subgid").c_str());
    p = parse({"--map-subids"}, env);
    EXPECT_EQ(p.exit_code, 1);
    EXPECT_EQ(p.error, "could not open '" + etc + "/subgid': No such file or directory");
    std::ofstream(etc + "/subgid") << "7:1:1\n";
    p = parse({"--map-groups=auto"}, env);
    EXPECT_EQ(p.error, "no line matching user \"root\" in " + etc + "/subgid");
    // As util-linux reads it, a name is also the number 0 (strtoul): it matches uid 0.
    std::ofstream(etc + "/subgid") << "someone:300:1\n";
    p = parse({"--map-groups=auto"}, env);
    EXPECT_EQ(p.spec.group_ranges, (ns::IdMap{{ns::kAutoInner, 300, 1}}));
    std::ofstream(etc + "/subgid") << "root:x:1\n";
    p = parse({"--map-groups=auto"}, env);
    EXPECT_EQ(p.error, "failed to parse subid map: 'x'");
    std::remove((etc + "/subuid").c_str());
    std::remove((etc + "/subgid").c_str());
    rmdir(dir);
}

struct Bad {
    std::vector<std::string> args;
    std::string error;
};

TEST(UnshareOptions, MalformedInputGivesUtilLinuxMessages) {
    const Bad cases[] = {
        {{"--propagation", "sideways"}, "unsupported propagation mode: sideways"},
        {{"--setgroups=maybe"}, "unsupported --setgroups argument 'maybe'"},
        {{"--kill-child=FOO"}, "unknown signal: FOO"},
        {{"--kill-child=rtmin"}, "unknown signal: rtmin"},
        {{"--kill-child=9"}, "unknown signal: 9"},
        {{"--map-users=1:2"}, "invalid mapping '1:2'"},
        {{"--map-users=1,2,3x"}, "invalid mapping '1,2,3x'"},
        {{"--map-groups=a:b:c"}, "invalid mapping 'a:b:c'"},
        {{"--map-groups="}, "invalid mapping ''"},
        {{"--map-user=no-such-user-here"}, "failed to parse uid 'no-such-user-here'"},
        {{"--map-user=4294967295"}, "failed to parse uid '4294967295'"},
        {{"--map-group=no-such-group-here"}, "failed to parse gid 'no-such-group-here'"},
        {{"--owner=1"}, "failed to parse owner"},
        {{"--owner=1:2x"}, "failed to parse owner"},
        {{"-S", "5x"}, "failed to parse uid: '5x'"},
        {{"-S", ""}, "failed to parse uid: ''"},
        {{"-S", "-1"}, "failed to parse uid: '-1': Numerical result out of range"},
        {{"-G", "99999999999999999999"},
         "failed to parse gid: '99999999999999999999': Numerical result out of range"},
        {{"-T", "--monotonic", "x"}, "failed to parse monotonic offset: 'x'"},
        {{"-T", "--boottime=99999999999999999999"},
         "failed to parse boottime offset: '99999999999999999999': Numerical result out of "
         "range"},
        {{"--monotonic", "5"},
         "options --monotonic and --boottime require unsharing of a time namespace (-T)"},
        {{"--boottime=-5", "-n"},
         "options --monotonic and --boottime require unsharing of a time namespace (-T)"},
    };
    for (const auto& c : cases) {
        auto p = parse(c.args);
        EXPECT_EQ(p.exit_code, 1) << c.error;
        EXPECT_EQ(p.error, c.error);
        EXPECT_FALSE(p.try_help) << c.error;
    }
}

TEST(UnshareOptions, UnknownOptionsAskForHelp) {
    for (auto args : {std::vector<std::string>{"-x"}, {"--nope"}, {"-R"}, {"--wd"}}) {
        auto p = parse(args);
        EXPECT_EQ(p.exit_code, 1);
        EXPECT_TRUE(p.try_help);
        EXPECT_TRUE(p.error.empty());
    }
    EXPECT_EQ(parse({"-h"}).action, UnshareParse::Action::kHelp);
    EXPECT_EQ(parse({"--version"}).action, UnshareParse::Action::kVersion);
}

TEST(UnshareOptions, NegativeOffsetsAndEnvironment) {
    auto p = parse({"-T", "--monotonic", "-1000", "--boottime=+5", "--whitelist-env=A,B"});
    EXPECT_EQ(p.exit_code, -1) << p.error;
    EXPECT_EQ(p.spec.monotonic, -1000);
    EXPECT_EQ(p.spec.boottime, 5);
    EXPECT_TRUE(p.spec.clear_env);
    EXPECT_EQ(p.spec.keep_env, (std::vector<std::string>{"A", "B"}));
}

TEST(UnshareSignals, UtilLinuxNames) {
    EXPECT_EQ(signal_from_name("KILL"), SIGKILL);
    EXPECT_EQ(signal_from_name("sigterm"), SIGTERM);
    EXPECT_EQ(signal_from_name("SigHup"), SIGHUP);
    EXPECT_EQ(signal_from_name("RTMIN+2"), SIGRTMIN + 2);
    EXPECT_EQ(signal_from_name("sigrtmax-1"), SIGRTMAX - 1);
    EXPECT_EQ(signal_from_name("rt3"), SIGRTMIN + 3);
    EXPECT_FALSE(signal_from_name("RTMIN"));
    EXPECT_FALSE(signal_from_name("rtmax-999"));
    EXPECT_FALSE(signal_from_name("15"));
    EXPECT_FALSE(signal_from_name(""));
}

}  // namespace
}  // namespace nsctl::cli
