// SPDX-License-Identifier: GPL-2.0-or-later
// parse_config on configs that must parse: every field of a full one read to its value, the
// default spec through text and back, unknown properties and nulls ignored.
#include <gtest/gtest.h>

#include <string>

#include "oci/config.h"
#include "oci/default_spec.h"

namespace nsctl::oci {
namespace {

// Every property spec.h keeps, with values that differ from the defaults; windows and
// intelRdt are there to be ignored.
constexpr const char* kFull = R"({
  "ociVersion": "1.2.0",
  "process": {
    "terminal": true,
    "consoleSize": {"height": 25, "width": 80},
    "user": {"uid": 1, "gid": 2, "umask": 63, "additionalGids": [5, 4294967295]},
    "args": ["/bin/sh", "-c", "true"],
    "env": ["PATH=/bin", "EMPTY="],
    "cwd": "/root",
    "capabilities": {
      "bounding": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_KILL"],
      "inheritable": [],
      "permitted": ["CAP_KILL"],
      "ambient": ["CAP_NET_BIND_SERVICE"]
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 1024},
                {"type": "RLIMIT_CORE", "hard": 0, "soft": 0}],
    "noNewPrivileges": true,
    "oomScoreAdj": -1000,
    "apparmorProfile": "acme",
    "selinuxLabel": "system_u:system_r:svirt_lxc_net_t:s0"
  },
  "root": {"path": "/bundle/rootfs", "readonly": true},
  "hostname": "box",
  "domainname": "example.org",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "data", "type": "none", "source": "./data", "options": ["rbind", "ro"],
     "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
     "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}]}
  ],
  "hooks": {
    "prestart": [{"path": "/usr/bin/fix-mounts", "args": ["fix-mounts", "a"], "env": ["K=V"]}],
    "createRuntime": [{"path": "/bin/a"}],
    "createContainer": [{"path": "/bin/b", "timeout": 5}],
    "startContainer": [{"path": "/bin/c"}],
    "poststart": [{"path": "/bin/d"}],
    "poststop": [{"path": "/bin/e"}, {"path": "/bin/f"}]
  },
  "annotations": {"com.example.key": "value", "empty": ""},
  "linux": {
    "namespaces": [{"type": "pid"}, {"type": "network", "path": "/run/netns/blue"},
                   {"type": "mount"}, {"type": "ipc"}, {"type": "uts"}, {"type": "user"},
                   {"type": "cgroup"}, {"type": "time"}],
    "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
    "gidMappings": [{"containerID": 0, "hostID": 200000, "size": 65536}],
    "timeOffsets": {"monotonic": {"secs": -86400, "nanosecs": 5}, "boottime": {"secs": 7}},
    "devices": [{"type": "c", "path": "/dev/fuse", "major": 10, "minor": 229,
                 "fileMode": 438, "uid": 0, "gid": 0},
                {"type": "p", "path": "/dev/fifo"}],
    "cgroupsPath": "/myRuntime/myContainer",
    "resources": {
      "devices": [{"allow": false, "access": "rwm"},
                  {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}],
      "memory": {"limit": 536870912, "reservation": 268435456, "swap": -1},
      "pids": {"limit": 32771},
      "cpu": {"shares": 1024, "quota": 1000000, "period": 500000, "cpus": "0-3,7",
              "mems": "0"},
      "blockIO": {"weight": 500, "leafWeight": 10},
      "hugepageLimits": [{"pageSize": "2MB", "limit": 9223372036854772000}]
    },
    "rootfsPropagation": "rslave",
    "seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO",
      "defaultErrnoRet": 38,
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
      "flags": ["SECCOMP_FILTER_FLAG_LOG"],
      "syscalls": [
        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
                  {"index": 5, "value": 18446744073709551615, "valueTwo": 1,
                   "op": "SCMP_CMP_MASKED_EQ"}]},
        {"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}
      ]
    },
    "sysctl": {"net.ipv4.ip_forward": "1"},
    "maskedPaths": ["/proc/kcore"],
    "readonlyPaths": ["/proc/sys"],
    "mountLabel": "system_u:object_r:svirt_sandbox_file_t:s0",
    "personality": {"domain": "LINUX32", "flags": []},
    "intelRdt": {"closID": "guaranteed_group"}
  },
  "windows": {"layerFolders": ["C:\\Layers\\layer1"]}
})";

