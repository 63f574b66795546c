// SPDX-License-Identifier: GPL-2.0-or-later
// The parts of an OCI runtime-spec 1.2 config.json that a Linux runtime reads (config.md and
// config-linux.md), as plain structs. Field names follow the JSON; a member that the JSON may
// leave out and whose absence means something ("do not change it") is an optional. Fields of
// other platforms (windows, solaris, vm, zos) are not kept and ignored; Linux properties that
// are not kept (linux.intelRdt, hugepage limits, ...) are named in Spec::unsupported.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nsctl::oci {

/// The runtime-spec version nsctl writes and the newest it reads.
inline constexpr const char* kOciVersion = "1.2.1";
/// The oldest it reads (config.md: versions of one major version stay compatible).
inline constexpr const char* kOciVersionMin = "1.0.0";

struct ConsoleSize {
    uint32_t height = 0;
    uint32_t width = 0;
    bool operator==(const ConsoleSize&) const = default;
};

struct User {
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::optional<uint32_t> umask;  ///< unset: keep the caller's
    std::vector<uint32_t> additional_gids;
    bool operator==(const User&) const = default;
};

/// process.capabilities: names as written ("CAP_CHOWN"), each checked against capabilities(7).
struct Capabilities {
    std::vector<std::string> bounding;
    std::vector<std::string> effective;
    std::vector<std::string> inheritable;
    std::vector<std::string> permitted;
    std::vector<std::string> ambient;
    bool operator==(const Capabilities&) const = default;
};

struct Rlimit {
    std::string type;  ///< "RLIMIT_NOFILE"
    uint64_t soft = 0;
    uint64_t hard = 0;
    bool operator==(const Rlimit&) const = default;
};

struct Process {
    bool terminal = false;
    std::optional<ConsoleSize> console_size;
    User user;
    std::vector<std::string> args;  ///< at least one
    std::vector<std::string> env;
    std::string cwd;  ///< absolute
    std::optional<Capabilities> capabilities;
    std::vector<Rlimit> rlimits;
    bool no_new_privileges = false;
    std::optional<int32_t> oom_score_adj;  ///< unset: leave /proc/PID/oom_score_adj alone
    std::string apparmor_profile;
    std::string selinux_label;
    bool operator==(const Process&) const = default;
};

struct Root {
    std::string path;  ///< absolute, or relative to the bundle
    bool readonly = false;
    bool operator==(const Root&) const = default;
};

/// linux.uidMappings, linux.gidMappings and a mount's uidMappings/gidMappings.
struct IdMapping {
    uint32_t container_id = 0;
    uint32_t host_id = 0;
    uint32_t size = 0;
    bool operator==(const IdMapping&) const = default;
};

struct Mount {
    std::string destination;  ///< absolute (a relative one is made relative to "/")
    std::string type;
    std::string source;
    std::vector<std::string> options;
    std::vector<IdMapping> uid_mappings;
    std::vector<IdMapping> gid_mappings;
    bool operator==(const Mount&) const = default;
};

struct Hook {
    std::string path;  ///< absolute
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::optional<int32_t> timeout;  ///< seconds, > 0
    bool operator==(const Hook&) const = default;
};

struct Hooks {
    std::vector<Hook> prestart;  ///< deprecated by the spec, still run
    std::vector<Hook> create_runtime;
    std::vector<Hook> create_container;
    std::vector<Hook> start_container;
    std::vector<Hook> poststart;
    std::vector<Hook> poststop;
    bool operator==(const Hooks&) const = default;
};

struct Namespace {
    std::string type;  ///< "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time"
    std::string path;  ///< empty: make a new one
    bool operator==(const Namespace&) const = default;
};

/// linux.timeOffsets."monotonic" and ."boottime".
struct TimeOffset {
    int64_t secs = 0;
    uint32_t nanosecs = 0;
    bool operator==(const TimeOffset&) const = default;
};

