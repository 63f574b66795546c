// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/run/run_options.h"

#include <getopt.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "base/parse.h"
#include "cli/commands.h"
#include "net/link.h"
#include "net/netns.h"
#include "sandbox/limits.h"
#include "sandbox/network.h"
#include "sandbox/registry.h"

namespace nsctl::cli {
namespace {

using sandbox::MountRequest;

enum Opt {
    kShare = 256,
    kUserns,
    kMapAuto,
    kTime,
    kMonotonic,
    kBoottime,
    kRootfs,
    kRw,
    kOverlay,
    kOverlayDir,
    kBind,
    kRoBind,
    kTmpfs,
    kChdir,
    kHostname,
    kEnv,
    kClearenv,
    kAsPid1,
    kTty,
    kDieWithParent,
    kKeepFd,
    kJsonStatusFd,
    kUid,
    kGid,
    kCapAdd,
    kCapDrop,
    kSeccomp,
    kAllowUserns,
    kRlimit,
    kTimeout,
    kKillAfter,
    kName,
    kMemory,
    kPids,
    kCpus,
    kCpuWeight,
    kNet,
    kNetns,
    kDns,
    kPublish,
};

const option kOptions[] = {
    {"share", required_argument, nullptr, kShare},
    {"userns", no_argument, nullptr, kUserns},
    {"map-auto", no_argument, nullptr, kMapAuto},
    {"time", no_argument, nullptr, kTime},
    {"monotonic", required_argument, nullptr, kMonotonic},
    {"boottime", required_argument, nullptr, kBoottime},
    {"rootfs", required_argument, nullptr, kRootfs},
    {"rw", no_argument, nullptr, kRw},
    {"overlay", no_argument, nullptr, kOverlay},
    {"overlay-dir", required_argument, nullptr, kOverlayDir},
    {"bind", required_argument, nullptr, kBind},
    {"ro-bind", required_argument, nullptr, kRoBind},
    {"tmpfs", required_argument, nullptr, kTmpfs},
    {"chdir", required_argument, nullptr, kChdir},
    {"hostname", required_argument, nullptr, kHostname},
    {"env", required_argument, nullptr, kEnv},
    {"clearenv", no_argument, nullptr, kClearenv},
    {"as-pid1", no_argument, nullptr, kAsPid1},
    {"tty", no_argument, nullptr, kTty},
    {"die-with-parent", no_argument, nullptr, kDieWithParent},
    {"keep-fd", required_argument, nullptr, kKeepFd},
    {"json-status-fd", required_argument, nullptr, kJsonStatusFd},
    {"uid", required_argument, nullptr, kUid},
    {"cap-add", required_argument, nullptr, kCapAdd},
    {"seccomp", required_argument, nullptr, kSeccomp},
    {"rlimit", required_argument, nullptr, kRlimit},
    {"name", required_argument, nullptr, kName},
    {"memory", required_argument, nullptr, kMemory},
    {"pids", required_argument, nullptr, kPids},
    {"cpus", required_argument, nullptr, kCpus},
    {"cpu-weight", required_argument, nullptr, kCpuWeight},
    {"timeout", required_argument, nullptr, kTimeout},
    {"kill-after", required_argument, nullptr, kKillAfter},
    {"allow-userns", no_argument, nullptr, kAllowUserns},
    {"cap-drop", required_argument, nullptr, kCapDrop},
    {"gid", required_argument, nullptr, kGid},
    {"net", required_argument, nullptr, kNet},
    {"netns", required_argument, nullptr, kNetns},
    {"dns", required_argument, nullptr, kDns},
    {"publish", required_argument, nullptr, kPublish},
    {"detach", no_argument, nullptr, 'd'},
    {"help", no_argument, nullptr, 'h'},
    {"version", no_argument, nullptr, 'V'},
    {nullptr, 0, nullptr, 0},
};

// True when the path's ".." components climb above "/" ("/..", "/a/../.."): such a path names
// nothing inside the new root.
bool climbs_out(std::string_view path) {
    int depth = 0;
    for (auto part : split(path, '/')) {
        if (part.empty() || part == ".") continue;
        depth += part == ".." ? -1 : 1;
        if (depth < 0) return true;
    }
    return false;
}

struct Parser {
    RunParse out;
    std::string cwd;

    bool fail(std::string message) {
        out.action = RunParse::Action::kFail;
        out.error = std::move(message);
        return false;
    }

    std::string absolute(std::string_view path) const {
        if (!path.empty() && path.front() == '/') return std::string(path);
        return cwd + (cwd.ends_with('/') ? "" : "/") + std::string(path);
    }

