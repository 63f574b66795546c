// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/oci/oci_options.h"

#include <getopt.h>

#include <algorithm>
#include <string_view>

#include "base/parse.h"

namespace nsctl::cli {
namespace {

struct VerbName {
    std::string_view name;
    OciVerb verb;
};
constexpr VerbName kVerbs[] = {{"spec", OciVerb::kSpec},     {"features", OciVerb::kFeatures},
                               {"state", OciVerb::kState},   {"list", OciVerb::kList},
                               {"create", OciVerb::kCreate}, {"start", OciVerb::kStart},
                               {"run", OciVerb::kRun},       {"kill", OciVerb::kKill},
                               {"delete", OciVerb::kDelete}, {"exec", OciVerb::kExec},
                               {"ps", OciVerb::kPs},         {"help", OciVerb::kHelp}};

// runc's other verbs: recognised, and refused until nsctl implements them.
constexpr std::string_view kLaterVerbs[] = {"pause",  "resume",     "update",
                                            "events", "checkpoint", "restore"};

// getopt over a copy of args from index first; the caller reads optind relative to it.
class Getopt {
  public:
    Getopt(const std::vector<std::string>& args, size_t first) {
        for (size_t i = first; i < args.size(); ++i) words_.push_back(args[i]);
        for (auto& w : words_) argv_.push_back(w.data());
        argv_.push_back(nullptr);
        optind = 0;  // glibc: start over, whatever an earlier parse left
        opterr = 0;
    }
    int next(const char* shortopts, const option* longopts) {
        long_index_ = -1;
        return getopt_long_only(static_cast<int>(argv_.size() - 1), argv_.data(), shortopts,
                                longopts, &long_index_);
    }
    /// The index in longopts of the option next() returned, -1 for a short one.
    int long_index() const { return long_index_; }
    /// The word getopt stopped at or complained about.
    std::string last() const {
        int i = optind > 0 ? optind - 1 : 0;
        return i < static_cast<int>(words_.size()) ? words_[i] : "";
    }
    /// The words left after the options.
    std::vector<std::string> rest() const {
        return {words_.begin() + std::min<size_t>(optind, words_.size()), words_.end()};
    }

