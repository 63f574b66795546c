// SPDX-License-Identifier: GPL-2.0-or-later
// The network command line: global options as ip(8) takes them (single dash, long), one command,
// or many from `-batch FILE` run in this one process.
#include <fcntl.h>
#include <getopt.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/net_batch.h"
#include "cli/net_context.h"
#include "sys/fd.h"

namespace nsctl::cli {
namespace {

struct NetCommandEntry {
    std::string_view name;
    NetCommand run;
};

const NetCommandEntry kNetCommands[] = {{"netns", cmd_netns},
                                        {"link", cmd_link},
                                        {"addr", cmd_addr},
                                        {"route", cmd_route},
                                        {"nat", cmd_nat}};

int run_command(NetContext& ctx, const std::vector<std::string>& args) {
    for (const auto& c : kNetCommands)
        if (args[0] == c.name) return c.run(ctx, args);
    warnx("nsctl", "unknown command " + in_quotes(args[0]));
    return 1;
}

// A line is a command line without the program name, global options included
// ("-n blue link set lo up"). Each line starts from the batch's global options.
int run_line(const NetContext& base, NetContext& shared, std::vector<std::string> words);

// The whole batch file ("-": standard input). No iostreams: their static initialisation would
// cost every start of the binary.
Result<std::string> read_batch(const std::string& file) {
    UniqueFd owned;
    int fd = 0;
    if (file != "-") {
        owned = NSCTL_TRY(sys::open(file.c_str(), O_RDONLY));
        fd = owned.get();
    }
    std::string text;
    char buf[65536];
    while (size_t n = NSCTL_TRY(sys::read(fd, buf, sizeof(buf)))) text.append(buf, n);
    return text;
}

int run_batch(NetContext& ctx, const std::string& file, bool force) {
    auto text = read_batch(file);
    if (!text) {
        warnx("nsctl", "-batch " + file + ": " + std::strerror(text.error().code));
        return 1;
    }
    ctx.batch = true;
    int status = 0;
    for (auto& cmd : read_batch_commands(*text)) {
        // Every message of the command names its place in the file; a command that fails
        // without one (netns exec of a program that exits 1) gets one line saying so.
        MessageLocation here("-batch " + cmd.where(file));
        size_t before = warnings_printed();
        int rc = 1;
        if (cmd.error.empty())
            rc = run_line(ctx, ctx, std::move(cmd.words));
        else
            warnx("nsctl", cmd.error);
        if (rc == 0) continue;
        if (warnings_printed() == before)
            warnx("nsctl", "command failed with exit status " + std::to_string(rc));
        status = 1;
        if (!force) break;
    }
    return status;
}

struct Globals {
    std::optional<std::string> netns;
    bool json = false, all = false, force = false;
    std::optional<std::string> batch;
    size_t consumed = 0;  ///< words taken by the options
};

// -n NAME names a namespace under /run/netns: a name that cannot be one is refused here, with the
// rule, before any command looks for it.
bool valid_netns_option(const Globals& g) {
    if (!g.netns || net::validate_netns_name(*g.netns)) return true;
    warnx("nsctl", "-n " + in_quotes(*g.netns) +
                       ": not a network namespace name (1 to 255 bytes; no '/'; not '.' or '..')");
    return false;
}

// Reads the leading global options of words (getopt_long_only: "-n", "-netns", "-j", ...).
bool parse_globals(std::vector<std::string>& words, Globals& g) {
    enum { kAll = 256, kForce, kBatch };
    static const option kOpts[] = {
        {"netns", required_argument, nullptr, 'n'},    {"json", no_argument, nullptr, 'j'},
        {"all", no_argument, nullptr, kAll},           {"force", no_argument, nullptr, kForce},
        {"batch", required_argument, nullptr, kBatch}, {nullptr, 0, nullptr, 0}};
    std::vector<char*> argv;
    std::string prog = "nsctl";
    argv.push_back(prog.data());
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    optind = 0;
    // getopt's own messages would not name the batch line: ours go through warnx().
    const int saved_opterr = opterr;
    opterr = 0;
    int c;
    while ((c = getopt_long_only(static_cast<int>(argv.size() - 1), argv.data(), "+:n:j", kOpts,
                                 nullptr)) != -1) {
        switch (c) {
            case 'n':
                g.netns = optarg;
                break;
            case 'j':
                g.json = true;
                break;
            case kAll:
                g.all = true;
                break;
            case kForce:
                g.force = true;
                break;
            case kBatch:
                g.batch = optarg;
                break;
            case ':':
                opterr = saved_opterr;
                warnx("nsctl", "option " + in_quotes(argv[optind - 1]) + " needs a value");
                return false;
            default:
                opterr = saved_opterr;
                warnx("nsctl", "unknown option " +
                                   in_quotes(optopt ? std::string("-") + static_cast<char>(optopt)
                                                    : argv[optind - 1]));
                return false;
        }
    }
    opterr = saved_opterr;
    g.consumed = static_cast<size_t>(optind - 1);
    return true;
}

int run_line(const NetContext& base, NetContext& shared, std::vector<std::string> words) {
    Globals g;
    if (!parse_globals(words, g) || !valid_netns_option(g)) return 1;
    if (g.batch) {
        warnx("nsctl", "-batch inside a batch");
        return 1;
    }
    words.erase(words.begin(), words.begin() + static_cast<long>(g.consumed));
    if (words.empty()) {
        warnx("nsctl", "missing command");
        return 1;
    }
    std::optional<std::string> saved_ns = shared.netns;
    bool saved_json = shared.json, saved_all = shared.all;
    shared.netns = g.netns ? g.netns : base.netns;
    shared.json = g.json || base.json;
    shared.all = g.all || base.all;
    int rc = run_command(shared, words);
    shared.netns = saved_ns;
    shared.json = saved_json;
    shared.all = saved_all;
    return rc;
}

}  // namespace

int run_net_line(NetContext& ctx, std::vector<std::string> words) {
    ctx.batch = true;
    return run_line(ctx, ctx, std::move(words));
}

Result<net::Netlink*> NetContext::netlink() {
    std::string key = netns.value_or("");
    auto it = sockets_.find(key);
    if (it != sockets_.end()) return it->second.get();
    std::optional<net::Netlink> nl;
    if (netns) {
        auto opened = registry.open(*netns);
        if (!opened) return Error{opened.error().code, "netns " + *netns};
        UniqueFd fd = std::move(*opened);
        nl.emplace(NSCTL_TRY(net::Netlink::open(fd.get())));
    } else {
        nl.emplace(NSCTL_TRY(net::Netlink::open()));
    }
    auto owned = std::make_unique<net::Netlink>(std::move(*nl));
    net::Netlink* raw = owned.get();
    sockets_.emplace(key, std::move(owned));
    return raw;
}

void NetContext::forget(const std::string& name) { sockets_.erase(name); }

void net_error(std::string_view what, const Error& e) {
    warnx("nsctl", std::string(what) + ": " + e.message());
}

bool is_net_command_line(std::string_view first) {
    for (const auto& c : kNetCommands)
        if (first == c.name) return true;
    for (std::string_view opt : {"-n", "-netns", "--netns", "-j", "-json", "--json", "-all",
                                 "--all", "-force", "--force", "-batch", "--batch"})
        if (first == opt) return true;
    return false;
}

int net_main(int argc, char** argv) {
    load_locale();
    one_line_messages();
    std::vector<std::string> words(argv + 1, argv + argc);
    Globals g;
    if (!parse_globals(words, g)) {
        std::fprintf(stderr, "Try 'nsctl --help' for more information.\n");
        return 1;
    }
    if (!valid_netns_option(g)) return 1;
    NetContext ctx;
    ctx.netns = g.netns;
    ctx.json = g.json;
    ctx.all = g.all;
    if (g.batch) return run_batch(ctx, *g.batch, g.force);
    words.erase(words.begin(), words.begin() + static_cast<long>(g.consumed));
    if (words.empty()) {
        warnx("nsctl", "missing command");
        return 1;
    }
    return run_command(ctx, words);
}

}  // namespace nsctl::cli
