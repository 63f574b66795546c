// SPDX-License-Identifier: GPL-2.0-or-later
// The command line of nsctl lab: a verb and its options, parsed into one struct.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/qdisc.h"

namespace nsctl::cli {

enum class LabVerb { kDeploy, kDestroy, kInspect, kExec, kGraph, kNetem, kCheck, kHelp };

struct LabOptions {
    LabVerb verb = LabVerb::kHelp;
    std::string topology;  ///< -t FILE
    std::string name;      ///< --name LAB
    bool all = false;      ///< --all
    bool reconfigure = false;
    bool cleanup = false;
    bool userns = false;                                      ///< a rootless lab (lab/userns.h)
    bool json = false;                                        ///< --format json
    std::string graph;                                        ///< "dot" or "mermaid"
    std::vector<std::string> nodes;                           ///< exec --node N (repeatable)
    std::vector<std::pair<std::string, std::string>> labels;  ///< exec --label K=V
    std::vector<std::string> command;                         ///< exec -- CMD ARG...
    int timeout_ms = 3000;       ///< check --timeout MS (a fresh link may answer ARP a second late)
    std::string netem_action;    ///< netem set|show|reset
    std::string interface;       ///< netem -i IF
    net::Impairment impairment;  ///< netem set --delay, --jitter, --loss, --rate
};

/// Parses `nsctl lab VERB ...` (args[0] is the verb). An error's context is the message
/// ("deploy: -t FILE is required"), code 0; --help gives kHelp with the verb kept in name.
Result<LabOptions> parse_lab_options(const std::vector<std::string>& args);

/// The usage text of nsctl lab.
const char* lab_usage();

}  // namespace nsctl::cli
