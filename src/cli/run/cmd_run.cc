// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run: a command in new namespaces, on a root of its own or on the host's files read-only
// (the quick reference's "Simple Container" and "Process Isolation" in one command).
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/netns_commands.h"
#include "cli/run/run_options.h"
#include "sandbox/detach.h"
#include "sandbox/run.h"
#include "sys/fd.h"
#include "sys/process.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "nsctl: run";

const char kUsage[] =
    "Usage: nsctl run [options] [--] <command> [<argument>...]\n"
    "\n"
    "Run a command in new namespaces: its own mounts, host name, IPC, PIDs (a small reaper is\n"
    "PID 1), network (loopback only) and cgroup view; when you are not root also its own user\n"
    "namespace, in which it is root. With --rootfs it runs in that directory tree (pivot_root),\n"
    "read-only; without, on the host's files, read-only. Always a new /proc, a minimal /dev and\n"
    "a read-only /sys.\n"
    "\n"
    "Namespaces:\n"
    "     --share <ns>             keep the caller's: net, ipc, uts, pid, cgroup (repeatable)\n"
    "     --userns                 a user namespace also when run as root\n"
    "     --map-auto               also map your /etc/subuid and /etc/subgid ranges (from 1)\n"
    "     --time                   a new time namespace\n"
    "     --monotonic <seconds>    its CLOCK_MONOTONIC offset (implies --time)\n"
    "     --boottime <seconds>     its CLOCK_BOOTTIME offset (implies --time)\n"
    "\n"
    "Network (root, without --userns, for veth and --netns):\n"
    "     --net none               loopback only, up (the default)\n"
    "     --net host               the caller's network (as --share net)\n"
    "     --net veth[:<bridge>]    a veth pair to the host: eth0 inside with an address of\n"
    "                              10.242.0.0/16 (or of <bridge>'s subnet, the host side its\n"
    "                              port), a default route and NAT; removed at exit\n"
    "     --netns <name>           join a named network namespace (nsctl netns, ip netns)\n"
    "     --publish <hostport>:<port>[/udp]  forward the host's port to the sandbox's (DNAT;\n"
    "                              with --net veth; repeatable)\n"
    "     --net user               rootless: a user-mode network by pasta (package passt)\n"
    "     --dns <ip>               a resolv.conf naming this nameserver (repeatable)\n"
    "\n"
    "Root and mounts:\n"
    "     --rootfs <dir>           run in <dir> (pivot_root); missing mount points are made\n"
    "     --rw                     a writable root\n"
    "     --overlay                a writable overlay over the root, discarded at exit\n"
    "     --overlay-dir <dir>      ... whose changes are kept in <dir>/upper\n"
    "     --bind <src>[:<dst>]     bind the host's <src> on <dst> inside (default: the same)\n"
    "     --ro-bind <src>[:<dst>]  the same, read-only\n"
    "     --tmpfs <dst>[:size=<n>] a tmpfs on <dst> (<n> in bytes, or with K, M, G, T)\n"
    "\n"
    "Process:\n"
    "     --chdir <dir>            working directory inside (default: / with --rootfs, else\n"
    "                              the current one where it exists)\n"
    "     --hostname <name>        host name inside\n"
    "     --uid <uid>              the command's user inside (a number; default 0)\n"
    "     --gid <gid>              the command's group inside (a number; default 0)\n"
    "     --cap-add <caps>         keep these capabilities too (cap_net_admin,..., or ALL)\n"
    "     --cap-drop <caps>        drop these from the default set (or ALL)\n"
    "     --seccomp <file>         a seccomp policy of yours (see nsctl-run(1)); unconfined: none\n"
    "                              (default: refuse what sandboxes never need)\n"
    "     --allow-userns           let the command make user namespaces\n"
    "     --rlimit <name>=<soft>[:<hard>]  a resource limit (nofile, nproc, as, core, ...)\n"
    "     --memory <size>          memory limit (cgroup; K, M, G, T)\n"
    "     --pids <n>               at most n processes and threads (cgroup)\n"
    "     --cpus <n>               CPU time: n CPUs' worth (cgroup; 0.5, 2, ...)\n"
    "     --cpu-weight <n>         CPU share against others, 1..10000, 100 by default (cgroup)\n"
    "     --name <name>            record it under a name: nsctl ps, exec, kill, rm\n"
    " -d, --detach                 run it in the background (with --name): return once the\n"
    "                              command has started; its record keeps the exit status\n"
    "     --timeout <seconds>      SIGTERM to the sandbox then (exit status 124)\n"
    "     --kill-after <seconds>   ... and SIGKILL this long after it (5)\n"
    "     --env <name>=<value>     set a variable (repeatable)\n"
    "     --clearenv               start from an empty environment\n"
    "     --as-pid1                run the command as PID 1 (no reaper)\n"
    "     --tty                    give the command a new terminal, relayed to yours\n"
    "     --die-with-parent        kill the sandbox when nsctl dies\n"
    "     --keep-fd <fd>           pass file descriptor <fd> on (repeatable)\n"
    "     --json-status-fd <fd>    JSON lines on <fd>: the start (pid, namespaces), the exit\n"
    "\n"
    " -h, --help                   print this help\n"
    " -V, --version                print the version\n"
    "\n"
    "Exit status: the command's (128+N when signal N ended it); 124 after --timeout; 125 when\n"
    "nsctl run fails, 126 when the command cannot be executed, 127 when it is not found.\n"
    "See nsctl-run(1).\n";

