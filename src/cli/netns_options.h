// SPDX-License-Identifier: GPL-2.0-or-later
// The arguments of `nsctl [-all] netns SUBCOMMAND ...`, parsed as ip-netns(8) parses them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl::cli {

enum class NetnsSub {
    kList,
    kListId,
    kHelp,
    kAdd,
    kSet,
    kDelete,
    kIdentify,
    kPids,
    kExec,
    kMonitor,
    kAttach
};

struct NetnsArgs {
    NetnsSub sub = NetnsSub::kList;
    std::string what = "netns";        ///< "netns add": how errors name the subcommand
    std::vector<std::string> names;    ///< add/delete: all; attach/set/pids/exec: one
    int pid = 0;                       ///< attach, identify (0: identify ourselves)
    int nsid = -1;                     ///< set: the id, or -1 for auto
    std::optional<int> target_nsid;    ///< list-id target-nsid N: ids as that namespace has them
    std::optional<int> only_nsid;      ///< list-id nsid N: just that id
    std::vector<std::string> command;  ///< exec: the command and its arguments
    std::string help_topic;            ///< help: a subcommand, or empty for all
};

/// Parses args (args[0] is "netns"). Subcommands match by prefix in iproute2's order ("d" is
/// delete, "l" list). all: -all was given (delete and exec then take no NAME). Errors have
/// code 0 and a whole message as context: "netns add: missing NAME",
/// "netns add: Invalid netns name \"a/b\"", "netns: unknown command \"foo\"...".
Result<NetnsArgs> parse_netns_args(const std::vector<std::string>& args, bool all);

/// The usage text of one subcommand ("add"), or of all when topic is empty. Empty for an
/// unknown topic.
std::string netns_usage(std::string_view topic);

}  // namespace nsctl::cli
