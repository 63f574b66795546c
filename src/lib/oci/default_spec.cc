// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/default_spec.h"

#include <cctype>

#include "sandbox/caps.h"
#include "sandbox/masks.h"

namespace nsctl::oci {
namespace {

// nsctl run's default capability set, in config.json's spelling ("CAP_CHOWN").
std::vector<std::string> default_capability_names() {
    std::vector<std::string> names;
    sandbox::CapSet set = sandbox::default_capabilities();
    for (int cap = 0; cap <= sandbox::kLastKnownCap; ++cap) {
        if (!(set & (sandbox::CapSet{1} << cap))) continue;
        std::string name = sandbox::capability_name(cap);
        for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        names.push_back(name);
    }
    return names;
}

Process default_process() {
    Process p;
    p.terminal = true;
    p.args = {"sh"};
    p.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"};
    p.cwd = "/";
    Capabilities caps;
    caps.bounding = default_capability_names();
    caps.effective = caps.bounding;
    caps.permitted = caps.bounding;
    p.capabilities = caps;
    p.rlimits = {{"RLIMIT_NOFILE", 1024, 1024}};
    p.no_new_privileges = true;
    return p;
}

std::vector<Mount> default_mounts(SpecMode mode) {
    const std::vector<std::string> kNoSuidExecDev = {"nosuid", "noexec", "nodev"};
    std::vector<Mount> m;
    m.push_back({"/proc", "proc", "proc", {}, {}, {}});
    m.push_back(
        {"/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}, {}, {}});
    // gid=5 (tty) is only meaningful where group 5 is mapped, which a rootless map of one id
    // is not.
    std::vector<std::string> pts = {"nosuid", "noexec", "newinstance", "ptmxmode=0666",
                                    "mode=0620"};
    if (mode == SpecMode::kRoot) pts.push_back("gid=5");
    m.push_back({"/dev/pts", "devpts", "devpts", pts, {}, {}});
    m.push_back({"/dev/shm",
                 "tmpfs",
                 "shm",
                 {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"},
                 {},
                 {}});
    m.push_back({"/dev/mqueue", "mqueue", "mqueue", kNoSuidExecDev, {}, {}});
    if (mode == SpecMode::kRoot)
        m.push_back({"/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}, {}, {}});
    else  // sysfs needs the network namespace's owner; the host's /sys is bound instead
        m.push_back({"/sys", "none", "/sys", {"rbind", "nosuid", "noexec", "nodev", "ro"}, {}, {}});
    m.push_back({"/sys/fs/cgroup",
                 "cgroup",
                 "cgroup",
                 {"nosuid", "noexec", "nodev", "relatime", "ro"},
                 {},
                 {}});
    return m;
}

Linux default_linux(const DefaultSpecOptions& o) {
    Linux l;
    for (const char* type : {"pid", "network", "ipc", "uts", "mount"})
        l.namespaces.push_back({type, ""});
    auto masked = sandbox::default_masked_paths();
    auto readonly = sandbox::default_readonly_paths();
    l.masked_paths.assign(masked.begin(), masked.end());
    l.readonly_paths.assign(readonly.begin(), readonly.end());
    if (o.mode == SpecMode::kRoot) {
        Resources r;
        r.devices.push_back({false, "", std::nullopt, std::nullopt, "rwm"});
        l.resources = r;
        return l;
    }
    l.namespaces.push_back({"user", ""});
    l.namespaces.push_back({"cgroup", ""});
    l.uid_mappings.push_back({0, o.uid, 1});
    l.gid_mappings.push_back({0, o.gid, 1});
    return l;
}

}  // namespace

Spec default_spec(const DefaultSpecOptions& options) {
    Spec s;
    s.oci_version = kOciVersion;
    s.process = default_process();
    s.root = {"rootfs", true};
    s.hostname = "nsctl";
    s.mounts = default_mounts(options.mode);
    s.linux_ = default_linux(options);
    return s;
}

}  // namespace nsctl::oci
