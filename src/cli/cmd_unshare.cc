// SPDX-License-Identifier: GPL-2.0-or-later
// unshare: a drop-in for util-linux 2.42's unshare(1), plus a "hint:" line naming the cause
// of a failure where one can be found.

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/unshare_options.h"
#include "ns/create.h"
#include "ns/diagnose.h"
#include "sys/child_io.h"
#include "sys/process.h"
#include "sys/users.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "unshare";

const char kUsage[] =
    "\nUsage:\n"
    " unshare [options] [<program> [<argument>...]]\n"
    "\nRun a program in new namespaces (with no program: your shell, as a login shell).\n"
    "\nOptions:\n"
    " -m, --mount[=<file>]      new mount namespace (bound on <file> if given)\n"
    " -u, --uts[=<file>]        new UTS namespace (host and domain name)\n"
    " -i, --ipc[=<file>]        new System V IPC namespace\n"
    " -n, --net[=<file>]        new network namespace\n"
    " -p, --pid[=<file>]        new pid namespace (for the children; see --fork)\n"
    " -U, --user[=<file>]       new user namespace\n"
    " -C, --cgroup[=<file>]     new cgroup namespace\n"
    " -T, --time[=<file>]       new time namespace (for the children; see --fork)\n"
    "\n"
    " --mount-proc[=<dir>]      mount a new proc on <dir> (/proc); implies --mount\n"
    " --mount-binfmt[=<dir>]    mount binfmt_misc; implies --user and --mount\n"
    " -l, --load-interp <file>  register a binfmt_misc interpreter (implies --mount-binfmt)\n"
    " --propagation slave|shared|private|unchanged\n"
    "                           propagation of / in the new mount namespace (private)\n"
    " -R, --root <dir>          chroot to <dir> before running the program\n"
    " -w, --wd <dir>            working directory of the program\n"
    "\n"
    " -S, --setuid <uid>        uid to run the program as, inside\n"
    " -G, --setgid <gid>        gid to run the program as, inside\n"
    " --map-user <uid>|<name>   map your user to this uid (implies --user)\n"
    " --map-group <gid>|<name>  map your group to this gid (implies --user)\n"
    " -r, --map-root-user       map your user and group to root (implies --user)\n"
    " -c, --map-current-user    map your user and group to themselves (implies --user)\n"
    " --map-auto                map your /etc/subuid and /etc/subgid ranges from 0\n"
    " --map-subids              map your subid ranges onto themselves\n"
    " --map-users <inner>:<outer>:<count>\n"
    "                           map a range of uids (repeatable; also auto, subids, all)\n"
    " --map-groups <inner>:<outer>:<count>\n"
    "                           map a range of gids (repeatable; also auto, subids, all)\n"
    " --owner <uid>:<gid>       owner of the new user namespace (implies --user)\n"
    "\n"
    " -f, --fork                run the program in a child and wait for it\n"
    " --kill-child[=<signame>]  signal the child when unshare dies (SIGKILL; implies --fork)\n"
    " --forward-signals         pass SIGTERM and SIGINT on to the child (implies --fork)\n"
    "\n"
    " --setgroups allow|deny    allow or deny setgroups(2) in the new user namespace\n"
    " --keep-caps               keep the user namespace's capabilities across exec\n"
    "\n"
    " --monotonic <offset>      CLOCK_MONOTONIC offset in seconds (with -T)\n"
    " --boottime <offset>       CLOCK_BOOTTIME offset in seconds (with -T)\n"
    "\n"
    " --clear-env               start the program with an empty environment (nsctl)\n"
    " --whitelist-env <list>    ... keeping these comma-separated variables (nsctl)\n"
    "\n"
    " -h, --help                print this help\n"
    " -V, --version             print the version\n"
    "\nSee nsctl-unshare(8).\n";

std::string user_name(uid_t uid) {
    auto pw = sys::find_user(uid);
    return pw ? pw->name : std::to_string(uid);
}

int report_failure(const ns::UnshareSpec& spec, const ns::UnshareFailure& f) {
    load_locale();
    if (!f.helper_said_why) warnx(kProg, f.error.message());
    ns::FailureFacts facts;
    facts.failure = f;
    facts.flags = spec.flags;
    facts.fork = spec.fork;
    facts.id_ranges = !spec.user_ranges.empty() || !spec.group_ranges.empty();
    facts.euid = spec.euid;
    facts.user = user_name(spec.euid);
    if (auto hint = ns::diagnose_unshare(facts, ns::DiagnoseRoots{}))
        warnx(kProg, "hint: " + *hint);
    return f.exit_code;
}

}  // namespace

int cmd_unshare(int argc, char** argv) {
    UnshareParseEnv env;
    env.euid = sys::geteuid();
    env.egid = sys::getegid();
    UnshareParse parsed = parse_unshare_args(argc, argv, env);
    if (!parsed.error.empty() || parsed.try_help || parsed.action != UnshareParse::Action::kRun)
        load_locale();
    if (!parsed.error.empty()) warnx(kProg, parsed.error);
    if (parsed.try_help) std::fprintf(stderr, "Try '%s --help' for more information.\n", kProg);
    if (parsed.exit_code > 0) return parsed.exit_code;
    if (parsed.action == UnshareParse::Action::kHelp) return print_stdout(kProg, kUsage);
    if (parsed.action == UnshareParse::Action::kVersion)
        return print_stdout(kProg, "unshare from nsctl " NSCTL_VERSION "\n");
    auto status = ns::run_unshare(parsed.spec);
    // This process may now sit in new namespaces (a PID namespace for its children among them),
    // where at-exit work such as a sanitizer's leak check can hang: end with _exit(2).
    if (!status) {
        int code = report_failure(parsed.spec, status.error());
        std::fflush(nullptr);
        sys::raw::exit(code);
    }
    // --fork: end as the child ended, by its exit status or by its signal.
    std::fflush(nullptr);
    sys::exit_like(*status);
}

}  // namespace nsctl::cli
