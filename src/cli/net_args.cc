// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/net_args.h"

#include <cerrno>

#include "base/parse.h"
#include "cli/commands.h"
#include "ns/procfs.h"
#include "sys/fd.h"

namespace nsctl::cli {

Result<std::string> Args::value(const std::string& key) {
    if (done()) return Error{EINVAL, "\"" + key + "\" needs a value"};
    return next();
}

Result<UniqueFd> open_netns_arg(NetContext& ctx, const std::string& arg) {
    // A name first, as ip takes it: a namespace may be named "42".
    auto named = ctx.registry.open(arg);
    if (named) return named;
    // ENOENT: no such name; EINVAL: not a valid name ("", "a/b"). Anything else is the answer.
    if (named.error().code != ENOENT && named.error().code != EINVAL) return named.error();
    auto pid = parse_pid(arg);
    if (pid) {
        std::string path = sys::proc_path(*pid, "ns/net");
        auto fd = sys::open(path.c_str(), 0);
        if (!fd && fd.error().code == ENOENT) return Error{ESRCH, "netns " + arg};
        if (!fd) return Error{fd.error().code, "netns " + arg + ": " + path};
        return std::move(*fd);
    }
    if (arg.find_first_not_of("+-0123456789") == std::string::npos || named.error().code == EINVAL)
        return Error{EINVAL, "netns " + in_quotes(arg) + ": not a pid or namespace name"};
    return Error{ENOENT, "no network namespace named " + in_quotes(arg)};
}

output::TableOptions net_table_options(const NetContext& ctx, const char* name) {
    output::TableOptions t;
    t.format = ctx.json ? output::Format::kJson : output::Format::kTable;
    t.name = name;
    return t;
}

int net_fail(const std::string& what, const Error& e) {
    net_error(what, e);
    return 1;
}

bool is_help(const std::string& word) { return word == "help" || word == "-h" || word == "--help"; }

namespace {
UsageErrorCapture* g_capture = nullptr;
}  // namespace

UsageErrorCapture::UsageErrorCapture() { g_capture = this; }
UsageErrorCapture::~UsageErrorCapture() { g_capture = nullptr; }

int usage_error(const std::string& what, const std::string& message) {
    if (g_capture) {
        if (g_capture->message_.empty()) g_capture->message_ = what + ": " + message;
        return 1;
    }
    warnx("nsctl", what + ": " + message);
    return 1;
}

}  // namespace nsctl::cli
