// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/container.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "base/parse.h"
#include "ns/procfs.h"
#include "oci/config.h"
#include "sandbox/cgroup.h"
#include "sandbox/named.h"
#include "sandbox/run.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/proc_path.h"
#include "sys/process.h"
#include "sys/signals.h"
#include "sys/sockets.h"
#include "sys/tty.h"

namespace nsctl::oci {
namespace {

constexpr const char* kFifo = "exec.fifo";
constexpr const char* kRuntimeFile = "runtime";

std::string dir_of(const std::string& root, const std::string& id) { return root + "/" + id; }

// What the runtime keeps besides state.json: "starttime N" and a "cgroup PATH" line each.
struct RuntimeRecord {
    std::string starttime;
    std::vector<std::string> cgroups;
};

std::string format_record(const RuntimeRecord& r) {
    std::string out = "starttime " + r.starttime + "\n";
    for (const auto& c : r.cgroups) out += "cgroup " + c + "\n";
    return out;
}

RuntimeRecord parse_record(std::string_view text) {
    RuntimeRecord r;
    for (auto line : split(text, '\n')) {
        if (line.starts_with("starttime ")) r.starttime = std::string(line.substr(10));
        if (line.starts_with("cgroup ")) r.cgroups.emplace_back(line.substr(7));
    }
    return r;
}

RuntimeRecord load_record(const std::string& dir) {
    auto text = sys::read_file((dir + "/" + kRuntimeFile).c_str());
    return text ? parse_record(*text) : RuntimeRecord{};
}

// Removes the state directory and what is in it (files only: the runtime makes no others).
void remove_dir(const std::string& dir) {
    for (const char* f : {kFifo, kRuntimeFile, "state.json", "state.json.tmp", "runtime.tmp"})
        (void)sys::unlinkat(AT_FDCWD, (dir + "/" + f).c_str(), 0);
    (void)sys::rmdir(dir.c_str());
}

bool exists(const std::string& path) {
    return static_cast<bool>(sys::fstatat(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW));
}

// The status of a container from its process and its fifo.
ContainerStatus status_now(const std::string& dir, const State& s, const RuntimeRecord& r) {
    if (s.pid <= 0 || r.starttime.empty() || !ns::process_alive(s.pid, r.starttime))
        return ContainerStatus::kStopped;
    return exists(dir + "/" + kFifo) ? ContainerStatus::kCreated : ContainerStatus::kRunning;
}

// A pidfd of the container's process, checked against its start time after it is opened.
Result<UniqueFd> open_process(const State& s, const RuntimeRecord& r) {
    Error gone{0, "container " + s.id + " is not running"};
    if (s.pid <= 0) return gone;
    auto fd = sys::pidfd_open(s.pid, 0);
    if (!fd || !ns::process_alive(s.pid, r.starttime)) return gone;
    return std::move(*fd);
}

// The processes of the container besides its first: those in its PID namespace, or (sharing
// ours) none that can be told apart, so the first alone.
std::vector<pid_t> processes_of(pid_t first) {
    std::vector<pid_t> pids = {first};
    auto own = sys::fstatat(AT_FDCWD, "/proc/self/ns/pid", 0);
    auto theirs = sys::fstatat(AT_FDCWD, sys::proc_path(first, "ns/pid").c_str(), 0);
    if (!own || !theirs || own->st_ino == theirs->st_ino) return pids;
    auto proc = sys::open("/proc", O_RDONLY | O_DIRECTORY);
    if (!proc) return pids;
    (void)sys::for_each_dirent(proc->get(), [&](const char* name) {
        auto pid = parse_pid(name);
        if (!pid || *pid == first) return;
        auto st = sys::fstatat(AT_FDCWD, sys::proc_path(*pid, "ns/pid").c_str(), 0);
        if (st && st->st_ino == theirs->st_ino && st->st_dev == theirs->st_dev)
            pids.push_back(*pid);
    });
    return pids;
}

// The console socket of a process (connected now, while paths are the caller's), or none; what
// runc's callers may not combine is refused.
Result<UniqueFd> console_for(const Process& p, const std::string& socket, bool may_keep) {
    if (!socket.empty() && !p.terminal)
        return Error{0, "--console-socket " + socket + ": process.terminal is false"};
    if (p.terminal && socket.empty() && !may_keep)
        return Error{0,
                     "process.terminal: the terminal's master needs a --console-socket to go to"};
    if (socket.empty()) return UniqueFd{};
    auto fd = sys::connect_unix(socket);
    if (!fd) return Error{fd.error().code, "--console-socket " + socket};
    return fd;
}

// Sends master to the console socket, named after its terminal as runc names it.
Result<void> send_console(int sock, int master) {
    auto n = sys::pty_number(master);
    std::string name = n ? "/dev/pts/" + std::to_string(*n) : std::string("/dev/ptmx");
    auto sent = sys::send_fd_named(sock, master, name);
    if (!sent) return Error{sent.error().code, "sending the terminal to --console-socket"};
    return {};
}

// exec's --pid-file: its directory, opened while paths are the caller's, and its name there.
struct PidFile {
    UniqueFd dir;
    std::string name;
};

Result<PidFile> open_pid_file_dir(const std::string& path) {
    PidFile f;
    if (path.empty()) return f;
    auto slash = path.rfind('/');
    std::string parent = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    f.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (f.name.empty()) return Error{EISDIR, "--pid-file " + path};
    f.dir = NSCTL_TRY(sys::open(parent.c_str(), O_PATH | O_DIRECTORY));
    return f;
}

// Our own oom_score_adj, which the process we start inherits (fork(2) passes it on).
Result<void> set_own_oom_score_adj(int32_t adj) {
    std::string value = std::to_string(adj);
    auto fd = sys::open("/proc/self/oom_score_adj", O_WRONLY);
    if (!fd) return Error{fd.error().code, "process.oomScoreAdj: /proc/self/oom_score_adj"};
    if (auto w = sys::write(fd->get(), value.data(), value.size()); !w)
        return Error{w.error().code, "process.oomScoreAdj " + value};
    return {};
}

Result<Spec> read_config(const std::string& bundle) {
    std::string file = bundle + "/config.json";
    auto text = sys::read_file(file.c_str());
    if (!text) return Error{text.error().code, "cannot read " + file};
    return parse_config(*text, file);
}

// The message of a failed sandbox setup: the step's words, and the hint when there is one.
Error setup_error(const sandbox::RunSpec& spec, const sandbox::RunFailure& f) {
    Error e = f.error;
    if (auto hint = sandbox::run_hint(spec, f)) e.context += " (" + *hint + ")";
    return e;
}

// Everything after the sandbox is made; on failure the caller kills it and removes the rest.
Result<void> record(const CreateRequest& q, const std::string& dir, pid_t pid, const SandboxSpec& s,
                    const Spec& config, const std::vector<std::string>& cgroups) {
    if (s.oom_score_adj) {
        std::string value = std::to_string(*s.oom_score_adj);
        std::string path = sys::proc_path(pid, "oom_score_adj");
        auto fd = sys::open(path.c_str(), O_WRONLY);
        if (!fd) return Error{fd.error().code, "process.oomScoreAdj: " + path};
        if (auto w = sys::write(fd->get(), value.data(), value.size()); !w)
            return Error{w.error().code, "process.oomScoreAdj: " + path};
    }
    RuntimeRecord r{ns::process_starttime(pid), cgroups};
    NSCTL_TRY(sys::replace_file(dir + "/" + kRuntimeFile, format_record(r), 0600));
    State st;
    st.oci_version = config.oci_version;
    st.id = q.id;
    st.status = ContainerStatus::kCreated;
    st.pid = pid;
    st.bundle = q.bundle;
    st.annotations = config.annotations;
    std::string text = NSCTL_TRY(format_state(st));
    NSCTL_TRY(sys::replace_file(dir + "/state.json", text, 0600));
    if (!q.pid_file.empty()) NSCTL_TRY(sys::replace_file(q.pid_file, std::to_string(pid), 0644));
    return {};
}

}  // namespace

Result<CreatedContainer> create_container(const CreateRequest& q) {
    NSCTL_TRY(validate_container_id(q.id));
    Spec config = NSCTL_TRY(read_config(q.bundle));
    SandboxSpec s = NSCTL_TRY(sandbox_spec(config, q.bundle, q.caller));
    UniqueFd console =
        NSCTL_TRY(console_for(*config.process, q.console_socket, q.may_keep_terminal));
    for (int fd = 3; fd < 3 + q.preserve_fds; ++fd) s.run.keep_fds.push_back(fd);
    // The state root and its parents (XDG_RUNTIME_DIR/nsctl), private to their owner.
    for (size_t slash = q.root.find('/', 1);; slash = q.root.find('/', slash + 1)) {
        std::string part = q.root.substr(0, slash);
        auto made = sys::mkdir(part.c_str(), 0700);
        if (!made && made.error().code != EEXIST)
            return Error{made.error().code, "state directory " + part};
        if (slash == std::string::npos) break;
    }
    std::string dir = dir_of(q.root, q.id);
    if (auto made = sys::mkdir(dir.c_str(), 0700); !made) {
        if (made.error().code == EEXIST) return Error{EEXIST, "container " + q.id + " exists"};
        return Error{made.error().code, "state directory " + dir};
    }
    struct Undo {
        std::string dir;
        ~Undo() {
            if (!dir.empty()) remove_dir(dir);
        }
    } undo{dir};
    std::string fifo = dir + "/" + kFifo;
    NSCTL_TRY(sys::mkfifo(fifo.c_str(), 0600));
    // Read and write: the process's read then blocks until start writes, and start's open for
    // writing finds a reader as long as the process lives.
    UniqueFd start_fd = NSCTL_TRY(sys::open(fifo.c_str(), O_RDWR));
    s.run.start_fd = start_fd.get();
    auto made = sandbox::create(s.run);
    if (!made) return setup_error(s.run, made.error());
    CreatedContainer c{std::move(made->process), std::move(s.warnings), std::move(made->master)};
    auto ok = record(q, dir, c.process.pid(), s, config, made->cgroups);
    if (ok && console.valid()) {
        ok = send_console(console.get(), c.master.get());
        c.master.reset();
    }
    if (!ok) {
        c.process = {};  // killed and reaped, before its cgroup goes
        sandbox::remove_cgroup_dirs(made->cgroups);
        return ok.error();
    }
    undo.dir.clear();
    return c;
}

Result<State> container_state(const std::string& root, const std::string& id) {
    State s = NSCTL_TRY(load_state(root, id));
    std::string dir = dir_of(root, id);
    s.status = status_now(dir, s, load_record(dir));
    return s;
}

Result<std::vector<State>> list_containers(const std::string& root) {
    auto states = NSCTL_TRY(list_states(root));
    for (State& s : states) {
        std::string dir = dir_of(root, s.id);
        s.status = status_now(dir, s, load_record(dir));
    }
    return states;
}

Result<void> start_container(const std::string& root, const std::string& id) {
    State s = NSCTL_TRY(container_state(root, id));
    if (s.status != ContainerStatus::kCreated)
        return Error{0, "cannot start container " + id + ": it is " +
                            std::string(status_name(s.status)) + ", not created"};
    std::string fifo = dir_of(root, id) + "/" + kFifo;
    // Not blocking: ENXIO when nobody reads any more (the process ended meanwhile).
    auto fd = sys::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (!fd && fd.error().code == ENXIO)
        return Error{0, "cannot start container " + id + ": its process has ended"};
    if (!fd) return fd.error();
    (void)sys::unlinkat(AT_FDCWD, fifo.c_str(), 0);  // started: no second start
    NSCTL_TRY(sys::write(fd->get(), "0", 1));
    s.status = ContainerStatus::kRunning;
    std::string text = NSCTL_TRY(format_state(s));
    return sys::replace_file(dir_of(root, id) + "/state.json", text, 0600);
}

Result<void> kill_container(const std::string& root, const std::string& id, int sig, bool all) {
    State s = NSCTL_TRY(load_state(root, id));
    RuntimeRecord r = load_record(dir_of(root, id));
    UniqueFd pidfd = NSCTL_TRY(open_process(s, r));
    NSCTL_TRY(sys::pidfd_send_signal(pidfd.get(), sig));
    if (!all) return {};
    for (pid_t pid : processes_of(s.pid)) {
        if (pid != s.pid) (void)sys::kill(pid, sig);  // gone meanwhile: nothing to signal
    }
    return {};
}

Result<std::vector<pid_t>> container_processes(const std::string& root, const std::string& id) {
    State s = NSCTL_TRY(load_state(root, id));
    RuntimeRecord r = load_record(dir_of(root, id));
    NSCTL_TRY(open_process(s, r));  // running or created
    auto pids = processes_of(s.pid);
    std::sort(pids.begin() + 1, pids.end());
    return pids;
}

Result<Process> container_process(const std::string& root, const std::string& id) {
    State s = NSCTL_TRY(load_state(root, id));
    Spec config = NSCTL_TRY(read_config(s.bundle));
    if (!config.process) return Error{0, s.bundle + "/config.json has no process"};
    return std::move(*config.process);
}

Result<ExecStarted, sandbox::RunFailure> exec_in_container(const ExecRequest& q,
                                                           const sigset_t& old_mask) {
    std::string dir = dir_of(q.root, q.id);
    State s = NSCTL_TRY(load_state(q.root, q.id));
    RuntimeRecord r = load_record(dir);
    if (status_now(dir, s, r) == ContainerStatus::kStopped)
        return Error{0, "cannot exec in container " + q.id + ": it is stopped"};
    SandboxSpec spec = NSCTL_TRY(process_spec(q.process, q.caller));
    // The container's seccomp filter holds for every process of it (its config as it is now);
    // what create said of it is not said again.
    Spec config = NSCTL_TRY(read_config(s.bundle));
    if (config.linux_ && config.linux_->seccomp) {
        SandboxSpec filtered;
        NSCTL_TRY(apply_seccomp(*config.linux_, filtered));
        spec.run.seccomp = filtered.run.seccomp;
        spec.run.seccomp_program = std::move(filtered.run.seccomp_program);
    }
    for (int fd = 3; fd < 3 + q.preserve_fds; ++fd) spec.run.keep_fds.push_back(fd);
    UniqueFd console = NSCTL_TRY(console_for(q.process, q.console_socket, q.may_keep_terminal));
    // What is reached by path is opened before the container's mount namespace is entered.
    PidFile pid_file = NSCTL_TRY(open_pid_file_dir(q.pid_file));
    if (spec.oom_score_adj) NSCTL_TRY(set_own_oom_score_adj(*spec.oom_score_adj));
    UniqueFd pidfd = NSCTL_TRY(open_process(s, r));
    // A process that is exiting has no namespaces left to enter.
    if (!sys::fstatat(AT_FDCWD, sys::proc_path(s.pid, "ns/mnt").c_str(), 0))
        return Error{0, "cannot exec in container " + q.id + ": its process is ending"};
    auto child = sandbox::start_beside(pidfd.get(), s.pid, r.cgroups, spec.run, old_mask);
    if (!child) {
        sandbox::RunFailure f = std::move(child.error());
        f.error = setup_error(spec.run, f);
        return f;
    }
    ExecStarted started{std::move(child->process), std::move(spec.warnings),
                        std::move(child->master)};
    if (console.valid()) {
        NSCTL_TRY(send_console(console.get(), started.master.get()));
        started.master.reset();
    }
    if (pid_file.dir.valid()) {
        std::string pid = std::to_string(started.process.pid());
        NSCTL_TRY(sys::replace_file_at(pid_file.dir.get(), pid_file.name, pid, 0644));
    }
    return started;
}

Result<void> delete_container(const std::string& root, const std::string& id, bool force) {
    auto loaded = load_state(root, id);
    std::string dir = dir_of(root, id);
    if (!loaded && loaded.error().code == ENOENT && force) {
        remove_dir(dir);  // a directory create left half made, if any
        return {};
    }
    State s = NSCTL_TRY(std::move(loaded));
    RuntimeRecord r = load_record(dir);
    ContainerStatus status = status_now(dir, s, r);
    if (status == ContainerStatus::kRunning && !force)
        return Error{
            0, "cannot delete container " + id + ": it is running (stop it first, or use --force)"};
    if (status != ContainerStatus::kStopped) {
        if (auto pidfd = open_process(s, r)) {
            NSCTL_TRY(sys::pidfd_send_signal(pidfd->get(), SIGKILL));
            // PID 1 of a PID namespace ends only once every process of it has been reaped: one
            // whose parent is outside (an exec'd process of a shim that does not reap) keeps it.
            auto ended = sys::wait_pidfd_exited(pidfd->get(), 10000);
            if (!ended && ended.error().code == ETIMEDOUT)
                return Error{0, "container " + id +
                                    " was killed but its process has not ended within 10 s: "
                                    "processes of its PID namespace that ended wait to be "
                                    "reaped by their parent; delete it again after that"};
            NSCTL_TRY(std::move(ended));
        }
    }
    sandbox::remove_cgroup_dirs(r.cgroups);
    remove_dir(dir);
    return {};
}

}  // namespace nsctl::oci
