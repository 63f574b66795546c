// SPDX-License-Identifier: GPL-2.0-or-later
// What parse_config refuses: one line each, "config.json: JSON.PATH: what is wrong".
#include <gtest/gtest.h>

#include <string>

#include "oci/config.h"

namespace nsctl::oci {
namespace {

// The message of a config that must not parse (code 0: the context is the whole line).
std::string error_of(const std::string& json) {
    auto s = parse_config(json, "config.json");
    if (s) return "(parsed)";
    EXPECT_EQ(s.error().code, 0);
    EXPECT_EQ(s.error().message(), s.error().context);
    EXPECT_EQ(s.error().context.find('\n'), std::string::npos);
    return s.error().context;
}

// A valid config with more top-level members.
std::string config(const std::string& more) {
    return R"({"ociVersion": "1.2.1", "root": {"path": "rootfs"})" +
           (more.empty() ? "" : ", " + more) + "}";
}

// With a process of these members, args and cwd first unless given.
std::string with_process(const std::string& members, bool defaults = true) {
    std::string all = defaults ? R"("args": ["sh"], "cwd": "/")" : "";
    if (!members.empty()) all += (all.empty() ? "" : ", ") + members;
    return config(R"("process": {)" + all + "}");
}

std::string with_linux(const std::string& members) {
    return config(R"("linux": {)" + members + "}");
}

TEST(OciConfigErrors, NotJson) {
    EXPECT_EQ(error_of(""),
              "config.json: malformed JSON: parse error at line 1, column 1: syntax error while "
              "parsing value - unexpected end of input; expected '[', '{', or a literal");
    EXPECT_EQ(error_of("{\"ociVersion\": \"1.2.1\",\n}"),
              "config.json: malformed JSON: parse error at line 2, column 1: syntax error while "
              "parsing object key - unexpected '}'; expected string literal");
    EXPECT_EQ(error_of("[1]"), "config.json: expected a JSON object, not array");
    EXPECT_EQ(error_of(config("") + " trailing").substr(0, 42),
              "config.json: malformed JSON: parse error a");
    // Not UTF-8: JSON text must be.
    EXPECT_NE(error_of(config("\"hostname\": \"\xff\"")).find("malformed JSON"), std::string::npos);
}

TEST(OciConfigErrors, HostileJson) {
    // Nesting a million deep (in a property nsctl ignores) is refused or read, never a crash.
    std::string deep = config("\"x\": " + std::string(1000000, '[') + std::string(1000000, ']'));
    auto s = parse_config(deep, "config.json");
    EXPECT_TRUE(s) << s.error().context;
    EXPECT_EQ(error_of(config(R"("x": 1e400)")),
              "config.json: malformed JSON: number overflow parsing '1e400'");
    EXPECT_EQ(error_of(config(R"("hostname": "a\u0000b")")),
              "config.json: hostname: contains a NUL byte");
    EXPECT_EQ(error_of(config(R"("mounts": [{"destination": "/x\u0000/y"}])")),
              "config.json: mounts[0].destination: contains a NUL byte");
    EXPECT_EQ(error_of(config(R"("annotations": {"a\u0000": "x"})")),
              "config.json: annotations: a key contains a NUL byte");
}

TEST(OciConfigErrors, Version) {
    EXPECT_EQ(error_of(R"({"root": {"path": "r"}})"), "config.json: ociVersion: required");
    EXPECT_EQ(error_of(R"({"ociVersion": 1, "root": {"path": "r"}})"),
              "config.json: ociVersion: expected a string, not a number");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2", "root": {"path": "r"}})"),
              "config.json: ociVersion: \"1.2\" is not a SemVer version");
    EXPECT_EQ(error_of(R"({"ociVersion": "01.2.0", "root": {"path": "r"}})"),
              "config.json: ociVersion: \"01.2.0\" is not a SemVer version");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.0-", "root": {"path": "r"}})"),
              "config.json: ociVersion: \"1.2.0-\" is not a SemVer version");
    EXPECT_EQ(error_of(R"({"ociVersion": "2.0.0", "root": {"path": "r"}})"),
              "config.json: ociVersion: version \"2.0.0\" is not supported (1.0.0 to 1.2.1)");
}

