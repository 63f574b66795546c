// SPDX-License-Identifier: GPL-2.0-or-later
// The `nsctl run` option parser: what each option puts in the RunSpec, and one clear message for
// each bad input.
#include "cli/run/run_options.h"

#include <getopt.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/parse.h"
#include "sandbox/limits.h"

namespace nsctl::cli {
namespace {

using sandbox::MountRequest;
using sandbox::Overlay;

RunParse parse(std::vector<std::string> args, const std::string& cwd = "/home/u") {
    args.insert(args.begin(), "nsctl run");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    opterr = 0;
    return parse_run_args(static_cast<int>(args.size()), argv.data(), cwd);
}

TEST(RunOptions, StopsAtTheCommand) {
    auto p = parse({"--hostname", "box", "sh", "-c", "--rootfs x"});
    ASSERT_EQ(p.action, RunParse::Action::kRun);
    EXPECT_EQ(p.spec.hostname, "box");
    EXPECT_EQ(p.spec.argv, (std::vector<std::string>{"sh", "-c", "--rootfs x"}));
    EXPECT_FALSE(p.spec.rootfs);
    auto q = parse({"--", "--not-an-option"});
    EXPECT_EQ(q.spec.argv, std::vector<std::string>{"--not-an-option"});
}

TEST(RunOptions, RelativeHostPathsAreMadeAbsolute) {
    auto p = parse({"--rootfs", "img", "--bind", "src:/dst", "--overlay-dir", "../up", "true"},
                   "/work/dir");
    EXPECT_EQ(p.spec.rootfs, "/work/dir/img");
    ASSERT_EQ(p.spec.mounts.size(), 1u);
    EXPECT_EQ(p.spec.mounts[0].source, "/work/dir/src");
    EXPECT_EQ(p.spec.mounts[0].target, "/dst");
    EXPECT_EQ(p.spec.overlay, Overlay::kKeep);
    EXPECT_EQ(p.spec.overlay_dir, "/work/dir/../up");
}

TEST(RunOptions, MountsKeepTheirOrder) {
    auto p = parse(
        {"--tmpfs", "/tmp:size=64M", "--ro-bind", "/etc/hosts", "--bind", "/a:/tmp/a", "true"});
    ASSERT_EQ(p.spec.mounts.size(), 3u);
    EXPECT_EQ(p.spec.mounts[0].kind, MountRequest::Kind::kTmpfs);
    EXPECT_EQ(p.spec.mounts[0].target, "/tmp");
    EXPECT_EQ(p.spec.mounts[0].size, 64u << 20);
    EXPECT_EQ(p.spec.mounts[1].kind, MountRequest::Kind::kReadOnlyBind);
    EXPECT_EQ(p.spec.mounts[1].source, "/etc/hosts");
    EXPECT_EQ(p.spec.mounts[1].target, "/etc/hosts");  // no DST: the same path inside
    EXPECT_EQ(p.spec.mounts[2].kind, MountRequest::Kind::kBind);
    EXPECT_EQ(p.spec.mounts[2].target, "/tmp/a");
}

TEST(RunOptions, NamespaceOptions) {
    auto p = parse({"--share", "net", "--share", "ipc", "--map-auto", "--monotonic", "-5",
                    "--boottime", "3600", "true"});
    EXPECT_EQ(p.spec.share, (std::vector<ns::Kind>{ns::Kind::kNet, ns::Kind::kIpc}));
    EXPECT_TRUE(p.spec.map_auto);
    EXPECT_TRUE(p.spec.user_namespace);  // --map-auto implies it
    EXPECT_TRUE(p.spec.time_namespace);  // an offset implies it
    EXPECT_EQ(p.spec.monotonic, -5);
    EXPECT_EQ(p.spec.boottime, 3600);
}

TEST(RunOptions, ProcessOptions) {
    auto p = parse({"--env", "A=1", "--env", "B=x=y", "--clearenv", "--as-pid1", "--tty",
                    "--die-with-parent", "--keep-fd", "7", "--json-status-fd", "9", "--uid", "1000",
                    "--gid", "100", "--chdir", "/srv", "true"});
    ASSERT_EQ(p.action, RunParse::Action::kRun);
    EXPECT_EQ(p.spec.env,
              (std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"B", "x=y"}}));
    EXPECT_TRUE(p.spec.clear_env);
    EXPECT_TRUE(p.spec.as_pid1);
    EXPECT_TRUE(p.spec.tty);
    EXPECT_TRUE(p.spec.die_with_parent);
    EXPECT_EQ(p.spec.keep_fds, std::vector<int>{7});
    EXPECT_EQ(p.json_status_fd, 9);
    EXPECT_EQ(p.spec.uid, 1000u);
    EXPECT_EQ(p.spec.gid, 100u);
    EXPECT_EQ(p.spec.chdir, "/srv");
}

TEST(RunOptions, HelpAndVersion) {
    EXPECT_EQ(parse({"--help"}).action, RunParse::Action::kHelp);
    EXPECT_EQ(parse({"-V"}).action, RunParse::Action::kVersion);
}

struct Bad {
    std::vector<std::string> args;
    std::string error;
};

