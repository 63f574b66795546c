// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci create, start, state, kill, delete and run on real bundles: a busybox root
// (TempRootfs) and a config.json made from nsctl's default spec. The process reports through a
// bound host directory (/out). Rootful, and rootless as uid 65534. Every test deletes what it
// made; a bad config or id leaves no state directory and no process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "oci_bundle.h"

namespace nsctl::test {
namespace {

TEST_F(OciLifecycle, CreateWaitsForStartThenRunsUntilKilled) {
    write_config(spec({"sh", "-c", "echo $$ > /out/started; exec sleep 1000"}));
    std::string pid_file = dir_.at("pid");
    RunResult r = oci({"create", "--bundle", bundle(), "--pid-file", pid_file, "c1"});
    ASSERT_EQ(r.status, 0) << r.err;
    pid_t pid = std::stoi(slurp(pid_file));
    EXPECT_TRUE(alive(pid));
    EXPECT_EQ(status("c1"), "created");
    auto doc = parse_json(oci({"state", "c1"}).out);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->integer("pid"), pid);
    EXPECT_EQ(*doc->string("bundle"), bundle());
    // Set up, the process waits: it has not run its command.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(exists(out() + "/started"));

    r = oci({"start", "c1"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(eventually([&] { return exists(out() + "/started"); }));
    EXPECT_EQ(slurp(out() + "/started"), "1\n");  // PID 1 of its own PID namespace
    EXPECT_EQ(status("c1"), "running");
    r = oci({"start", "c1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: cannot start container c1: it is running, not created\n");
    r = oci({"delete", "c1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "nsctl oci: cannot delete container c1: it is running (stop it first, or use "
              "--force)\n");
    EXPECT_EQ(oci({"list", "-q"}).out, "c1\n");

    r = oci({"kill", "c1", "KILL"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(eventually([&] { return status("c1") == "stopped"; }));
    EXPECT_FALSE(alive(pid));
    r = oci({"kill", "c1"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: container c1 is not running\n");
    r = oci({"delete", "c1"});
    EXPECT_EQ(r.status, 0) << r.err;
    expect_gone("c1");
    r = oci({"state", "c1"});
    EXPECT_EQ(r.err, "nsctl oci: container c1 does not exist\n");
    EXPECT_EQ(oci({"delete", "--force", "c1"}).status, 0);  // forced: gone is fine
    EXPECT_EQ(oci({"delete", "c1"}).status, 1);
}

// The file systems of the default spec's mounts, named as the config names them (mountinfo's
// source field): runtime-tools' validation looks them up by destination, type and source.
TEST_F(OciLifecycle, StandardMountsAsTheConfigNamesThem) {
    write_config(spec({"sh", "-c", "cat /proc/self/mountinfo > /out/mountinfo"}));
    RunResult r = oci({"run", "-b", bundle(), "m1"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream in(slurp(out() + "/mountinfo"));
    std::map<std::string, std::string> seen;  // mount point -> "type source"
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string word; words >> word;) w.push_back(word);
        auto dash = std::find(w.begin(), w.end(), "-");
        if (w.size() < 5 || dash == w.end() || dash + 2 >= w.end()) continue;
        seen[w[4]] = *(dash + 1) + " " + *(dash + 2);
    }
    EXPECT_EQ(seen["/proc"], "proc proc");
    EXPECT_EQ(seen["/dev"], "tmpfs tmpfs");
    EXPECT_EQ(seen["/dev/pts"], "devpts devpts");
    EXPECT_EQ(seen["/dev/shm"], "tmpfs shm");
    EXPECT_EQ(seen["/dev/mqueue"], "mqueue mqueue");
    EXPECT_EQ(seen["/sys"], "sysfs sysfs");
}

// As root, a user namespace's maps are written as the config gives them; the container's root is
// then host uid 100000, and what it makes outside its root is owned by that uid.
TEST_F(OciLifecycle, RootMapsIdRangesAsGiven) {
    if (getuid() != 0) GTEST_SKIP() << "writing other ids' maps needs root";
    oci::Spec s = spec({"sh", "-c",
                        "cat /proc/self/uid_map /proc/self/gid_map > /out/maps; id -u > "
                        "/out/uid; touch /out/made"});
    s.linux_->namespaces.push_back({"user", ""});
    s.linux_->uid_mappings = {{0, 100000, 65536}};
    s.linux_->gid_mappings = {{0, 200000, 1000}, {1000, 300000, 10}};
    write_config(s);
    RunResult r = oci({"run", "-b", bundle(), "u1"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream maps(slurp(out() + "/maps"));
    std::vector<std::string> words;
    for (std::string w; maps >> w;) words.push_back(w);
    EXPECT_EQ(words, (std::vector<std::string>{"0", "100000", "65536", "0", "200000", "1000",
                                               "1000", "300000", "10"}));
    EXPECT_EQ(slurp(out() + "/uid"), "0\n");
    struct stat st {};
    ASSERT_EQ(stat((out() + "/made").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 100000u);
    EXPECT_EQ(st.st_gid, 200000u);
    s.linux_->uid_mappings.clear();
    write_config(s);
    r = oci({"create", "-b", bundle(), "u2"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: linux.uidMappings: a user namespace needs at least one mapping\n");
    EXPECT_FALSE(exists(root() + "/u2"));
}

TEST_F(OciLifecycle, RunPassesTheProcessAndItsExitStatus) {
    oci::Spec s = spec({"sh", "-c",
                        "{ id -u; id -g; hostname; pwd; echo \"$GREETING\"; } > /out/seen; "
                        "exit 7"});
    s.hostname = "box";
    s.process->cwd = "/tmp";
    s.process->env.push_back("GREETING=hello there");
    s.process->user.uid = 1000;
    s.process->user.gid = 1001;
    write_config(s);
    RunResult r = oci({"run", "--bundle", bundle(), "r1"});
    EXPECT_EQ(r.status, 7) << r.err;
    EXPECT_EQ(slurp(out() + "/seen"), "1000\n1001\nbox\n/tmp\nhello there\n");
    expect_gone("r1");  // run deletes what it made
}

// The Cap* lines of /proc/self/status as the container's process saw them ("CapInh:\t...").
std::string capability_lines(const std::string& status) {
    std::istringstream in(status);
    std::string lines;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("Cap", 0) == 0) lines += line + "\n";
    return lines;
}

// The five sets as the kernel applies them at the exec: root's permitted and effective sets
// become bounding | inheritable | ambient, but no more than it was permitted before (no new
// privileges: CAP_CHOWN, bounding but not permitted, is not gained); a uid other than 0 keeps
// only its ambient set (which it could not have without the permitted set kept through the
// change of ids).
TEST_F(OciLifecycle, CapabilitySetsAreAppliedAsGiven) {
    // CAP_CHOWN 0, CAP_KILL 5, CAP_NET_BIND_SERVICE 10, CAP_NET_RAW 13.
    oci::Capabilities caps;
    caps.bounding = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
    caps.permitted = {"CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"};
    caps.effective = {"CAP_KILL"};
    caps.inheritable = {"CAP_NET_BIND_SERVICE"};
    // CAP_KILL is not inheritable: it cannot be ambient (crun and runc leave it out too).
    caps.ambient = {"CAP_NET_BIND_SERVICE", "CAP_KILL"};
    oci::Spec s = spec({"sh", "-c", "cat /proc/self/status > /out/$0", "root"});
    s.process->capabilities = caps;
    write_config(s);
    RunResult r = oci({"run", "-b", bundle(), "root"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("nsctl oci: warning: process.capabilities.ambient: CAP_KILL left out: "
                         "the kernel makes ambient only what is both permitted and "
                         "inheritable\n"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(capability_lines(slurp(out() + "/root")),
              "CapInh:\t0000000000000400\n"
              "CapPrm:\t0000000000000420\n"
              "CapEff:\t0000000000000420\n"
              "CapBnd:\t0000000000000421\n"
              "CapAmb:\t0000000000000400\n");
    s.process->args.back() = "user";
    s.process->user.uid = 1000;
    s.process->user.gid = 1000;
    write_config(s);
    r = oci({"run", "-b", bundle(), "user"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(capability_lines(slurp(out() + "/user")),
              "CapInh:\t0000000000000400\n"
              "CapPrm:\t0000000000000400\n"
              "CapEff:\t0000000000000400\n"
              "CapBnd:\t0000000000000421\n"
              "CapAmb:\t0000000000000400\n");
    // Without ambient capabilities, a uid other than 0 has none.
    s.process->args.back() = "plain";
    s.process->capabilities->ambient.clear();
    write_config(s);
    r = oci({"run", "-b", bundle(), "plain"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(capability_lines(slurp(out() + "/plain")),
              "CapInh:\t0000000000000400\n"
              "CapPrm:\t0000000000000000\n"
              "CapEff:\t0000000000000000\n"
              "CapBnd:\t0000000000000421\n"
              "CapAmb:\t0000000000000000\n");
}

TEST_F(OciLifecycle, RunDetachedThenSignalled) {
    write_config(spec({"sh", "-c",
                       "trap 'echo term > /out/got; exit 0' TERM; "
                       "echo ready > /out/ready; while :; do sleep 0.05; done"}));
    RunResult r = oci({"run", "-d", "--bundle", bundle(), "d1"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(eventually([&] { return exists(out() + "/ready"); }));
    EXPECT_EQ(status("d1"), "running");
    r = oci({"kill", "--all", "d1", "SIGTERM"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(eventually([&] { return status("d1") == "stopped"; }));
    EXPECT_EQ(slurp(out() + "/got"), "term\n");
    EXPECT_EQ(oci({"delete", "d1"}).status, 0);
    expect_gone("d1");
}

TEST_F(OciLifecycle, DeleteOfACreatedContainerEndsItsProcess) {
    write_config(spec({"true"}));
    std::string pid_file = dir_.at("pid");
    ASSERT_EQ(oci({"create", "-b", bundle(), "--pid-file", pid_file, "c2"}).status, 0);
    pid_t pid = std::stoi(slurp(pid_file));
    ASSERT_TRUE(alive(pid));
    RunResult r = oci({"delete", "c2"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(eventually([&] { return !alive(pid); }));
    expect_gone("c2");
    // A process killed while it waits: start says so, and delete cleans up.
    ASSERT_EQ(oci({"create", "-b", bundle(), "--pid-file", pid_file, "c3"}).status, 0);
    pid = std::stoi(slurp(pid_file));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    ASSERT_TRUE(eventually([&] { return !alive(pid); }));
    EXPECT_EQ(status("c3"), "stopped");
    r = oci({"start", "c3"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: cannot start container c3: it is stopped, not created\n");
    EXPECT_EQ(oci({"delete", "c3"}).status, 0);
    expect_gone("c3");
}

TEST_F(OciLifecycle, ResourcesMakeACgroupThatDeleteRemoves) {
    oci::Spec s = spec({"sh", "-c", "cat /proc/self/cgroup > /out/cgroup; exec sleep 1000"});
    oci::Resources res;
    res.pids_limit = 64;
    res.memory = oci::MemoryResources{};
    res.memory->limit = 64 << 20;
    s.linux_->resources = res;
    write_config(s);
    RunResult r = oci({"run", "-d", "-b", bundle(), "g1"});
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_TRUE(eventually([&] { return !slurp(out() + "/cgroup").empty(); }));
    std::vector<std::string> dirs;
    std::istringstream rec(slurp(root() + "/g1/runtime"));
    for (std::string line; std::getline(rec, line);)
        if (line.rfind("cgroup ", 0) == 0) dirs.push_back(line.substr(7));
    ASSERT_FALSE(dirs.empty());
    for (const auto& d : dirs) {
        EXPECT_TRUE(exists(d)) << d;
        if (exists(d + "/pids.max")) {
            EXPECT_EQ(slurp(d + "/pids.max"), "64\n");
        }
        if (exists(d + "/memory.limit_in_bytes")) {
            EXPECT_EQ(slurp(d + "/memory.limit_in_bytes"), std::to_string(64 << 20) + "\n");
        }
    }
    r = oci({"delete", "--force", "g1"});
    EXPECT_EQ(r.status, 0) << r.err;
    for (const auto& d : dirs) EXPECT_FALSE(exists(d)) << d;
    expect_gone("g1");
}

TEST_F(OciLifecycle, RootlessAsNobody) {
    if (getuid() != 0) GTEST_SKIP() << "as_nobody needs root";
    ASSERT_EQ(chown(dir_.path().c_str(), 65534, 65534), 0);
    write_config(spec({"sh", "-c", "id -u > /out/uid; exit 5"}, true));
    RunResult r =
        run({as_nobody_path(), NSCTL_BINARY, "oci", "--root", root(), "run", "-b", bundle(), "n1"});
    EXPECT_EQ(r.status, 5) << r.err;
    EXPECT_EQ(slurp(out() + "/uid"), "0\n");
    EXPECT_FALSE(exists(root() + "/n1"));
    // The root's own spec is not for a rootless caller: its user namespace is missing.
    write_config(spec({"true"}));
    r = run(
        {as_nobody_path(), NSCTL_BINARY, "oci", "--root", root(), "create", "-b", bundle(), "n2"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: linux.namespaces: a rootless container needs a user namespace\n");
    EXPECT_FALSE(exists(root() + "/n2"));
}

TEST_F(OciLifecycle, BadConfigsAndIdsLeaveNothing) {
    struct Case {
        const char* what;
        void (*change)(oci::Spec&);
        std::string message;
    };
    const Case cases[] = {
        {"seccomp",
         [](oci::Spec& s) {
             s.linux_->seccomp = oci::Seccomp{};
             s.linux_->seccomp->default_action = "SCMP_ACT_NOTIFY";
         },
         "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY is not supported (no tracer or "
         "listener)"},
        {"sysctl", [](oci::Spec& s) { s.linux_->sysctl["vm.swappiness"] = "1"; },
         "linux.sysctl.vm.swappiness: not a parameter of a namespace the container can have"},
        {"hooks",
         [](oci::Spec& s) {
             s.hooks = oci::Hooks{};
             s.hooks->poststop.push_back({"/bin/true", {}, {}, {}});
         },
         "hooks: not supported yet"},
        {"terminal", [](oci::Spec& s) { s.process->terminal = true; },
         "process.terminal: the terminal's master needs a --console-socket to go to"},
        {"no process", [](oci::Spec& s) { s.process.reset(); },
         "process: create needs a process to run"},
        {"mount type",
         [](oci::Spec& s) {
             s.mounts.push_back({"/mnt", "ext4", "/dev/sda", {}, {}, {}});
         },
         "mounts[8] (/mnt): mounts of type 'ext4' are not supported yet"},
        {"effective, not permitted",
         [](oci::Spec& s) {
             s.process->capabilities = oci::Capabilities{};
             s.process->capabilities->bounding = {"CAP_KILL", "CAP_CHOWN"};
             s.process->capabilities->permitted = {"CAP_KILL"};
             s.process->capabilities->effective = {"CAP_KILL", "CAP_CHOWN"};
         },
         "process.capabilities.effective: CAP_CHOWN is not in the permitted set"},
        {"inheritable, not bounding",
         [](oci::Spec& s) {
             s.process->capabilities = oci::Capabilities{};
             s.process->capabilities->inheritable = {"CAP_KILL"};
         },
         "process.capabilities.inheritable: CAP_KILL is not in the bounding set"},
        {"rootfs", [](oci::Spec& s) { s.root.path = "/nonexistent-root"; },
         "rootfs /nonexistent-root: No such file or directory"},
    };
    for (const Case& c : cases) {
        oci::Spec s = spec({"true"});
        c.change(s);
        write_config(s);
        RunResult r = oci({"create", "-b", bundle(), "bad"});
        EXPECT_EQ(r.status, 1) << c.what;
        EXPECT_EQ(r.err, "nsctl oci: " + c.message + "\n") << c.what;
        EXPECT_FALSE(exists(root() + "/bad")) << c.what;
    }
    write_config(spec({"true"}));
    ASSERT_EQ(oci({"create", "-b", bundle(), "twice"}).status, 0);
    RunResult r = oci({"create", "-b", bundle(), "twice"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: container twice exists\n");
    EXPECT_EQ(oci({"delete", "twice"}).status, 0);
    r = oci({"create", "-b", bundle(), "a/b"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err,
              "nsctl oci: container id \"a/b\": only letters, digits and _ + - . are allowed\n");
    r = oci({"create", "-b", dir_.at("nowhere"), "x"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: bundle " + dir_.at("nowhere") + ": No such file or directory\n");
    // A program that is not there: create and start succeed (the process waits before its
    // exec), the exec fails with 127, as a shell's would.
    write_config(spec({"/no/such/program"}));
    r = oci({"run", "-b", bundle(), "x"});
    EXPECT_EQ(r.status, 127) << r.err;
    EXPECT_FALSE(exists(root() + "/x"));
    r = oci({"kill", "x", "NOSUCH"});
    EXPECT_EQ(r.err, "nsctl oci: kill: unknown signal NOSUCH\n");
    EXPECT_EQ(oci({"list", "-q"}).out, "");
}

}  // namespace
}  // namespace nsctl::test
