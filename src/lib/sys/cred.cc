// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/cred.h"

#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "sys/raw_call.h"

namespace nsctl::sys {

Result<bool> has_file_capabilities(const char* path) {
    if (::getxattr(path, "security.capability", nullptr, 0) >= 0) return true;
    if (errno == ENODATA || errno == ENOTSUP) return false;
    return errno_error(std::string("getxattr ") + path);
}

uint64_t bounding_set(int last_cap) {
    uint64_t set = 0;
    for (int cap = 0; cap <= last_cap && cap < 64; ++cap) {
        int in = ::prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (in < 0) break;  // EINVAL: past the kernel's last capability
        if (in == 1) set |= uint64_t{1} << cap;
    }
    return set;
}

}  // namespace nsctl::sys

namespace nsctl::sys::raw {

int change_uid(uid_t uid) { return error_of(call(SYS_setuid, uid)); }
int change_gid(gid_t gid) { return error_of(call(SYS_setgid, gid)); }

int raise_ambient_caps(AmbientFrom from, int last_cap, const char** step) {
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    // glibc 2.36 wraps neither capget nor capset.
    if (int e = error_of(call(SYS_capget, &header, data))) {
        *step = "capget";
        return e;
    }
    // A capability can only be made ambient when it is both permitted and inheritable.
    for (auto& d : data) d.inheritable = d.permitted;
    if (int e = error_of(call(SYS_capset, &header, data))) {
        *step = "capset";
        return e;
    }
    uint64_t set = from == AmbientFrom::kEffective
                       ? (uint64_t{data[1].effective} << 32) | data[0].effective
                       : (uint64_t{data[1].permitted} << 32) | data[0].permitted;
    for (int cap = 0; cap <= last_cap && cap < 64; ++cap) {
        if (!(set & (uint64_t{1} << cap))) continue;
        if (int e = raise_ambient_capability(cap)) {
            *step = "prctl";
            return e;
        }
    }
    return 0;
}

int drop_bounding_except(uint64_t keep, int last_cap) {
    for (int cap = 0; cap <= last_cap && cap < 64; ++cap) {
        if (keep & (uint64_t{1} << cap)) continue;
        if (int e = error_of(call(SYS_prctl, PR_CAPBSET_DROP, cap, 0, 0, 0))) {
            if (e == EINVAL && cap > 0) return 0;  // past the kernel's last capability
            return e;
        }
    }
    return 0;
}

int permitted_capabilities(uint64_t* out) {
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    if (int e = error_of(call(SYS_capget, &header, data))) return e;
    *out = (uint64_t{data[1].permitted} << 32) | data[0].permitted;
    return 0;
}

int clear_ambient_capabilities() {
    return error_of(call(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
}

int raise_ambient_capability(int cap) {
    return error_of(call(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0));
}

int set_keep_capabilities() { return error_of(call(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0)); }

int set_capabilities(uint64_t permitted, uint64_t effective, uint64_t inheritable) {
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    for (int i = 0; i < 2; ++i) {
        data[i].permitted = static_cast<uint32_t>(permitted >> (32 * i));
        data[i].effective = static_cast<uint32_t>(effective >> (32 * i));
        data[i].inheritable = static_cast<uint32_t>(inheritable >> (32 * i));
    }
    return error_of(call(SYS_capset, &header, data));
}

int set_seccomp_filter(const void* instructions, unsigned short count) {
    sock_fprog prog{};
    prog.len = count;
    prog.filter = static_cast<sock_filter*>(const_cast<void*>(instructions));
    return error_of(call(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog));
}

int set_undumpable() { return error_of(call(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0)); }

int set_no_new_privs() { return error_of(call(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)); }

}  // namespace nsctl::sys::raw
