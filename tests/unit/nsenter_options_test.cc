// SPDX-License-Identifier: GPL-2.0-or-later
// The nsenter option parser, against util-linux 2.42's behaviour (messages and exit codes were
// taken from its binary by hand). Files are "opened" by a fake that fails for /missing.
#include "cli/nsenter_options.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace nsctl::cli {
namespace {

using ns::Kind;

struct Fakes {
    std::vector<std::string> opened;
    std::vector<std::pair<int32_t, uint64_t>> checked;
    std::vector<uint64_t> ids;  // namespace ids opened (--net=:ID)
    int next_fd = 1000;  // never a real fd: the fake fds are released before UniqueFd closes them

    NsenterHooks hooks() {
        return {[this](const char* path) -> Result<UniqueFd> {
                    opened.emplace_back(path);
                    if (std::string(path) == "/missing")
                        return Error{ENOENT, std::string("cannot open ") + path};
                    return UniqueFd(next_fd++);
                },
                [this](int32_t pid, uint64_t ino) -> Result<void> {
                    checked.emplace_back(pid, ino);
                    if (ino == 5)
                        return Error{ESRCH, "failed to obtain a valid file descriptor for PID " +
                                                std::to_string(pid)};
                    return {};
                },
                [this](uint64_t id) -> Result<UniqueFd> {
                    ids.push_back(id);
                    if (id == 404)
                        return Error{ESTALE, "cannot open namespace of id " + std::to_string(id)};
                    return UniqueFd(next_fd++);
                }};
    }
};

// Releases the fake fds so that nothing real is closed.
void release_fds(NsenterParse& p) {
    for (auto& n : p.req.ns) (void)n.fd.release();
    (void)p.req.root_fd.release();
    (void)p.req.wd_fd.release();
}

NsenterParse parse(std::vector<std::string> args, Fakes* fakes = nullptr) {
    Fakes local;
    Fakes& f = fakes ? *fakes : local;
    args.insert(args.begin(), "nsenter");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    opterr = 0;  // keep getopt's own messages out of the test log
    NsenterParse p = parse_nsenter_args(static_cast<int>(args.size()), argv.data(), f.hooks());
    release_fds(p);
    return p;
}

bool on(const NsenterParse& p, Kind k) { return p.req.ns[ns::index(k)].enabled; }

TEST(NsenterOptions, QuickReferenceLines) {
    auto p = parse({"--target", "1234", "--mount", "--uts", "--ipc", "--net", "--pid"});
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.req.target, 1234);
    for (Kind k : {Kind::kMnt, Kind::kUts, Kind::kIpc, Kind::kNet, Kind::kPid})
        EXPECT_TRUE(on(p, k));
    EXPECT_FALSE(on(p, Kind::kUser));
    EXPECT_TRUE(p.req.argv.empty());

    p = parse({"--target", "1234", "--net", "ip", "addr"});
    EXPECT_EQ(p.req.argv, (std::vector<std::string>{"ip", "addr"}));

    p = parse({"--user", "--preserve-credentials", "--target", "7", "--net"});
    EXPECT_TRUE(on(p, Kind::kUser));
    EXPECT_TRUE(p.req.preserve_credentials);

    p = parse({"-t", "1234", "--all"});
    EXPECT_TRUE(p.req.all);
}

TEST(NsenterOptions, FileArgumentsAreOpenedInOrder) {
    Fakes f;
    auto p = parse({"--net=/proc/1/ns/net", "-m/a", "-u", "--uts=/b", "-r/root", "-w", "ip"}, &f);
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(f.opened, (std::vector<std::string>{"/proc/1/ns/net", "/a", "/b", "/root"}));
    EXPECT_TRUE(on(p, Kind::kNet));
    EXPECT_TRUE(on(p, Kind::kUts));
    EXPECT_TRUE(p.req.wd_of_target);
    EXPECT_FALSE(p.req.root_of_target);
    EXPECT_EQ(p.req.argv, std::vector<std::string>{"ip"});
}

TEST(NsenterOptions, ShortOptionArgumentMustBeAttached) {
    // "-m /a": /a is the program, not the mount namespace file (optional arguments attach).
    Fakes f;
    auto p = parse({"-t", "1", "-m", "/a"}, &f);
    EXPECT_TRUE(f.opened.empty());
    EXPECT_EQ(p.req.argv, std::vector<std::string>{"/a"});
}

