// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl exec: a command in a named sandbox, the way its own command runs.
#include <getopt.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "sandbox/named.h"
#include "sys/child_io.h"
#include "sys/process.h"

namespace nsctl::cli {
namespace {

const char kHelp[] =
    "Usage: nsctl exec <name> [--] <command> [<argument>...]\n\n"
    "Run a command in a named sandbox (nsctl run --name): in all of its namespaces, its cgroups,\n"
    "its root and working directory, with its environment, user, capabilities, no_new_privs\n"
    "and seccomp filter. Exit status: the command's; 125 when nsctl exec fails, 126/127 when\n"
    "the command cannot be executed or is not found.\n\n"
    " -h, --help   print this help\n";

}  // namespace

int cmd_exec(int argc, char** argv) {
    static const option kOpts[] = {{"help", no_argument, nullptr, 'h'}, {nullptr, 0, nullptr, 0}};
    optind = 0;
    int c;
    while ((c = getopt_long_lazy_locale(argc, argv, "+h", kOpts)) != -1) {
        if (c == 'h') return print_stdout("nsctl", kHelp);
        std::fprintf(stderr, "Try 'nsctl exec --help' for more information.\n");
        return sandbox::kExitRunFailed;
    }
    if (argc - optind < 2) {
        load_locale();
        warnx("nsctl: exec", argc == optind ? "no sandbox name given" : "no command given");
        std::fprintf(stderr, "Try 'nsctl exec --help' for more information.\n");
        return sandbox::kExitRunFailed;
    }
    std::string name = argv[optind];
    std::vector<std::string> command(argv + optind + 1, argv + argc);
    if (command.front() == "--") command.erase(command.begin());
    sandbox::Registry registry;
    std::fflush(nullptr);
    auto status = sandbox::exec_in_sandbox(registry, name, command);
    // This process is in the sandbox's namespaces now: end without at-exit work (see nsenter).
    if (!status) {
        warnx("nsctl: exec", status.error().error.message());
        std::fflush(nullptr);
        sys::raw::exit(status.error().exit_code);
    }
    std::fflush(nullptr);
    sys::raw::exit(sys::exit_code_of(*status));
}

}  // namespace nsctl::cli
