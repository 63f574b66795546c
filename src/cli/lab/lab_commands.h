// SPDX-License-Identifier: GPL-2.0-or-later
// The verbs of nsctl lab, split over cmd_lab.cc, lab_inspect.cc, lab_netem.cc and lab_check.cc.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "cli/lab/lab_options.h"
#include "lab/state.h"

namespace nsctl::cli {

/// "nsctl lab: MESSAGE" on stderr; returns 1.
int lab_fail(const Error& e);

/// The labs the options name: --name LAB, the lab of -t FILE, or every deployed one. "lab 'L'
/// is not deployed" (code 0) for a named lab without state.
Result<std::vector<lab::LabState>> find_labs(const LabOptions& o, const lab::LabPaths& paths);

/// The rows as left-aligned columns two blanks apart (the first row the header), one per line.
std::string aligned_rows(const std::vector<std::vector<std::string>>& rows);

/// nsctl lab netem set|reset|show: the root qdiscs of a lab's node interfaces.
int lab_netem(const LabOptions& o);

/// nsctl lab inspect: a table (or containerlab's JSON) of the nodes of the labs.
int lab_inspect(const LabOptions& o);

/// nsctl lab exec: the command in each chosen node, one after the other.
int lab_exec(const LabOptions& o);

/// nsctl lab check: every address pair of the chosen labs pinged at once; 1 if any fails.
int lab_check(const LabOptions& o);

}  // namespace nsctl::cli
