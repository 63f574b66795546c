// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci exec: another process in a running (or created) container, in its namespaces and
// with the container's process or a process.json changed by exec's options; waited for with its
// exit status, or detached with a pid file. Rootful, and rootless as uid 65534. Bad inputs are
// refused with a line naming them and start nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "oci_bundle.h"

namespace nsctl::test {
namespace {

class OciExec : public OciLifecycle {
  protected:
    // A container whose process records its namespaces and then sleeps, running.
    void start_sleeper(const std::string& id, bool rootless = false) {
        write_config(spec({"sh", "-c", "readlink /proc/self/ns/pid > /out/pidns; exec sleep 1000"},
                          rootless));
        RunResult r = rootless ? as_nobody({"run", "-d", "-b", bundle(), id})
                               : oci({"run", "-d", "-b", bundle(), id});
        ASSERT_EQ(r.status, 0) << r.err;
        ASSERT_TRUE(eventually([&] { return !slurp(out() + "/pidns").empty(); }));
    }
    RunResult as_nobody(const Args& args) {
        Args argv = {as_nobody_path(), NSCTL_BINARY, "oci", "--root", root()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    }
    void write_file(const std::string& path, const std::string& text) {
        std::ofstream(path) << text;
    }
};

TEST_F(OciExec, RunsInTheContainerAndPassesItsExitStatus) {
    start_sleeper("e1");
    RunResult r = oci({"exec", "e1", "sh", "-c",
                       "readlink /proc/self/ns/pid > /out/exec-pidns; echo $$ > /out/exec-pid; "
                       "hostname > /out/exec-host; exit 9"});
    EXPECT_EQ(r.status, 9) << r.err;
    EXPECT_EQ(slurp(out() + "/exec-pidns"), slurp(out() + "/pidns"));
    EXPECT_NE(slurp(out() + "/exec-pid"), "1\n");       // beside PID 1, in its PID namespace
    EXPECT_EQ(slurp(out() + "/exec-host"), "nsctl\n");  // the default spec's hostname
    // The container's own process: its environment and working directory.
    r = oci({"exec", "e1", "sh", "-c", "echo \"$PATH\" > /out/path; pwd > /out/cwd"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(out() + "/path"),
              "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
    EXPECT_EQ(slurp(out() + "/cwd"), "/\n");
    // Options change it.
    r = oci({"exec", "--cwd", "/out", "-e", "A=1", "--env", "PATH=/bin", "-u", "1000:1001", "-g",
             "7", "e1", "sh", "-c", "{ echo $A $PATH; pwd; id -u; id -g; id -G; } > changed"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(out() + "/changed"), "1 /bin\n/out\n1000\n1001\n1001 7\n");
    // Commands that cannot run: 127 and 126, as a shell's.
    r = oci({"exec", "e1", "/no/such/program"});
    EXPECT_EQ(r.status, 127);
    EXPECT_EQ(r.err, "nsctl oci: exec /no/such/program: No such file or directory\n");
    r = oci({"exec", "e1", "/out"});
    EXPECT_EQ(r.status, 126);
    EXPECT_EQ(oci({"delete", "--force", "e1"}).status, 0);
    expect_gone("e1");
}

TEST_F(OciExec, ProcessFileDetachedWithAPidFileAndALog) {
    start_sleeper("e2");
    std::string process = dir_.at("process.json");
    write_file(process, R"({"args": ["sh", "-c", "echo $$ $WHO > /out/detached; exec sleep 1000"],
                            "env": ["WHO=file", "PATH=/bin"], "cwd": "/",
                            "user": {"uid": 0, "gid": 0}})");
    std::string pid_file = dir_.at("exec.pid");
    std::string log = dir_.at("log");
    RunResult r = run({NSCTL_BINARY, "oci", "--root", root(), "--log", log, "exec", "--process",
                       process, "--detach", "--pid-file", pid_file, "e2"});
    ASSERT_EQ(r.status, 0) << r.err;
    // The pid file is the host's, though written after the container was entered.
    pid_t pid = std::stoi(slurp(pid_file));
    EXPECT_TRUE(alive(pid));
    ASSERT_TRUE(eventually([&] { return !slurp(out() + "/detached").empty(); }));
    std::string seen = slurp(out() + "/detached");
    EXPECT_NE(seen.find(" file\n"), std::string::npos) << seen;
    EXPECT_EQ(r.err, "");
    // ps lists it after the container's first process.
    auto state = parse_json(oci({"state", "e2"}).out);
    ASSERT_TRUE(state && state->integer("pid"));
    std::string both = std::to_string(state->integer("pid")) + "," + std::to_string(pid);
    r = oci({"ps", "--format", "json", "e2"});
    EXPECT_EQ(r.out, "[" + both + "]\n") << r.err;
    r = oci({"ps", "e2"});
    EXPECT_NE(r.out.find(std::to_string(pid) + " "), std::string::npos) << r.out;
    EXPECT_EQ(r.out.rfind("PID     CMD\n", 0), 0u) << r.out;
    r = oci({"ps", "e2", "-ef"});
    EXPECT_EQ(r.err,
              "nsctl oci: ps: options for ps(1) are not supported ('-ef'): the table has PID and "
              "CMD\nTry 'nsctl oci --help' for more information.\n");
    // A second exec with a bad process file: the error reaches the same log.
    write_file(process, R"({"args": ["true"], "cwd": "relative"})");
    r = run({NSCTL_BINARY, "oci", "--root", root(), "--log", log, "exec", "-p", process, "e2"});
    EXPECT_EQ(r.status, 1);
    std::string message = process + ": cwd: \"relative\" is not an absolute path";
    EXPECT_EQ(r.err, "nsctl oci: " + message + "\n");
    EXPECT_NE(slurp(log).find("cwd: \\\"relative\\\" is not an absolute path"), std::string::npos)
        << slurp(log);
    // Killing the container ends the detached process with it (its PID namespace ends). It is
    // ours to reap: it outlived nsctl, whose parent we are, and we are a subreaper (as
    // containerd's shim is).
    EXPECT_EQ(oci({"kill", "e2", "KILL"}).status, 0);
    int wstatus = 0;
    EXPECT_EQ(waitpid(pid, &wstatus, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL) << wstatus;
    EXPECT_TRUE(eventually([&] { return status("e2") == "stopped"; }));
    r = oci({"exec", "e2", "true"});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "nsctl oci: cannot exec in container e2: it is stopped\n");
    EXPECT_EQ(oci({"delete", "e2"}).status, 0);
    expect_gone("e2");
}

TEST_F(OciExec, CapabilitiesAndNoNewPrivs) {
    oci::Spec s = spec({"sleep", "1000"});
    oci::Capabilities caps;
    caps.bounding = caps.effective = caps.permitted = {"CAP_KILL"};
    s.process->capabilities = caps;
    s.process->no_new_privileges = false;
    write_config(s);
    ASSERT_EQ(oci({"run", "-d", "-b", bundle(), "e3"}).status, 0);
    auto lines = [&](const Args& options) {
        Args args = {"exec"};
        args.insert(args.end(), options.begin(), options.end());
        for (const char* a : {"e3", "sh", "-c", "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status"})
            args.emplace_back(a);
        RunResult r = oci(args);
        EXPECT_EQ(r.status, 0) << r.err;
        return r.out;
    };
    // CAP_KILL is 5; CAP_NET_RAW is 13.
    EXPECT_EQ(lines({}), "CapEff:\t0000000000000020\nNoNewPrivs:\t0\n");
    EXPECT_EQ(lines({"--cap", "CAP_NET_RAW", "--no-new-privs"}),
              "CapEff:\t0000000000002020\nNoNewPrivs:\t1\n");
    EXPECT_EQ(lines({"-c", "net_raw"}), "CapEff:\t0000000000002020\nNoNewPrivs:\t0\n");
    EXPECT_EQ(oci({"delete", "--force", "e3"}).status, 0);
}

TEST_F(OciExec, RootlessAsNobody) {
    if (getuid() != 0) GTEST_SKIP() << "as_nobody needs root";
    ASSERT_EQ(chown(dir_.path().c_str(), 65534, 65534), 0);
    start_sleeper("n1", true);
    RunResult r = as_nobody({"exec", "n1", "sh", "-c",
                             "{ id -u; readlink /proc/self/ns/pid; } > /out/rootless; exit 4"});
    EXPECT_EQ(r.status, 4) << r.err;
    EXPECT_EQ(slurp(out() + "/rootless"), "0\n" + slurp(out() + "/pidns"));
    EXPECT_EQ(as_nobody({"delete", "--force", "n1"}).status, 0);
}

TEST_F(OciExec, BadInputsStartNothing) {
    start_sleeper("e4");
    std::string process = dir_.at("p.json");
    write_file(process, R"({"args": ["true"], "cwd": "/"})");
    struct Case {
        Args args;
        std::string message;
        bool usage = false;  // a command line error: the usage hint follows
    };
    const Case cases[] = {
        {{"exec", "e4"}, "exec: a command (or --process FILE) is required"},
        {{"exec"}, "exec: a container id is required", true},
        {{"exec", "nope", "true"}, "container nope does not exist"},
        {{"exec", "-p", process, "e4", "true"},
         "exec: --process " + process + " and a command: the process file names its command"},
        {{"exec", "-p", dir_.at("missing"), "e4"},
         "--process " + dir_.at("missing") + ": No such file or directory"},
        {{"exec", "--cwd", "tmp", "e4", "true"}, "--cwd tmp: an absolute path expected"},
        {{"exec", "-e", "NOVALUE", "e4", "true"}, "--env NOVALUE: NAME=VALUE expected"},
        {{"exec", "-u", "root", "e4", "true"}, "--user root: UID[:GID] expected, as numbers"},
        {{"exec", "-u", "1:", "e4", "true"}, "--user 1:: UID[:GID] expected, as numbers"},
        {{"exec", "-g", "x", "e4", "true"}, "--additional-gids x: a group id expected, a number"},
        {{"exec", "--cap", "CAP_NOPE", "e4", "true"}, "--cap CAP_NOPE: no such capability"},
        {{"exec", "--console-socket", "/tmp/s", "e4", "true"},
         "--console-socket /tmp/s: process.terminal is false"},
        {{"exec", "-t", "-d", "e4", "true"},
         "process.terminal: the terminal's master needs a --console-socket to go to"},
        {{"exec", "--cgroup", "x", "e4", "true"},
         "exec: --cgroup: choosing a cgroup is not supported yet",
         true},
        {{"exec", "--bundle", "x", "e4", "true"}, "exec: unknown option '--bundle'", true},
        {{"exec", "-x", "e4", "true"}, "exec: unknown option '-x'", true},
    };
    for (const Case& c : cases) {
        RunResult r = oci(c.args);
        EXPECT_EQ(r.status, 1) << c.message;
        std::string usage = c.usage ? "Try 'nsctl oci --help' for more information.\n" : "";
        EXPECT_EQ(r.err, "nsctl oci: " + c.message + "\n" + usage);
    }
    // Nothing was started beside the container's process.
    RunResult r = oci({"exec", "e4", "ls", "-1", "/proc"});
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream names(r.out);
    int pids = 0;
    for (std::string name; std::getline(names, name);)
        pids += !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
    EXPECT_EQ(pids, 2) << r.out;  // its PID 1 and this ls
    EXPECT_EQ(oci({"delete", "--force", "e4"}).status, 0);
}

}  // namespace
}  // namespace nsctl::test
