// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/unshare_options.h"

#include <getopt.h>
#include <signal.h>
#include <strings.h>

#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstring>

#include "base/parse.h"
#include "cli/commands.h"

namespace nsctl::cli {
namespace {

using Action = UnshareParse::Action;
using ns::Kind;

enum : int {
    kOptMountProc = 256,
    kOptMountBinfmt,
    kOptPropagation,
    kOptSetgroups,
    kOptKillChild,
    kOptKeepCaps,
    kOptMonotonic,
    kOptBoottime,
    kOptMapUser,
    kOptMapUsers,
    kOptMapGroup,
    kOptMapGroups,
    kOptMapAuto,
    kOptMapSubids,
    kOptOwner,
    kOptForwardSignals,
    kOptClearEnv,
    kOptWhitelistEnv,
};

const option kLongOpts[] = {
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {"mount", optional_argument, nullptr, 'm'},
    {"uts", optional_argument, nullptr, 'u'},
    {"ipc", optional_argument, nullptr, 'i'},
    {"net", optional_argument, nullptr, 'n'},
    {"pid", optional_argument, nullptr, 'p'},
    {"user", optional_argument, nullptr, 'U'},
    {"cgroup", optional_argument, nullptr, 'C'},
    {"time", optional_argument, nullptr, 'T'},
    {"fork", no_argument, nullptr, 'f'},
    {"kill-child", optional_argument, nullptr, kOptKillChild},
    {"forward-signals", no_argument, nullptr, kOptForwardSignals},
    {"mount-proc", optional_argument, nullptr, kOptMountProc},
    {"mount-binfmt", optional_argument, nullptr, kOptMountBinfmt},
    {"map-user", required_argument, nullptr, kOptMapUser},
    {"map-users", required_argument, nullptr, kOptMapUsers},
    {"map-group", required_argument, nullptr, kOptMapGroup},
    {"map-groups", required_argument, nullptr, kOptMapGroups},
    {"map-root-user", no_argument, nullptr, 'r'},
    {"map-current-user", no_argument, nullptr, 'c'},
    {"map-auto", no_argument, nullptr, kOptMapAuto},
    {"map-subids", no_argument, nullptr, kOptMapSubids},
    {"owner", required_argument, nullptr, kOptOwner},
    {"propagation", required_argument, nullptr, kOptPropagation},
    {"setgroups", required_argument, nullptr, kOptSetgroups},
    {"keep-caps", no_argument, nullptr, kOptKeepCaps},
    {"setuid", required_argument, nullptr, 'S'},
    {"setgid", required_argument, nullptr, 'G'},
    {"root", required_argument, nullptr, 'R'},
    {"wd", required_argument, nullptr, 'w'},
    {"monotonic", required_argument, nullptr, kOptMonotonic},
    {"boottime", required_argument, nullptr, kOptBoottime},
    {"load-interp", required_argument, nullptr, 'l'},
    {"clear-env", no_argument, nullptr, kOptClearEnv},
    {"whitelist-env", required_argument, nullptr, kOptWhitelistEnv},
    {nullptr, 0, nullptr, 0},
};

constexpr const char* kProcMount = "/proc";
constexpr const char* kBinfmtMount = "/proc/sys/fs/binfmt_misc";

struct State {
    UnshareParse out;
    const UnshareParseEnv* env = nullptr;

