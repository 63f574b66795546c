// SPDX-License-Identifier: GPL-2.0-or-later
// target.*: why the caller can or cannot enter the namespaces of a process (setns(2)): the
// process must live, /proc/PID/ns must open (ptrace access mode PTRACE_MODE_READ_FSCREDS), and
// the caller needs CAP_SYS_ADMIN in the user namespace owning each namespace (and in its own for
// the mount namespace); a caller whose euid owns the target's user namespace gets every
// capability there by entering it first (user_namespaces(7)).
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "base/parse.h"
#include "doctor/util.h"
#include "ns/kinds.h"
#include "sys/enter_calls.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"
#include "sys/proc_path.h"

namespace nsctl::doctor {
namespace {

enum class Relation { kUnknown, kSame, kBelowOwnedByYou, kBelowOther, kElsewhere };

struct Facts {
    pid_t pid = 0;
    std::string pids;  ///< the pid as text
    uid_t owner = 0;
    uid_t euid = 0;
    bool cap_sys_admin = false;
    bool cap_sys_ptrace = false;
    int ns_error = 0;  ///< errno of opening /proc/PID/ns/user, 0 when it opened
    Relation relation = Relation::kUnknown;
    std::string options;  ///< nsenter options of the target's namespaces that differ from ours
};

bool same_file(int a, int b) {
    auto sa = sys::fstat(a);
    auto sb = sys::fstat(b);
    return sa && sb && sa->st_dev == sb->st_dev && sa->st_ino == sb->st_ino;
}

// " --uts --net" for each kind but user whose namespace differs from the caller's (nsenter
// would refuse to enter the caller's own pid namespace, say, once in the target's user one).
std::string differing_options(const Roots& roots, pid_t pid) {
    std::string options;
    for (const auto& k : ns::kinds()) {
        if (k.kind == ns::Kind::kUser) continue;
        std::string rel = "ns/" + std::string(k.proc_entry);
        auto theirs = sys::fstatat(AT_FDCWD, sys::proc_path(roots.proc, pid, rel).c_str(), 0);
        auto ours = sys::fstatat(AT_FDCWD, (roots.proc + "/self/" + rel).c_str(), 0);
        if (!theirs || !ours || theirs->st_ino == ours->st_ino) continue;
        options += k.kind == ns::Kind::kMnt ? " --mount" : " --" + std::string(k.name);
    }
    return options;
}

// Where the target's user namespace sits relative to ours: walks its parents (NS_GET_PARENT
// fails with EPERM above the caller's own user namespace).
Relation relation_of(int target_userns, int own_userns, uid_t euid) {
    if (same_file(target_userns, own_userns)) return Relation::kSame;
    uid_t owner = 0;
    bool owned = sys::ioctl(target_userns, NS_GET_OWNER_UID, &owner) && owner == euid;
    auto parent = sys::ioctl_fd(target_userns, NS_GET_PARENT);
    while (parent) {
        if (same_file(parent->get(), own_userns))
            return owned ? Relation::kBelowOwnedByYou : Relation::kBelowOther;
        parent = sys::ioctl_fd(parent->get(), NS_GET_PARENT);
    }
    return Relation::kElsewhere;
}

// For a caller without privilege, root's nsenter; for one that has CAP_SYS_ADMIN already, the
// target lives above its user namespace (a container's root looking at the host's processes):
// only the host's root can enter, by the pid the host gives the process.
std::string sudo_fix(const Facts& f) {
    if (f.cap_sys_admin)
        return "nsenter -t PID -a, run as root in the host's user namespace (PID: the process's "
               "pid there)";
    return "sudo nsenter -t " + f.pids + " -a";
}

Finding owner_finding(const Facts& f) {
    std::string who = "process " + f.pids + " runs as uid " + std::to_string(f.owner);
    if (f.owner == f.euid) return ok("target.owner", who + ", as you do");
    if (f.euid == 0) return ok("target.owner", who + "; you are root");
    return warn("target.owner", who + ", you as uid " + std::to_string(f.euid), sudo_fix(f));
}

Finding ptrace_finding(const Roots& roots, const Facts& f) {
    if (f.ns_error == 0)
        return ok("target.ptrace", "you may open /proc/" + f.pids + "/ns (ptrace read access)");
    auto scope = read_word(roots.proc + "/sys/kernel/yama/ptrace_scope");
    std::string yama = scope ? "kernel.yama.ptrace_scope is " + *scope : "no Yama";
    std::string why = f.cap_sys_ptrace
                          ? "you have CAP_SYS_PTRACE here, so it lives in a "
                            "user namespace that is neither yours nor below it, such as the host's"
                          : "another uid, or a process that is not dumpable; " + yama;
    return fail("target.ptrace",
                "/proc/" + f.pids + "/ns cannot be opened: " + std::strerror(f.ns_error) +
                    " (no ptrace access: " + why + ")",
                sudo_fix(f));
}

Finding userns_finding(const Facts& f) {
    switch (f.relation) {
        case Relation::kSame:
            return ok("target.userns", "its user namespace is yours");
        case Relation::kBelowOwnedByYou:
            return ok("target.userns", "its user namespace is below yours and owned by you");
        case Relation::kBelowOther:
            return ok("target.userns", "its user namespace is below yours, owned by another uid");
        case Relation::kElsewhere:
            return warn("target.userns", "its user namespace is neither yours nor below it",
                        sudo_fix(f));
        case Relation::kUnknown:
            break;
    }
    return warn("target.userns", "its user namespace cannot be read (no ptrace access)",
                sudo_fix(f));
}

Finding caps_finding(const Facts& f) {
    const std::string user_first =
        "nsenter -t " + f.pids + " --user --preserve-credentials" + f.options;
    bool reachable = f.relation == Relation::kSame || f.relation == Relation::kBelowOwnedByYou ||
                     f.relation == Relation::kBelowOther;
    if (f.cap_sys_admin && reachable)
        return ok("target.caps", "you have CAP_SYS_ADMIN over its namespaces");
    if (f.relation == Relation::kBelowOwnedByYou)
        return warn("target.caps",
                    "you lack CAP_SYS_ADMIN here, but you own its user namespace: enter that "
                    "first and you have it there",
                    user_first);
    return fail("target.caps",
                "you lack CAP_SYS_ADMIN in the user namespace that owns its namespaces",
                sudo_fix(f));
}

}  // namespace

std::vector<Finding> check_target(const Roots& roots, pid_t pid, uid_t euid) {
    Facts f;
    f.pid = pid;
    f.pids = std::to_string(pid);
    f.euid = euid;
    std::string status = read_text(sys::proc_path(roots.proc, pid, "status"));
    std::string state = status_field(status, "State");
    if (status.empty() || state.empty())
        return {fail("target.process", "process " + f.pids + " does not exist (it has exited)",
                     "pick a running process: nsctl lsns -o NS,TYPE,PID,COMMAND")};
    if (state[0] == 'Z' || state[0] == 'X')
        return {fail("target.process",
                     "process " + f.pids + " has exited (a zombie its parent has not reaped)",
                     "pick a running process: nsctl lsns -o NS,TYPE,PID,COMMAND")};
    const std::string uid_line = status_field(status, "Uid");  // outlives the views
    auto uids = split(uid_line, '\t');
    f.owner = uids.size() > 1 ? static_cast<uid_t>(parse_u64(uids[1]).value_or(0)) : 0;
    const std::string own_status = read_text(roots.proc + "/self/status");
    f.cap_sys_admin = has_capability(own_status, kCapSysAdmin);
    f.cap_sys_ptrace = has_capability(own_status, kCapSysPtrace);
    auto target_userns = sys::open(sys::proc_path(roots.proc, pid, "ns/user").c_str(), O_RDONLY);
    auto own_userns = sys::open((roots.proc + "/self/ns/user").c_str(), O_RDONLY);
    if (!target_userns) f.ns_error = target_userns.error().code;
    if (target_userns && own_userns)
        f.relation = relation_of(target_userns->get(), own_userns->get(), euid);
    if (target_userns) f.options = differing_options(roots, pid);
    std::string comm = status_field(status, "Name");
    return {ok("target.process", "process " + f.pids + " (" + comm + ") is running"),
            owner_finding(f), ptrace_finding(roots, f), userns_finding(f), caps_finding(f)};
}

}  // namespace nsctl::doctor
