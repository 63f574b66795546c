// SPDX-License-Identifier: GPL-2.0-or-later
// ns.<type>: kernel support (the /proc/self/ns entry) and whether the caller can create one now,
// by a real probe: one throwaway child per kind, born in a new namespace of that kind by
// clone3(2) (with CLONE_NEWUSER too when the caller lacks CAP_SYS_ADMIN, as rootless tools
// create them); the child exits at once and the parent reads the outcome from clone3's return.
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "doctor/util.h"
#include "ns/kinds.h"
#include "sys/clone.h"
#include "sys/linux_compat.h"
#include "sys/ns.h"
#include "sys/process.h"

namespace nsctl::doctor {
namespace {

// Where clone3 is missing (before Linux 5.3, or filtered): a plain fork whose child unshares
// the kinds and exits with the errno, which the parent waits for. 0 or the errno.
int probe_by_unshare(int flags) {
    pid_t pid = sys::raw::clone_fork(0, nullptr);
    if (pid == 0) _exit(sys::raw::unshare(flags));  // the child: no allocation, errno as status
    if (pid < 0) return -pid;
    auto status = sys::waitpid(pid, 0);
    if (!status) return status.error().code;
    return sys::exit_code_of(*status);
}

// 0 when a child could be born in new namespaces of these kinds, else the errno.
int probe(int flags, ProbeChildren& children) {
    pid_t pid = sys::raw::clone3_fork(static_cast<uint64_t>(flags), nullptr, -1);
    if (pid == -ENOSYS) return probe_by_unshare(flags);
    if (pid == 0) _exit(0);  // the child: being born was the test
    if (pid < 0) return -pid;
    children.add(pid);
    return 0;
}

// The kernel config option behind each kind's namespaces.
const char* config_option(ns::Kind kind) {
    static const char* const kOptions[] = {"CONFIG_NAMESPACES", "CONFIG_NET_NS", "CONFIG_PID_NS",
                                           "CONFIG_UTS_NS",     "CONFIG_IPC_NS", "CONFIG_USER_NS",
                                           "CONFIG_CGROUPS",    "CONFIG_TIME_NS"};
    return kOptions[ns::index(kind)];
}

Finding probe_kind(const Roots& roots, const ns::KindInfo& k, bool cap_sys_admin,
                   ProbeChildren& children) {
    std::string check = "ns." + std::string(k.name);
    std::string entry = roots.proc + "/self/ns/" + std::string(k.proc_entry);
    if (!path_exists(entry))
        return fail(check, "not supported by this kernel (no " + entry + ")",
                    std::string("boot a kernel built with ") + config_option(k.kind));
    bool user = k.kind == ns::Kind::kUser;
    if (cap_sys_admin || user) {
        int err = probe(k.clone_flag, children);
        if (err == 0) return ok(check, "supported; you can create one");
        std::string why = std::string("supported, but creating one fails: ") + std::strerror(err);
        return fail(check, why, user ? userns_fix(roots, err) : "run as root");
    }
    int err = probe(CLONE_NEWUSER | k.clone_flag, children);
    if (err == 0)
        return ok(check,
                  "supported; you can create one inside a new user namespace (directly it needs "
                  "CAP_SYS_ADMIN, which you lack)");
    return fail(
        check,
        std::string("supported, but not even inside a new user namespace: ") + std::strerror(err),
        userns_fix(roots, err));
}

}  // namespace

ProbeChildren::~ProbeChildren() {
    for (pid_t pid : pids_) (void)sys::waitpid(pid, 0);
}

std::vector<Finding> check_namespaces(const Roots& roots, ProbeChildren& children) {
    bool cap_sys_admin = has_cap_sys_admin(read_text(roots.proc + "/self/status"));
    std::vector<Finding> out;
    for (const auto& k : ns::kinds()) out.push_back(probe_kind(roots, k, cap_sys_admin, children));
    return out;
}

}  // namespace nsctl::doctor