TEST(OciConfig, FullConfigEveryField) {
    auto parsed = parse_config(kFull, "config.json");
    ASSERT_TRUE(parsed) << parsed.error().context;
    const Spec& s = *parsed;
    EXPECT_EQ(s.oci_version, "1.2.0");
    ASSERT_TRUE(s.process);
    const Process& p = *s.process;
    EXPECT_TRUE(p.terminal);
    EXPECT_EQ(p.console_size, (ConsoleSize{25, 80}));
    EXPECT_EQ(p.user, (User{1, 2, 63, {5, 4294967295u}}));
    EXPECT_EQ(p.args, (std::vector<std::string>{"/bin/sh", "-c", "true"}));
    EXPECT_EQ(p.env, (std::vector<std::string>{"PATH=/bin", "EMPTY="}));
    EXPECT_EQ(p.cwd, "/root");
    ASSERT_TRUE(p.capabilities);
    EXPECT_EQ(p.capabilities->bounding,
              (std::vector<std::string>{"CAP_KILL", "CAP_NET_BIND_SERVICE"}));
    EXPECT_EQ(p.capabilities->ambient, (std::vector<std::string>{"CAP_NET_BIND_SERVICE"}));
    EXPECT_TRUE(p.capabilities->inheritable.empty());
    ASSERT_EQ(p.rlimits.size(), 2u);
    EXPECT_EQ(p.rlimits[0], (Rlimit{"RLIMIT_NOFILE", 1024, UINT64_MAX}));
    EXPECT_TRUE(p.no_new_privileges);
    EXPECT_EQ(p.oom_score_adj, -1000);
    EXPECT_EQ(p.apparmor_profile, "acme");
    EXPECT_EQ(p.selinux_label, "system_u:system_r:svirt_lxc_net_t:s0");

    EXPECT_EQ(s.root, (Root{"/bundle/rootfs", true}));
    EXPECT_EQ(s.hostname, "box");
    EXPECT_EQ(s.domainname, "example.org");
    ASSERT_EQ(s.mounts.size(), 2u);
    EXPECT_EQ(s.mounts[0], (Mount{"/proc", "proc", "proc", {}, {}, {}}));
    // A relative destination is relative to "/" (config.md, Linux).
    EXPECT_EQ(s.mounts[1].destination, "/data");
    EXPECT_EQ(s.mounts[1].options, (std::vector<std::string>{"rbind", "ro"}));
    EXPECT_EQ(s.mounts[1].uid_mappings, (std::vector<IdMapping>{{0, 1000, 1}}));

    ASSERT_TRUE(s.hooks);
    EXPECT_EQ(s.hooks->prestart[0].args, (std::vector<std::string>{"fix-mounts", "a"}));
    EXPECT_EQ(s.hooks->create_container[0].timeout, 5);
    EXPECT_EQ(s.hooks->poststop.size(), 2u);
    EXPECT_EQ(s.annotations.at("com.example.key"), "value");
    EXPECT_EQ(s.annotations.at("empty"), "");
}

