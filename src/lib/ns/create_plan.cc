// SPDX-License-Identifier: GPL-2.0-or-later
// Preparing the steps of unshare (everything that allocates, before any fork), and the words
// util-linux 2.42 uses when one of them fails.
#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "base/parse.h"
#include "ns/create_impl.h"
#include "sys/fd.h"
#include "sys/proc_path.h"
#include "sys/users.h"

namespace nsctl::ns::impl {
namespace {

constexpr const char* kBshell = "/bin/sh";

// As util-linux's exec_shell: $SHELL if set and not empty, else the passwd entry's, else /bin/sh.
std::string login_shell() {
    const char* env = std::getenv("SHELL");
    if (env && *env) return env;
    auto pw = sys::find_user(::getuid());
    if (pw && !pw->shell.empty()) return pw->shell;
    return kBshell;
}

// The highest capability number this kernel knows, 40 when it cannot be read.
int read_last_cap() {
    auto text = sys::read_file("/proc/sys/kernel/cap_last_cap");
    if (!text) return 40;
    std::string_view word(*text);
    while (!word.empty() && word.back() == '\n') word.remove_suffix(1);
    auto n = parse_u64(word);
    return n && *n < 64 ? static_cast<int>(*n) : 40;
}

bool kept(const std::vector<std::string>& names, std::string_view var) {
    size_t eq = var.find('=');
    std::string_view name = var.substr(0, eq);
    for (const auto& n : names)
        if (n == name) return true;
    return false;
}

}  // namespace

void prepare_child(const UnshareSpec& s, ChildPlan& p) {
    p.spec = &s;
    if (s.interp) p.register_path = *s.binfmt_mount + "/register";
    if (s.keep_caps) p.last_cap = read_last_cap();
    if (s.argv.empty()) {
        p.shell = login_shell();
        size_t slash = p.shell.rfind('/');
        p.shell_arg0 = "-" + p.shell.substr(slash == std::string::npos ? 0 : slash + 1);
    }
    for (const auto& a : s.argv) p.argv.push_back(const_cast<char*>(a.c_str()));
    p.argv.push_back(nullptr);
    if (s.clear_env) {
        for (char** e = environ; *e; ++e)
            if (kept(s.keep_env, *e)) p.env_store.emplace_back(*e);
        for (auto& e : p.env_store) p.envp.push_back(e.data());
        p.envp.push_back(nullptr);
    }
}

namespace {

// The steps after unshare(2) (in the --fork child, or before exec).
std::string child_step_message(const ChildReport& r, const UnshareSpec& s) {
    const std::string self = "/proc/self/";
    switch (step_of(r)) {
        case Step::kKillChild:
            return r.detail == 0 ? "prctl failed" : "poll parent pidfd failed";
        case Step::kMapUser:
            return (r.detail == kOpen ? "cannot open " : "write failed ") + self + "uid_map";
        case Step::kMapGroup:
            return (r.detail == kOpen ? "cannot open " : "write failed ") + self + "gid_map";
        case Step::kSetgroups:
            return (r.detail == kOpen ? "cannot open " : "write failed ") + self + "setgroups";
        case Step::kPropagation:
            return "cannot change root filesystem propagation";
        case Step::kBinfmt: {
            std::string dir = r.index == 1 ? "/proc/sys/fs/binfmt_misc" : *s.binfmt_mount;
            if (r.detail == kMount) return "mount " + dir + " failed";
            if (r.detail == kOpen) return "cannot open " + dir;
            if (r.detail == kOpenRegister) return "cannot open " + dir + "/register";
            return "write failed " + dir + "/register";
        }
        case Step::kRoot:
            return "cannot change root directory to '" + *s.root + "'";
        case Step::kChdir:
            return "cannot change directory to " + (s.wd ? *s.wd : std::string("/"));
        case Step::kMountProc:
            return r.detail == kMountPropagation
                       ? "cannot change " + *s.proc_mount + " filesystem propagation"
                       : "mount " + *s.proc_mount + " failed";
        case Step::kSetIds:
            return r.detail == kSetgroupsCall ? "setgroups failed"
                   : r.detail == kSetgidCall  ? "setgid() failed"
                                              : "setuid() failed";
        case Step::kKeepCaps:
            return r.detail == 0   ? "capget failed"
                   : r.detail == 1 ? "capset failed"
                                   : "prctl(PR_CAP_AMBIENT) failed";
        case Step::kExec:
            return "failed to execute " + (s.argv.empty() ? login_shell() : s.argv[0]);
        default:
            return "";
    }
}

}  // namespace

std::string step_message(const ChildReport& r, const UnshareSpec& s, pid_t pid) {
    const std::string self = "/proc/self/";
    switch (step_of(r)) {
        case Step::kNone:
        case Step::kValidate:
            return "";
        case Step::kHelper:
            return "failed to read eventfd";
        case Step::kIdMapHelper: {
            const char* file = r.index == 0 ? "uid_map" : "gid_map";
            std::string path = sys::proc_path(pid, file);
            if (r.detail == kExecHelper)
                return std::string("failed to execute ") + (r.index ? "newgidmap" : "newuidmap");
            return (r.detail == kOpen ? "failed to open " : "failed to write ") + path;
        }
        case Step::kOwner:
            return r.detail == kSetgroupsCall ? "setgroups failed"
                   : r.detail == kSetgidCall  ? "setgid() failed"
                                              : "setuid() failed";
        case Step::kUnshare:
            return "unshare failed";
        case Step::kTimeOffsets:
            return r.detail == kOpen ? "failed to open /proc/self/timens_offsets"
                                     : "failed to write to /proc/self/timens_offsets";
        case Step::kFork:
            return r.detail == 0 ? "fork failed" : "sigprocmask restore failed";
        case Step::kPersist: {
            PersistPlan plan = plan_persist(pid, s.persist);
            const auto& b = plan.binds[static_cast<size_t>(r.index)];
            return "mount " + b.source + " on " + b.target + " failed";
        }
        default:
            return child_step_message(r, s);
    }
}

}  // namespace nsctl::ns::impl
