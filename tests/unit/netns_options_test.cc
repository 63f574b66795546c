// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl netns` argument parsing: subcommand prefixes in iproute2's order, arguments, errors.
#include "cli/netns_options.h"

#include <gtest/gtest.h>

namespace nsctl::cli {
namespace {

NetnsArgs ok(const std::vector<std::string>& args, bool all = false) {
    auto r = parse_netns_args(args, all);
    EXPECT_TRUE(r) << (r ? "" : r.error().context);
    return r ? *r : NetnsArgs{};
}

std::string bad(const std::vector<std::string>& args, bool all = false) {
    auto r = parse_netns_args(args, all);
    EXPECT_FALSE(r);
    if (r) return "";
    EXPECT_EQ(r.error().code, 0);
    return r.error().context;
}

TEST(NetnsOptions, PrefixesMatchInIproute2Order) {
    EXPECT_EQ(ok({"netns"}).sub, NetnsSub::kList);
    EXPECT_EQ(ok({"netns", "l"}).sub, NetnsSub::kList);
    EXPECT_EQ(ok({"netns", "show"}).sub, NetnsSub::kList);
    EXPECT_EQ(ok({"netns", "list-id"}).sub, NetnsSub::kListId);
    EXPECT_EQ(ok({"netns", "d", "x"}).sub, NetnsSub::kDelete);
    EXPECT_EQ(ok({"netns", "a", "x"}).sub, NetnsSub::kAdd);
    EXPECT_EQ(ok({"netns", "att", "x", "1"}).sub, NetnsSub::kAttach);
    EXPECT_EQ(ok({"netns", "e", "x", "true"}).sub, NetnsSub::kExec);
    EXPECT_EQ(ok({"netns", "--help"}).sub, NetnsSub::kHelp);
    EXPECT_EQ(bad({"netns", "s", "x"}), "netns list: unexpected argument 'x'");  // show
    EXPECT_EQ(bad({"netns", "frob"}), "netns: unknown command \"frob\", try \"nsctl netns help\"");
}

TEST(NetnsOptions, Arguments) {
    auto add = ok({"netns", "add", "a", "b", "c"});
    EXPECT_EQ(add.names, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(add.what, "netns add");
    auto set = ok({"netns", "set", "a", "7"});
    EXPECT_EQ(set.nsid, 7);
    EXPECT_EQ(ok({"netns", "set", "a", "auto"}).nsid, -1);
    EXPECT_EQ(ok({"netns", "attach", "a", "42"}).pid, 42);
    EXPECT_EQ(ok({"netns", "identify"}).pid, 0);
    EXPECT_EQ(ok({"netns", "identify", "9"}).pid, 9);
    auto ex = ok({"netns", "exec", "a", "ip", "-br", "link"});
    EXPECT_EQ(ex.names, std::vector<std::string>{"a"});
    EXPECT_EQ(ex.command, (std::vector<std::string>{"ip", "-br", "link"}));
    auto all = ok({"netns", "exec", "ip", "link"}, true);
    EXPECT_TRUE(all.names.empty());
    EXPECT_EQ(all.command, (std::vector<std::string>{"ip", "link"}));
    EXPECT_TRUE(ok({"netns", "delete"}, true).names.empty());
    EXPECT_EQ(ok({"netns", "help", "add"}).help_topic, "add");
}

TEST(NetnsOptions, Errors) {
    EXPECT_EQ(bad({"netns", "add"}), "netns add: missing NAME");
    EXPECT_EQ(bad({"netns", "add", "ok", "a/b"}), "netns add: Invalid netns name \"a/b\"");
    EXPECT_EQ(bad({"netns", "add", std::string(256, 'x')}),
              "netns add: Invalid netns name \"" + std::string(256, 'x') + "\"");
    EXPECT_EQ(bad({"netns", "delete", ".."}), "netns delete: Invalid netns name \"..\"");
    EXPECT_EQ(bad({"netns", "delete", "x"}, true), "netns delete: unexpected argument 'x'");
    EXPECT_EQ(bad({"netns", "attach", "a"}), "netns attach: missing PID");
    EXPECT_EQ(bad({"netns", "attach"}), "netns attach: missing NAME and PID");
    EXPECT_EQ(bad({"netns", "attach", "a", "0"}), "netns attach: invalid PID '0'");
    EXPECT_EQ(bad({"netns", "attach", "a", "1", "2"}), "netns attach: unexpected argument '2'");
    EXPECT_EQ(bad({"netns", "set", "a", "x"}), "netns set: invalid NETNSID 'x'");
    EXPECT_EQ(bad({"netns", "set", "a", "-1"}), "netns set: invalid NETNSID '-1'");
    EXPECT_EQ(bad({"netns", "identify", "-3"}), "netns identify: invalid PID '-3'");
    EXPECT_EQ(bad({"netns", "pids"}), "netns pids: missing NAME");
    EXPECT_EQ(bad({"netns", "exec"}), "netns exec: missing NAME");
    EXPECT_EQ(bad({"netns", "exec", "a"}), "netns exec: missing command");
    EXPECT_EQ(bad({"netns", "exec"}, true), "netns exec: missing command");
    EXPECT_EQ(bad({"netns", "list", "x"}), "netns list: unexpected argument 'x'");
    EXPECT_EQ(bad({"netns", "add", "a"}, true), "netns add: -all works with delete and exec only");
}

TEST(NetnsOptions, Usage) {
    EXPECT_EQ(netns_usage("pids"), "Usage: nsctl [-j] netns pids NAME\n");
    EXPECT_EQ(netns_usage("frob"), "");
    EXPECT_NE(netns_usage("").find("netns monitor"), std::string::npos);
}

}  // namespace
}  // namespace nsctl::cli