struct Device {
    std::string type;  ///< "c", "b", "u" or "p"
    std::string path;  ///< absolute
    int64_t major = 0;
    int64_t minor = 0;
    std::optional<uint32_t> file_mode;
    std::optional<uint32_t> uid;
    std::optional<uint32_t> gid;
    bool operator==(const Device&) const = default;
};

/// linux.resources.devices: the device cgroup's allow and deny list, applied in order.
struct DeviceRule {
    bool allow = false;
    std::string type;  ///< "a", "c", "b" or empty (all)
    std::optional<int64_t> major;
    std::optional<int64_t> minor;
    std::string access;  ///< letters of "rwm", empty for all
    bool operator==(const DeviceRule&) const = default;
};

struct MemoryResources {
    std::optional<int64_t> limit;
    std::optional<int64_t> reservation;
    std::optional<int64_t> swap;
    bool operator==(const MemoryResources&) const = default;
};

struct CpuResources {
    std::optional<uint64_t> shares;
    std::optional<int64_t> quota;
    std::optional<uint64_t> period;
    std::string cpus;
    std::string mems;
    bool operator==(const CpuResources&) const = default;
};

struct Resources {
    std::vector<DeviceRule> devices;
    std::optional<MemoryResources> memory;
    std::optional<int64_t> pids_limit;  ///< linux.resources.pids.limit
    std::optional<CpuResources> cpu;
    std::optional<uint16_t> blkio_weight;  ///< linux.resources.blockIO.weight
    bool operator==(const Resources&) const = default;
};

struct SeccompArg {
    uint32_t index = 0;  ///< 0 to 5
    uint64_t value = 0;
    std::optional<uint64_t> value_two;
    std::string op;  ///< "SCMP_CMP_EQ", ...
    bool operator==(const SeccompArg&) const = default;
};

struct SeccompRule {
    std::vector<std::string> names;  ///< at least one
    std::string action;              ///< "SCMP_ACT_ERRNO", ...
    std::optional<uint32_t> errno_ret;
    std::vector<SeccompArg> args;
    bool operator==(const SeccompRule&) const = default;
};

struct Seccomp {
    std::string default_action;
    std::optional<uint32_t> default_errno_ret;
    std::vector<std::string> architectures;
    std::vector<std::string> flags;
    std::vector<SeccompRule> syscalls;
    bool operator==(const Seccomp&) const = default;
};

struct Personality {
    std::string domain;  ///< "LINUX" or "LINUX32"
    std::vector<std::string> flags;
    bool operator==(const Personality&) const = default;
};

struct Linux {
    std::vector<Namespace> namespaces;
    std::vector<IdMapping> uid_mappings;
    std::vector<IdMapping> gid_mappings;
    std::map<std::string, TimeOffset> time_offsets;  ///< by clock: "monotonic", "boottime"
    std::vector<Device> devices;
    std::string cgroups_path;
    std::optional<Resources> resources;
    std::string rootfs_propagation;
    std::optional<Seccomp> seccomp;
    std::map<std::string, std::string> sysctl;
    std::vector<std::string> masked_paths;
    std::vector<std::string> readonly_paths;
    std::string mount_label;
    std::optional<Personality> personality;
    bool operator==(const Linux&) const = default;
};

struct Spec {
    std::string oci_version;
    std::optional<Process> process;  ///< required by start, not by create
    Root root;
    std::string hostname;
    std::string domainname;
    std::vector<Mount> mounts;
    std::optional<Hooks> hooks;
    std::map<std::string, std::string> annotations;
    std::optional<Linux> linux_;  ///< "linux" (a macro name in GNU C++)
    /// Properties of runtime-spec 1.2 for Linux that this Spec does not keep but that the config
    /// sets, as JSON paths ("linux.resources.hugepageLimits", "linux.intelRdt"): create must
    /// refuse them (runtime.md: a property the runtime cannot apply is an error), rather than
    /// run the container without them. Unknown properties are not listed: they are ignored.
    std::vector<std::string> unsupported;
    bool operator==(const Spec&) const = default;
};

}  // namespace nsctl::oci
