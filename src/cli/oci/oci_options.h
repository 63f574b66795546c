// SPDX-License-Identifier: GPL-2.0-or-later
// The command line of `nsctl oci` (and of nsctl-runtime): runc's global options, a verb and its
// options, parsed into one struct.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "oci/exec_process.h"
#include "oci/log.h"

namespace nsctl::cli {

/// runc's global options. --systemd-cgroup, --debug and --rootless are taken and have no
/// effect (nsctl makes cgroups itself, below its own; a non-root caller is rootless).
struct OciGlobal {
    std::string root;  ///< --root DIR: the state directory
    std::string log;   ///< --log FILE: errors are appended there too
    oci::LogFormat log_format = oci::LogFormat::kText;
    bool systemd_cgroup = false;
    bool debug = false;
    std::string rootless;  ///< --rootless true|false|auto
};

enum class OciVerb {
    kHelp,
    kVersion,
    kSpec,
    kFeatures,
    kState,
    kList,
    kCreate,
    kStart,
    kRun,
    kKill,
    kDelete,
    kExec,
    kPs,
    kNotImplemented
};

struct OciOptions {
    OciGlobal global;
    OciVerb verb = OciVerb::kHelp;
    std::string verb_name;        ///< as given ("create" for a verb not implemented yet)
    bool help = false;            ///< VERB --help
    bool no_verb = false;         ///< neither a verb nor --help or --version
    bool rootless = false;        ///< spec --rootless
    std::string bundle;           ///< spec, create, run --bundle DIR ("" is the current directory)
    std::string id;               ///< the container of state, create, start, run, kill, delete
    std::string pid_file;         ///< create, run, exec --pid-file FILE
    std::string console_socket;   ///< create, run, exec --console-socket PATH
    int preserve_fds = 0;         ///< create, run, exec --preserve-fds N
    bool no_pivot = false;        ///< create, run --no-pivot
    bool detach = false;          ///< run, exec --detach
    bool force = false;           ///< delete --force
    bool all = false;             ///< kill --all
    std::string signal = "TERM";  ///< kill ID [SIGNAL]
    bool json = false;            ///< list, ps --format json
    bool quiet = false;           ///< list -q
    std::string process_file;     ///< exec --process FILE
    oci::ExecChanges exec;        ///< exec's command (after ID) and its process options
};

/// Parses args (args[0] is the program name) as runc does: global options, then a verb, then
/// its options, each part stopping at its first non-option (Go's flag package), long options
/// with one dash or two. An error's context is the message, code 0 ("state: container id
/// required").
Result<OciOptions> parse_oci_options(const std::vector<std::string>& args);

/// The usage of `nsctl oci`, and of one verb (implemented ones only).
std::string oci_usage(const std::string& prog);
std::string oci_verb_usage(const std::string& prog, OciVerb verb);

}  // namespace nsctl::cli
