// SPDX-License-Identifier: GPL-2.0-or-later
// userns.*: the sysctls and security modules that decide whether user namespaces may be made.
#include <fcntl.h>

#include <cerrno>

#include "base/parse.h"
#include "doctor/util.h"
#include "sys/fd.h"

namespace nsctl::doctor {
namespace {

constexpr const char* kMaxFix = "sysctl -w user.max_user_namespaces=15000";
constexpr const char* kCloneFix = "sysctl -w kernel.unprivileged_userns_clone=1";
constexpr const char* kAppArmorFix = "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";

std::string sys_file(const Roots& roots, const char* rel) { return roots.proc + "/sys/" + rel; }

// The path of the running nsctl (/proc/self/exe), for the profile that names it.
std::string own_binary(const Roots& roots) {
    char buf[4096];
    auto n = sys::readlinkat(AT_FDCWD, (roots.proc + "/self/exe").c_str(), buf, sizeof(buf));
    return n ? std::string(buf, *n) : std::string("/usr/local/bin/nsctl");
}

Finding check_max(const Roots& roots) {
    auto max = read_word(sys_file(roots, "user/max_user_namespaces"));
    if (!max)
        return fail("userns.max", "no /proc/sys/user/max_user_namespaces: no user namespaces",
                    "boot a kernel built with CONFIG_USER_NS");
    if (*max == "0")
        return fail("userns.max", "user.max_user_namespaces is 0: user namespaces are disabled",
                    kMaxFix);
    return ok("userns.max", "user.max_user_namespaces is " + *max);
}

Finding check_clone(const Roots& roots) {
    auto v = read_word(sys_file(roots, "kernel/unprivileged_userns_clone"));
    if (!v) return ok("userns.clone", "not present (a Debian kernel patch); nothing to do");
    if (*v == "0")
        return fail("userns.clone",
                    "kernel.unprivileged_userns_clone is 0: only root may create user namespaces",
                    kCloneFix);
    return ok("userns.clone", "kernel.unprivileged_userns_clone is " + *v);
}

Finding check_apparmor(const Roots& roots) {
    auto v = read_word(sys_file(roots, "kernel/apparmor_restrict_unprivileged_userns"));
    if (!v) return ok("userns.apparmor", "not present (an Ubuntu kernel setting); nothing to do");
    if (*v == "1")
        return warn("userns.apparmor",
                    "kernel.apparmor_restrict_unprivileged_userns is 1: unprivileged programs "
                    "need an AppArmor profile with the 'userns,' rule to create user namespaces "
                    "(for nsctl, /etc/apparmor.d/nsctl: 'abi <abi/4.0>, include "
                    "<tunables/global> profile nsctl " +
                        own_binary(roots) +
                        " flags=(unconfined) { userns, }', loaded with apparmor_parser -r)",
                    kAppArmorFix);
    return ok("userns.apparmor", "kernel.apparmor_restrict_unprivileged_userns is " + *v);
}

// user_namespace denials of the audit log ("avc:  denied  { create } ... tclass=user_namespace").
size_t userns_denials(const std::string& audit_text) {
    size_t count = 0;
    for (auto line : split(audit_text, '\n'))
        if (line.find("denied") != std::string_view::npos &&
            line.find("tclass=user_namespace") != std::string_view::npos)
            ++count;
    return count;
}

Finding check_selinux(const Roots& roots) {
    auto enforce = read_word(roots.selinux + "/enforce");
    if (!enforce) return ok("userns.selinux", "SELinux not enabled");
    if (*enforce != "1") return ok("userns.selinux", "SELinux is permissive: it denies nothing");
    if (!path_exists(roots.selinux + "/class/user_namespace"))
        return ok("userns.selinux", "SELinux is enforcing; its policy has no user_namespace class");
    auto audit = sys::read_file(roots.audit_log.c_str());
    if (!audit)
        return ok("userns.selinux",
                  "SELinux is enforcing with the user_namespace class; " + roots.audit_log +
                      " cannot be read for denials (the ns.user probe says whether you may)");
    size_t denials = userns_denials(*audit);
    if (denials == 0)
        return ok("userns.selinux",
                  "SELinux is enforcing; no user_namespace denial in " + roots.audit_log);
    return warn("userns.selinux",
                std::to_string(denials) + " user_namespace denials in " + roots.audit_log +
                    ": a domain without user_namespace { create } cannot make user namespaces",
                "audit2allow -a -M nsctl_userns && semodule -i nsctl_userns.pp");
}

}  // namespace

std::string userns_fix(const Roots& roots, int err) {
    if (read_word(sys_file(roots, "user/max_user_namespaces")) == "0" || err == ENOSPC)
        return kMaxFix;
    if (read_word(sys_file(roots, "kernel/unprivileged_userns_clone")) == "0") return kCloneFix;
    if (read_word(sys_file(roots, "kernel/apparmor_restrict_unprivileged_userns")) == "1")
        return kAppArmorFix;
    return "run as root (the kernel refused: a chroot, a seccomp filter or a security module)";
}

std::vector<Finding> check_userns_policy(const Roots& roots) {
    return {check_max(roots), check_clone(roots), check_apparmor(roots), check_selinux(roots)};
}

}  // namespace nsctl::doctor