    // A path inside the new root: absolute, and not above it.
    bool inside(const char* what, std::string_view path) {
        if (path.empty() || path.front() != '/')
            return fail(std::string(what) + " '" + std::string(path) + "' is not an absolute path");
        if (climbs_out(path))
            return fail(std::string(what) + " '" + std::string(path) + "' is outside the new root");
        return true;
    }

    bool net_given_ = false;

    // --net none|host|veth|veth:BRIDGE
    bool net(std::string_view value) {
        using Mode = sandbox::NetworkSpec::Mode;
        auto& n = out.spec.net;
        if (net_given_) return fail("--net: one network only (--net or --netns was given)");
        net_given_ = true;
        if (value == "none") {
            n.mode = Mode::kNone;
        } else if (value == "host") {
            n.mode = Mode::kHost;
        } else if (value == "veth") {
            n.mode = Mode::kVeth;
        } else if (value.starts_with("veth:")) {
            n.mode = Mode::kVeth;
            n.bridge = std::string(value.substr(5));
            if (auto ok = net::validate_ifname(n.bridge); !ok)
                return fail("--net " + in_quotes(value) + ": " + ok.error().context);
        } else if (value == "user") {
            n.mode = Mode::kUser;
        } else {
            return fail("--net " + in_quotes(value) +
                        ": expected none, host, veth, veth:BRIDGE or user");
        }
        return true;
    }

    bool share(std::string_view name) {
        auto kind = ns::kind_from_name(name);
        using ns::Kind;
        if (kind == Kind::kMnt || kind == Kind::kUser || kind == Kind::kTime)
            return fail("--share " + std::string(name) +
                        ": a sandbox always has its own (mnt), or gets it by its own option "
                        "(--userns, --time)");
        if (!kind)
            return fail("--share: unknown namespace '" + std::string(name) +
                        "' (net, ipc, uts, pid, cgroup)");
        out.spec.share.push_back(*kind);
        return true;
    }

    bool offset(const char* opt, const char* text, std::optional<int64_t>& into) {
        auto v = parse_i64(text);
        if (!v) return fail(std::string(opt) + ": invalid offset '" + text + "'");
        into = *v;
        out.spec.time_namespace = true;
        return true;
    }

    bool bind(const char* text, MountRequest::Kind kind) {
        std::string_view arg(text);
        size_t colon = arg.find(':');
        MountRequest m;
        m.kind = kind;
        m.source = absolute(arg.substr(0, colon));
        std::string_view target =
            colon == std::string_view::npos ? m.source : arg.substr(colon + 1);
        if (arg.substr(0, colon).empty() || target.empty())
            return fail(std::string("invalid bind '") + text + "' (SRC[:DST])");
        if (!inside("bind target", target)) return false;
        m.target = std::string(target);
        out.spec.mounts.push_back(std::move(m));
        return true;
    }

    bool tmpfs(const char* text) {
        std::string_view arg(text);
        size_t colon = arg.find(':');
        MountRequest m;
        m.kind = MountRequest::Kind::kTmpfs;
        m.target = std::string(arg.substr(0, colon));
        if (!inside("--tmpfs target", m.target)) return false;
        if (colon != std::string_view::npos) {
            std::string_view opt = arg.substr(colon + 1);
            if (!opt.starts_with("size="))
                return fail(std::string("--tmpfs '") + text + "': unknown option (size=N)");
            auto size = parse_size(opt.substr(5));
            if (!size || *size == 0)
                return fail(std::string("--tmpfs '") + text +
                            "': invalid size (bytes, or with K, M, G or T)");
            m.size = *size;
        }
        out.spec.mounts.push_back(std::move(m));
        return true;
    }

    bool fd(const char* opt, const char* text, int& into) {
        auto v = parse_i32(text);
        if (!v || *v < 0)
            return fail(std::string(opt) + ": invalid file descriptor '" + text + "'");
        into = *v;
        return true;
    }

    bool id(const char* opt, const char* text, std::optional<uint32_t>& into) {
        auto v = parse_u64(text);
        if (!v || *v >= UINT32_MAX) return fail(std::string(opt) + ": invalid id '" + text + "'");
        into = static_cast<uint32_t>(*v);
        return true;
    }

    // NAME[,NAME...] or ALL, added to into.
    bool capabilities(const char* opt, const char* text, sandbox::CapSet& into,
                      bool* all = nullptr) {
        for (auto name : split(text, ',')) {
            if (iequals(name, "all")) {
                into |= sandbox::all_capabilities();
                if (all) *all = true;
                continue;
            }
            auto cap = sandbox::capability_from_name(name);
            if (!cap)
                return fail(std::string(opt) + ": unknown capability '" + std::string(name) +
                            "' (see capabilities(7); ALL for every one)");
            into |= sandbox::CapSet{1} << *cap;
        }
        return true;
    }

