// SPDX-License-Identifier: GPL-2.0-or-later
// What the network commands (netns, link, addr, route) share: the global options (-n, -j,
// -all, -batch, -force) and one netlink socket per network namespace, kept for a whole batch.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/netlink.h"
#include "net/netns.h"

namespace nsctl::cli {

struct NetContext {
    std::optional<std::string> netns;  ///< -n NAME: act inside that named namespace
    bool json = false;                 ///< -j
    bool all = false;                  ///< -all (netns delete/exec)
    bool batch = false;                ///< running -batch lines: commands must return
    net::NetnsRegistry registry;       ///< /run/netns

    /// The socket for -n's namespace (or ours), opened on first use and kept.
    Result<net::Netlink*> netlink();

    /// Forgets the socket of a namespace (after `netns delete`).
    void forget(const std::string& netns);

  private:
    std::map<std::string, std::unique_ptr<net::Netlink>> sockets_;
};

/// A network command: args[0] is its name ("link"), the rest its arguments. Returns the exit
/// code; prints its own errors as "nsctl: link add: veth0: File exists".
using NetCommand = int (*)(NetContext& ctx, const std::vector<std::string>& args);

int cmd_netns(NetContext& ctx, const std::vector<std::string>& args);
int cmd_link(NetContext& ctx, const std::vector<std::string>& args);
int cmd_addr(NetContext& ctx, const std::vector<std::string>& args);
int cmd_route(NetContext& ctx, const std::vector<std::string>& args);
int cmd_nat(NetContext& ctx, const std::vector<std::string>& args);

/// Prints "nsctl: WHAT: message" for an Error.
void net_error(std::string_view what, const Error& e);

/// Runs one command line of the network commands in ctx, as a -batch line (global options
/// first, "-n NAME link set lo up"): the exit code. ctx's sockets are kept for the next line.
int run_net_line(NetContext& ctx, std::vector<std::string> words);

/// True when argv[1] of `nsctl` starts the network command line: a global option (-n, -j,
/// -all, -batch, -force, -netns, -json) or one of the network commands.
bool is_net_command_line(std::string_view first);

/// `nsctl [-n NAME] [-j] [-all] [-force] [-batch FILE] COMMAND ARGS...`; argv[0] is "nsctl".
int net_main(int argc, char** argv);

}  // namespace nsctl::cli