TEST(NsenterOptions, StopsAtFirstNonOption) {
    auto p = parse({"-t", "1", "-n", "ls", "-a", "--mount"});
    EXPECT_FALSE(p.req.all);
    EXPECT_FALSE(on(p, Kind::kMnt));
    EXPECT_EQ(p.req.argv, (std::vector<std::string>{"ls", "-a", "--mount"}));
}

TEST(NsenterOptions, OpenFailureStopsParsing) {
    Fakes f;
    auto p = parse({"-m/missing", "-t", "abc", "-u/x"}, &f);
    EXPECT_EQ(p.exit_code, 1);
    EXPECT_EQ(p.error, "cannot open /missing: No such file or directory");
    EXPECT_EQ(f.opened, std::vector<std::string>{"/missing"});
}

// 2.42's "=:<nsid>" form of the namespace options: a ':' after the optional '=' makes the rest a
// namespace id, read in base 10 as strtoumax reads it (blanks and '+' first are fine, "-0" too).
TEST(NsenterOptions, NamespaceIds) {
    Fakes f;
    auto p = parse({"--uts=:5", "-n:6", "-m=:7", "--ipc==:8", "-p:+9", "-C:-0", "-U: 10",
                    "-T:18446744073709551615", "true"},
                   &f);
    EXPECT_EQ(p.exit_code, -1) << p.error;
    EXPECT_EQ(f.ids, (std::vector<uint64_t>{5, 6, 7, 8, 9, 0, 10, 18446744073709551615u}));
    EXPECT_TRUE(f.opened.empty());
    for (Kind k : {Kind::kUts, Kind::kNet, Kind::kMnt, Kind::kIpc, Kind::kPid, Kind::kCgroup,
                   Kind::kUser, Kind::kTime})
        EXPECT_TRUE(on(p, k));
    EXPECT_EQ(p.req.argv, std::vector<std::string>{"true"});
}

TEST(NsenterOptions, NamespaceIdOrFile) {
    Fakes f;
    // Only one '=' is skipped: "-u==:2" names the file "=:2".
    auto p = parse({"-u==:2", "--net=./:3", "-i:4", "-C/x", "-T/y", "--mount=:5"}, &f);
    EXPECT_EQ(p.exit_code, -1) << p.error;
    EXPECT_EQ(f.opened, (std::vector<std::string>{"=:2", "./:3", "/x", "/y"}));
    EXPECT_EQ(f.ids, (std::vector<uint64_t>{4, 5}));
    // A separate word is the program, as for a FILE (optional arguments attach).
    Fakes g;
    p = parse({"-t", "1", "-u", ":3"}, &g);
    EXPECT_TRUE(g.ids.empty());
    EXPECT_EQ(p.req.argv, std::vector<std::string>{":3"});
}

TEST(NsenterOptions, BadNamespaceIds) {
    for (const char* bad : {"", "abc", "-1", "0x2", "1x", "2 ", " ", "18446744073709551616",
                            "99999999999999999999999", ":1", "1:2"}) {
        Fakes f;
        auto p = parse({"--net=:" + std::string(bad), "-u/x", "true"}, &f);
        EXPECT_EQ(p.exit_code, 1) << bad;
        EXPECT_EQ(p.error, std::string("failed to parse nsid: ") + bad);
        EXPECT_FALSE(p.try_help) << bad;
        EXPECT_TRUE(f.ids.empty()) << bad;
        EXPECT_TRUE(f.opened.empty()) << bad << ": parsing stops at the bad id";
    }
    auto p = parse({"-n:abc"});
    EXPECT_EQ(p.error, "failed to parse nsid: abc");
    p = parse({"-U="});  // an empty FILE, not an id
    EXPECT_EQ(p.exit_code, -1);
}

TEST(NsenterOptions, NamespaceIdOpenFailureStopsParsing) {
    Fakes f;
    auto p = parse({"-u:3", "--net=:404", "-m:5", "-t", "abc"}, &f);
    EXPECT_EQ(p.exit_code, 1);
    EXPECT_EQ(p.error, "cannot open namespace of id 404: Stale file handle");
    EXPECT_EQ(f.ids, (std::vector<uint64_t>{3, 404}));
}

TEST(NsenterOptions, BadPids) {
    for (const char* bad : {"abc", "0", "-3", "1:", "1:0", "5x", "", "99999999999", "1:x"}) {
        auto p = parse({"-t", bad, "-n"});
        EXPECT_EQ(p.exit_code, 1) << bad;
        EXPECT_EQ(p.error, "invalid PID argument") << bad;
    }
    auto p = parse({"-t", " +5", "-n"});  // strtoimax takes blanks and a sign
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.req.target, 5);
}

