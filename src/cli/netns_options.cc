// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/netns_options.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "base/parse.h"
#include "net/netns.h"

namespace nsctl::cli {
namespace {

struct SubEntry {
    std::string_view name;
    NetnsSub sub;
    std::string_view usage;
};

// iproute2's order of matching, which decides what a prefix means ("d": delete).
const SubEntry kSubs[] = {
    {"list", NetnsSub::kList, "nsctl [-j] netns [list]"},
    {"show", NetnsSub::kList, ""},
    {"lst", NetnsSub::kList, ""},
    {"list-id", NetnsSub::kListId,
     "nsctl [-j] netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]"},
    {"help", NetnsSub::kHelp, "nsctl netns help [SUBCOMMAND]"},
    {"add", NetnsSub::kAdd, "nsctl netns add NAME..."},
    {"set", NetnsSub::kSet, "nsctl netns set NAME NETNSID      NETNSID := auto | POSITIVE-INT"},
    {"delete", NetnsSub::kDelete, "nsctl [-all] netns delete NAME..."},
    {"identify", NetnsSub::kIdentify, "nsctl [-j] netns identify [PID]"},
    {"pids", NetnsSub::kPids, "nsctl [-j] netns pids NAME"},
    {"exec", NetnsSub::kExec, "nsctl [-all] netns exec [NAME] CMD [ARG...]"},
    {"monitor", NetnsSub::kMonitor, "nsctl netns monitor"},
    {"attach", NetnsSub::kAttach, "nsctl netns attach NAME PID"},
};

// iproute2's matches(): arg is a non-empty prefix of name.
bool matches(std::string_view arg, std::string_view name) {
    return !arg.empty() && name.substr(0, arg.size()) == arg;
}

const SubEntry* find_sub(std::string_view arg) {
    for (const auto& s : kSubs)
        if (matches(arg, s.name)) return &s;
    return nullptr;
}

Error usage_error(const NetnsArgs& a, const std::string& text) {
    return Error{0, a.what + ": " + text};
}

Result<void> check_name(const NetnsArgs& a, const std::string& name) {
    auto ok = net::validate_netns_name(name);
    if (!ok) return usage_error(a, ok.error().context);
    return {};
}

Result<int> pid_arg(const NetnsArgs& a, const std::string& text) {
    auto pid = parse_pid(text);
    if (!pid) return usage_error(a, "invalid PID '" + text + "'");
    return *pid;
}

Result<void> want_count(const NetnsArgs& a, const std::vector<std::string>& rest, size_t n,
                        const char* missing) {
    if (rest.size() < n) return usage_error(a, std::string("missing ") + missing);
    if (rest.size() > n) return usage_error(a, "unexpected argument '" + rest[n] + "'");
    return {};
}

Result<void> parse_names(NetnsArgs& a, const std::vector<std::string>& rest) {
    if (rest.empty()) return usage_error(a, "missing NAME");
    for (const auto& n : rest) NSCTL_TRY(check_name(a, n));
    a.names = rest;
    return {};
}

// A non-negative id written as iproute2 reads numbers: decimal, 0x hex or 0 octal.
Result<int> nsid_arg(const NetnsArgs& a, const char* what, const std::string& text) {
    errno = 0;
    char* end = nullptr;
    long v = text.empty() ? -1 : std::strtol(text.c_str(), &end, 0);
    if (errno || *end || v < 0 || v > INT_MAX)
        return usage_error(a, std::string("invalid ") + what + " '" + text + "'");
    return static_cast<int>(v);
}

Result<void> parse_set(NetnsArgs& a, const std::vector<std::string>& rest) {
    NSCTL_TRY(want_count(a, rest, 2, rest.empty() ? "NAME and NETNSID" : "NETNSID"));
    NSCTL_TRY(check_name(a, rest[0]));
    a.names = {rest[0]};
    if (rest[1] == "auto") return {};
    a.nsid = NSCTL_TRY(nsid_arg(a, "NETNSID", rest[1]));
    return {};
}

// [target-nsid N] [nsid N], in any order, as ip netns list-id takes them.
Result<void> parse_list_id(NetnsArgs& a, const std::vector<std::string>& rest) {
    for (size_t i = 0; i < rest.size(); i += 2) {
        const std::string& key = rest[i];
        if (key != "target-nsid" && key != "nsid")
            return usage_error(a, "unexpected argument '" + key + "'");
        if (i + 1 >= rest.size()) return usage_error(a, "missing value after " + key);
        int id = NSCTL_TRY(nsid_arg(a, key.c_str(), rest[i + 1]));
        (key == "nsid" ? a.only_nsid : a.target_nsid) = id;
    }
    return {};
}

Result<void> parse_exec(NetnsArgs& a, const std::vector<std::string>& rest, bool all) {
    size_t first = 0;
    if (!all) {
        if (rest.empty()) return usage_error(a, "missing NAME");
        NSCTL_TRY(check_name(a, rest[0]));
        a.names = {rest[0]};
        first = 1;
    }
    if (rest.size() <= first) return usage_error(a, "missing command");
    a.command.assign(rest.begin() + static_cast<long>(first), rest.end());
    return {};
}

// The arguments after the subcommand word, for the subcommand already in a.sub.
Result<void> parse_rest(NetnsArgs& a, const std::vector<std::string>& rest, bool all) {
    switch (a.sub) {
        case NetnsSub::kList:
        case NetnsSub::kMonitor:
            return want_count(a, rest, 0, "");
        case NetnsSub::kListId:
            return parse_list_id(a, rest);
        case NetnsSub::kHelp:
            if (rest.size() > 1) return usage_error(a, "unexpected argument '" + rest[1] + "'");
            if (!rest.empty()) a.help_topic = rest[0];
            return {};
        case NetnsSub::kAdd:
            return parse_names(a, rest);
        case NetnsSub::kDelete:
            return all ? want_count(a, rest, 0, "") : parse_names(a, rest);
        case NetnsSub::kAttach:
            NSCTL_TRY(want_count(a, rest, 2, rest.empty() ? "NAME and PID" : "PID"));
            NSCTL_TRY(check_name(a, rest[0]));
            a.names = {rest[0]};
            a.pid = NSCTL_TRY(pid_arg(a, rest[1]));
            return {};
        case NetnsSub::kSet:
            return parse_set(a, rest);
        case NetnsSub::kIdentify:
            if (rest.size() > 1) return usage_error(a, "unexpected argument '" + rest[1] + "'");
            if (!rest.empty()) a.pid = NSCTL_TRY(pid_arg(a, rest[0]));
            return {};
        case NetnsSub::kPids:
            NSCTL_TRY(want_count(a, rest, 1, "NAME"));
            NSCTL_TRY(check_name(a, rest[0]));
            a.names = {rest[0]};
            return {};
        case NetnsSub::kExec:
            return parse_exec(a, rest, all);
    }
    return {};
}

}  // namespace

Result<NetnsArgs> parse_netns_args(const std::vector<std::string>& args, bool all) {
    NetnsArgs a;
    if (args.size() < 2) return a;  // `nsctl netns`: list
    const std::string& word = args[1];
    if (word == "-h" || word == "--help") {
        a.sub = NetnsSub::kHelp;
        return a;
    }
    const SubEntry* s = find_sub(word);
    if (!s) return usage_error(a, "unknown command \"" + word + "\", try \"nsctl netns help\"");
    a.sub = s->sub;
    a.what = "netns " + std::string(s->name == "show" || s->name == "lst" ? "list" : s->name);
    if (all && a.sub != NetnsSub::kDelete && a.sub != NetnsSub::kExec)
        return usage_error(a, "-all works with delete and exec only");
    std::vector<std::string> rest(args.begin() + 2, args.end());
    NSCTL_TRY(parse_rest(a, rest, all));
    return a;
}

std::string netns_usage(std::string_view topic) {
    std::string out;
    for (const auto& s : kSubs) {
        if (s.usage.empty()) continue;
        if (!topic.empty() && !matches(topic, s.name)) continue;
        out += (out.empty() ? "Usage: " : "       ") + std::string(s.usage) + "\n";
        if (!topic.empty()) break;
    }
    if (topic.empty())
        out += "Global options: -n NAME (list, list-id, set: ids as NAME sees them), -j (JSON)\n";
    return out;
}

}  // namespace nsctl::cli