TEST(RunOptions, BadInputSaysWhy) {
    const std::vector<Bad> cases = {
        {{}, "no command given"},
        {{"--rootfs", "/r"}, "no command given"},
        {{"--share", "foo", "true"},
         "--share: unknown namespace 'foo' (net, ipc, uts, pid, cgroup)"},
        {{"--share", "mnt", "true"},
         "--share mnt: a sandbox always has its own (mnt), or gets it by its own option "
         "(--userns, --time)"},
        {{"--share", "uts", "--hostname", "h", "true"},
         "--hostname needs a UTS namespace of its own (--share uts)"},
        {{"--monotonic", "x", "true"}, "--monotonic: invalid offset 'x'"},
        {{"--boottime", "99999999999999999999", "true"},
         "--boottime: invalid offset "
         "'99999999999999999999'"},
        {{"--tmpfs", "/t:size=12Q", "true"},
         "--tmpfs '/t:size=12Q': invalid size (bytes, or with K, M, G or T)"},
        {{"--tmpfs", "/t:size=0", "true"},
         "--tmpfs '/t:size=0': invalid size (bytes, or with K, M, G or T)"},
        {{"--tmpfs", "/t:mode=1", "true"}, "--tmpfs '/t:mode=1': unknown option (size=N)"},
        {{"--tmpfs", "t", "true"}, "--tmpfs target 't' is not an absolute path"},
        {{"--bind", ":/x", "true"}, "invalid bind ':/x' (SRC[:DST])"},
        {{"--bind", "/x:", "true"}, "invalid bind '/x:' (SRC[:DST])"},
        {{"--bind", "/x:rel", "true"}, "bind target 'rel' is not an absolute path"},
        {{"--ro-bind", "/x:/../..", "true"}, "bind target '/../..' is outside the new root"},
        {{"--chdir", "rel", "true"}, "--chdir 'rel' is not an absolute path"},
        {{"--chdir", "/a/../..", "true"}, "--chdir '/a/../..' is outside the new root"},
        {{"--keep-fd", "-1", "true"}, "--keep-fd: invalid file descriptor '-1'"},
        {{"--json-status-fd", "x", "true"}, "--json-status-fd: invalid file descriptor 'x'"},
        {{"--uid", "-1", "true"}, "--uid: invalid id '-1'"},
        {{"--gid", "4294967295", "true"}, "--gid: invalid id '4294967295'"},
        {{"--env", "NOVALUE", "true"}, "--env 'NOVALUE': not NAME=VALUE"},
        {{"--env", "=v", "true"}, "--env '=v': not NAME=VALUE"},
    };
    for (const auto& c : cases) {
        auto p = parse(c.args);
        std::string joined;
        for (const auto& a : c.args) joined += a + " ";
        EXPECT_EQ(p.action, RunParse::Action::kFail) << joined;
        EXPECT_EQ(p.error, c.error) << joined;
    }
}

TEST(RunOptions, UnknownOptionIsGetoptsToReport) {
    auto p = parse({"--bogus", "true"});
    EXPECT_EQ(p.action, RunParse::Action::kFail);
    EXPECT_EQ(p.error, "");  // getopt printed it
}

TEST(ParseSize, SuffixesAndBadSizes) {
    EXPECT_EQ(*parse_size("123"), 123u);
    EXPECT_EQ(*parse_size("4k"), 4096u);
    EXPECT_EQ(*parse_size("2M"), 2u << 20);
    EXPECT_EQ(*parse_size("1G"), 1u << 30);
    EXPECT_EQ(*parse_size("1T"), 1ull << 40);
    for (const char* bad : {"", "K", "-1", "+1", " 1", "1.5M", "12Q", "1KB"})
        EXPECT_FALSE(parse_size(bad)) << bad;
    EXPECT_EQ(parse_size("17000000T").error().code, ERANGE);
}

}  // namespace
}  // namespace nsctl::cli

namespace nsctl::cli {
namespace {

TEST(RunOptions, LimitsAndTimeout) {
    auto p = parse({"--rlimit", "nofile=1024:4096", "--rlimit", "RLIMIT_CORE=0", "--rlimit",
                    "as=1G:unlimited", "--timeout", "1.5", "--kill-after", "2", "true"});
    ASSERT_EQ(p.action, RunParse::Action::kRun) << p.error;
    ASSERT_EQ(p.spec.rlimits.size(), 3u);
    EXPECT_EQ(p.spec.rlimits[0].soft, 1024u);
    EXPECT_EQ(p.spec.rlimits[0].hard, 4096u);
    EXPECT_EQ(p.spec.rlimits[1].soft, 0u);
    EXPECT_EQ(p.spec.rlimits[1].hard, 0u);  // no HARD: the same as SOFT
    EXPECT_EQ(p.spec.rlimits[2].soft, 1u << 30);
    EXPECT_EQ(p.spec.rlimits[2].hard, sandbox::kUnlimited);
    EXPECT_EQ(p.spec.timeout, 1.5);
    EXPECT_EQ(p.spec.kill_after, 2);
    for (auto bad : {std::vector<std::string>{"--rlimit", "nofile"},
                     {"--rlimit", "bogus=1"},
                     {"--rlimit", "nofile=x"},
                     {"--rlimit", "nofile=10:5"},
                     {"--rlimit", "nofile=1:2:3"},
                     {"--timeout", "0"},
                     {"--timeout", "-3"},
                     {"--timeout", "1s"},
                     {"--timeout", "nan"},
                     {"--kill-after", ""}}) {
        bad.push_back("true");
        EXPECT_EQ(parse(bad).action, RunParse::Action::kFail) << bad[0] << " " << bad[1];
    }
}

}  // namespace
}  // namespace nsctl::cli
