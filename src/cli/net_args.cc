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
    auto pid = parse_pid(arg);
    if (!pid) return ctx.registry.open(arg);
    std::string path = sys::proc_path(*pid, "ns/net");
    auto fd = sys::open(path.c_str(), 0);
    if (!fd) return Error{fd.error().code, "process " + arg};
    return std::move(*fd);
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

int usage_error(const std::string& what, const std::string& message) {
    warnx("nsctl", what + ": " + message);
    return 1;
}

}  // namespace nsctl::cli