TEST(OciConfigErrors, Root) {
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1"})"), "config.json: root: required");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "root": "rootfs"})"),
              "config.json: root: expected an object, not a string");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "root": {}})"),
              "config.json: root.path: required");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "root": {"path": ""}})"),
              "config.json: root.path: must not be empty");
    EXPECT_EQ(error_of(R"({"ociVersion": "1.2.1", "root": {"path": "r", "readonly": "yes"}})"),
              "config.json: root.readonly: expected a boolean, not a string");
}

TEST(OciConfigErrors, Process) {
    EXPECT_EQ(error_of(with_process("", false)), "config.json: process.args: required");
    EXPECT_EQ(error_of(with_process(R"("args": [], "cwd": "/")", false)),
              "config.json: process.args: must name a program");
    EXPECT_EQ(error_of(with_process(R"("args": ["sh", 1], "cwd": "/")", false)),
              "config.json: process.args[1]: expected a string, not a number");
    EXPECT_EQ(error_of(with_process(R"("args": ["sh"])", false)),
              "config.json: process.cwd: required");
    EXPECT_EQ(error_of(with_process(R"("args": ["sh"], "cwd": "root")", false)),
              "config.json: process.cwd: \"root\" is not an absolute path");
    EXPECT_EQ(error_of(with_process(R"("terminal": 1)")),
              "config.json: process.terminal: expected a boolean, not a number");
    EXPECT_EQ(error_of(with_process(R"("consoleSize": {"height": 25})")),
              "config.json: process.consoleSize.width: required");
    EXPECT_EQ(error_of(with_process(R"("env": ["PATH=/bin", "JUNK"])")),
              "config.json: process.env[1]: \"JUNK\" is not NAME=VALUE");
    EXPECT_EQ(error_of(with_process(R"("oomScoreAdj": 1001)")),
              "config.json: process.oomScoreAdj: 1001 is not an integer from -1000 to 1000");
}

TEST(OciConfigErrors, User) {
    EXPECT_EQ(error_of(with_process(R"("user": {"gid": 0})")),
              "config.json: process.user.uid: required");
    EXPECT_EQ(error_of(with_process(R"("user": {"uid": -1, "gid": 0})")),
              "config.json: process.user.uid: -1 is not an integer from 0 to 4294967295");
    EXPECT_EQ(error_of(with_process(R"("user": {"uid": 4294967296, "gid": 0})")),
              "config.json: process.user.uid: 4294967296 is not an integer from 0 to 4294967295");
    EXPECT_EQ(error_of(with_process(R"("user": {"uid": 1.5, "gid": 0})")),
              "config.json: process.user.uid: 1.5 is not an integer from 0 to 4294967295");
    EXPECT_EQ(error_of(with_process(R"("user": {"uid": 0, "gid": "0"})")),
              "config.json: process.user.gid: expected a number, not a string");
    EXPECT_EQ(error_of(with_process(R"("user": {"uid": 0, "gid": 0, "additionalGids": [1, -2]})")),
              "config.json: process.user.additionalGids[1]: -2 is not an integer from 0 to "
              "4294967295");
    EXPECT_EQ(error_of(with_process(R"("user": {"uid": 0, "gid": 0, "umask": 512})")),
              "config.json: process.user.umask: 512 is above 0777");
}

