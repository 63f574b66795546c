// SPDX-License-Identifier: GPL-2.0-or-later
// Our lsns against util-linux's (Debian 12: 2.38) on the same system state, where 2.38 and
// 2.42 print the same (checked by hand with 2.42's binary): stdout, stderr and exit code.
// Not compared here: --noheadings and single-type views whose TYPE column is 4 wide (2.38's
// libsmartcols sizes columns differently there), and namespaces without processes (2.38 does
// not list them); those are pinned in lsns_golden_test.cc.
#include <gtest/gtest.h>

#include "lsns_scenario.h"

namespace nsctl::test {
namespace {

const char* kUtilLinuxLsns = "/usr/bin/lsns";

void compare(const std::vector<std::string>& arg_sets) {
    NSCTL_REQUIRE_ROOT();
    std::vector<std::string> lines;
    for (const auto& args : arg_sets) {
        lines.push_back(std::string(kUtilLinuxLsns) + " " + args);
        lines.push_back(our_lsns() + " " + args);
    }
    auto results = run_scenario(lines, Persist::kNo);
    ASSERT_EQ(results.size(), lines.size());
    for (size_t i = 0; i < arg_sets.size(); ++i) {
        const RunResult& theirs = results[2 * i];
        const RunResult& ours = results[2 * i + 1];
        SCOPED_TRACE("lsns " + arg_sets[i]);
        EXPECT_EQ(ours.status, theirs.status);
        EXPECT_EQ(ours.out, theirs.out);
        EXPECT_EQ(ours.err, theirs.err);
    }
}

TEST(LsnsSideBySide, ListViews) {
    compare({"", "-l", "-J", "-r", "-t uts", "-t uts -J", "-t pid -l", "-t mnt -t ipc", "-t net",
             "-t net -J", "-t net -r", "-u -W", "-W -t net", "--list --raw", "--json --list"});
}

TEST(LsnsSideBySide, Columns) {
    compare({"-o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS",
             "-o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS -J",
             "-o NS,TYPE,PATH,NPROCS,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS -r", "-o +PATH,UID",
             "-o NS,NSFS -t net -W", "-o NSFS,NS -t net", "-o ns,type -l", "--output=command,ns,ns",
             "-o PID,PPID -t uts"});
}

TEST(LsnsSideBySide, TaskAndNamespaceViews) {
    compare({"-p $P_NET", "-p $P_USER -J", "-p $P_TREE -r", "--task=$P_UTS -o NS,TYPE", "$NS_UTS",
             "$NS_TREE", "-l $NS_TREE", "-J $NS_TREE", "-r $NS_TREE", "-o PID,COMMAND $NS_TREE",
             "-t uts $NS_TREE", "-p 99999"});
}

TEST(LsnsSideBySide, Errors) {
    // Only errors 2.38 reports as 2.42 does; the others (-J with -r, -p 0, -P with -p) are in
    // lsns_features_test.cc.
    compare({"-t foo", "-p abc", "-p 12x", "-o FOO", "-o NS,FOO,TYPE", "-o NS,", "12x", "1",
             "99999999999999999999999", "-p 1 $NS_UTS", "-T bogus", "--tree=bogus",
             "-t net -t foo"});
}

TEST(LsnsSideBySide, Unprivileged) {
    // As nobody, only its own processes' namespaces can be read (EACCES for the rest); the
    // lister itself is then the lowest PID, so PID and COMMAND columns are left out.
    const std::string nobody = "setpriv --reuid 65534 --regid 65534 --clear-groups ";
    const std::vector<std::string> args = {"-o NS,TYPE,NPROCS,USER,UID", "-J -o NS,TYPE,NPROCS",
                                           "-r -t net -o NS,NETNSID,NSFS,USER"};
    NSCTL_REQUIRE_ROOT();
    std::vector<std::string> lines;
    for (const auto& a : args) {
        lines.push_back(nobody + kUtilLinuxLsns + " " + a);
        lines.push_back(nobody + our_lsns() + " " + a);
    }
    auto results = run_scenario(lines, Persist::kNo);
    ASSERT_EQ(results.size(), lines.size());
    for (size_t i = 0; i < args.size(); ++i) {
        SCOPED_TRACE("as nobody: lsns " + args[i]);
        EXPECT_EQ(results[2 * i + 1].status, results[2 * i].status);
        EXPECT_EQ(results[2 * i + 1].out, results[2 * i].out);
        EXPECT_EQ(results[2 * i + 1].err, results[2 * i].err);
        EXPECT_EQ(results[2 * i].status, 0);
        EXPECT_NE(results[2 * i].out, "");
    }
}

TEST(LsnsSideBySide, GetoptErrorsUseArgv0) {
    // Run both as ./lsns so getopt's "argv[0]: ..." prefix is the same.
    NSCTL_REQUIRE_ROOT();
    std::string ours_dir = NSCTL_BINARY_DIR;
    std::vector<std::string> args = {"-x", "--bogus", "-p", "--type", "--json=1", "--tree=owner=x"};
    std::vector<std::string> lines;
    for (const auto& a : args) {
        lines.push_back("cd /usr/bin && ./lsns " + a);
        lines.push_back("cd " + ours_dir + " && ./lsns " + a);
    }
    auto results = run_scenario(lines, Persist::kNo);
    ASSERT_EQ(results.size(), lines.size());
    for (size_t i = 0; i < args.size(); ++i) {
        SCOPED_TRACE("lsns " + args[i]);
        EXPECT_EQ(results[2 * i + 1].status, results[2 * i].status);
        EXPECT_EQ(results[2 * i + 1].err, results[2 * i].err);
        EXPECT_EQ(results[2 * i + 1].out, results[2 * i].out);
    }
}

}  // namespace
}  // namespace nsctl::test
