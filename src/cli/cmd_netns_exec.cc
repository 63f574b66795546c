// SPDX-License-Identifier: GPL-2.0-or-later
// `nsctl [-all] netns exec [NAME] CMD...`: the command's exit status passes through (127 not
// found, 126 cannot execute, 128+N killed by signal N). One namespace outside a batch: nsctl
// replaces itself with the command, as ip does; with -all or in -batch it forks and waits.
#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "cli/netns_commands.h"
#include "net/netns_exec.h"

namespace nsctl::cli {
namespace {

// "nsctl: netns exec: CMD: STRERROR" for a command that could not be executed; its exit code.
int exec_failed(const NetnsArgs& a, const net::NetnsExecResult& r) {
    warnx("nsctl", a.what + ": " + a.command[0] + ": " + std::strerror(r.exec_errno));
    return r.exit_code;
}

// Runs the command in one namespace; returns its exit code (1 if it could not be started).
int exec_in(NetContext& ctx, const NetnsArgs& a, const std::string& name) {
    auto r = net::netns_exec(ctx.registry, name, a.command);
    if (!r) {
        net_error(a.what, r.error());
        return 1;
    }
    for (const auto& w : r->warnings) warnx("nsctl", a.what + ": " + name + ": " + w);
    return r->exec_errno ? exec_failed(a, *r) : r->exit_code;
}

// Replaces this process with the command; returns only when that failed.
int replace_with(NetContext& ctx, const NetnsArgs& a, const std::string& name) {
    std::fflush(nullptr);
    auto warn = [&](const std::string& w) { warnx("nsctl", a.what + ": " + name + ": " + w); };
    auto r = net::netns_exec_replace(ctx.registry, name, a.command, warn);
    if (!r) {
        net_error(a.what, r.error());
        return 1;
    }
    return exec_failed(a, *r);
}

}  // namespace

int netns_exec(NetContext& ctx, const NetnsArgs& a) {
    if (!ctx.all && !ctx.batch) return replace_with(ctx, a, a.names[0]);
    if (!ctx.all) return exec_in(ctx, a, a.names[0]);
    auto names = ctx.registry.list();
    if (!names) {
        net_error(a.what, names.error());
        return 1;
    }
    // As `ip -all netns exec`: a header before each namespace's output. The status is the
    // last failing command's, or 0.
    int rc = 0;
    for (const auto& name : *names) {
        if (print_stdout("nsctl", "\nnetns: " + name + "\n") != 0) return 1;
        int code = exec_in(ctx, a, name);
        if (code != 0) rc = code;
    }
    return rc;
}

}  // namespace nsctl::cli
