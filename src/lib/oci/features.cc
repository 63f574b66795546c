// SPDX-License-Identifier: GPL-2.0-or-later
// KEEP IN STEP WITH THE IMPLEMENTATION: every list here is a promise to runtime callers
// (features.md: "The runtime MUST support the elements in this array"). It names what nsctl's
// sandbox library does today and what `nsctl oci create` is planned to map onto it (issue 11);
// when create lands, each entry must be backed by a test of create, and what create refuses
// must not be listed. Left out on purpose: systemd cgroups (--systemd-cgroup is accepted and
// ignored), AppArmor, SELinux, Intel RDT, idmapped mounts, seccomp notify/trace, the recursive
// mount attributes (rro, rnosuid, ...).
#include "oci/features.h"

#include <linux/capability.h>

#include <cctype>

#include "oci/json_walk.h"
#include "oci/names.h"
#include "oci/spec.h"
#include "sandbox/caps.h"

namespace nsctl::oci {
namespace {

// config.md's Linux mount options that the specification marks MUST (mount(8)'s flags and
// bind propagation): create must map each to a mount flag, attribute or propagation change
// (the sandbox's mounts take flags and attributes; the option words are not parsed yet).
constexpr const char* kMountOptions[] = {
    "async",      "atime",      "bind",       "defaults",      "dev",
    "diratime",   "dirsync",    "exec",       "iversion",      "lazytime",
    "loud",       "noatime",    "nodev",      "nodiratime",    "noexec",
    "noiversion", "nolazytime", "norelatime", "nostrictatime", "nosuid",
    "private",    "rbind",      "relatime",   "remount",       "ro",
    "rprivate",   "rshared",    "rslave",     "runbindable",   "rw",
    "shared",     "silent",     "slave",      "strictatime",   "suid",
    "sync",       "unbindable",
};

// The seccomp actions nsctl's BPF assembler (src/lib/sandbox/bpf_asm.cc) emits: allow, errno,
// kill (the process or the thread), trap and log. Not trace or notify.
constexpr const char* kSeccompActions[] = {
    "SCMP_ACT_ALLOW",       "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
    "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",   "SCMP_ACT_TRAP",
};

// The filter checks the architecture it was built for and fails every other one with ENOSYS.
#if defined(__x86_64__)
constexpr const char* kNativeArch = "SCMP_ARCH_X86_64";
#elif defined(__aarch64__)
constexpr const char* kNativeArch = "SCMP_ARCH_AARCH64";
#else
constexpr const char* kNativeArch = nullptr;
#endif

// The capability table must name every capability the kernel headers know.
static_assert(sandbox::kLastKnownCap == CAP_LAST_CAP, "src/lib/sandbox/caps.cc needs new names");

Json capabilities() {
    Json list = Json::array();
    for (int cap = 0; cap <= sandbox::kLastKnownCap; ++cap) {
        std::string name = sandbox::capability_name(cap);
        for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        list.push_back(name);
    }
    return list;
}

Json seccomp() {
    Json s = {{"enabled", true}};
    s["actions"] = Json::array();
    for (const char* a : kSeccompActions) s["actions"].push_back(a);
    s["operators"] = Json::array();
    for (auto op : seccomp_operators()) s["operators"].push_back(op);
    s["archs"] = Json::array();
    if (kNativeArch) s["archs"].push_back(kNativeArch);
    s["knownFlags"] = Json::array();
    for (auto f : seccomp_flags()) s["knownFlags"].push_back(f);
    s["supportedFlags"] = Json::array();  // the filter is installed without flags
    return s;
}

Json linux_features() {
    Json l = Json::object();
    l["namespaces"] = Json::array();
    for (auto type : namespace_types()) l["namespaces"].push_back(type);
    l["capabilities"] = capabilities();
    l["cgroup"] = {
        {"v1", true}, {"v2", true}, {"systemd", false}, {"systemdUser", false}, {"rdma", false}};
    l["seccomp"] = seccomp();
    l["apparmor"] = {{"enabled", false}};
    l["selinux"] = {{"enabled", false}};
    l["intelRdt"] = {{"enabled", false}};
    l["mountExtensions"] = {{"idmap", {{"enabled", false}}}};
    return l;
}

}  // namespace

std::string features_json() {
    Json j = {{"ociVersionMin", kOciVersionMin}, {"ociVersionMax", kOciVersion}};
    j["hooks"] = {"prestart",       "createRuntime", "createContainer",
                  "startContainer", "poststart",     "poststop"};
    j["mountOptions"] = Json::array();
    for (const char* o : kMountOptions) j["mountOptions"].push_back(o);
    j["linux"] = linux_features();
    return j.dump(4) + "\n";
}

}  // namespace nsctl::oci
