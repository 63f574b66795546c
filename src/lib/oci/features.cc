// SPDX-License-Identifier: GPL-2.0-or-later
// KEEP IN STEP WITH THE IMPLEMENTATION: every list here is a promise to runtime callers
// (features.md: "The runtime MUST support the elements in this array"). Each entry is what
// `nsctl oci create` applies, backed by its tests; what create refuses (hooks, seccomp's TRACE
// and NOTIFY) or
// warns about and leaves out (other mount options) is not listed. Left out as well: systemd
// cgroups (--systemd-cgroup is accepted and ignored), AppArmor, SELinux, Intel RDT, idmapped
// mounts, the recursive mount attributes (rro, rnosuid, ...).
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
// What create applies to a bind or tmpfs mount; others are left out with a warning (a tmpfs's
// size= is a data option, not a flag, and is not listed).
constexpr const char* kMountOptions[] = {"bind",    "rbind",    "ro",    "rw",
                                         "private", "rprivate", "slave", "rslave"};

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

// What seccomp_spec.cc compiles: its actions (the kills all end the process), every operator,
// this machine's architecture; flags are known but not applied.
Json seccomp() {
    Json s = {{"enabled", true}};
    s["actions"] = {"SCMP_ACT_ALLOW",        "SCMP_ACT_ERRNO",       "SCMP_ACT_KILL",
                    "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",
                    "SCMP_ACT_TRAP"};
    s["operators"] = Json::array();
    for (auto op : seccomp_operators()) s["operators"].push_back(op);
    s["archs"] = Json::array();
#if defined(__x86_64__)
    s["archs"].push_back("SCMP_ARCH_X86_64");
#elif defined(__aarch64__)
    s["archs"].push_back("SCMP_ARCH_AARCH64");
#endif
    s["knownFlags"] = Json::array();
    for (auto f : seccomp_flags()) s["knownFlags"].push_back(f);
    s["supportedFlags"] = Json::array();
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
    j["hooks"] = Json::array();  // hooks are refused until they are run
    j["mountOptions"] = Json::array();
    for (const char* o : kMountOptions) j["mountOptions"].push_back(o);
    j["linux"] = linux_features();
    return j.dump(4) + "\n";
}

}  // namespace nsctl::oci
