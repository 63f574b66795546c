// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci exec and ps: processes beside a container's own.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "cli/commands.h"
#include "cli/oci/oci_verbs.h"
#include "oci/config.h"
#include "oci/container.h"
#include "oci/exec_process.h"
#include "sandbox/pty_relay.h"
#include "sandbox/supervise.h"
#include "sys/child_io.h"
#include "sys/fd.h"
#include "sys/process.h"

namespace nsctl::cli {
namespace {

// The process exec starts: --process FILE, or the container's own with the command.
Result<oci::Process> exec_process(const std::string& root, const OciOptions& o) {
    oci::Process p;
    if (!o.process_file.empty()) {
        if (!o.exec.args.empty())
            return Error{0, "exec: --process " + o.process_file +
                                " and a command: the process file names its command"};
        auto text = sys::read_file(o.process_file.c_str());
        if (!text) return Error{text.error().code, "--process " + o.process_file};
        p = NSCTL_TRY(oci::parse_process_file(*text, o.process_file));
    } else {
        if (o.exec.args.empty()) return Error{0, "exec: a command (or --process FILE) is required"};
        p = NSCTL_TRY(oci::container_process(root, o.id));
    }
    NSCTL_TRY(oci::apply_exec_changes(p, o.exec));
    return p;
}

// The exit code of exec once the process is started (or not): its own without --detach.
int started_and_waited(const std::string& prog, const OciOptions& o,
                       Result<oci::ExecStarted, sandbox::RunFailure> started,
                       const sandbox::BlockedSignals& signals) {
    if (!started) {
        oci_fail(prog, o.global, oci_message_of(started.error().error));
        int code = started.error().exit_code;
        return code == 126 || code == 127 ? code : 1;
    }
    for (const auto& w : started->warnings) oci_warn(prog, o.global, w);
    if (o.detach) {
        started->process.release();  // our caller (containerd's shim, a subreaper) reaps it
        return 0;
    }
    sandbox::Deadline none(std::nullopt, 0);
    auto status =
        started->master.valid()
            ? sandbox::relay_terminal(started->process, started->master.get(), signals.set(), none)
            : sandbox::wait_forwarding(started->process, signals.set(), none);
    if (!status) return oci_fail(prog, o.global, oci_message_of(status.error()));
    return sys::exit_code_of(*status);
}

}  // namespace

// Another process in a container: started, then (without --detach) waited for, passing
// signals on: the exit code is its own.
int oci_exec(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto process = exec_process(*root, o);
    if (!process) return oci_fail(prog, o.global, oci_message_of(process.error()));
    oci::ExecRequest q;
    q.root = *root;
    q.id = o.id;
    q.process = std::move(*process);
    q.pid_file = o.pid_file;
    q.preserve_fds = o.preserve_fds;
    q.console_socket = o.console_socket;
    q.may_keep_terminal = !o.detach;  // relayed here
    q.caller = {geteuid(), getegid()};
    oci_open_log(o.global);  // before the container's mount namespace is entered
    sandbox::BlockedSignals signals(q.process.terminal ? sandbox::BlockedSignals::Terminal::kYes
                                                       : sandbox::BlockedSignals::Terminal::kNo);
    std::fflush(nullptr);
    int code = started_and_waited(prog, o, oci::exec_in_container(q, signals.old()), signals);
    // This process is in the container's namespaces now: end without at-exit work, as nsctl exec
    // does (a sanitizer's leak check would look for our threads in the container's /proc).
    std::fflush(nullptr);
    sys::raw::exit(code);
}

int oci_ps(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto pids = oci::container_processes(*root, o.id);
    if (!pids) return oci_fail(prog, o.global, oci_message_of(pids.error()));
    std::string out;
    if (o.json) {
        for (pid_t pid : *pids) out += (out.empty() ? "[" : ",") + std::to_string(pid);
        return print_stdout(prog, (out.empty() ? "[" : out) + "]\n");
    }
    out = "PID     CMD\n";
    for (pid_t pid : *pids) {
        std::string cmd =
            sys::read_file_or_empty(("/proc/" + std::to_string(pid) + "/cmdline").c_str());
        while (!cmd.empty() && cmd.back() == '\0') cmd.pop_back();
        std::replace(cmd.begin(), cmd.end(), '\0', ' ');
        std::string id = std::to_string(pid);
        out += id + std::string(id.size() < 8 ? 8 - id.size() : 1, ' ') + cmd + "\n";
    }
    return print_stdout(prog, out);
}

}  // namespace nsctl::cli
