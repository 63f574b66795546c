// SPDX-License-Identifier: GPL-2.0-or-later
// The subcommands of `nsctl netns`, one function each, shared by cmd_netns*.cc.
#pragma once

#include "cli/net_context.h"
#include "cli/netns_options.h"

namespace nsctl::cli {

int netns_list(NetContext& ctx, const NetnsArgs& a);
int netns_list_id(NetContext& ctx, const NetnsArgs& a);
int netns_identify(NetContext& ctx, const NetnsArgs& a);
int netns_pids(NetContext& ctx, const NetnsArgs& a);
int netns_monitor(NetContext& ctx, const NetnsArgs& a);
int netns_exec(NetContext& ctx, const NetnsArgs& a);

/// text as a JSON string, quotes included.
std::string json_quote(std::string_view text);

}  // namespace nsctl::cli
