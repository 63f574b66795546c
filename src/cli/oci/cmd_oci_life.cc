// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci create, start, run, kill and delete: the life of a container (oci/container.h).
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <string>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/oci/oci_verbs.h"
#include "cli/unshare_options.h"
#include "oci/container.h"
#include "sandbox/pty_relay.h"
#include "sandbox/supervise.h"
#include "sys/process.h"

namespace nsctl::cli {
namespace {

// The container of create and run, its warnings told; an error is the caller's to tell.
Result<oci::CreatedContainer> create_of(const std::string& prog, const std::string& root,
                                        const OciOptions& o) {
    if (o.no_pivot) oci_warn(prog, o.global, "--no-pivot: ignored, the root is always pivoted");
    oci::CreateRequest q;
    q.root = root;
    q.id = o.id;
    std::string bundle = o.bundle.empty() ? "." : o.bundle;
    char* real = realpath(bundle.c_str(), nullptr);
    if (real == nullptr) return Error{errno, "bundle " + bundle};
    q.bundle = real;
    std::free(real);
    q.pid_file = o.pid_file;
    q.preserve_fds = o.preserve_fds;
    q.console_socket = o.console_socket;
    q.may_keep_terminal = o.verb == OciVerb::kRun && !o.detach;  // run relays it
    q.caller = {geteuid(), getegid()};
    auto made = oci::create_container(q);
    if (made)
        for (const auto& w : made->warnings) oci_warn(prog, o.global, w);
    return made;
}

}  // namespace

int oci_create(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto made = create_of(prog, *root, o);
    if (!made) return oci_fail(prog, o.global, oci_message_of(made.error()));
    made->process.release();  // it outlives us, waiting for start
    return 0;
}

int oci_start(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto started = oci::start_container(*root, o.id);
    if (!started) return oci_fail(prog, o.global, oci_message_of(started.error()));
    return 0;
}

int oci_kill(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    std::optional<int> sig;
    if (auto n = parse_i32(o.signal); n && *n > 0 && *n <= SIGRTMAX)
        sig = *n;
    else
        sig = signal_from_name(o.signal.c_str());
    if (!sig) return oci_fail(prog, o.global, "kill: unknown signal " + o.signal);
    auto sent = oci::kill_container(*root, o.id, *sig, o.all);
    if (!sent) return oci_fail(prog, o.global, oci_message_of(sent.error()));
    return 0;
}

int oci_delete(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto gone = oci::delete_container(*root, o.id, o.force);
    if (!gone) return oci_fail(prog, o.global, oci_message_of(gone.error()));
    return 0;
}

// create, start, and (without --detach) wait for the process, passing signals on, then delete:
// the exit code is the process's.
int oci_run(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto made = create_of(prog, *root, o);
    if (!made) return oci_fail(prog, o.global, oci_message_of(made.error()));
    bool tty = made->master.valid();
    sandbox::BlockedSignals signals(tty ? sandbox::BlockedSignals::Terminal::kYes
                                        : sandbox::BlockedSignals::Terminal::kNo);
    if (auto started = oci::start_container(*root, o.id); !started) {
        made->process = {};  // killed and reaped
        (void)oci::delete_container(*root, o.id, true);
        return oci_fail(prog, o.global, oci_message_of(started.error()));
    }
    if (o.detach) {
        made->process.release();
        return 0;
    }
    sandbox::Deadline none(std::nullopt, 0);
    auto status =
        tty ? sandbox::relay_terminal(made->process, made->master.get(), signals.set(), none)
            : sandbox::wait_forwarding(made->process, signals.set(), none);
    auto gone = oci::delete_container(*root, o.id, true);
    if (!status) return oci_fail(prog, o.global, oci_message_of(status.error()));
    if (!gone) return oci_fail(prog, o.global, oci_message_of(gone.error()));
    return sys::exit_code_of(*status);
}

}  // namespace nsctl::cli
