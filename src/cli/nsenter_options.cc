// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/nsenter_options.h"

#include <getopt.h>

#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "cli/commands.h"
#include "ns/nsfs.h"

namespace nsctl::cli {
namespace {

enum : int { kOptPreserveCred = 256, kOptKeepCaps, kOptUserParent };

const option kLongOpts[] = {
    {"all", no_argument, nullptr, 'a'},
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {"target", required_argument, nullptr, 't'},
    {"mount", optional_argument, nullptr, 'm'},
    {"uts", optional_argument, nullptr, 'u'},
    {"ipc", optional_argument, nullptr, 'i'},
    {"net", optional_argument, nullptr, 'n'},
    {"net-socket", required_argument, nullptr, 'N'},
    {"pid", optional_argument, nullptr, 'p'},
    {"user", optional_argument, nullptr, 'U'},
    {"cgroup", optional_argument, nullptr, 'C'},
    {"time", optional_argument, nullptr, 'T'},
    {"setuid", required_argument, nullptr, 'S'},
    {"setgid", required_argument, nullptr, 'G'},
    {"root", optional_argument, nullptr, 'r'},
    {"wd", optional_argument, nullptr, 'w'},
    {"wdns", optional_argument, nullptr, 'W'},
    {"env", no_argument, nullptr, 'e'},
    {"no-fork", no_argument, nullptr, 'F'},
    {"join-cgroup", no_argument, nullptr, 'c'},
    {"preserve-credentials", no_argument, nullptr, kOptPreserveCred},
    {"keep-caps", no_argument, nullptr, kOptKeepCaps},
    {"user-parent", no_argument, nullptr, kOptUserParent},
    {"follow-context", no_argument, nullptr, 'Z'},
    {nullptr, 0, nullptr, 0},
};

constexpr const char kShortOpts[] = "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W::ecFZ";

struct State {
    NsenterParse out;
    const NsenterHooks& hooks;
    int wd_seen = 0;  // 'w' or 'W', whichever came first: they exclude each other