TEST(OciConfig, FullConfigLinux) {
    auto parsed = parse_config(kFull, "config.json");
    ASSERT_TRUE(parsed) << parsed.error().context;
    ASSERT_TRUE(parsed->linux_);
    const Linux& l = *parsed->linux_;
    ASSERT_EQ(l.namespaces.size(), 8u);
    EXPECT_EQ(l.namespaces[1], (Namespace{"network", "/run/netns/blue"}));
    EXPECT_EQ(l.uid_mappings, (std::vector<IdMapping>{{0, 100000, 65536}}));
    EXPECT_EQ(l.gid_mappings, (std::vector<IdMapping>{{0, 200000, 65536}}));
    EXPECT_EQ(l.time_offsets.at("monotonic"), (TimeOffset{-86400, 5}));
    EXPECT_EQ(l.time_offsets.at("boottime"), (TimeOffset{7, 0}));
    ASSERT_EQ(l.devices.size(), 2u);
    EXPECT_EQ(l.devices[0], (Device{"c", "/dev/fuse", 10, 229, 438, 0, 0}));
    EXPECT_EQ(l.devices[1].type, "p");
    EXPECT_EQ(l.cgroups_path, "/myRuntime/myContainer");
    ASSERT_TRUE(l.resources);
    const Resources& r = *l.resources;
    ASSERT_EQ(r.devices.size(), 2u);
    EXPECT_EQ(r.devices[0], (DeviceRule{false, "", std::nullopt, std::nullopt, "rwm"}));
    EXPECT_EQ(r.devices[1], (DeviceRule{true, "c", 10, 229, "rw"}));
    EXPECT_EQ(r.memory, (MemoryResources{536870912, 268435456, -1}));
    EXPECT_EQ(r.pids_limit, 32771);
    EXPECT_EQ(r.cpu, (CpuResources{1024, 1000000, 500000, "0-3,7", "0"}));
    EXPECT_EQ(r.blkio_weight, 500);
    EXPECT_EQ(l.rootfs_propagation, "rslave");
    ASSERT_TRUE(l.seccomp);
    EXPECT_EQ(l.seccomp->default_action, "SCMP_ACT_ERRNO");
    EXPECT_EQ(l.seccomp->default_errno_ret, 38u);
    EXPECT_EQ(l.seccomp->architectures.size(), 2u);
    ASSERT_EQ(l.seccomp->syscalls.size(), 3u);
    EXPECT_EQ(l.seccomp->syscalls[1].args[1], (SeccompArg{5, UINT64_MAX, 1, "SCMP_CMP_MASKED_EQ"}));
    EXPECT_EQ(l.seccomp->syscalls[2].errno_ret, 1u);
    EXPECT_EQ(l.sysctl.at("net.ipv4.ip_forward"), "1");
    EXPECT_EQ(l.masked_paths, (std::vector<std::string>{"/proc/kcore"}));
    EXPECT_EQ(l.readonly_paths, (std::vector<std::string>{"/proc/sys"}));
    EXPECT_EQ(l.mount_label, "system_u:object_r:svirt_sandbox_file_t:s0");
    EXPECT_EQ(l.personality, (Personality{"LINUX32", {}}));
    // What the config sets that Spec does not keep, for create to refuse.
    EXPECT_EQ(parsed->unsupported,
              (std::vector<std::string>{"linux.intelRdt", "linux.resources.hugepageLimits",
                                        "linux.resources.blockIO.leafWeight"}));
}

TEST(OciConfig, FullConfigSurvivesFormatAndParse) {
    auto first = parse_config(kFull, "config.json");
    ASSERT_TRUE(first) << first.error().context;
    auto text = format_config(*first);
    ASSERT_TRUE(text);
    auto second = parse_config(*text, "config.json");
    ASSERT_TRUE(second) << second.error().context;
    EXPECT_TRUE(second->unsupported.empty());  // not kept, so not written
    first->unsupported.clear();
    EXPECT_EQ(*second, *first);
}

TEST(OciConfig, DefaultSpecRoundTrip) {
    for (SpecMode mode : {SpecMode::kRoot, SpecMode::kRootless}) {
        Spec spec = default_spec({mode, 1000, 1001});
        auto text = format_config(spec);
        ASSERT_TRUE(text);
        auto parsed = parse_config(*text, "config.json");
        ASSERT_TRUE(parsed) << parsed.error().context;
        EXPECT_EQ(*parsed, spec);
        EXPECT_TRUE(unknown_capabilities(*parsed).empty());
    }
}