    // NAME=SOFT[:HARD]: numbers (sizes with K, M, G, T) or "unlimited"/"infinity".
    bool rlimit(const char* text) {
        std::string_view arg(text);
        size_t eq = arg.find('=');
        auto resource = sandbox::rlimit_from_name(arg.substr(0, eq));
        if (eq == std::string_view::npos || !resource)
            return fail(std::string("--rlimit '") + text + "': NAME=SOFT[:HARD], NAME one of " +
                        sandbox::rlimit_names());
        auto value = [](std::string_view v) -> std::optional<uint64_t> {
            if (v == "unlimited" || v == "infinity") return sandbox::kUnlimited;
            auto n = parse_size(v);
            return n ? std::optional<uint64_t>(*n) : std::nullopt;
        };
        std::string_view values = arg.substr(eq + 1);
        size_t colon = values.find(':');
        auto soft = value(values.substr(0, colon));
        auto hard = colon == std::string_view::npos ? soft : value(values.substr(colon + 1));
        if (!soft || !hard)
            return fail(std::string("--rlimit '") + text +
                        "': invalid value (a number, or unlimited)");
        if (*soft > *hard)
            return fail(std::string("--rlimit '") + text +
                        "': the soft limit is above the hard one");
        out.spec.rlimits.push_back({*resource, *soft, *hard});
        return true;
    }

    bool seconds(const char* opt, const char* text, double& into) {
        char* end = nullptr;
        errno = 0;
        double v = std::strtod(text, &end);
        if (errno || end == text || *end != '\0' || !(v > 0) || v > 1e9)
            return fail(std::string(opt) + ": invalid number of seconds '" + text + "'");
        into = v;
        return true;
    }

