// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci (and nsctl-runtime): an OCI runtime front end with runc's command line (issue 11).
// One library call per verb (src/lib/oci); this file reads the options and prints. Verbs that
// make or touch containers are refused until the sandbox library runs them.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/oci/oci_options.h"
#include "cli/unshare_options.h"
#include "oci/config.h"
#include "oci/container.h"
#include "oci/default_spec.h"
#include "oci/features.h"
#include "oci/log.h"
#include "oci/spec.h"
#include "oci/state.h"
#include "sandbox/supervise.h"
#include "sys/process.h"

namespace nsctl::cli {
namespace {

// "PROG: MESSAGE" on stderr and, with --log, a line in the log file; returns 1.
int fail(const std::string& prog, const OciGlobal& g, const std::string& message) {
    warnx(prog, message);
    if (!g.log.empty()) {
        if (FILE* f = std::fopen(g.log.c_str(), "ae")) {
            std::string line = oci::log_line(g.log_format, "error", message, std::time(nullptr));
            std::fputs(line.c_str(), f);
            std::fclose(f);
        }
    }
    return 1;
}

// The message of a failed operation: the context alone where it says all (code 0, a missing
// container, a bad id), else with the errno's words.
std::string message_of(const Error& e) {
    bool plain = e.code == 0 || e.context.starts_with("container ");
    return plain ? e.context : e.message();
}

int spec(const std::string& prog, const OciOptions& o) {
    oci::DefaultSpecOptions d;
    if (o.rootless) {
        d.mode = oci::SpecMode::kRootless;
        d.uid = geteuid();
        d.gid = getegid();
    }
    std::string path = (o.bundle.empty() ? std::string(".") : o.bundle) + "/config.json";
    auto made = oci::create_config_file(path, oci::default_spec(d));
    if (!made && made.error().code == EEXIST)
        return fail(prog, o.global, path + " exists: remove it first, it is never replaced");
    if (!made) return fail(prog, o.global, made.error().message());
    return 0;
}

Result<std::string> state_dir(const OciGlobal& g) {
    return oci::state_root(g.root, geteuid(), std::getenv("XDG_RUNTIME_DIR"));
}

int state(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    auto s = oci::container_state(*root, o.id);
    if (!s) return fail(prog, o.global, message_of(s.error()));
    auto text = oci::format_state(*s);
    if (!text) return fail(prog, o.global, text.error().context);
    return print_stdout(prog, *text);
}

std::string list_table(const std::vector<oci::State>& states) {
    std::vector<std::vector<std::string>> rows = {{"ID", "PID", "STATUS", "BUNDLE"}};
    for (const auto& s : states)
        rows.push_back(
            {s.id, std::to_string(s.pid), std::string(oci::status_name(s.status)), s.bundle});
    std::vector<size_t> width(4, 0);
    for (const auto& r : rows)
        for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    std::string out;
    for (const auto& r : rows) {
        for (size_t i = 0; i < r.size(); ++i) {
            out += r[i];
            if (i + 1 < r.size()) out += std::string(width[i] - r[i].size() + 3, ' ');
        }
        out += '\n';
    }
    return out;
}

int list(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    auto states = oci::list_containers(*root);
    if (!states) return fail(prog, o.global, states.error().message());
    if (o.quiet) {
        std::string ids;
        for (const auto& s : *states) ids += s.id + "\n";
        return print_stdout(prog, ids);
    }
    if (!o.json) return print_stdout(prog, list_table(*states));
    std::string out = "[";
    for (size_t i = 0; i < states->size(); ++i) {
        auto one = oci::format_state((*states)[i]);
        if (!one) return fail(prog, o.global, one.error().context);
        one->pop_back();  // its newline
        out += (i ? ",\n" : "\n") + *one;
    }
    return print_stdout(prog, out + (states->empty() ? "]\n" : "\n]\n"));
}

// A line of --log (or stderr without it) at level warning.
void warn(const std::string& prog, const OciGlobal& g, const std::string& message) {
    if (g.log.empty()) {
        warnx(prog, "warning: " + message);
        return;
    }
    if (FILE* f = std::fopen(g.log.c_str(), "ae")) {
        std::string line = oci::log_line(g.log_format, "warning", message, std::time(nullptr));
        std::fputs(line.c_str(), f);
        std::fclose(f);
    }
}

Result<oci::CreatedContainer> create_of(const std::string& root, const OciOptions& o) {
    if (!o.console_socket.empty())
        return Error{0, o.verb_name + ": --console-socket: terminals are not supported yet"};
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
    q.caller = {geteuid(), getegid()};
    return oci::create_container(q);
}

int create(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    if (o.no_pivot) warn(prog, o.global, "--no-pivot: ignored, the root is always pivoted");
    auto made = create_of(*root, o);
    if (!made) return fail(prog, o.global, message_of(made.error()));
    for (const auto& w : made->warnings) warn(prog, o.global, w);
    made->process.release();  // it outlives us, waiting for start
    return 0;
}

int start(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    auto started = oci::start_container(*root, o.id);
    if (!started) return fail(prog, o.global, message_of(started.error()));
    return 0;
}

int kill(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    std::optional<int> sig;
    if (auto n = parse_i32(o.signal); n && *n > 0 && *n <= SIGRTMAX)
        sig = *n;
    else
        sig = signal_from_name(o.signal.c_str());
    if (!sig) return fail(prog, o.global, "kill: unknown signal " + o.signal);
    auto sent = oci::kill_container(*root, o.id, *sig, o.all);
    if (!sent) return fail(prog, o.global, message_of(sent.error()));
    return 0;
}

int remove(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    auto gone = oci::delete_container(*root, o.id, o.force);
    if (!gone) return fail(prog, o.global, message_of(gone.error()));
    return 0;
}

// create, start, and (without --detach) wait for the process, passing signals on, then delete:
// the exit code is the process's.
int run(const std::string& prog, const OciOptions& o) {
    auto root = state_dir(o.global);
    if (!root) return fail(prog, o.global, root.error().context);
    if (o.no_pivot) warn(prog, o.global, "--no-pivot: ignored, the root is always pivoted");
    auto made = create_of(*root, o);
    if (!made) return fail(prog, o.global, message_of(made.error()));
    for (const auto& w : made->warnings) warn(prog, o.global, w);
    sandbox::BlockedSignals signals(sandbox::BlockedSignals::Terminal::kNo);
    if (auto started = oci::start_container(*root, o.id); !started) {
        made->process = {};  // killed and reaped
        (void)oci::delete_container(*root, o.id, true);
        return fail(prog, o.global, message_of(started.error()));
    }
    if (o.detach) {
        made->process.release();
        return 0;
    }
    sandbox::Deadline none(std::nullopt, 0);
    auto status = sandbox::wait_forwarding(made->process, signals.set(), none);
    auto gone = oci::delete_container(*root, o.id, true);
    if (!status) return fail(prog, o.global, message_of(status.error()));
    if (!gone) return fail(prog, o.global, message_of(gone.error()));
    return sys::exit_code_of(*status);
}

int run_verb(const std::string& prog, const OciOptions& o) {
    if (o.help) return print_stdout(prog, oci_verb_usage(prog, o.verb));
    switch (o.verb) {
        case OciVerb::kHelp:
            return print_stdout(prog, oci_usage(prog));
        case OciVerb::kVersion:
            return print_stdout(prog, prog + " version " NSCTL_VERSION "\nspec: " +
                                          std::string(oci::kOciVersion) + "\n");
        case OciVerb::kSpec:
            return spec(prog, o);
        case OciVerb::kFeatures:
            return print_stdout(prog, oci::features_json());
        case OciVerb::kState:
            return state(prog, o);
        case OciVerb::kList:
            return list(prog, o);
        case OciVerb::kCreate:
            return create(prog, o);
        case OciVerb::kStart:
            return start(prog, o);
        case OciVerb::kRun:
            return run(prog, o);
        case OciVerb::kKill:
            return kill(prog, o);
        case OciVerb::kDelete:
            return remove(prog, o);
        case OciVerb::kNotImplemented:
            return fail(prog, o.global, o.verb_name + ": not implemented yet");
    }
    return 1;
}

}  // namespace

int cmd_oci(int argc, char** argv) {
    load_locale();
    one_line_messages();
    // "nsctl oci" from main's dispatch, or the personality's own name (nsctl-runtime).
    std::string prog = argv[0];
    if (size_t slash = prog.rfind('/'); slash != std::string::npos) prog.erase(0, slash + 1);
    std::vector<std::string> args(argv, argv + argc);
    auto o = parse_oci_options(args);
    if (!o) {
        warnx(prog, o.error().context);
        std::fprintf(stderr, "Try '%s --help' for more information.\n", prog.c_str());
        return 1;
    }
    if (o->no_verb) {
        std::fputs(oci_usage(prog).c_str(), stderr);
        return 1;
    }
    return run_verb(prog, *o);
}

}  // namespace nsctl::cli
