// SPDX-License-Identifier: GPL-2.0-or-later
// What runs in a node once its links exist: sysctls, exec lines (an `ip` line nsctl takes runs
// in this process; any other line is `sh -c LINE` in the node's namespaces) and cmd, a program
// left running in a session of its own with its output in STATE_DIR/LAB/NODE.log.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "lab/deploy_impl.h"
#include "lab/node_exec.h"
#include "lab/node_ns.h"
#include "net/netns_exec.h"
#include "ns/procfs.h"
#include "sandbox/registry.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/process.h"

extern char** environ;

namespace nsctl::lab::impl {
namespace {

// `env K=V ... sh -c LINE`: the node's env for one program, without touching ours.
std::vector<std::string> shell_argv(const PlanNode& node, const std::string& line) {
    std::vector<std::string> argv;
    if (!node.env.empty()) {
        argv.emplace_back("env");
        for (const auto& [k, v] : node.env) argv.push_back(k + "=" + v);
    }
    argv.insert(argv.end(), {"sh", "-c", line});
    return argv;
}

Result<void> run_exec_line(const PlanNode& node, const std::string& line,
                           const DeployOptions& options, Namespaces& ns, int uts_fd) {
    std::string what = node.name + ": exec \"" + line + "\"";
    std::vector<std::string> words = split_words(line);
    std::optional<int> code;
    if (options.ip && !words.empty() && words[0] == "ip") {
        words.erase(words.begin());
        code = options.ip(node.netns, words);
    }
    if (!code && node.kind == NodeKind::kHost)
        code = NSCTL_TRY(run_on_host(shell_argv(node, line)));
    if (!code && !node.image.empty()) {
        // In the sandbox, which has the node's env already.
        code = NSCTL_TRY(
            run_on_host({options.paths.nsctl, "exec", node.netns, "--", "sh", "-c", line}));
    }
    if (!code) {
        net::NetnsExecOptions o;
        o.uts_fd = uts_fd;
        auto r = net::netns_exec(ns.registry(), node.netns, shell_argv(node, line), o);
        if (!r) return Error{r.error().code, what + ": " + r.error().context};
        code = r->exit_code;
    }
    if (*code != 0) return Error{0, what + " exited with " + std::to_string(*code)};
    return {};
}

Result<void> start_cmd(const PlanNode& node, const LabPlan& plan, const DeployOptions& options,
                       Namespaces& ns, int uts_fd, pid_t* pid, std::string* starttime) {
    std::string log = options.paths.log_file(plan.name, node.name);
    UniqueFd out = NSCTL_TRY(sys::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600));
    net::NetnsExecOptions o;
    o.uts_fd = uts_fd;
    o.stdio_fd = out.get();
    auto started = net::netns_start(ns.registry(), node.netns, shell_argv(node, node.cmd), o);
    if (!started) {
        (void)sys::unlinkat(AT_FDCWD, log.c_str(), 0);
        return Error{started.error().code, node.name + ": cmd: " + started.error().context};
    }
    *pid = started->release();
    *starttime = ns::process_starttime(*pid);
    return {};
}

}  // namespace

std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ' || line[i] == '\t') {
            ++i;
            continue;
        }
        std::string word;
        if (line[i] == '"' || line[i] == '\'') {
            size_t end = line.find(line[i], i + 1);
            if (end == std::string::npos) return {};
            word = line.substr(i + 1, end - i - 1);
            i = end + 1;
        } else {
            size_t end = line.find_first_of(" \t", i);
            if (end == std::string::npos) end = line.size();
            word = line.substr(i, end - i);
            i = end;
        }
        words.push_back(std::move(word));
    }
    return words;
}

Result<void> write_sysctls(const PlanNode& node, Namespaces& ns, StringMap* later) {
    if (node.sysctls.empty()) return {};
    int nsfd = NSCTL_TRY(ns.fd(node.netns));
    for (const auto& [key, value] : node.sysctls) {
        auto set = write_sysctl(nsfd, key, value);
        if (!set && later && set.error().code == ENOENT) {
            later->emplace_back(key, value);  // an interface's, before the interface exists
            continue;
        }
        if (!set) return Error{set.error().code, node.name + ": " + set.error().context};
    }
    return {};
}