TEST(OciConfig, DefaultSpecContents) {
    Spec root = default_spec({SpecMode::kRoot, 0, 0});
    ASSERT_TRUE(root.process && root.linux_);
    EXPECT_EQ(root.process->args, (std::vector<std::string>{"sh"}));
    EXPECT_EQ(root.root, (Root{"rootfs", true}));
    std::vector<std::string> types;
    for (const auto& n : root.linux_->namespaces) types.push_back(n.type);
    EXPECT_EQ(types, (std::vector<std::string>{"pid", "network", "ipc", "uts", "mount"}));
    EXPECT_TRUE(root.linux_->uid_mappings.empty());
    std::vector<std::string> destinations;
    for (const auto& m : root.mounts) destinations.push_back(m.destination);
    EXPECT_EQ(destinations, (std::vector<std::string>{"/proc", "/dev", "/dev/pts", "/dev/shm",
                                                      "/dev/mqueue", "/sys", "/sys/fs/cgroup"}));
    EXPECT_FALSE(root.linux_->masked_paths.empty());
    EXPECT_FALSE(root.linux_->readonly_paths.empty());

    Spec rootless = default_spec({SpecMode::kRootless, 1000, 1001});
    ASSERT_TRUE(rootless.linux_);
    types.clear();
    for (const auto& n : rootless.linux_->namespaces) types.push_back(n.type);
    EXPECT_EQ(types, (std::vector<std::string>{"pid", "network", "ipc", "uts", "mount", "user",
                                               "cgroup"}));
    EXPECT_EQ(rootless.linux_->uid_mappings, (std::vector<IdMapping>{{0, 1000, 1}}));
    EXPECT_EQ(rootless.linux_->gid_mappings, (std::vector<IdMapping>{{0, 1001, 1}}));
    EXPECT_FALSE(rootless.linux_->resources);  // no device cgroup without privileges
}

TEST(OciConfig, UnknownPropertiesAndNullsIgnored) {
    auto s = parse_config(R"({"ociVersion": "1.0.2-dev+build.5", "root": {"path": "r",
        "x-future": {"deep": [1, 2, {"a": null}]}}, "vendor.thing": 1, "hostname": null,
        "process": {"args": ["a"], "cwd": "/", "ioPriority": {"class": "IOPRIO_CLASS_IDLE"},
                    "scheduler": {"policy": "SCHED_OTHER"}, "user": {"uid": 0, "gid": 0,
                    "username": "root"}},
        "linux": {"netDevices": {"eth0": {}}, "namespaces": null, "resources": {"rdma": {}}}})",
                          "config.json");
    ASSERT_TRUE(s) << s.error().context;
    EXPECT_EQ(s->root.path, "r");
    EXPECT_TRUE(s->hostname.empty());
    ASSERT_TRUE(s->linux_);
    EXPECT_TRUE(s->linux_->namespaces.empty());
    // Known to the spec but not kept: named, for create to refuse; unknown ones are not.
    EXPECT_EQ(s->unsupported,
              (std::vector<std::string>{"process.scheduler", "process.ioPriority",
                                        "linux.netDevices", "linux.resources.rdma"}));
}

TEST(OciConfig, DuplicateKeysLastWins) {
    // As Go's encoding/json, which runc and crun's callers use to write these files.
    auto s = parse_config(
        R"({"ociVersion": "1.2.1", "root": {"path": "a"}, "root": {"path": "b"}})", "c");
    ASSERT_TRUE(s) << s.error().context;
    EXPECT_EQ(s->root.path, "b");
}

TEST(OciConfig, MinimalConfigAndUnknownCapabilities) {
    auto s = parse_config(R"({"ociVersion": "1.0.0", "root": {"path": "rootfs"}})", "c");
    ASSERT_TRUE(s) << s.error().context;
    EXPECT_FALSE(s->process);
    EXPECT_FALSE(s->linux_);
    EXPECT_FALSE(s->root.readonly);

    // A well-formed name this build does not know parses; the caller warns (config.md).
    auto future = parse_config(R"({"ociVersion": "1.2.1", "root": {"path": "r"},
        "process": {"args": ["a"], "cwd": "/", "capabilities": {"bounding": ["CAP_KILL",
        "CAP_FROM_THE_FUTURE"], "permitted": ["CAP_FROM_THE_FUTURE"]}}})",
                               "c");
    ASSERT_TRUE(future) << future.error().context;
    EXPECT_EQ(unknown_capabilities(*future), (std::vector<std::string>{"CAP_FROM_THE_FUTURE"}));
}

}  // namespace
}  // namespace nsctl::oci
