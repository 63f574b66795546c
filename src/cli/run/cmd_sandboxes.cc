// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl ps, kill, rm: the named sandboxes of nsctl run --name (sandbox/registry.h).
#include <getopt.h>

#include <cstdio>
#include <ctime>
#include <string>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/netns_commands.h"
#include "cli/unshare_options.h"
#include "sandbox/named.h"

namespace nsctl::cli {
namespace {

int fail(const char* prog, const Error& e) {
    load_locale();
    warnx(prog, e.message());
    return 1;
}

int usage(const char* text, bool error) {
    if (error) {
        std::fprintf(stderr, "%s", text);
        return 1;
    }
    return print_stdout("nsctl", text);
}

// -h/--help and the options of each command; optind is left at the first operand.
int parse_flags(int argc, char** argv, const char* shortopts, const option* longopts,
                const char* help, bool* flag) {
    optind = 0;
    int c;
    while ((c = getopt_long_lazy_locale(argc, argv, shortopts, longopts)) != -1) {
        if (c == 'h') return usage(help, false) == 0 ? 0 : 1;
        if (c == 'f' || c == 'j') {
            *flag = true;
            continue;
        }
        return usage(help, true);
    }
    return -1;
}

std::string status_of(const sandbox::SandboxRecord& r) {
    if (r.running()) return "running";
    if (r.exit_code) return "exited (" + std::to_string(*r.exit_code) + ")";
    return r.pid > 0 ? "stopped" : "starting";
}

std::string when(int64_t seconds) {
    if (seconds <= 0) return "-";
    time_t t = static_cast<time_t>(seconds);
    tm local{};
    char buf[32];
    localtime_r(&t, &local);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &local);
    return buf;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

std::string json_of(const std::vector<sandbox::SandboxRecord>& records) {
    std::string out = "[";
    for (size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        out += i ? ",{" : "{";
        out += "\"name\":" + json_quote(r.name) + ",\"pid\":" + std::to_string(r.pid) +
               ",\"status\":" +
               json_quote(r.running() ? "running"
                          : r.pid > 0 ? "stopped"
                                      : "starting");
        if (r.exit_code) out += ",\"exit-code\":" + std::to_string(*r.exit_code);
        out += ",\"started\":" + std::to_string(r.started) + ",\"command\":[";
        for (size_t j = 0; j < r.command.size(); ++j)
            out += (j ? "," : "") + json_quote(r.command[j]);
        out += "],\"rootfs\":" + (r.rootfs.empty() ? std::string("null") : json_quote(r.rootfs));
        out += ",\"cgroups\":[";
        for (size_t j = 0; j < r.cgroups.size(); ++j)
            out += (j ? "," : "") + json_quote(r.cgroups[j]);
        auto or_null = [](const std::string& s) { return s.empty() ? "null" : json_quote(s); };
        out += "],\"host-interface\":" + or_null(r.host_interface);
        out += ",\"address\":" + or_null(r.address) + "}";
    }
    return out + "]\n";
}

std::string table_of(const std::vector<sandbox::SandboxRecord>& records) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof(line), "%-20s %8s %-12s %-19s %s\n", "NAME", "PID", "STATUS",
                  "STARTED", "COMMAND");
    out += line;
    for (const auto& r : records) {
        std::snprintf(line, sizeof(line), "%-20s %8d %-12s %-19s ", r.name.c_str(), r.pid,
                      status_of(r).c_str(), when(r.started).c_str());
        out += line + joined(r.command) + "\n";
    }
    return out;
}

const char kPsHelp[] =
    "Usage: nsctl ps [--json]\n\n"
    "List the named sandboxes (nsctl run --name): NAME, PID (of its PID 1, on the host), STATUS\n"
    "(running, exited (N), stopped, starting), STARTED, COMMAND. Records a killed nsctl left\n"
    "behind are removed on the way, with their cgroups.\n\n"
    " -j, --json   JSON: an array of {name, pid, status, exit-code, started, command, rootfs,\n"
    "              cgroups, host-interface, address}\n"
    " -h, --help   print this help\n";

const char kKillHelp[] =
    "Usage: nsctl kill <name> [<signal>]\n\n"
    "Send a signal (TERM by default; a name such as KILL or HUP, or a number) to a named\n"
    "sandbox: its PID 1 passes it on to the command.\n\n"
    " -h, --help   print this help\n";

const char kRmHelp[] =
    "Usage: nsctl rm [--force] <name>...\n\n"
    "Remove the record of named sandboxes that have stopped.\n\n"
    " -f, --force  kill a running one first (SIGKILL) and wait for it\n"
    " -h, --help   print this help\n";

}  // namespace

int cmd_ps(int argc, char** argv) {
    static const option kOpts[] = {{"json", no_argument, nullptr, 'j'},
                                   {"help", no_argument, nullptr, 'h'},
                                   {nullptr, 0, nullptr, 0}};
    bool json = false;
    if (int rc = parse_flags(argc, argv, "+jh", kOpts, kPsHelp, &json); rc >= 0) return rc;
    if (optind != argc) return usage(kPsHelp, true);
    sandbox::Registry registry;
    auto records = registry.list();
    if (!records) return fail("nsctl: ps", records.error());
    return print_stdout("nsctl", json ? json_of(*records) : table_of(*records));
}

int cmd_kill(int argc, char** argv) {
    static const option kOpts[] = {{"help", no_argument, nullptr, 'h'}, {nullptr, 0, nullptr, 0}};
    bool unused = false;
    if (int rc = parse_flags(argc, argv, "+h", kOpts, kKillHelp, &unused); rc >= 0) return rc;
    if (argc - optind < 1 || argc - optind > 2) return usage(kKillHelp, true);
    int sig = 15;
    if (argc - optind == 2) {
        const char* s = argv[optind + 1];
        auto n = parse_i32(s);
        auto named = signal_from_name(s);
        if (!(n && *n > 0 && *n < 65) && !named) {
            load_locale();
            warnx("nsctl: kill", std::string("unknown signal '") + s + "'");
            return 1;
        }
        sig = n && *n > 0 && *n < 65 ? *n : *named;
    }
    sandbox::Registry registry;
    auto r = sandbox::kill_sandbox(registry, argv[optind], sig);
    return r ? 0 : fail("nsctl: kill", r.error());
}

int cmd_rm(int argc, char** argv) {
    static const option kOpts[] = {{"force", no_argument, nullptr, 'f'},
                                   {"help", no_argument, nullptr, 'h'},
                                   {nullptr, 0, nullptr, 0}};
    bool force = false;
    if (int rc = parse_flags(argc, argv, "+fh", kOpts, kRmHelp, &force); rc >= 0) return rc;
    if (optind == argc) return usage(kRmHelp, true);
    sandbox::Registry registry;
    int status = 0;
    for (int i = optind; i < argc; ++i) {
        auto r = sandbox::remove_sandbox(registry, argv[i],
                                         force ? sandbox::Force::kYes : sandbox::Force::kNo);
        if (!r) status = fail("nsctl: rm", r.error());
    }
    return status;
}

}  // namespace nsctl::cli