Result<void> start_sandbox(const PlanNode& node, const LabPaths& paths) {
    std::vector<std::string> argv{paths.nsctl,  "run",
                                  "--name",     node.netns,
                                  "--detach",   "--netns",
                                  node.netns,   "--rootfs",
                                  node.image,   "--overlay",
                                  "--hostname", node.name,
                                  "--cap-add",  "cap_net_admin,cap_net_raw"};
    for (const auto& [k, v] : node.env) argv.insert(argv.end(), {"--env", k + "=" + v});
    for (const std::string& b : node.binds) {
        // SRC:DST[:ro|rw]: nsctl run's --bind SRC:DST, or --ro-bind for ro.
        size_t second = b.find(':', b.find(':') + 1);
        std::string options = second == std::string::npos ? "" : b.substr(second + 1);
        std::string bind = b.substr(0, second);
        argv.insert(argv.end(), {options == "ro" ? "--ro-bind" : "--bind", bind});
    }
    argv.insert(argv.end(), {"--", "sh", "-c", node.cmd.empty() ? "sleep infinity" : node.cmd});
    int code = NSCTL_TRY(run_on_host(argv));
    if (code != 0)
        return Error{0, node.name + ": image " + node.image + ": nsctl run exited with " +
                            std::to_string(code)};
    return {};
}

Result<void> remove_sandbox(const std::string& name, const LabPaths& paths) {
    if (!sandbox::Registry().find(name)) return {};  // gone already
    int code = NSCTL_TRY(run_on_host({paths.nsctl, "rm", "--force", name}));
    if (code != 0)
        return Error{0, "nsctl rm --force " + name + " exited with " + std::to_string(code)};
    return {};
}

Result<void> setup_node(const PlanNode& node, const LabPlan& plan, const DeployOptions& options,
                        Namespaces& ns, pid_t* cmd_pid, std::string* starttime) {
    UniqueFd uts;
    if (node.kind == NodeKind::kLinux && node.image.empty()) {
        std::string file = options.paths.uts_file(plan.name, node.name);
        uts = NSCTL_TRY(sys::open(file.c_str(), O_RDONLY));
    }
    for (const auto& line : node.exec) {
        if (options.progress) options.progress(node.name + ": " + line);
        NSCTL_TRY(run_exec_line(node, line, options, ns, uts.get()));
    }
    if (!node.cmd.empty() && node.kind == NodeKind::kLinux && node.image.empty())
        NSCTL_TRY(start_cmd(node, plan, options, ns, uts.get(), cmd_pid, starttime));
    return {};
}

void stop_cmd(pid_t pid, const std::string& starttime) {
    if (pid <= 0 || !ns::process_alive(pid, starttime)) return;
    // Its session's process group: what the shell started goes too.
    (void)sys::kill(-pid, SIGTERM);
    for (int i = 0; i < 100 && ns::process_alive(pid, starttime); ++i) {
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, nullptr);
    }
    if (ns::process_alive(pid, starttime)) (void)sys::kill(-pid, SIGKILL);
}

}  // namespace nsctl::lab::impl

namespace nsctl::lab {

Result<int> run_on_host(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    if (int e = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ))
        return Error{e, args[0]};
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return Error{errno, "waitpid"};
    return sys::exit_code_of(status);
}

Result<int> exec_in_node(const LabState& state, const NodeState& node, const LabPaths& paths,
                         const std::vector<std::string>& argv) {
    if (node.kind == NodeKind::kBridge)
        return Error{0, node.name + ": a bridge node runs no commands"};
    if (node.kind == NodeKind::kHost) return run_on_host(argv);
    if (!node.sandbox.empty()) {
        std::vector<std::string> in_sandbox{paths.nsctl, "exec", node.sandbox, "--"};
        in_sandbox.insert(in_sandbox.end(), argv.begin(), argv.end());
        return run_on_host(in_sandbox);
    }
    net::NetnsRegistry registry(paths.netns_dir);
    UniqueFd uts;
    if (node.uts) {
        std::string file = paths.uts_file(state.name, node.name);
        uts = NSCTL_TRY(sys::open(file.c_str(), O_RDONLY));
    }
    net::NetnsExecOptions options;
    options.uts_fd = uts.get();
    auto r = NSCTL_TRY(net::netns_exec(registry, node.netns, argv, options));
    if (r.exec_errno) return Error{r.exec_errno, argv[0]};
    return r.exit_code;
}

}  // namespace nsctl::lab