TEST(OciConfigErrors, CapabilitiesAndRlimits) {
    EXPECT_EQ(error_of(with_process(R"("capabilities": {"bounding": ["CAP_KILL", "chown"]})")),
              "config.json: process.capabilities.bounding[1]: \"chown\" is not a capability "
              "name (CAP_NAME)");
    EXPECT_EQ(error_of(with_process(R"("capabilities": {"ambient": ["cap_kill"]})")),
              "config.json: process.capabilities.ambient[0]: \"cap_kill\" is not a capability "
              "name (CAP_NAME)");
    EXPECT_EQ(error_of(with_process(R"("capabilities": ["CAP_KILL"])")),
              "config.json: process.capabilities: expected an object, not an array");
    EXPECT_EQ(error_of(with_process(R"("rlimits": [{"type": "NOFILE", "soft": 1, "hard": 1}])")),
              "config.json: process.rlimits[0].type: unknown rlimit \"NOFILE\"");
    EXPECT_EQ(error_of(with_process(R"("rlimits": [{"type": "RLIMIT_NOFILE", "soft": 1}])")),
              "config.json: process.rlimits[0].hard: required");
    EXPECT_EQ(
        error_of(with_process(R"("rlimits": [{"type": "RLIMIT_NOFILE", "soft": 2, "hard": 1}])")),
        "config.json: process.rlimits[0]: soft limit 2 is above hard limit 1");
    EXPECT_EQ(error_of(with_process(R"("rlimits": [{"type": "RLIMIT_CORE", "soft": 0, "hard": 0},
        {"type": "RLIMIT_CORE", "soft": 1, "hard": 1}])")),
              "config.json: process.rlimits[1].type: \"RLIMIT_CORE\" given twice");
}

TEST(OciConfigErrors, MountsHooksAnnotations) {
    EXPECT_EQ(error_of(config(R"("mounts": {"destination": "/x"})")),
              "config.json: mounts: expected an array, not an object");
    EXPECT_EQ(error_of(config(R"("mounts": [{"destination": "/x"}, {"type": "tmpfs"}])")),
              "config.json: mounts[1].destination: required");
    EXPECT_EQ(error_of(config(R"("mounts": [{"destination": ""}])")),
              "config.json: mounts[0].destination: empty");
    EXPECT_EQ(error_of(config(R"("mounts": [{"destination": "/x", "options": "ro"}])")),
              "config.json: mounts[0].options: expected an array, not a string");
    EXPECT_EQ(error_of(config(R"("mounts": [{"destination": "/x", "uidMappings":
        [{"containerID": 0, "hostID": 1, "size": 1}]}])")),
              "config.json: mounts[0]: uidMappings and gidMappings must be given together");
    EXPECT_EQ(error_of(config(R"("hooks": {"poststop": [{"path": "rm"}]})")),
              "config.json: hooks.poststop[0].path: \"rm\" is not an absolute path");
    EXPECT_EQ(error_of(config(R"("hooks": {"createRuntime": [{"path": "/x", "timeout": 0}]})")),
              "config.json: hooks.createRuntime[0].timeout: 0 is not an integer from 1 to "
              "2147483647");
    EXPECT_EQ(error_of(config(R"("annotations": {"a": 1})")),
              "config.json: annotations.a: expected a string, not a number");
    EXPECT_EQ(error_of(config(R"("annotations": {"com.example.k": true})")),
              "config.json: annotations[\"com.example.k\"]: expected a string, not a boolean");
    EXPECT_EQ(error_of(config(R"("annotations": {"": "x"})")),
              "config.json: annotations: a key is empty");
    EXPECT_EQ(error_of(config("\"hostname\": \"" + std::string(65, 'h') + "\"")),
              "config.json: hostname: longer than 64 bytes");
}