    ns::UnshareSpec& spec() { return out.spec; }
    bool error(std::string msg) {
        out.error = std::move(msg);
        out.exit_code = 1;
        return false;
    }
    // The locale is loaded before strerror's text is taken (load_locale).
    bool error(const Error& e) {
        load_locale();
        return error(e.message());
    }
};

// util-linux's "MESSAGE: 'ARG'", plus strerror when the number is out of range.
bool number_error(State& st, const char* what, const char* arg, bool range) {
    load_locale();
    std::string msg = std::string(what) + ": '" + arg + "'";
    if (range) msg += std::string(": ") + std::strerror(ERANGE);
    return st.error(std::move(msg));
}

// A whole decimal that fits unsigned long; negative numbers are out of range (as util-linux).
bool parse_unsigned(State& st, const char* arg, const char* what, unsigned long* out) {
    if (!*arg) return number_error(st, what, arg, false);
    char* end = nullptr;
    errno = 0;
    if (std::strtoimax(arg, &end, 10) < 0) return number_error(st, what, arg, true);
    errno = 0;
    uintmax_t n = std::strtoumax(arg, &end, 10);
    if (errno == ERANGE) return number_error(st, what, arg, true);
    if (errno || end == arg || *end) return number_error(st, what, arg, false);
    *out = static_cast<unsigned long>(n);
    return true;
}

bool parse_signed64(State& st, const char* arg, const char* what, std::optional<int64_t>* out) {
    if (!*arg) return number_error(st, what, arg, false);
    char* end = nullptr;
    errno = 0;
    intmax_t n = std::strtoimax(arg, &end, 10);
    if (errno == ERANGE) return number_error(st, what, arg, true);
    if (errno || end == arg || *end) return number_error(st, what, arg, false);
    *out = static_cast<int64_t>(n);
    return true;
}

void unshare_kind(State& st, Kind kind) {
    st.spec().flags |= ns::clone_flag(kind);
    if (optarg) st.spec().persist[ns::index(kind)] = std::string(optarg);
}

// --map-users / --map-groups: auto, subids, all, or a range.
bool add_ranges(State& st, const char* arg, bool groups) {
    ns::UnshareSpec& s = st.spec();
    s.flags |= ns::clone_flag(Kind::kUser);
    ns::IdMap& map = groups ? s.group_ranges : s.user_ranges;
    std::string subid = st.env->etc + (groups ? "/subgid" : "/subuid");
    if (std::strcmp(arg, "auto") == 0 || std::strcmp(arg, "subids") == 0) {
        auto r = ns::read_subid_range(subid, st.env->euid, arg[0] == 's');
        if (!r) return st.error(r.error());
        ns::prepend_range(map, *r);
        return true;
    }
    if (std::strcmp(arg, "all") == 0) {
        auto r = ns::read_kernel_map(st.env->proc_self + (groups ? "/gid_map" : "/uid_map"), map);
        return r ? true : st.error(r.error());
    }
    auto r = ns::parse_map_range(arg);
    if (!r) return st.error(r.error());
    ns::prepend_range(map, *r);
    return true;
}

bool map_subids(State& st, bool identity) {
    ns::UnshareSpec& s = st.spec();
    s.flags |= ns::clone_flag(Kind::kUser);
    for (bool groups : {false, true}) {
        auto r = ns::read_subid_range(st.env->etc + (groups ? "/subgid" : "/subuid"), st.env->euid,
                                      identity);
        if (!r) return st.error(r.error());
        ns::prepend_range(groups ? s.group_ranges : s.user_ranges, *r);
    }
    return true;
}

bool set_owner(State& st, const char* arg) {
    unsigned uid = 0, gid = 0;
    int end = -1;
    if (std::sscanf(arg, "%u:%u%n", &uid, &gid, &end) < 2 || end < 0 || arg[end])
        return st.error("failed to parse owner");
    st.spec().flags |= ns::clone_flag(Kind::kUser);
    st.spec().owner_uid = uid;
    st.spec().owner_gid = gid;
    return true;
}

void need_binfmt(ns::UnshareSpec& s) {
    s.flags |= ns::clone_flag(Kind::kMnt) | ns::clone_flag(Kind::kUser);
    if (s.binfmt_mount) return;
    if (!s.proc_mount) s.proc_mount = kProcMount;
    s.binfmt_mount = kBinfmtMount;
}

}  // namespace

namespace {

bool handle_ids(int c, State& st) {
    ns::UnshareSpec& s = st.spec();
    const int user = ns::clone_flag(Kind::kUser);
    switch (c) {
        case kOptMapUser: {
            s.flags |= user;
            auto uid = ns::parse_user(optarg);
            if (!uid) return st.error(uid.error());
            s.map_user = *uid;
            return true;
        }
        case kOptMapGroup: {
            s.flags |= user;
            auto gid = ns::parse_group(optarg);
            if (!gid) return st.error(gid.error());
            s.map_group = *gid;
            return true;
        }
        case 'r':
        case 'c':
            s.flags |= user;
            s.map_user = c == 'r' ? 0 : st.env->euid;
            s.map_group = c == 'r' ? 0 : st.env->egid;
            return true;
        case kOptMapUsers:
        case kOptMapGroups:
            return add_ranges(st, optarg, c == kOptMapGroups);
        case kOptMapAuto:
        case kOptMapSubids:
            return map_subids(st, c == kOptMapSubids);
        case kOptOwner:
            return set_owner(st, optarg);
        case 'S': {
            unsigned long n = 0;
            if (!parse_unsigned(st, optarg, "failed to parse uid", &n)) return false;
            s.setuid = static_cast<uid_t>(n);
            return true;
        }
        case 'G': {
            unsigned long n = 0;
            if (!parse_unsigned(st, optarg, "failed to parse gid", &n)) return false;
            s.setgid = static_cast<gid_t>(n);
            return true;
        }
    }
    return st.error("internal: unhandled option");
}

bool handle_process(int c, State& st) {
    ns::UnshareSpec& s = st.spec();
    switch (c) {
        case kOptKillChild:
            s.fork = true;
            if (!optarg) {
                s.kill_child_signal = SIGKILL;
                return true;
            }
            if (auto sig = signal_from_name(optarg)) {
                s.kill_child_signal = *sig;
                return true;
            }
            return st.error(std::string("unknown signal: ") + optarg);
        case kOptForwardSignals:
            s.fork = s.forward_signals = true;
            return true;
        case kOptPropagation: {
            auto p = ns::parse_propagation(optarg);
            if (!p) return st.error(std::string("unsupported propagation mode: ") + optarg);
            s.propagation = *p;
            return true;
        }
        case kOptSetgroups:
            if (std::strcmp(optarg, "deny") == 0) {
                s.setgroups = ns::Setgroups::kDeny;
            } else if (std::strcmp(optarg, "allow") == 0) {
                s.setgroups = ns::Setgroups::kAllow;
            } else {
                return st.error(std::string("unsupported --setgroups argument '") + optarg + "'");
            }
            return true;
        case kOptMonotonic:
            return parse_signed64(st, optarg, "failed to parse monotonic offset", &s.monotonic);
        case kOptBoottime:
            return parse_signed64(st, optarg, "failed to parse boottime offset", &s.boottime);
        case kOptWhitelistEnv:
            s.clear_env = true;
            for (auto name : split(optarg, ','))
                if (!name.empty()) s.keep_env.emplace_back(name);
            return true;
    }
    return handle_ids(c, st);
}

// The namespace options: -m, --mount[=FILE], ...
constexpr struct {
    int letter;
    Kind kind;
} kKindOptions[] = {
    {'m', Kind::kMnt}, {'u', Kind::kUts},  {'i', Kind::kIpc},    {'n', Kind::kNet},
    {'p', Kind::kPid}, {'U', Kind::kUser}, {'C', Kind::kCgroup}, {'T', Kind::kTime},
};

bool handle_mounts(int c, State& st) {
    ns::UnshareSpec& s = st.spec();
    switch (c) {
        case kOptMountProc:
            s.flags |= ns::clone_flag(Kind::kMnt);
            s.proc_mount = optarg ? optarg : kProcMount;
            return true;
        case kOptMountBinfmt:
            if (!optarg) {
                need_binfmt(s);
                return true;
            }
            s.flags |= ns::clone_flag(Kind::kMnt) | ns::clone_flag(Kind::kUser);
            s.binfmt_mount = optarg;
            return true;
        case 'l':
            need_binfmt(s);
            s.interp = optarg;
            return true;
        case 'R':
            s.root = optarg;
            return true;
        case 'w':
            s.wd = optarg;
            return true;
    }
    return handle_process(c, st);
}

bool handle_option(int c, State& st) {
    for (const auto& k : kKindOptions) {
        if (k.letter != c) continue;
        unshare_kind(st, k.kind);
        return true;
    }
    ns::UnshareSpec& s = st.spec();
    switch (c) {
        case 'f':
            s.fork = true;
            return true;
        case kOptKeepCaps:
            s.keep_caps = true;
            return true;
        case kOptClearEnv:
            s.clear_env = true;
            return true;
        case 'h':
        case 'V':
            st.out.action = c == 'h' ? Action::kHelp : Action::kVersion;
            st.out.exit_code = 0;
            return false;
        case '?':
        case ':':
            st.out.try_help = true;
            st.out.exit_code = 1;
            return false;
    }
    return handle_mounts(c, st);
}

}  // namespace

std::optional<int> signal_from_name(const char* name) {
    static constexpr struct {
        const char* name;
        int sig;
    } kNames[] = {
        {"HUP", SIGHUP},       {"INT", SIGINT},     {"QUIT", SIGQUIT}, {"ILL", SIGILL},
        {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},   {"IOT", SIGIOT},   {"BUS", SIGBUS},
        {"FPE", SIGFPE},       {"KILL", SIGKILL},   {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},
        {"USR2", SIGUSR2},     {"PIPE", SIGPIPE},   {"ALRM", SIGALRM}, {"TERM", SIGTERM},
        {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},   {"CLD", SIGCLD},   {"CONT", SIGCONT},
        {"STOP", SIGSTOP},     {"TSTP", SIGTSTP},   {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},
        {"URG", SIGURG},       {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM},
        {"PROF", SIGPROF},     {"WINCH", SIGWINCH}, {"IO", SIGIO},     {"POLL", SIGPOLL},
        {"PWR", SIGPWR},       {"SYS", SIGSYS},
    };
    if (strncasecmp(name, "sig", 3) == 0) name += 3;
    if (strncasecmp(name, "rt", 2) == 0) {
        // Real-time signals: RT<n>, RTMIN+<n> or RTMAX-<n> (a bare RTMIN is not accepted).
        const char* n = name + 2;
        bool from_max = false;
        if (strncasecmp(n, "min+", 4) == 0) {
            n += 4;
        } else if (strncasecmp(n, "max-", 4) == 0) {
            n += 4;
            from_max = true;
        }
        if (*n < '0' || *n > '9') return std::nullopt;
        errno = 0;
        long v = std::strtol(n, nullptr, 10);
        if (errno || v < 0) return std::nullopt;
        long sig = from_max ? SIGRTMAX - v : SIGRTMIN + v;
        if (sig < SIGRTMIN || sig > SIGRTMAX) return std::nullopt;
        return static_cast<int>(sig);
    }
    for (const auto& n : kNames)
        if (strcasecmp(n.name, name) == 0) return n.sig;
    return std::nullopt;
}

UnshareParse parse_unshare_args(int argc, char** argv, const UnshareParseEnv& env) {
    State st;
    st.env = &env;
    st.spec().euid = env.euid;
    st.spec().egid = env.egid;
    st.spec().propagation = ns::default_propagation();
    optind = 0;  // a full reset, so that tests can parse several times
    int c;
    while ((c = getopt_long_lazy_locale(argc, argv, "+fhVmuinpCTUrR:w:S:G:cl:", kLongOpts)) != -1) {
        if (!handle_option(c, st)) return std::move(st.out);
    }
    const ns::UnshareSpec& s = st.spec();
    if ((s.monotonic || s.boottime) && !(s.flags & ns::clone_flag(Kind::kTime))) {
        st.error("options --monotonic and --boottime require unsharing of a time namespace (-T)");
        return std::move(st.out);
    }
    for (int i = optind; i < argc; ++i) st.spec().argv.emplace_back(argv[i]);
    return std::move(st.out);
}

}  // namespace nsctl::cli