// --json-status-fd: one JSON object a line.
class StatusFd {
  public:
    explicit StatusFd(int fd) : fd_(fd) {}
    void started(const sandbox::Started& s) const {
        std::string line = "{\"pid\":" + std::to_string(s.pid) + ",\"namespaces\":{";
        for (size_t i = 0; i < s.namespaces.size(); ++i) {
            const auto& [kind, ino] = s.namespaces[i];
            line +=
                (i ? ",\"" : "\"") + std::string(ns::info(kind).name) + "\":" + std::to_string(ino);
        }
        write(line + "}}\n");
    }
    void exited(const sandbox::RunResult& r) const {
        std::string line = "{\"exit-code\":" + std::to_string(sys::exit_code_of(r.wait_status));
        if (int sig = sys::term_signal_of(r.wait_status))
            line += ",\"signal\":" + std::to_string(sig);
        if (r.timed_out) line += ",\"timed-out\":true";
        write(line + "}\n");
    }
    void failed(const std::string& message) const {
        write("{\"error\":" + json_quote(message) + "}\n");
    }

  private:
    void write(const std::string& line) const {
        if (fd_ >= 0) (void)sys::write(fd_, line.data(), line.size());
    }
    int fd_;
};

// --detach: the run goes on in a detached process; we return when its command has started.
int run_detached(const RunParse& p, sandbox::RunHooks hooks, const StatusFd& status_fd) {
    auto outcome = sandbox::run_detached([&](sandbox::DetachChannel& channel) {
        auto json = hooks.on_started;
        hooks.on_started = [&](const sandbox::Started& s) {
            if (json) json(s);
            channel.started();
        };
        auto status = sandbox::run(p.spec, hooks);
        if (!status) {
            const auto& f = status.error();
            std::string lines = "nsctl: run: " + f.error.message() + "\n";
            if (auto hint = sandbox::run_hint(p.spec, f))
                lines += "nsctl: run: hint: " + *hint + "\n";
            status_fd.failed(f.error.message());
            channel.failed(f.exit_code, lines);
            return f.exit_code;
        }
        status_fd.exited(*status);
        return status->timed_out ? sandbox::kExitTimedOut : sys::exit_code_of(status->wait_status);
    });
    if (!outcome) {
        load_locale();
        warnx(kProg, "--detach: " + outcome.error().message());
        return sandbox::kExitRunFailed;
    }
    if (!outcome->messages.empty()) std::fputs(outcome->messages.c_str(), stderr);
    return outcome->exit_code;
}

int usage_error(const RunParse& p) {
    load_locale();
    if (!p.error.empty()) warnx(kProg, p.error);
    std::fprintf(stderr, "Try 'nsctl run --help' for more information.\n");
    return sandbox::kExitRunFailed;
}

}  // namespace

int cmd_run(int argc, char** argv) {
    auto cwd = sys::getcwd();
    // getopt's own messages start with argv[0]: "nsctl: run: unrecognized option '--x'".
    std::string prog = kProg;
    std::vector<char*> args(argv, argv + argc);
    args[0] = prog.data();
    args.push_back(nullptr);
    RunParse p = parse_run_args(argc, args.data(), cwd ? *cwd : "/");
    if (p.action == RunParse::Action::kHelp) return print_stdout("nsctl", kUsage);
    if (p.action == RunParse::Action::kVersion)
        return print_stdout("nsctl", "nsctl run from nsctl " NSCTL_VERSION "\n");
    if (p.action == RunParse::Action::kFail) return usage_error(p);
    if (p.json_status_fd >= 0) {
        if (auto flags = sys::fd_flags(p.json_status_fd); !flags) {
            load_locale();
            warnx(kProg, "--json-status-fd " + std::to_string(p.json_status_fd) + ": " +
                             Error{flags.error().code, ""}.message());
            return sandbox::kExitRunFailed;
        }
    }
    StatusFd status_fd(p.json_status_fd);
    sandbox::RunHooks hooks;
    if (p.json_status_fd >= 0)
        hooks.on_started = [&](const sandbox::Started& s) { status_fd.started(s); };
    std::fflush(nullptr);
    if (p.spec.keep_record) return run_detached(p, hooks, status_fd);
    auto status = sandbox::run(p.spec, hooks);
    if (!status) {
        const auto& f = status.error();
        load_locale();
        warnx(kProg, f.error.message());
        if (auto hint = sandbox::run_hint(p.spec, f)) warnx(kProg, "hint: " + *hint);
        status_fd.failed(f.error.message());
        return f.exit_code;
    }
    status_fd.exited(*status);
    return status->timed_out ? sandbox::kExitTimedOut : sys::exit_code_of(status->wait_status);
}

}  // namespace nsctl::cli