    bool fail(std::string msg) {
        out.error = std::move(msg);
        out.exit_code = 1;
        return false;
    }
    // The locale is loaded before strerror's text is taken (load_locale).
    bool fail(const Error& e) {
        load_locale();
        return fail(e.message());
    }
};

// util-linux's numbers: strtoimax/strtoumax over the whole string (blanks and '+' before it are
// fine), a negative one out of range for an unsigned.
int parse_unsigned(const char* s, uint64_t& v) {
    if (!*s) return EINVAL;
    char* end = nullptr;
    errno = 0;
    if (std::strtoimax(s, &end, 10) < 0) return ERANGE;
    errno = 0;
    v = std::strtoumax(s, &end, 10);
    if (errno) return errno;
    return end == s || *end ? EINVAL : 0;
}

int parse_signed(const char* s, int64_t& v) {
    if (!*s) return EINVAL;
    char* end = nullptr;
    errno = 0;
    v = std::strtoimax(s, &end, 10);
    if (errno) return errno;
    return end == s || *end ? EINVAL : 0;
}

bool number_error(State& st, const char* what, const char* arg, int code) {
    load_locale();
    std::string msg = std::string(what) + ": '" + arg + "'";
    if (code == ERANGE) msg += std::string(": ") + std::strerror(ERANGE);
    return st.fail(msg);
}

// "PID" or "PID:PIDFD_INODE", as util-linux's ul_parse_pid_str takes it.
bool set_target(const char* arg, State& st) {
    char* end = nullptr;
    errno = 0;
    intmax_t pid = std::strtoimax(arg, &end, 10);
    bool bad = end == arg || errno == ERANGE || pid <= 0 || pid > INT32_MAX;
    uint64_t ino = 0;
    if (!bad && *end == ':') {
        std::string rest(end + 1);
        bad = parse_unsigned(rest.c_str(), ino) != 0 || ino == 0;
    } else if (!bad && *end) {
        bad = true;
    }
    if (bad) return st.fail("invalid PID argument");
    st.out.req.target = static_cast<int32_t>(pid);
    if (ino) {
        auto ok = st.hooks.check_pidfd(static_cast<int32_t>(pid), ino);
        if (!ok) return st.fail(ok.error());
    }
    return true;
}

// ":ID": the namespace with that NS_GET_ID id, the id read as util-linux's ul_strtou64 reads it
// in base 10 (so "+5" and "-0" pass, "-1" and "0x5" do not).
bool set_namespace_by_id(ns::EnterNs& n, const char* idstr, State& st) {
    uint64_t id = 0;
    if (parse_unsigned(idstr, id) != 0)
        return st.fail(std::string("failed to parse nsid: ") + idstr);
    n.fd.reset();
    auto fd = st.hooks.open_by_id(id);
    if (!fd) {
        st.out.id_error = fd.error();
        return st.fail(fd.error());
    }
    n.fd = std::move(*fd);
    return true;
}

// FILE or ":ID", after an optional '=' ("-n=FILE", which getopt leaves in the argument).
bool set_namespace(ns::Kind kind, const char* arg, State& st) {
    ns::EnterNs& n = st.out.req.ns[ns::index(kind)];
    if (arg && *arg == '=') ++arg;
    if (arg && *arg == ':') {
        if (!set_namespace_by_id(n, arg + 1, st)) return false;
    } else if (arg) {
        n.fd.reset();
        auto fd = st.hooks.open(arg);
        if (!fd) return st.fail(fd.error());
        n.fd = std::move(*fd);
    }
    n.enabled = true;
    return true;
}

bool set_id(const char* arg, ns::IdRequest& id, const char* what, State& st) {
    if (std::strcmp(arg, "follow") == 0) {
        id.choice = ns::IdChoice::kFollow;
        return true;
    }
    uint64_t v = 0;
    if (int e = parse_unsigned(arg, v)) return number_error(st, what, arg, e);
    id.choice = ns::IdChoice::kValue;
    id.value = static_cast<uint32_t>(v);
    return true;
}

bool set_dir(const char* arg, UniqueFd& fd, bool& of_target, State& st) {
    if (!arg) {
        of_target = true;
        return true;
    }
    fd.reset();
    auto r = st.hooks.open(arg);
    if (!r) return st.fail(r.error());
    fd = std::move(*r);
    return true;
}

bool check_wd_exclusive(int c, State& st) {
    if (c != 'w' && c != 'W') return true;
    if (st.wd_seen && st.wd_seen != c)
        return st.fail(st.wd_seen == 'w' ? "options --wd and --wdns cannot be combined"
                                         : "options --wdns and --wd cannot be combined");
    st.wd_seen = c;
    return true;
}

bool handle_namespace_option(int c, State& st) {
    using ns::Kind;
    switch (c) {
        case 'm':
            return set_namespace(Kind::kMnt, optarg, st);
        case 'u':
            return set_namespace(Kind::kUts, optarg, st);
        case 'i':
            return set_namespace(Kind::kIpc, optarg, st);
        case 'n':
            return set_namespace(Kind::kNet, optarg, st);
        case 'p':
            return set_namespace(Kind::kPid, optarg, st);
        case 'C':
            return set_namespace(Kind::kCgroup, optarg, st);
        case 'U':
            return set_namespace(Kind::kUser, optarg, st);
        default:  // 'T'
            return set_namespace(Kind::kTime, optarg, st);
    }
}

bool set_net_socket(const char* arg, State& st) {
    int64_t fd = 0;
    int e = parse_signed(arg, fd);
    if (!e && fd > INT_MAX) e = ERANGE;
    if (e) return number_error(st, "failed to parse file descriptor", arg, e);
    st.out.req.net_socket = fd < 0 ? -1 : static_cast<int>(fd);  // negative: no socket
    return true;
}

// The options that take an argument, other than the namespaces.
bool handle_argument_option(int c, State& st) {
    ns::EnterRequest& r = st.out.req;
    switch (c) {
        case 't':
            return set_target(optarg, st);
        case 'N':
            return set_net_socket(optarg, st);
        case 'S':
            return set_id(optarg, r.uid, "failed to parse uid", st);
        case 'G':
            return set_id(optarg, r.gid, "failed to parse gid", st);
        case 'r':
            return set_dir(optarg, r.root_fd, r.root_of_target, st);
        case 'w':
            return set_dir(optarg && *optarg == '=' ? optarg + 1 : optarg, r.wd_fd, r.wd_of_target,
                           st);
        default:  // 'W'
            if (optarg) r.wdns = *optarg == '=' ? optarg + 1 : optarg;
            return true;
    }
}

// One option; false when parsing stops (out.exit_code says how).
bool handle_option(int c, State& st) {
    ns::EnterRequest& r = st.out.req;
    if (!check_wd_exclusive(c, st)) return false;
    // (strchr matches the terminating NUL for c == 0 and, as a char, for c == 256.)
    bool letter = c > 0 && c < 128;
    if (letter && std::strchr("mpuinCUT", c)) return handle_namespace_option(c, st);
    if (letter && std::strchr("tNSGrwW", c)) return handle_argument_option(c, st);
    switch (c) {
        case 'a':
            r.all = true;
            return true;
        case 'F':
            r.fork = ns::ForkMode::kNever;
            return true;
        case 'c':
            r.join_cgroup = true;
            return true;
        case 'e':
            r.env = true;
            return true;
        case kOptPreserveCred:
            r.preserve_credentials = true;
            return true;
        case kOptKeepCaps:
            r.keep_caps = true;
            return true;
        case kOptUserParent:
            r.user_parent = true;
            return true;
        case 'Z':
            st.out.follow_context = true;
            return true;
        case 'h':
        case 'V':
            st.out.action = c == 'h' ? NsenterParse::Action::kHelp : NsenterParse::Action::kVersion;
            st.out.exit_code = 0;
            return false;
        default:
            st.out.try_help = true;
            st.out.exit_code = 1;
            return false;
    }
}

}  // namespace

NsenterHooks system_nsenter_hooks() {
    return {ns::open_argument,
            [](int32_t pid, uint64_t ino) { return ns::check_pidfd_inode(pid, ino); },
            [](uint64_t id) { return ns::open_by_id(id); }};
}

NsenterParse parse_nsenter_args(int argc, char** argv, const NsenterHooks& hooks) {
    State st{NsenterParse{}, hooks};
    optind = 0;  // full getopt re-initialisation (glibc), so the parser can run more than once
    int c;
    while ((c = getopt_long_lazy_locale(argc, argv, kShortOpts, kLongOpts)) != -1)
        if (!handle_option(c, st)) return std::move(st.out);
    for (int i = optind; i < argc; ++i) st.out.req.argv.emplace_back(argv[i]);
    return std::move(st.out);
}

}  // namespace nsctl::cli
