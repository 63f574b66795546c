// SPDX-License-Identifier: GPL-2.0-or-later
// The lsns option parser, against util-linux 2.42's behaviour (messages and exit codes were
// taken from its binary by hand).
#include "cli/lsns_options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nsctl::cli {
namespace {

using Tree = LsnsOptions::Tree;
using Action = LsnsOptions::Action;

LsnsParse parse(std::vector<std::string> args) {
    args.insert(args.begin(), "lsns");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    opterr = 0;  // keep getopt's own messages out of the test log
    return parse_lsns_args(static_cast<int>(args.size()), argv.data());
}

std::string first_error(const LsnsParse& p) { return p.errors.empty() ? "" : p.errors[0]; }

std::vector<LsnsCol> cols(std::initializer_list<LsnsCol> c) { return c; }

TEST(LsnsOptions, Defaults) {
    auto p = parse({});
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.opts.columns, cols({LsnsCol::kNs, LsnsCol::kType, LsnsCol::kNprocs, LsnsCol::kPid,
                                    LsnsCol::kUser, LsnsCol::kCommand}));
    EXPECT_EQ(p.opts.tree, Tree::kProcess);
    EXPECT_EQ(p.opts.visible_columns, 6u);
}

TEST(LsnsOptions, NetAddsNetnsidAndNsfs) {
    auto p = parse({"-t", "net"});
    EXPECT_EQ(p.opts.columns,
              cols({LsnsCol::kNs, LsnsCol::kType, LsnsCol::kNprocs, LsnsCol::kPid, LsnsCol::kUser,
                    LsnsCol::kNetnsid, LsnsCol::kNsfs, LsnsCol::kCommand}));
    EXPECT_TRUE(p.opts.types[ns::index(ns::Kind::kNet)]);
    EXPECT_FALSE(p.opts.types[ns::index(ns::Kind::kUts)]);
}

TEST(LsnsOptions, ListDisablesTheDefaultTree) {
    EXPECT_EQ(parse({"-l"}).opts.tree, Tree::kNone);
    EXPECT_EQ(parse({"--output-all"}).opts.tree, Tree::kNone);
    EXPECT_EQ(parse({"--output-all"}).opts.columns.size(), kLsnsColCount);
    // -l with -T is accepted, as util-linux accepts it.
    auto p = parse({"-l", "-T"});
    EXPECT_EQ(p.exit_code, -1);
    EXPECT_EQ(p.opts.tree, Tree::kOwner);
}