TEST(NsenterOptions, PidWithPidfdInode) {
    Fakes f;
    auto p = parse({"-t", "42:77", "-n"}, &f);
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.req.target, 42);
    ASSERT_EQ(f.checked.size(), 1u);
    EXPECT_EQ(f.checked[0].second, 77u);
    p = parse({"-t", "1:5", "-n"});
    EXPECT_EQ(p.error, "failed to obtain a valid file descriptor for PID 1: No such process");
}

TEST(NsenterOptions, BadIds) {
    auto p = parse({"-S", "abc", "-t", "1"});
    EXPECT_EQ(p.error, "failed to parse uid: 'abc'");
    p = parse({"-S", "-1"});
    EXPECT_EQ(p.error, "failed to parse uid: '-1': Numerical result out of range");
    p = parse({"-G", "x"});
    EXPECT_EQ(p.error, "failed to parse gid: 'x'");
    p = parse({"--setgid="});
    EXPECT_EQ(p.error, "failed to parse gid: ''");
    p = parse({"-G", "99999999999999999999"});
    EXPECT_EQ(p.error,
              "failed to parse gid: '99999999999999999999': Numerical result out of range");
    for (const auto& q : {parse({"-S", "abc"}), parse({"-G", "1x"})}) EXPECT_EQ(q.exit_code, 1);
}

TEST(NsenterOptions, GoodIds) {
    auto p = parse({"-S", "follow", "-G", "7"});
    EXPECT_EQ(p.req.uid.choice, ns::IdChoice::kFollow);
    EXPECT_EQ(p.req.gid.choice, ns::IdChoice::kValue);
    EXPECT_EQ(p.req.gid.value, 7u);
    p = parse({"-S", " 5"});
    EXPECT_EQ(p.req.uid.value, 5u);
}

TEST(NsenterOptions, NetSocket) {
    auto p = parse({"-N", "x"});
    EXPECT_EQ(p.error, "failed to parse file descriptor: 'x'");
    p = parse({"-N", "99999999999"});
    EXPECT_EQ(p.error,
              "failed to parse file descriptor: '99999999999': Numerical result out of range");
    p = parse({"-N", "-1"});  // util-linux takes a negative number as "no socket"
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.req.net_socket, -1);
    p = parse({"--net-socket=3"});
    EXPECT_EQ(p.req.net_socket, 3);
}

TEST(NsenterOptions, WdAndWdnsExcludeEachOther) {
    auto p = parse({"-w/", "-W/"});
    EXPECT_EQ(p.error, "options --wd and --wdns cannot be combined");
    p = parse({"--wdns=/", "--wd"});
    EXPECT_EQ(p.error, "options --wdns and --wd cannot be combined");
    p = parse({"-W", "-w"});
    EXPECT_EQ(p.error, "options --wdns and --wd cannot be combined");
    p = parse({"-W/tmp", "-W=/x"});
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.req.wdns, "/x");
    p = parse({"--wdns"});  // util-linux ignores --wdns without a directory
    EXPECT_FALSE(p.req.wdns.has_value());
}

TEST(NsenterOptions, UnknownAndMalformedOptions) {
    for (std::vector<std::string> args : {std::vector<std::string>{"--bogus"},
                                          {"-x"},
                                          {"-t"},
                                          {"--target"},
                                          {"--all=3"},
                                          {"--u"},
                                          {"-S"},
                                          {"-N"}}) {
        auto p = parse(args);
        EXPECT_EQ(p.exit_code, 1) << args[0];
        EXPECT_TRUE(p.try_help) << args[0];
        EXPECT_TRUE(p.error.empty()) << args[0];  // getopt prints those itself
    }
}

TEST(NsenterOptions, HelpVersionAndFlags) {
    EXPECT_EQ(parse({"-h", "--bogus"}).action, NsenterParse::Action::kHelp);
    EXPECT_EQ(parse({"--version"}).exit_code, 0);
    auto p = parse({"-aeFcZ", "--keep-caps", "--user-parent", "-T", "-C", "-i", "-p"});
    EXPECT_TRUE(p.req.all && p.req.env && p.req.join_cgroup && p.follow_context);
    EXPECT_TRUE(p.req.keep_caps && p.req.user_parent);
    EXPECT_EQ(p.req.fork, ns::ForkMode::kNever);
    for (Kind k : {Kind::kTime, Kind::kCgroup, Kind::kIpc, Kind::kPid}) EXPECT_TRUE(on(p, k));
}

}  // namespace
}  // namespace nsctl::cli
