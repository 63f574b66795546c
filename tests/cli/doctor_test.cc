// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl doctor (issue 12): each condition is made inside namespaces of the test (a private /etc,
// a private /run, a user namespace whose user.max_user_namespaces is 0, a newuidmap without its
// setuid bit), never assumed; each test checks the finding and its fix line, then runs the fix
// line there and checks that the finding turned ok.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/nsenter_target.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::test {
namespace {

using Args = std::vector<std::string>;

struct Found {
    std::string status, detail, fix;
    bool present = false;
};

std::string as_nobody_tool() { return std::string(NSCTL_TEST_TOOLS_DIR) + "/as_nobody"; }

RunResult doctor(const Args& args, const Args& prefix = {}) {
    Args argv = prefix;
    argv.push_back(NSCTL_BINARY);
    argv.push_back("doctor");
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

// The findings of a --json output whose check is `check` (and whose detail contains `part`).
Found find(const std::string& json, const std::string& check, const std::string& part = "") {
    auto doc = parse_json(json);
    if (!doc || doc->type != Json::Type::kArray) {
        ADD_FAILURE() << "not a JSON array:\n" << json;
        return {};
    }
    for (const Json& f : doc->items) {
        const std::string* c = f.string("check");
        const std::string* d = f.string("detail");
        if (!c || *c != check || !d || d->find(part) == std::string::npos) continue;
        const std::string* fix = f.string("fix");
        return {*f.string("status"), *d, fix ? *fix : "", true};
    }
    ADD_FAILURE() << "no finding " << check << " (" << part << ") in\n" << json;
    return {};
}

// Runs a fix line with sh, as the user would paste it.
void run_fix(const std::string& fix, const Args& prefix = {}) {
    Args argv = prefix;
    argv.insert(argv.end(), {"sh", "-c", fix});
    RunResult r = run(argv);
    ASSERT_EQ(r.status, 0) << fix << ": " << r.err;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
}

// /etc replaced by a copy of itself on the test's private /run: users and subid files can be
// written (usermod renames files inside /etc, so it must be a directory of its own, not a file
// bound over /etc/subuid). Vanishes with the test's mount namespace.
void private_etc() {
    ASSERT_EQ(run({"cp", "-a", "/etc", "/run/etc"}).status, 0);
    ASSERT_EQ(mount("/run/etc", "/etc", nullptr, MS_BIND, nullptr), 0) << strerror(errno);
}

// `unshare --mount=FILE true`: the exit status.
int bind_mount_namespace(const std::string& file) {
    return run({std::string(NSCTL_BINARY_DIR) + "/unshare", "--mount=" + file, "true"}).status;
}

std::string add_user() {
    std::string name = unique_name();
    RunResult r = run({"useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name});
    EXPECT_EQ(r.status, 0) << r.err;
    return name;
}

TEST(Doctor, JsonKeysAndExitStatus) {
    run_in_fresh_namespaces([] {
        RunResult json = doctor({"--json"});
        auto doc = parse_json(json.out);
        ASSERT_TRUE(doc && doc->type == Json::Type::kArray) << json.out << json.err;
        bool failed = false;
        size_t not_ok = 0;
        for (const Json& f : doc->items) {
            ASSERT_EQ(f.members.size(), 4u);
            EXPECT_EQ(f.members[0].first, "check");
            EXPECT_EQ(f.members[1].first, "status");
            EXPECT_EQ(f.members[2].first, "detail");
            EXPECT_EQ(f.members[3].first, "fix");
            const std::string status = *f.string("status");
            EXPECT_TRUE(status == "ok" || status == "warn" || status == "fail") << status;
            EXPECT_EQ(f.members[3].second.type == Json::Type::kNull, status == "ok");
            failed |= status == "fail";
            not_ok += status != "ok";
        }
        EXPECT_EQ(doc->items.size(), 30u);  // 8 ns, 4 userns, 4 subid, 4 cgroup, 8 kernel, 2 netns
        EXPECT_EQ(json.status, failed ? 1 : 0);
        EXPECT_EQ(json.err, "");
        // The text form: one line a finding, and a fix line under each one that is not ok.
        RunResult text = doctor({});
        EXPECT_EQ(text.status, json.status);
        size_t lines = 0, fixes = 0;
        for (size_t at = 0; (at = text.out.find('\n', at)) != std::string::npos; ++at) ++lines;
        for (size_t at = 0; (at = text.out.find("\n      fix: ", at)) != std::string::npos; ++at)
            ++fixes;
        EXPECT_EQ(lines, doc->items.size() + not_ok) << text.out;
        EXPECT_EQ(fixes, not_ok) << text.out;
        EXPECT_EQ(text.out.substr(0, 16), "ok    ns.mnt    ") << text.out;
        // A failure made here turns the status to 1.
        ASSERT_EQ(mkdir("/run/netns", 0755), 0);
        write_file("/run/netns/" + unique_name(), "");
        EXPECT_EQ(doctor({}).status, 1);
        EXPECT_EQ(run({"rm", "-r", "/run/netns"}).status, 0);
    });
}

TEST(Doctor, UserNamespacesLimitedToZero) {
    run_in_fresh_namespaces([] {
        // The limit is per user namespace: 0 in a user namespace of the test's own.
        const std::string limit = "echo 0 > /proc/sys/user/max_user_namespaces && ";
        const std::string nsctl = std::string(NSCTL_BINARY) + " doctor --json";
        RunResult r = run({"unshare", "-U", "-r", "--", "sh", "-c", limit + "exec " + nsctl});
        EXPECT_EQ(r.status, 1) << r.err;
        Found user = find(r.out, "ns.user");
        EXPECT_EQ(user.status, "fail");
        EXPECT_NE(user.detail.find("No space left on device"), std::string::npos) << user.detail;
        EXPECT_EQ(user.fix, "sysctl -w user.max_user_namespaces=15000");
        Found max = find(r.out, "userns.max");
        EXPECT_EQ(max.status, "fail");
        EXPECT_EQ(max.detail, "user.max_user_namespaces is 0: user namespaces are disabled");
        EXPECT_EQ(max.fix, "sysctl -w user.max_user_namespaces=15000");
        EXPECT_EQ(find(r.out, "ns.net").status, "ok");
        // The fix line, run in that user namespace, turns both ok.
        RunResult fixed = run({"unshare", "-U", "-r", "--", "sh", "-c",
                               limit + max.fix + " >/dev/null && exec " + nsctl});
        EXPECT_EQ(find(fixed.out, "ns.user").status, "ok") << fixed.err;
        EXPECT_EQ(find(fixed.out, "userns.max").status, "ok");
    });
}

TEST(Doctor, SubordinateIdsMissingAndOverlapping) {
    run_in_fresh_namespaces([] {
        private_etc();
        const std::string none = add_user(), other = add_user(), overlapping = add_user();
        // useradd may have given them ranges: these are the ones under test.
        const std::string ranges = other + ":100000:65536\n" + overlapping + ":150000:65536\n";
        write_file("/etc/subuid", ranges);
        write_file("/etc/subgid", ranges);

        RunResult r = doctor({"--json", "--user", overlapping});
        Found uid = find(r.out, "subid.uid");
        EXPECT_EQ(uid.status, "warn");
        EXPECT_EQ(uid.detail, overlapping + "'s range 150000-215535 in /etc/subuid overlaps " +
                                  other + "'s 100000-165535");
        EXPECT_EQ(uid.fix,
                  "usermod --del-subuids 150000-215535 --add-subuids 231072-296607 " + overlapping);
        run_fix(uid.fix);
        run_fix(find(r.out, "subid.gid").fix);
        RunResult fixed = doctor({"--json", "--user", overlapping});
        EXPECT_EQ(find(fixed.out, "subid.uid").status, "ok") << fixed.out;
        EXPECT_EQ(find(fixed.out, "subid.gid").status, "ok") << fixed.out;

        r = doctor({"--user", none});
        EXPECT_EQ(r.status, 1);
        const std::string fix = "usermod --add-subuids 165536-231071 " + none;
        EXPECT_NE(r.out.find("fail  subid.uid               no range for " + none +
                             " in /etc/subuid\n      fix: " + fix + "\n"),
                  std::string::npos)
            << r.out;
        RunResult json = doctor({"--json", "--user", none});
        run_fix(find(json.out, "subid.uid").fix);
        run_fix(find(json.out, "subid.gid").fix);
        fixed = doctor({"--json", "--user", none});
        EXPECT_EQ(find(fixed.out, "subid.uid").status, "ok") << fixed.out;
        EXPECT_EQ(find(fixed.out, "subid.gid").status, "ok") << fixed.out;
    });
}

TEST(Doctor, NewuidmapWithoutSetuid) {
    run_in_fresh_namespaces([] {
        // A copy has no setuid bit (cp drops it); bound over the real one in this namespace.
        ASSERT_EQ(run({"cp", "/usr/bin/newuidmap", "/run/newuidmap"}).status, 0);
        ASSERT_EQ(chmod("/run/newuidmap", 0755), 0);
        ASSERT_EQ(mount("/run/newuidmap", "/usr/bin/newuidmap", nullptr, MS_BIND, nullptr), 0);
        RunResult r = doctor({"--json"});
        EXPECT_EQ(r.status, 1);
        Found f = find(r.out, "subid.newuidmap");
        EXPECT_EQ(f.status, "fail");
        EXPECT_EQ(f.detail, "/usr/bin/newuidmap is neither setuid root nor has file capabilities");
        EXPECT_EQ(f.fix, "chmod u+s /usr/bin/newuidmap");
        EXPECT_EQ(find(r.out, "subid.newgidmap").status, "ok");
        run_fix(f.fix);
        EXPECT_EQ(find(doctor({"--json"}).out, "subid.newuidmap").status, "ok");
    });
}

TEST(Doctor, StaleNetnsEntry) {
    run_in_fresh_namespaces([] {
        // A live named netns (ip's own) and a plain file left behind, on the test's private /run.
        const std::string live = unique_name(), stale = unique_name();
        ASSERT_EQ(run({"ip", "netns", "add", live}).status, 0);
        write_file("/run/netns/" + stale, "");
        RunResult r = doctor({"--json"});
        EXPECT_EQ(r.status, 1);
        Found f = find(r.out, "netns.stale", "/run/netns/" + stale);
        EXPECT_EQ(f.status, "fail");
        EXPECT_EQ(f.detail, "/run/netns/" + stale +
                                " is no network namespace mount (a plain file left behind)");
        EXPECT_EQ(f.fix, "rm /run/netns/" + stale);
        EXPECT_EQ(r.out.find("/run/netns/" + live + " is no"), std::string::npos) << r.out;
        EXPECT_NE(find(r.out, "netns.dir").detail.find("2 names; a mount point with shared"),
                  std::string::npos);
        // Names stay in this mount namespace once /run/netns is no longer shared.
        ASSERT_EQ(mount(nullptr, "/run/netns", nullptr, MS_PRIVATE, nullptr), 0);
        Found dir = find(doctor({"--json"}).out, "netns.dir");
        EXPECT_EQ(dir.status, "warn");
        EXPECT_EQ(dir.fix, "mount --make-shared /run/netns");
        run_fix(dir.fix);
        EXPECT_EQ(find(doctor({"--json"}).out, "netns.dir").status, "ok");

        run_fix(f.fix);
        RunResult fixed = doctor({"--json"});
        Found ok = find(fixed.out, "netns.stale");
        EXPECT_EQ(ok.status, "ok");
        EXPECT_EQ(ok.detail, "every name in /run/netns is a namespace mount");
        EXPECT_EQ(run({"ip", "netns", "delete", live}).status, 0);
    });
}

// Binding a new mount namespace onto the file is the oracle: the kernel refuses that in a shared
// mount. nsctl's unshare makes the bind (util-linux 2.38's fails at random on Linux 6.18 even on
// a private mount: 18 runs in 20 here, "Invalid argument").
TEST(Doctor, PersistFile) {
    run_in_fresh_namespaces([] {
        const std::string file = "/run/" + unique_name();
        RunResult r = doctor({"--json", "--persist", file});
        Found f = find(r.out, "persist");
        EXPECT_EQ(f.status, "warn");
        EXPECT_EQ(f.detail.rfind(file + " does not exist but can be created; its mount /run is "
                                        "not shared; a mount namespace bound there must be newer "
                                        "than this one (id ",
                                 0),
                  0u)
            << f.detail;
        EXPECT_EQ(f.fix, "touch " + file);
        struct stat st;
        EXPECT_NE(stat(file.c_str(), &st), 0) << "doctor left " << file << " behind";
        run_fix(f.fix);
        EXPECT_EQ(find(doctor({"--json", "--persist", file}).out, "persist").status, "ok");

        // /run shared: refused; the fix line makes /run itself private.
        ASSERT_EQ(mount(nullptr, "/run", nullptr, MS_SHARED, nullptr), 0) << strerror(errno);
        EXPECT_NE(bind_mount_namespace(file), 0);
        r = doctor({"--json", "--persist", file});
        EXPECT_EQ(r.status, 1);
        f = find(r.out, "persist");
        EXPECT_EQ(f.status, "fail");
        EXPECT_EQ(f.fix, "mount --make-private /run");
        run_fix(f.fix);
        EXPECT_EQ(find(doctor({"--json", "--persist", file}).out, "persist").status, "ok");
        EXPECT_EQ(bind_mount_namespace(file), 0);
        EXPECT_EQ(umount(file.c_str()), 0) << strerror(errno);

        // A file in a directory of a shared /run: a private bind of that directory is enough.
        ASSERT_EQ(mount(nullptr, "/run", nullptr, MS_SHARED, nullptr), 0) << strerror(errno);
        ASSERT_EQ(mkdir("/run/d", 0755), 0);
        const std::string inner = "/run/d/" + unique_name();
        write_file(inner, "");
        EXPECT_NE(bind_mount_namespace(inner), 0);
        f = find(doctor({"--json", "--persist", inner}).out, "persist");
        EXPECT_EQ(f.status, "fail");
        EXPECT_EQ(f.fix, "mount --bind /run/d /run/d && mount --make-private /run/d");
        run_fix(f.fix);
        EXPECT_EQ(find(doctor({"--json", "--persist", inner}).out, "persist").status, "ok");
        EXPECT_EQ(bind_mount_namespace(inner), 0);
        EXPECT_EQ(umount(inner.c_str()), 0) << strerror(errno);
    });
}

// A kernel without NS_GET_ID (before Linux 6.18), made by a seccomp filter: a warning, not a
// failure.
TEST(Doctor, KernelWithoutNsGetId) {
    constexpr unsigned long kNsGetId = 0x8008b70d;  // _IOR(0xb7, 13, __u64)
    RunResult r = run({std::string(NSCTL_TEST_TOOLS_DIR) + "/errno_exec", std::to_string(ENOTTY),
                       std::to_string(kNsGetId), NSCTL_BINARY, "doctor", "--json"});
    Found f = find(r.out, "kernel.ns_get_id");
    EXPECT_EQ(f.status, "warn") << r.err;
    EXPECT_EQ(f.detail,
              "NS_GET_ID fails: Inappropriate ioctl for device (it needs Linux 6.18): namespaces "
              "are told apart by inode only");
    EXPECT_EQ(f.fix, "boot Linux 6.18 or later");
}

// The cgroup2 mount point, or "" (cgroup v1 only).
std::string cgroup2_mount() {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        if (line.find(" - cgroup2 ") == std::string::npos) continue;
        std::istringstream fields(line);
        std::string id, parent, devno, root, point;
        fields >> id >> parent >> devno >> root >> point;
        return point;
    }
    return "";
}

// nobody in a cgroup of the test's own that belongs to root: no delegation, until the fix
// line gives it to nobody. The probes run as nobody too (rootless ns.* findings).
TEST(Doctor, CgroupDelegationAndRootlessProbes) {
    NSCTL_REQUIRE_ROOT();
    const std::string mount_point = cgroup2_mount();
    if (mount_point.empty()) GTEST_SKIP() << "no cgroup2 hierarchy";
    const std::string dir = mount_point + "/" + unique_name();
    ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << strerror(errno);
    struct Removed {  // on every path: the leak check counts cgroups
        std::string dir;
        ~Removed() { EXPECT_EQ(rmdir(dir.c_str()), 0) << dir << ": " << strerror(errno); }
    } removed{dir};
    const std::string in_cgroup = "echo $$ > " + dir + "/cgroup.procs && exec " + as_nobody_tool() +
                                  " " + NSCTL_BINARY + " doctor --json";
    RunResult r = run({"sh", "-c", in_cgroup});
    Found f = find(r.out, "cgroup.delegation");
    EXPECT_EQ(f.status, "warn") << r.err;
    EXPECT_EQ(f.detail, "your cgroup " + dir +
                            " belongs to uid 0: you cannot make cgroups of your own (rootless "
                            "limits need them)");
    EXPECT_EQ(f.fix, "chown -R 65534 " + dir);
    Found limits = find(r.out, "cgroup.limits");
    EXPECT_EQ(limits.status, "warn");
    EXPECT_EQ(limits.fix, f.fix);
    Found mnt = find(r.out, "ns.mnt");
    EXPECT_EQ(mnt.status, "ok");
    EXPECT_EQ(mnt.detail,
              "supported; you can create one inside a new user namespace (directly it needs "
              "CAP_SYS_ADMIN, which you lack)");
    EXPECT_EQ(find(r.out, "ns.user").detail, "supported; you can create one");
    run_fix(f.fix);
    r = run({"sh", "-c", in_cgroup});
    f = find(r.out, "cgroup.delegation");
    EXPECT_EQ(f.status, "ok");
    EXPECT_EQ(f.detail, dir + " is delegated to you (you own its cgroup.procs)");
    // Delegated, but this machine's memory, pids and cpu are v1 hierarchies (its cgroup2 has
    // hugetlb only): rootless limits cannot work here, and the finding says why.
    limits = find(r.out, "cgroup.limits");
    std::ifstream offered(mount_point + "/cgroup.controllers");
    std::stringstream words;
    words << offered.rdbuf();
    const bool v2_memory = words.str().find("memory") != std::string::npos;
    if (!v2_memory) {
        EXPECT_EQ(limits.status, "warn");
        EXPECT_EQ(limits.fix, "boot with systemd.unified_cgroup_hierarchy=1");
    }
}

// A kernel without the new calls, made by a seccomp filter (ENOSYS): a warning for each, naming
// the version it needs; the namespace probes fall back to fork and unshare.
TEST(Doctor, KernelWithoutNewSystemCalls) {
    RunResult r =
        run({std::string(NSCTL_TEST_TOOLS_DIR) + "/enosys_exec",
             "clone3,pidfd_open,fsopen,open_tree,mount_setattr", NSCTL_BINARY, "doctor", "--json"});
    const std::pair<const char*, const char*> calls[] = {{"kernel.pidfd_open", "Linux 5.3"},
                                                         {"kernel.clone3", "Linux 5.3"},
                                                         {"kernel.mount_api", "Linux 5.2"},
                                                         {"kernel.open_tree", "Linux 5.2"},
                                                         {"kernel.idmapped_mounts", "Linux 5.12"}};
    for (const auto& [check, version] : calls) {
        Found f = find(r.out, check);
        EXPECT_EQ(f.status, "warn") << check << r.err;
        EXPECT_EQ(f.fix, std::string("boot ") + version + " or later") << check;
    }
    for (const char* type : {"mnt", "net", "pid", "uts", "ipc", "user", "cgroup", "time"})
        EXPECT_EQ(find(r.out, std::string("ns.") + type).status, "ok") << type;
    EXPECT_EQ(find(r.out, "kernel.ns_get_id").status, "ok");
}

TEST(Doctor, TargetOwnedByAnotherUser) {
    NSCTL_REQUIRE_ROOT();
    Target root_sleep({"sleep", "600"});
    const std::string pid = root_sleep.pid_str();
    RunResult r = doctor({"--json", "--target", pid}, {as_nobody_tool()});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(find(r.out, "target.process").status, "ok");
    Found owner = find(r.out, "target.owner");
    EXPECT_EQ(owner.status, "warn");
    EXPECT_EQ(owner.detail, "process " + pid + " runs as uid 0, you as uid 65534");
    Found ptrace = find(r.out, "target.ptrace");
    EXPECT_EQ(ptrace.status, "fail");
    EXPECT_NE(ptrace.detail.find("Permission denied"), std::string::npos) << ptrace.detail;
    EXPECT_EQ(ptrace.fix, "sudo nsenter -t " + pid + " -a");
    EXPECT_EQ(find(r.out, "target.caps").status, "fail");
    // As root: every target finding ok.
    RunResult root = doctor({"--json", "--target", pid});
    for (const char* check :
         {"target.process", "target.owner", "target.ptrace", "target.userns", "target.caps"})
        EXPECT_EQ(find(root.out, check).status, "ok") << check;
}

// Root inside a user namespace of its own looks at a process of the user namespace above: no
// ptrace access although it has every capability there; only the host's root can enter.
TEST(Doctor, TargetAboveOwnUserNamespace) {
    NSCTL_REQUIRE_ROOT();
    Target root_sleep({"sleep", "600"});
    const std::string pid = root_sleep.pid_str();
    RunResult r =
        run({"unshare", "-U", "-r", "--", NSCTL_BINARY, "doctor", "--json", "--target", pid});
    EXPECT_EQ(r.status, 1) << r.err;
    Found ptrace = find(r.out, "target.ptrace");
    EXPECT_EQ(ptrace.status, "fail");
    EXPECT_EQ(ptrace.detail, "/proc/" + pid +
                                 "/ns cannot be opened: Permission denied (no ptrace access: you "
                                 "have CAP_SYS_PTRACE here, so it lives in a user namespace that "
                                 "is neither yours nor below it, such as the host's)");
    EXPECT_EQ(ptrace.fix,
              "nsenter -t PID -a, run as root in the host's user namespace (PID: the process's "
              "pid there)");
    EXPECT_EQ(find(r.out, "target.caps").status, "fail");
}

// A process of nobody's in a user namespace nobody owns: entering that first gives the
// capabilities; the fix line names the namespaces that differ, and works.
TEST(Doctor, TargetInOwnUserNamespace) {
    NSCTL_REQUIRE_ROOT();
    Args argv = as_nobody();
    argv.insert(argv.end(), {"unshare", "-U", "-r", "-n", "-u", "sleep", "600"});
    Target box(argv);
    const std::string pid = box.pid_str();
    RunResult r = doctor({"--json", "--target", pid}, {as_nobody_tool()});
    EXPECT_EQ(find(r.out, "target.ptrace").status, "ok") << r.out;
    Found userns = find(r.out, "target.userns");
    EXPECT_EQ(userns.detail, "its user namespace is below yours and owned by you");
    Found caps = find(r.out, "target.caps");
    EXPECT_EQ(caps.status, "warn");
    EXPECT_EQ(caps.fix, "nsenter -t " + pid + " --user --preserve-credentials --net --uts");
    run_fix(caps.fix + " true", {as_nobody_tool()});
}

TEST(Doctor, TargetThatHasExited) {
    const std::string pid = std::to_string(vanished_pid());
    RunResult r = doctor({"--json", "--target", pid});
    EXPECT_EQ(r.status, 1);
    Found f = find(r.out, "target.process");
    EXPECT_EQ(f.status, "fail");
    EXPECT_EQ(f.detail, "process " + pid + " does not exist (it has exited)");
    EXPECT_EQ(r.out.find("target.owner"), std::string::npos);
}

TEST(Doctor, BadInputIsOneLine) {
    const std::pair<Args, std::string> cases[] = {
        {{"--user", "nosuchuser"}, "nsctl: doctor: --user: no user named 'nosuchuser'\n"},
        {{"--target", "abc"}, "nsctl: doctor: --target: 'abc' is not a process id\n"},
        {{"--persist", "/nonexistent/dir/file"},
         "nsctl: doctor: --persist /nonexistent/dir/file: cannot be created: No such file or "
         "directory\n"},
    };
    for (const auto& [args, message] : cases) {
        RunResult r = doctor(args);
        EXPECT_EQ(r.status, 1) << args[0];
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, message);
    }
    RunResult unknown = doctor({"--bogus"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_EQ(unknown.err,
              "nsctl: doctor: unrecognized option '--bogus'\n"
              "Try 'nsctl doctor --help' for more information.\n");
    RunResult help = doctor({"--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_EQ(help.out.rfind("Usage: nsctl doctor", 0), 0u);
}

}  // namespace
}  // namespace nsctl::test