TEST(OciConfigErrors, Namespaces) {
    EXPECT_EQ(error_of(with_linux(R"("namespaces": [{"type": "pid"}, {"type": "uts"},
        {"type": "foo"}])")),
              "config.json: linux.namespaces[2].type: unknown namespace type \"foo\"");
    EXPECT_EQ(error_of(with_linux(R"("namespaces": [{"type": "net"}])")),
              "config.json: linux.namespaces[0].type: unknown namespace type \"net\"");
    EXPECT_EQ(error_of(with_linux(R"("namespaces": [{"type": "pid"}, {"type": "pid",
        "path": "/proc/1/ns/pid"}])")),
              "config.json: linux.namespaces[1].type: namespace type \"pid\" given twice");
    EXPECT_EQ(error_of(with_linux(R"("namespaces": [{"path": "/x"}])")),
              "config.json: linux.namespaces[0].type: required");
    EXPECT_EQ(error_of(with_linux(R"("namespaces": [{"type": "network", "path": "netns"}])")),
              "config.json: linux.namespaces[0].path: \"netns\" is not an absolute path");
    EXPECT_EQ(error_of(with_linux(R"("namespaces": ["pid"])")),
              "config.json: linux.namespaces[0]: expected an object, not a string");
    EXPECT_EQ(error_of(config(R"("linux": [])")),
              "config.json: linux: expected an object, not an array");
}

TEST(OciConfigErrors, MappingsTimeDevices) {
    EXPECT_EQ(error_of(with_linux(R"("uidMappings": [{"containerID": 0, "hostID": 1}])")),
              "config.json: linux.uidMappings[0].size: required");
    EXPECT_EQ(
        error_of(with_linux(R"("gidMappings": [{"containerID": 0, "hostID": 1, "size": 0}])")),
        "config.json: linux.gidMappings[0].size: must be at least 1");
    EXPECT_EQ(error_of(with_linux(R"("timeOffsets": {"realtime": {"secs": 1}})")),
              "config.json: linux.timeOffsets.realtime: unknown clock (monotonic or boottime)");
    EXPECT_EQ(error_of(with_linux(R"("timeOffsets": {"boottime": {"nanosecs": 1000000000}})")),
              "config.json: linux.timeOffsets.boottime.nanosecs: must be below 1000000000");
    EXPECT_EQ(error_of(with_linux(R"("devices": [{"type": "x", "path": "/dev/x"}])")),
              "config.json: linux.devices[0].type: unknown device type \"x\" (c, b, u or p)");
    EXPECT_EQ(error_of(with_linux(R"("devices": [{"type": "c", "path": "/dev/x", "major": 1}])")),
              "config.json: linux.devices[0]: major and minor are required for a device of type c");
    EXPECT_EQ(error_of(with_linux(R"("devices": [{"type": "c", "path": "dev/x", "major": 1,
        "minor": 3}])")),
              "config.json: linux.devices[0].path: \"dev/x\" is not an absolute path");
    EXPECT_EQ(error_of(with_linux(R"("maskedPaths": ["/proc/kcore", "proc/keys"])")),
              "config.json: linux.maskedPaths[1]: \"proc/keys\" is not an absolute path");
    EXPECT_EQ(error_of(with_linux(R"("rootfsPropagation": "everywhere")")),
              "config.json: linux.rootfsPropagation: unknown propagation \"everywhere\"");
    EXPECT_EQ(
        error_of(with_linux(R"("personality": {"domain": "LINUX64"})")),
        "config.json: linux.personality.domain: unknown domain \"LINUX64\" (LINUX or LINUX32)");
    EXPECT_EQ(error_of(with_linux(R"("sysctl": {"net.ipv4.ip_forward": 1})")),
              "config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string, not a "
              "number");
}