TEST(LsnsOptions, TreeKinds) {
    EXPECT_EQ(parse({"-T"}).opts.tree, Tree::kOwner);
    EXPECT_EQ(parse({"-Tparent"}).opts.tree, Tree::kParent);
    EXPECT_EQ(parse({"-T=process"}).opts.tree, Tree::kProcess);
    EXPECT_EQ(parse({"--tree=owner"}).opts.tree, Tree::kOwner);
    auto bad = parse({"--tree=bogus"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(first_error(bad), "unknown tree type: bogus");
    // A separate word is the positional namespace, not the tree kind.
    auto sep = parse({"-T", "foo"});
    EXPECT_EQ(sep.exit_code, 1);
    EXPECT_EQ(first_error(sep), "invalid namespace argument: 'foo'");
}

TEST(LsnsOptions, OutputLists) {
    EXPECT_EQ(parse({"-o", "ns,Type"}).opts.columns, cols({LsnsCol::kNs, LsnsCol::kType}));
    auto plus = parse({"-o", "+PNS"});
    EXPECT_EQ(plus.opts.columns.size(), 7u);
    EXPECT_EQ(plus.opts.columns.back(), LsnsCol::kPns);
    // Only the last -o counts, as in util-linux.
    EXPECT_EQ(parse({"-o", "NS", "-o", "+UID"}).opts.columns,
              cols({LsnsCol::kNs, LsnsCol::kType, LsnsCol::kNprocs, LsnsCol::kPid, LsnsCol::kUser,
                    LsnsCol::kCommand, LsnsCol::kUid}));
    EXPECT_EQ(parse({"-o", "+UID", "-o", "NS"}).opts.columns, cols({LsnsCol::kNs}));
    EXPECT_EQ(parse({"-o", "NS,NS"}).opts.columns, cols({LsnsCol::kNs, LsnsCol::kNs}));
}

TEST(LsnsOptions, BadOutputLists) {
    struct Case {
        const char* list;
        const char* error;
    } cases[] = {
        {"FOO", "unknown column: FOO"},
        {"NS,FOO,TYPE", "unknown column: FOO,TYPE"},
        {"NS,", "unknown column: NS,"},
        {"", "no columns in list: ''"},
        {"+", "no columns in list: '+'"},
        {"NS,,TYPE", "empty column name in list: 'NS,,TYPE'"},
        {",NS", "empty column name in list: ',NS'"},
    };
    for (const auto& c : cases) {
        auto p = parse({"-o", c.list});
        EXPECT_EQ(p.exit_code, 1) << c.list;
        EXPECT_EQ(first_error(p), c.error) << c.list;
    }
    std::string many = "NS";
    for (int i = 0; i < 26; ++i) many += ",NS";
    auto p = parse({"-o", many});
    EXPECT_EQ(p.exit_code, 1);
    EXPECT_EQ(first_error(p), "too many columns specified, the limit is 26 columns");
}

TEST(LsnsOptions, Pids) {
    EXPECT_EQ(parse({"-p", "42"}).opts.task, 42);
    EXPECT_EQ(first_error(parse({"-p", "abc"})), "invalid PID argument: 'abc'");
    EXPECT_EQ(first_error(parse({"-p", "0"})),
              "invalid PID argument: '0': Numerical result out of range");
    EXPECT_EQ(first_error(parse({"-p", "-1"})),
              "invalid PID argument: '-1': Numerical result out of range");
    EXPECT_EQ(first_error(parse({"-p", "99999999999"})),
              "invalid PID argument: '99999999999': Numerical result out of range");
    EXPECT_EQ(parse({"-p", "1x"}).exit_code, 1);
}

TEST(LsnsOptions, Positional) {
    auto p = parse({"4026531833"});
    ASSERT_TRUE(p.opts.ns);
    EXPECT_EQ(*p.opts.ns, 4026531833u);
    EXPECT_EQ(p.opts.columns,
              cols({LsnsCol::kPid, LsnsCol::kPpid, LsnsCol::kUser, LsnsCol::kCommand}));
    EXPECT_EQ(p.opts.tree, Tree::kProcess);
    EXPECT_EQ(parse({"-l", "4026531833"}).opts.tree, Tree::kNone);
    EXPECT_EQ(first_error(parse({"12x"})), "invalid namespace argument: '12x'");
    EXPECT_EQ(first_error(parse({"99999999999999999999999"})),
              "invalid namespace argument: '99999999999999999999999': Numerical result out of "
              "range");
    EXPECT_EQ(first_error(parse({"-p", "1", "4026531833"})),
              "--task is mutually exclusive with <namespace>");
}

TEST(LsnsOptions, ExclusiveOptionsInCommandLineOrder) {
    EXPECT_EQ(first_error(parse({"-J", "-r"})), "options --json and --raw cannot be combined");
    EXPECT_EQ(first_error(parse({"-r", "-J"})), "options --raw and --json cannot be combined");
    EXPECT_EQ(first_error(parse({"-P", "-p", "1"})),
              "options --persistent and --task cannot be combined");
    EXPECT_EQ(parse({"-J", "-J"}).exit_code, -1);
}

TEST(LsnsOptions, Types) {
    auto p = parse({"-t", "uts", "--type", "ipc"});
    EXPECT_TRUE(p.opts.types[ns::index(ns::Kind::kUts)]);
    EXPECT_TRUE(p.opts.types[ns::index(ns::Kind::kIpc)]);
    EXPECT_EQ(first_error(parse({"-t", "foo"})), "unknown namespace type: foo");
    EXPECT_EQ(first_error(parse({"-t", "NET"})), "unknown namespace type: NET");
}

TEST(LsnsOptions, UnknownOptionsAskForHelp) {
    for (auto args : {std::vector<std::string>{"-x"}, {"--bogus"}, {"-p"}, {"-1"}}) {
        auto p = parse(args);
        EXPECT_EQ(p.exit_code, 1) << args[0];
        EXPECT_TRUE(p.try_help) << args[0];
    }
}

TEST(LsnsOptions, HelpVersionColumns) {
    EXPECT_EQ(parse({"-h"}).opts.action, Action::kHelp);
    EXPECT_EQ(parse({"-h"}).exit_code, 0);
    EXPECT_EQ(parse({"--version"}).opts.action, Action::kVersion);
    EXPECT_EQ(parse({"-H"}).opts.action, Action::kListColumns);
    // An error before -h wins, as in util-linux.
    EXPECT_EQ(parse({"-J", "-r", "-h"}).exit_code, 1);
    // -H is acted on after all options are read.
    EXPECT_EQ(parse({"-H", "-x"}).exit_code, 1);
}

TEST(LsnsOptions, RawImpliesNowrap) {
    auto p = parse({"-r"});
    EXPECT_TRUE(p.opts.raw);
    EXPECT_TRUE(p.opts.nowrap);
}

TEST(LsnsOptions, FilterColumnsAreAddedHidden) {
    auto p = parse({"-o", "NS", "-Q", "NPROCS > 1 && type == \"net\""});
    ASSERT_EQ(p.exit_code, -1) << first_error(p);
    EXPECT_EQ(p.opts.visible_columns, 1u);
    EXPECT_EQ(p.opts.columns, cols({LsnsCol::kNs, LsnsCol::kNprocs, LsnsCol::kType}));
}

TEST(LsnsOptions, FilterErrors) {
    auto bad = parse({"-Q", "NS >"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_EQ(first_error(bad), "failed to parse \"NS >\": syntax error, unexpected end of file");
    auto unknown = parse({"-Q", "FOO == 1 || BAR == 2"});
    EXPECT_EQ(unknown.exit_code, 1);
    ASSERT_EQ(unknown.errors.size(), 3u);
    EXPECT_EQ(unknown.errors[0], "unknown column: FOO");
    EXPECT_EQ(unknown.errors[1], "unknown column: BAR");
    EXPECT_EQ(unknown.errors[2], "failed to initialize filter");
}

}  // namespace
}  // namespace nsctl::cli
