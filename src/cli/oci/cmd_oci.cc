// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl oci (and nsctl-runtime): an OCI runtime front end with runc's command line (issue 11).
// One library call per verb (src/lib/oci); this file reads the options, runs the verb (here, in
// cmd_oci_life.cc or cmd_oci_exec.cc) and prints. Verbs that nsctl does not have yet are refused.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/oci/oci_options.h"
#include "cli/oci/oci_verbs.h"
#include "oci/config.h"
#include "oci/container.h"
#include "oci/default_spec.h"
#include "oci/features.h"
#include "oci/spec.h"
#include "oci/state.h"

namespace nsctl::cli {
namespace {

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
        return oci_fail(prog, o.global, path + " exists: remove it first, it is never replaced");
    if (!made) return oci_fail(prog, o.global, made.error().message());
    return 0;
}

int state(const std::string& prog, const OciOptions& o) {
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto s = oci::container_state(*root, o.id);
    if (!s) return oci_fail(prog, o.global, oci_message_of(s.error()));
    auto text = oci::format_state(*s);
    if (!text) return oci_fail(prog, o.global, text.error().context);
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
    auto root = oci_state_dir(o.global);
    if (!root) return oci_fail(prog, o.global, root.error().context);
    auto states = oci::list_containers(*root);
    if (!states) return oci_fail(prog, o.global, states.error().message());
    if (o.quiet) {
        std::string ids;
        for (const auto& s : *states) ids += s.id + "\n";
        return print_stdout(prog, ids);
    }
    if (!o.json) return print_stdout(prog, list_table(*states));
    std::string out = "[";
    for (size_t i = 0; i < states->size(); ++i) {
        auto one = oci::format_state((*states)[i]);
        if (!one) return oci_fail(prog, o.global, one.error().context);
        one->pop_back();  // its newline
        out += (i ? ",\n" : "\n") + *one;
    }
    return print_stdout(prog, out + (states->empty() ? "]\n" : "\n]\n"));
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
            return oci_create(prog, o);
        case OciVerb::kStart:
            return oci_start(prog, o);
        case OciVerb::kRun:
            return oci_run(prog, o);
        case OciVerb::kKill:
            return oci_kill(prog, o);
        case OciVerb::kDelete:
            return oci_delete(prog, o);
        case OciVerb::kExec:
            return oci_exec(prog, o);
        case OciVerb::kPs:
            return oci_ps(prog, o);
        case OciVerb::kNotImplemented:
            return oci_fail(prog, o.global, o.verb_name + ": not implemented yet");
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
