// SPDX-License-Identifier: GPL-2.0-or-later
// The nsctl multi-call binary: called as lsns (a symlink) it is lsns; otherwise `nsctl COMMAND`.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/net_context.h"

namespace {

struct Command {
    std::string_view name;
    int (*run)(int, char**);
    std::string_view summary;
};

const Command kCommands[] = {
    {"lsns", nsctl::cli::cmd_lsns, "list namespaces (drop-in for util-linux lsns)"},
    {"unshare", nsctl::cli::cmd_unshare, "run a program in new namespaces (drop-in for unshare)"},
    {"nsenter", nsctl::cli::cmd_nsenter, "run a program in other namespaces (drop-in for nsenter)"},
    {"run", nsctl::cli::cmd_run,
     "run a command in a sandbox of new namespaces and a root of its own"},
    {"ps", nsctl::cli::cmd_ps, "list the named sandboxes (nsctl run --name)"},
    {"exec", nsctl::cli::cmd_exec, "run a command in a named sandbox"},
    {"kill", nsctl::cli::cmd_kill, "send a signal to a named sandbox"},
    {"rm", nsctl::cli::cmd_rm, "remove the record of a stopped named sandbox"},
    {"lab", nsctl::cli::cmd_lab, "test networks from containerlab topology files (*.clab.yml)"},
    {"oci", nsctl::cli::cmd_oci, "an OCI runtime with runc's command line (config.json bundles)"},
    {"doctor", nsctl::cli::cmd_doctor,
     "check what this machine allows you with namespaces, and name the fixes"},
};

const Command* find_command(std::string_view name) {
    for (const auto& c : kCommands)
        if (c.name == name) return &c;
    return nullptr;
}

void usage(FILE* out) {
    std::fprintf(out,
                 "Usage: nsctl <command> [options]\n"
                 "       nsctl --help | --version\n\n"
                 "A Linux namespaces toolkit. Commands:\n");
    for (const auto& c : kCommands)
        std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                     static_cast<int>(c.summary.size()), c.summary.data());
    std::fprintf(out,
                 "\nNetwork commands, with ip(8)-style options:\n"
                 "  nsctl [-n NETNS] [-j] [-all] [-force] [-batch FILE] netns|link|addr|route|nat\n"
                 "  netns      named network namespaces (/run/netns, as ip netns)\n"
                 "  link       veth pairs, bridges, link settings\n"
                 "  addr       IPv4/IPv6 addresses\n"
                 "  route      routes of the main table\n"
                 "  nat        forwarding and masquerading for a subnet (nftables)\n"
                 "\nCalled through a symlink named after a command (lsns, unshare, nsenter), nsctl "
                 "runs that command;\nas nsctl-runtime it is `nsctl oci`.\nSee nsctl(1) and "
                 "`nsctl <command> --help`.\n");
}

std::string_view base_name(const char* path) {
    std::string_view p(path ? path : "");
    size_t slash = p.rfind('/');
    return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
    // Each command loads the locale itself (unshare and nsenter only when they print).
    std::string_view personality = base_name(argv[0]);
    if (const Command* c = find_command(personality)) return c->run(argc, argv);
    // nsctl-runtime (a symlink): `nsctl oci` under the name container managers are given.
    if (personality == "nsctl-runtime") return nsctl::cli::cmd_oci(argc, argv);
    if (argc < 2) {
        nsctl::cli::load_locale();
        usage(stderr);
        return 1;
    }
    std::string_view sub = argv[1];
    if (sub == "--help" || sub == "-h" || sub == "help") {
        nsctl::cli::load_locale();
        usage(stdout);
        return nsctl::cli::flush_stdout("nsctl");
    }
    if (sub == "--version" || sub == "-V") {
        return nsctl::cli::print_stdout("nsctl", "nsctl " NSCTL_VERSION "\n");
    }
    // netns, link, addr, route and the ip-style global options (-n NAME, -j, -batch FILE, ...).
    if (nsctl::cli::is_net_command_line(sub)) return nsctl::cli::net_main(argc, argv);
    const Command* c = find_command(sub);
    if (!c) {
        nsctl::cli::load_locale();
        std::fprintf(stderr,
                     "nsctl: unknown command '%s'\nTry 'nsctl --help' for more information.\n",
                     argv[1]);
        return 1;
    }
    // getopt reports errors under argv[0]: make it "nsctl lsns".
    std::string name = "nsctl " + std::string(sub);
    std::vector<char*> args(argv + 1, argv + argc);
    args[0] = name.data();
    args.push_back(nullptr);
    return c->run(argc - 1, args.data());
}