    bool option(int c, const char* arg);
    bool check();
};

bool Parser::option(int c, const char* arg) {
    auto& s = out.spec;
    switch (c) {
        case kShare:
            return share(arg);
        case kUserns:
            s.user_namespace = true;
            return true;
        case kMapAuto:
            s.map_auto = true;
            s.user_namespace = true;
            return true;
        case kTime:
            s.time_namespace = true;
            return true;
        case kMonotonic:
            return offset("--monotonic", arg, s.monotonic);
        case kBoottime:
            return offset("--boottime", arg, s.boottime);
        case kRootfs:
            s.rootfs = absolute(arg);
            return true;
        case kRw:
            s.writable_root = true;
            return true;
        case kOverlay:
            if (s.overlay == sandbox::Overlay::kNone) s.overlay = sandbox::Overlay::kDiscard;
            return true;
        case kOverlayDir:
            s.overlay = sandbox::Overlay::kKeep;
            s.overlay_dir = absolute(arg);
            return true;
        case kBind:
            return bind(arg, MountRequest::Kind::kBind);
        case kRoBind:
            return bind(arg, MountRequest::Kind::kReadOnlyBind);
        case kTmpfs:
            return tmpfs(arg);
        case kChdir:
            if (!inside("--chdir", arg)) return false;
            s.chdir = arg;
            return true;
        case kHostname:
            s.hostname = arg;
            return true;
        case kEnv: {
            std::string_view kv(arg);
            size_t eq = kv.find('=');
            if (eq == 0 || eq == std::string_view::npos)
                return fail(std::string("--env '") + arg + "': not NAME=VALUE");
            s.env.emplace_back(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
            return true;
        }
        case kClearenv:
            s.clear_env = true;
            return true;
        case kAsPid1:
            s.as_pid1 = true;
            return true;
        case kTty:
            s.tty = true;
            return true;
        case kDieWithParent:
            s.die_with_parent = true;
            return true;
        case kKeepFd: {
            int fd = -1;
            if (!this->fd("--keep-fd", arg, fd)) return false;
            s.keep_fds.push_back(fd);
            return true;
        }
        case kJsonStatusFd:
            return fd("--json-status-fd", arg, out.json_status_fd);
        case kSeccomp:
            if (std::string_view(arg) == "unconfined") {
                s.seccomp = sandbox::RunSpec::Seccomp::kUnconfined;
                return true;
            }
            s.seccomp = sandbox::RunSpec::Seccomp::kFile;
            s.seccomp_file = absolute(arg);
            return true;
        case kAllowUserns:
            s.allow_userns = true;
            return true;
        case kRlimit:
            return rlimit(arg);
        case kName:
            if (!sandbox::valid_sandbox_name(arg))
                return fail(std::string("--name '") + arg +
                            "': 1 to 64 of A-Z a-z 0-9 _ . - (not starting with . or -)");
            s.name = arg;
            return true;
        case kMemory: {
            auto size = parse_size(arg);
            if (!size || *size < 4096)
                return fail(std::string("--memory '") + arg +
                            "': invalid size (bytes, or with K, M, G or T; at least 4K)");
            s.limits.memory = *size;
            return true;
        }
        case kPids: {
            auto n = parse_u64(arg);
            if (!n || *n == 0 || *n > (1u << 22))
                return fail(std::string("--pids '") + arg + "': a number of processes from 1");
            s.limits.pids = *n;
            return true;
        }
        case kCpus: {
            double cpus = 0;
            if (!seconds("--cpus", arg, cpus)) return false;
            s.limits.cpus = cpus;
            return true;
        }
        case kCpuWeight: {
            auto n = parse_u64(arg);
            if (!n || *n == 0 || *n > 10000)
                return fail(std::string("--cpu-weight '") + arg + "': a number from 1 to 10000");
            s.limits.cpu_weight = static_cast<uint32_t>(*n);
            return true;
        }
        case kTimeout: {
            double t = 0;
            if (!seconds("--timeout", arg, t)) return false;
            s.timeout = t;
            return true;
        }
        case kKillAfter:
            return seconds("--kill-after", arg, s.kill_after);
        case kCapAdd:
            return capabilities("--cap-add", arg, s.cap_add, &s.cap_add_all);
        case kCapDrop:
            return capabilities("--cap-drop", arg, s.cap_drop);
        case kUid:
            return id("--uid", arg, s.uid);
        case kGid:
            return id("--gid", arg, s.gid);
        case kNet:
            return net(arg);
        case kNetns:
            if (net_given_) return fail("--netns: one network only (--net was given)");
            if (auto ok = net::validate_netns_name(arg); !ok)
                return fail("--netns " + in_quotes(arg) + ": not a network namespace name");
            s.net.mode = sandbox::NetworkSpec::Mode::kNamed;
            s.net.netns = arg;
            net_given_ = true;
            return true;
        case kDns:
            if (auto ok = sandbox::validate_nameserver(arg); !ok)
                return fail("--dns " + ok.error().context);
            s.net.dns.emplace_back(arg);
            return true;
        case kPublish: {
            auto p = sandbox::parse_publish(arg);
            if (!p) return fail(p.error().context);
            for (const auto& q : s.net.publish) {
                if (q.host_port == p->host_port && q.udp == p->udp)
                    return fail("--publish: host port " + std::to_string(q.host_port) +
                                (q.udp ? "/udp" : "/tcp") + " given twice");
            }
            s.net.publish.push_back(*p);
            return true;
        }
        case 'd':
            s.keep_record = true;
            return true;
        case 'h':
            out.action = RunParse::Action::kHelp;
            return false;
        case 'V':
            out.action = RunParse::Action::kVersion;
            return false;
        default:
            return fail("");  // getopt has said why
    }
}

bool Parser::check() {
    const auto& s = out.spec;
    if (s.argv.empty()) return fail("no command given");
    bool shared_uts = false;
    for (auto k : s.share) shared_uts |= k == ns::Kind::kUts;
    if (shared_uts && s.hostname)
        return fail("--hostname needs a UTS namespace of its own (--share uts)");
    if (s.keep_record && s.name.empty())
        return fail("--detach needs --name (to find it again: nsctl ps, exec, kill, rm)");
    if (s.keep_record && s.tty)
        return fail("--detach and --tty: a detached sandbox has no terminal");
    using Mode = sandbox::NetworkSpec::Mode;
    bool shared_net = std::find(s.share.begin(), s.share.end(), ns::Kind::kNet) != s.share.end();
    if (shared_net && net_given_ && s.net.mode != Mode::kHost)
        return fail("--share net is the host's network: it takes no --net or --netns");
    if (!s.net.publish.empty() && s.net.mode != Mode::kVeth && s.net.mode != Mode::kUser)
        return fail(
            "--publish needs --net veth or --net user (a network the host can forward "
            "to)");
    return true;
}

}  // namespace

RunParse parse_run_args(int argc, char** argv, const std::string& cwd) {
    Parser p;
    p.cwd = cwd;
    optind = 0;
    int c;
    while ((c = getopt_long_lazy_locale(argc, argv, "+dhV", kOptions)) != -1) {
        if (!p.option(c, optarg)) return p.out;
    }
    for (int i = optind; i < argc; ++i) p.out.spec.argv.emplace_back(argv[i]);
    p.check();
    return p.out;
}

}  // namespace nsctl::cli