TEST(OciConfigErrors, Resources) {
    EXPECT_EQ(error_of(with_linux(R"("resources": {"devices": [{"access": "rwm"}]})")),
              "config.json: linux.resources.devices[0].allow: required");
    EXPECT_EQ(
        error_of(with_linux(R"("resources": {"devices": [{"allow": true, "access": "rwx"}]})")),
        "config.json: linux.resources.devices[0].access: \"rwx\" is not made of r, w, m");
    EXPECT_EQ(error_of(with_linux(R"("resources": {"devices": [{"allow": true, "type": "p"}]})")),
              "config.json: linux.resources.devices[0].type: \"p\" is not a, c or b");
    EXPECT_EQ(error_of(with_linux(R"("resources": {"pids": {}})")),
              "config.json: linux.resources.pids.limit: required");
    EXPECT_EQ(error_of(with_linux(R"("resources": {"memory": {"limit": 9223372036854775808}})")),
              "config.json: linux.resources.memory.limit: 9223372036854775808 is not an integer "
              "from -9223372036854775808 to 9223372036854775807");
    EXPECT_EQ(error_of(with_linux(R"("resources": {"cpu": {"shares": -2}})")),
              "config.json: linux.resources.cpu.shares: -2 is not an integer from 0 to "
              "18446744073709551615");
    EXPECT_EQ(error_of(with_linux(R"("resources": {"blockIO": {"weight": 65536}})")),
              "config.json: linux.resources.blockIO.weight: 65536 is not an integer from 0 to "
              "65535");
}

TEST(OciConfigErrors, Seccomp) {
    EXPECT_EQ(error_of(with_linux(R"("seccomp": {})")),
              "config.json: linux.seccomp.defaultAction: required");
    EXPECT_EQ(error_of(with_linux(R"("seccomp": {"defaultAction": "SCMP_ACT_DENY"})")),
              "config.json: linux.seccomp.defaultAction: unknown action \"SCMP_ACT_DENY\"");
    EXPECT_EQ(
        error_of(with_linux(R"("seccomp": {"defaultAction": "SCMP_ACT_KILL",
        "defaultErrnoRet": 1})")),
        "config.json: linux.seccomp.defaultErrnoRet: action \"SCMP_ACT_KILL\" takes no errno");
    EXPECT_EQ(error_of(with_linux(R"("seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "architectures": ["SCMP_ARCH_X86_64", "x86_64"]})")),
              "config.json: linux.seccomp.architectures[1]: unknown architecture \"x86_64\"");
    EXPECT_EQ(error_of(with_linux(R"("seccomp": {"defaultAction": "SCMP_ACT_ALLOW",
        "flags": ["SECCOMP_FILTER_FLAG_NEW_LISTENER"]})")),
              "config.json: linux.seccomp.flags[0]: unknown flag "
              "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"");
    const std::string rule = R"("seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [)";
    EXPECT_EQ(error_of(with_linux(rule + R"({"names": [], "action": "SCMP_ACT_KILL"}]})")),
              "config.json: linux.seccomp.syscalls[0].names: must name a system call");
    EXPECT_EQ(error_of(with_linux(rule + R"({"names": ["read"], "action": "KILL"}]})")),
              "config.json: linux.seccomp.syscalls[0].action: unknown action \"KILL\"");
    EXPECT_EQ(error_of(with_linux(rule + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
        "errnoRet": 5}]})")),
              "config.json: linux.seccomp.syscalls[0].errnoRet: action \"SCMP_ACT_LOG\" takes no "
              "errno");
    EXPECT_EQ(error_of(with_linux(rule + R"({"names": ["read"], "action": "SCMP_ACT_KILL",
        "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]})")),
              "config.json: linux.seccomp.syscalls[0].args[0].index: must be 0 to 5");
    EXPECT_EQ(error_of(with_linux(rule + R"({"names": ["read"], "action": "SCMP_ACT_KILL",
        "args": [{"index": 0, "value": 1, "op": "=="}]}]})")),
              "config.json: linux.seccomp.syscalls[0].args[0].op: unknown operator \"==\"");
    EXPECT_EQ(error_of(with_linux(rule + R"({"names": ["read"], "action": "SCMP_ACT_KILL",
        "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]})")),
              "config.json: linux.seccomp.syscalls[0].args[0].value: required");
}

}  // namespace
}  // namespace nsctl::oci
