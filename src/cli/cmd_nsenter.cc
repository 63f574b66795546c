// SPDX-License-Identifier: GPL-2.0-or-later
// nsenter: a drop-in for util-linux 2.42's nsenter(1).
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/nsenter_options.h"
#include "ns/enter.h"
#include "ns/enter_diagnose.h"
#include "sandbox/spawn.h"
#include "sys/child_io.h"
#include "sys/process.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "nsenter";

const char kUsage[] =
    "\nUsage:\n"
    " nsenter [options] [<program> [<argument>...]]\n"
    "\nRun a program (by default your shell) inside the namespaces of another process, or\n"
    "inside namespaces given as files or as namespace IDs (NS_GET_ID).\n"
    "\nOptions:\n"
    " -a, --all                     every namespace of the target\n"
    " -t, --target <PID>            the process whose namespaces to take\n"
    " -m, --mount[=<file>|=:<nsid>] the mount namespace\n"
    " -u, --uts[=<file>|=:<nsid>]   the UTS namespace (host and domain name)\n"
    " -i, --ipc[=<file>|=:<nsid>]   the System V IPC namespace\n"
    " -n, --net[=<file>|=:<nsid>]   the network namespace\n"
    " -N, --net-socket <fd>         the network namespace of the target's socket <fd>\n"
    " -p, --pid[=<file>|=:<nsid>]   the PID namespace (implies a fork)\n"
    " -C, --cgroup[=<file>|=:<nsid>] the cgroup namespace\n"
    " -U, --user[=<file>|=:<nsid>]  the user namespace\n"
    "     --user-parent             the parent of that user namespace\n"
    " -T, --time[=<file>|=:<nsid>]  the time namespace\n"
    " -S, --setuid <uid>|follow     the uid to run as (follow: the target's)\n"
    " -G, --setgid <gid>|follow     the gid to run as (follow: the target's)\n"
    "     --preserve-credentials    keep uids, gids and groups as they are\n"
    "     --keep-caps               keep capabilities gained in the user namespace\n"
    " -r, --root[=<dir>]            change the root directory (default: the target's)\n"
    " -w, --wd[=<dir>]              change the working directory (default: the target's)\n"
    " -W, --wdns <dir>              change to <dir> as seen inside the namespaces\n"
    " -e, --env                     take the environment of the target\n"
    " -F, --no-fork                 do not fork before running <program>\n"
    " -c, --join-cgroup             join the target's cgroup (cgroup v2)\n"
    " -Z, --follow-context          take the target's SELinux context\n"
    "\n"
    " -h, --help                    print this help\n"
    " -V, --version                 print the version\n"
    "\nSee nsctl-nsenter(8).\n";

int finish_parse(const NsenterParse& p) {
    load_locale();
    if (!p.error.empty()) warnx(kProg, p.error);
    if (p.id_error)
        if (auto hint = ns::open_by_id_hint(*p.id_error)) warnx(kProg, "hint: " + *hint);
    if (p.try_help) std::fprintf(stderr, "Try '%s --help' for more information.\n", kProg);
    if (p.action == NsenterParse::Action::kHelp) return print_stdout(kProg, kUsage);
    if (p.action == NsenterParse::Action::kVersion)
        return print_stdout(kProg, "nsenter from nsctl " NSCTL_VERSION "\n");
    return p.exit_code;
}

}  // namespace

int cmd_nsenter(int argc, char** argv) {
    NsenterParse p = parse_nsenter_args(argc, argv, system_nsenter_hooks());
    if (p.exit_code >= 0) return finish_parse(p);
    if (p.follow_context) {
        if (ns::selinux_enabled()) {
            load_locale();
            warnx(kProg, "--follow-context: this nsctl is built without SELinux support");
            return 1;
        }
        // After the usage checks, so that a usage error comes alone; before entering, so that
        // the locale is still read from our own file system.
        p.req.on_valid = [] {
            load_locale();
            warnx(kProg, "warning: SELinux is not in use on this system: --follow-context ignored");
        };
    }
    auto r = ns::enter(p.req);
    // From here on this process may sit in other namespaces (a PID namespace for its children
    // among them), where at-exit work such as a sanitizer's leak check can hang: end with
    // _exit(2), as a forked child would. Messages go to stderr, which is unbuffered.
    // No load_locale() from here on: the locale files would be read from the target's file
    // system, which nsenter (often root) must not trust. These messages stay untranslated.
    if (!r) {
        warnx(kProg, r.error().error.message());
        if (auto hint = ns::enter_hint(p.req, r.error())) warnx(kProg, "hint: " + *hint);
        sys::raw::exit(1);
    }
    if (r->exec_error) {
        warnx(kProg, r->exec_error->message());
        sys::raw::exit(sandbox::exec_exit_code(r->exec_error->code));
    }
    sys::exit_like(r->wait_status);
}

}  // namespace nsctl::cli