  private:
    std::vector<std::string> words_;
    std::vector<char*> argv_;
    int long_index_ = -1;
};

Error option_error(const std::string& where, int c, const Getopt& g) {
    std::string prefix = where.empty() ? "" : where + ": ";
    if (c == ':') return Error{0, prefix + "option '" + g.last() + "' needs a value"};
    return Error{0, prefix + "unknown option '" + g.last() + "'"};
}

enum GlobalOpt { kRoot = 1000, kLog, kLogFormat, kSystemd, kDebug, kRootless, kCriu };

Status take_global(OciOptions& o, int c, const char* value) {
    switch (c) {
        case kRoot:
            if (value[0] == '\0') return Error{0, "--root: an empty directory name"};
            o.global.root = value;
            break;
        case kLog:
            o.global.log = value;
            break;
        case kLogFormat:
            if (std::string_view(value) != "text" && std::string_view(value) != "json")
                return Error{0, "--log-format " + std::string(value) + ": text or json"};
            o.global.log_format =
                std::string_view(value) == "json" ? oci::LogFormat::kJson : oci::LogFormat::kText;
            break;
        case kSystemd:
            o.global.systemd_cgroup = true;
            break;
        case kDebug:
            o.global.debug = true;
            break;
        case kRootless:
            if (std::string_view(value) != "true" && std::string_view(value) != "false" &&
                std::string_view(value) != "auto")
                return Error{0, "--rootless " + std::string(value) + ": true, false or auto"};
            o.global.rootless = value;
            break;
    }
    return {};
}

// The global options; returns the index in args of the verb (args.size() when there is none).
Result<size_t> parse_global(const std::vector<std::string>& args, OciOptions& o, bool* asked) {
    static const option kLong[] = {{"root", required_argument, nullptr, kRoot},
                                   {"log", required_argument, nullptr, kLog},
                                   {"log-format", required_argument, nullptr, kLogFormat},
                                   {"systemd-cgroup", no_argument, nullptr, kSystemd},
                                   {"debug", no_argument, nullptr, kDebug},
                                   {"rootless", required_argument, nullptr, kRootless},
                                   {"help", no_argument, nullptr, 'h'},
                                   {"version", no_argument, nullptr, 'v'},
                                   {nullptr, 0, nullptr, 0}};
    Getopt g(args, 0);
    int c;
    while ((c = g.next("+:hv", kLong)) != -1) {
        if (c == '?' || c == ':') return option_error("", c, g);
        if (c == 'h') o.verb = OciVerb::kHelp;
        if (c == 'v') o.verb = OciVerb::kVersion;
        *asked = c == 'h' || c == 'v';
        if (*asked) return args.size();  // as runc: the rest is not looked at
        NSCTL_TRY(take_global(o, c, optarg));
    }
    return static_cast<size_t>(optind);
}

enum VerbOpt {
    kPidFile = 2000,
    kConsoleSocket,
    kPreserveFds,
    kNoPivot,
    kNoNewKeyring,
    kCwd,
    kNoNewPrivs,
    kApparmor,
    kProcessLabel,
    kIgnorePaused,
    kCgroup
};

// Whether verb takes option c.
bool fits(OciVerb verb, int c) {
    bool makes = verb == OciVerb::kCreate || verb == OciVerb::kRun;
    bool exec = verb == OciVerb::kExec;
    switch (c) {
        case 'h':
            return true;
        case 'r':
            return verb == OciVerb::kSpec;
        case 'b':
            return verb == OciVerb::kSpec || makes;
        case 'f':
            return verb == OciVerb::kList || verb == OciVerb::kPs;
        case 'q':
            return verb == OciVerb::kList;
        case kPidFile:
        case kConsoleSocket:
        case kPreserveFds:
            return makes || exec;
        case kNoPivot:
        case kNoNewKeyring:
            return makes;
        case 'd':
            return verb == OciVerb::kRun || exec;
        case 'p':
        case 't':
        case 'e':
        case 'u':
        case 'g':
        case 'c':
        case kCwd:
        case kNoNewPrivs:
        case kApparmor:
        case kProcessLabel:
        case kIgnorePaused:
        case kCgroup:
            return exec;
        case 'F':
            return verb == OciVerb::kDelete;
        case 'a':
            return verb == OciVerb::kKill;
        default:
            return false;
    }
}

Status take_verb_option(OciOptions& o, int c, const char* value) {
    const std::string& verb = o.verb_name;
    switch (c) {
        case 'h':
            o.help = true;
            break;
        case 'r':
            o.rootless = true;
            break;
        case 'b':
            o.bundle = value;
            break;
        case 'q':
            o.quiet = true;
            break;
        case 'f': {
            std::string_view f = value;
            if (f != "table" && f != "json")
                return Error{0, verb + ": --format " + value + ": table or json"};
            o.json = f == "json";
            break;
        }
        case kPidFile:
            o.pid_file = value;
            break;
        case kConsoleSocket:
            o.console_socket = value;
            break;
        case kPreserveFds: {
            auto n = parse_u64(value);
            if (!n || *n > 1024 * 1024)
                return Error{0, verb + ": --preserve-fds " + value + ": a number of fds expected"};
            o.preserve_fds = static_cast<int>(*n);
            break;
        }
        case kNoPivot:
            o.no_pivot = true;
            break;
        case 'd':
            o.detach = true;
            break;
        case 'F':
            o.force = true;
            break;
        case 'a':
            o.all = true;
            break;
        case 'p':
            o.process_file = value;
            break;
        case 't':
            o.exec.tty = true;
            break;
        case 'e':
            o.exec.env.push_back(value);
            break;
        case 'u':
            o.exec.user = value;
            break;
        case 'g':
            o.exec.additional_gids.push_back(value);
            break;
        case 'c':
            o.exec.caps.push_back(value);
            break;
        case kCwd:
            o.exec.cwd = value;
            break;
        case kNoNewPrivs:
            o.exec.no_new_privs = true;
            break;
        case kApparmor:
            o.exec.apparmor = value;
            break;
        case kProcessLabel:
            o.exec.process_label = value;
            break;
        case kCgroup:
            return Error{0, verb + ": --cgroup: choosing a cgroup is not supported yet"};
        case kIgnorePaused:
            break;  // nsctl does not pause containers yet: none is paused
    }
    return {};
}

// The verb's own options and arguments, from args[at] (the verb) on.
Status parse_verb(const std::vector<std::string>& args, size_t at, OciOptions& o) {
    static const option kLong[] = {{"help", no_argument, nullptr, 'h'},
                                   {"rootless", no_argument, nullptr, 'r'},
                                   {"bundle", required_argument, nullptr, 'b'},
                                   {"format", required_argument, nullptr, 'f'},
                                   {"quiet", no_argument, nullptr, 'q'},
                                   {"pid-file", required_argument, nullptr, kPidFile},
                                   {"console-socket", required_argument, nullptr, kConsoleSocket},
                                   {"preserve-fds", required_argument, nullptr, kPreserveFds},
                                   {"no-pivot", no_argument, nullptr, kNoPivot},
                                   {"no-new-keyring", no_argument, nullptr, kNoNewKeyring},
                                   {"detach", no_argument, nullptr, 'd'},
                                   {"force", no_argument, nullptr, 'F'},
                                   {"all", no_argument, nullptr, 'a'},
                                   {"process", required_argument, nullptr, 'p'},
                                   {"tty", no_argument, nullptr, 't'},
                                   {"env", required_argument, nullptr, 'e'},
                                   {"user", required_argument, nullptr, 'u'},
                                   {"additional-gids", required_argument, nullptr, 'g'},
                                   {"cap", required_argument, nullptr, 'c'},
                                   {"cwd", required_argument, nullptr, kCwd},
                                   {"no-new-privs", no_argument, nullptr, kNoNewPrivs},
                                   {"apparmor", required_argument, nullptr, kApparmor},
                                   {"process-label", required_argument, nullptr, kProcessLabel},
                                   {"ignore-paused", no_argument, nullptr, kIgnorePaused},
                                   {"cgroup", required_argument, nullptr, kCgroup},
                                   {nullptr, 0, nullptr, 0}};
    const std::string& verb = o.verb_name;
    Getopt g(args, at);
    int c;
    // -f is --format for list and --force for delete, as in runc.
    const char* shortopts = o.verb == OciVerb::kDelete ? "+:hf"
                            : o.verb == OciVerb::kExec ? "+:hdp:te:u:g:c:"
                                                       : "+:hb:f:qda";
    while ((c = g.next(shortopts, kLong)) != -1) {
        if (c == 'f' && o.verb == OciVerb::kDelete) c = 'F';
        if (c != '?' && c != ':' && !fits(o.verb, c) && g.long_index() >= 0)
            return Error{0, verb + ": unknown option '--" + kLong[g.long_index()].name + "'"};
        if (c == '?' || c == ':' || !fits(o.verb, c))
            return option_error(verb, c == ':' ? ':' : '?', g);
        NSCTL_TRY(take_verb_option(o, c, optarg));
    }
    if (o.help) return {};
    std::vector<std::string> rest = g.rest();
    if (o.verb != OciVerb::kSpec && o.verb != OciVerb::kFeatures && o.verb != OciVerb::kList) {
        if (rest.empty()) return Error{0, verb + ": a container id is required"};
        o.id = rest[0];
        rest.erase(rest.begin());
    }
    if (o.verb == OciVerb::kExec) {
        o.exec.args = rest;  // the command, options and all
        rest.clear();
    }
    if (o.verb == OciVerb::kPs && !rest.empty())
        return Error{0, "ps: options for ps(1) are not supported ('" + rest[0] +
                            "'): the table has PID and CMD"};
    if (o.verb == OciVerb::kKill && !rest.empty()) {
        o.signal = rest[0];
        rest.erase(rest.begin());
    }
    if (!rest.empty()) return Error{0, verb + ": unexpected argument '" + rest[0] + "'"};
    return {};
}

}  // namespace

Result<OciOptions> parse_oci_options(const std::vector<std::string>& args) {
    OciOptions o;
    bool asked = false;  // --help or --version
    size_t at = NSCTL_TRY(parse_global(args, o, &asked));
    if (at >= args.size()) {  // no verb: --help, --version, or a usage error
        o.no_verb = !asked;
        return o;
    }
    o.verb_name = args[at];
    o.verb = OciVerb::kNotImplemented;
    for (const auto& v : kVerbs)
        if (v.name == o.verb_name) o.verb = v.verb;
    if (o.verb == OciVerb::kNotImplemented) {
        for (auto later : kLaterVerbs)
            if (later == o.verb_name) return o;  // refused by the caller, whatever follows
        return Error{0, "unknown command '" + o.verb_name + "'"};
    }
    if (o.verb == OciVerb::kHelp) return o;
    NSCTL_TRY(parse_verb(args, at, o));
    return o;
}

std::string oci_usage(const std::string& prog) {
    return "Usage: " + prog +
           " [global options] COMMAND [options] [arguments]\n"
           "\nAn OCI runtime (runtime-spec 1.2) with runc's command line, on nsctl's sandbox.\n"
           "\nCommands:\n"
           "  spec [--rootless] [--bundle DIR]   write a starter config.json\n"
           "  features                           the runtime's features (JSON)\n"
           "  state ID                           the state of a container (JSON)\n"
           "  list [--format table|json] [-q]    the containers\n"
           "  create [-b DIR] [--pid-file F] ID  set a container up, its process waiting\n"
           "  start ID                           let a created container's process run\n"
           "  run [-b DIR] [--pid-file F] [-d] ID  create and start (and wait, without -d)\n"
           "  kill [--all] ID [SIGNAL]           signal a container (SIGTERM)\n"
           "  delete [--force] ID                remove a stopped (or created) container\n"
           "  exec [options] ID [CMD [ARG...]]   run another process in a container\n"
           "  ps [--format table|json] ID        the processes of a container\n"
           "  help                               this text\n"
           "Not implemented yet (refused): pause, resume, update, events, checkpoint,\n"
           "  restore\n"
           "\nGlobal options:\n"
           "  --root DIR             state directory (/run/nsctl/oci for root,\n"
           "                         $XDG_RUNTIME_DIR/nsctl/oci otherwise)\n"
           "  --log FILE             append errors to FILE as well\n"
           "  --log-format text|json the format of --log lines (text)\n"
           "  --systemd-cgroup       accepted; cgroups are made by nsctl below its own\n"
           "  --rootless true|false|auto, --debug   accepted, no effect\n"
           "  -h, --help             this text\n"
           "  -v, --version          nsctl's version and the runtime-spec version\n"
           "\nSee nsctl-oci(8).\n";
}

std::string oci_verb_usage(const std::string& prog, OciVerb verb) {
    switch (verb) {
        case OciVerb::kSpec:
            return "Usage: " + prog +
                   " spec [--rootless] [--bundle|-b DIR]\n"
                   "Writes a starter config.json into DIR (the current directory): sh in ./rootfs\n"
                   "with new PID, network, IPC, UTS and mount namespaces; --rootless adds user "
                   "and\n"
                   "cgroup namespaces with your uid and gid mapped to root. An existing\n"
                   "config.json is never replaced.\n";
        case OciVerb::kFeatures:
            return "Usage: " + prog +
                   " features\n"
                   "Prints the features structure of runtime-spec 1.2 (JSON): what nsctl "
                   "handles.\n";
        case OciVerb::kState:
            return "Usage: " + prog +
                   " state ID\n"
                   "Prints the state of container ID (JSON, runtime-spec's state).\n";
        case OciVerb::kList:
            return "Usage: " + prog +
                   " list [--format|-f table|json] [--quiet|-q]\n"
                   "Lists the containers of the state directory; -q prints their ids only.\n";
        case OciVerb::kCreate:
        case OciVerb::kRun:
            return "Usage: " + prog + (verb == OciVerb::kRun ? " run" : " create") +
                   " [--bundle|-b DIR] [--pid-file FILE] [--preserve-fds N]\n"
                   "       [--console-socket PATH]" +
                   (verb == OciVerb::kRun ? " [--detach|-d]" : "") +
                   " ID\n"
                   "Sets container ID up from DIR/config.json (DIR: the current directory):\n"
                   "namespaces, root, mounts, limits; its process waits before exec" +
                   (verb == OciVerb::kRun
                        ? ", then starts it\nand waits for it (not with --detach), passing "
                          "signals on, and deletes it:\nthe exit status is the process's.\n"
                        : " until\nstart. --pid-file gets the process's pid.\n") +
                   "--preserve-fds N passes fds 3 to 3+N-1 on. With process.terminal, the master\n"
                   "of its terminal is sent to the unix socket --console-socket PATH" +
                   (verb == OciVerb::kRun ? " (or, without\n--detach and the socket, relayed)"
                                          : "") +
                   ".\n--no-pivot is ignored.\n";
        case OciVerb::kStart:
            return "Usage: " + prog +
                   " start ID\n"
                   "Lets the process of created container ID exec.\n";
        case OciVerb::kKill:
            return "Usage: " + prog +
                   " kill [--all|-a] ID [SIGNAL]\n"
                   "Sends SIGNAL (a name, KILL or SIGKILL, or a number; TERM by default) to the\n"
                   "container's process; --all: to every process of its PID namespace.\n";
        case OciVerb::kDelete:
            return "Usage: " + prog +
                   " delete [--force|-f] ID\n"
                   "Removes container ID: its state and cgroup. A running one only with --force,\n"
                   "which kills it first.\n";
        case OciVerb::kPs:
            return "Usage: " + prog +
                   " ps [--format|-f table|json] ID\n"
                   "Lists the processes of container ID (those of its PID namespace), as host\n"
                   "pids: a PID and CMD table, or a JSON array of pids.\n";
        case OciVerb::kExec:
            return "Usage: " + prog +
                   " exec [options] ID [CMD [ARG...]]\n"
                   "Starts a process in created or running container ID: in its namespaces,\n"
                   "cgroups and root. The process is the container's own (its config.json) with\n"
                   "CMD as its arguments, or the one of --process FILE (a process.json), changed\n"
                   "by the options below. Waits for it, passing signals on: the exit status is\n"
                   "its own (126 or 127 when CMD cannot be run).\n"
                   "  -p, --process FILE       the process (runtime-spec's process object)\n"
                   "  -d, --detach             do not wait: it runs on as our caller's child\n"
                   "      --pid-file FILE      write its pid there\n"
                   "      --cwd DIR            its working directory, in the container\n"
                   "  -e, --env NAME=VALUE     set a variable (repeatable)\n"
                   "  -u, --user UID[:GID]     its ids, in the container\n"
                   "  -g, --additional-gids N  a supplementary group (repeatable)\n"
                   "  -c, --cap CAP            add a capability (repeatable)\n"
                   "      --no-new-privs       set no_new_privs\n"
                   "      --preserve-fds N     pass fds 3 to 3+N-1 on\n"
                   "      --apparmor P, --process-label L   accepted, reported as not applied\n"
                   "      --ignore-paused      accepted (nsctl pauses no container yet)\n"
                   "  -t, --tty                a terminal (process.terminal): its master goes to\n"
                   "      --console-socket S   the unix socket S, or is relayed without -d\n"
                   "      --cgroup P           not supported yet (refused)\n";
        default:
            return oci_usage(prog);
    }
}

}  // namespace nsctl::cli
