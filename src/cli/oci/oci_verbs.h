// SPDX-License-Identifier: GPL-2.0-or-later
// What the verbs of nsctl oci share (cmd_oci*.cc): errors and warnings on stderr and in the --log
// file, the state directory, and the verbs each file implements.
#pragma once

#include <string>

#include "base/result.h"
#include "cli/oci/oci_options.h"

namespace nsctl::cli {

/// "PROG: MESSAGE" on stderr and, with --log, an error line in the log file; returns 1.
int oci_fail(const std::string& prog, const OciGlobal& g, const std::string& message);

/// A warning: a line in the --log file, or on stderr without one.
void oci_warn(const std::string& prog, const OciGlobal& g, const std::string& message);

/// Opens the --log file now, if there is one: exec enters the container's mount namespace, where
/// its path would name another file or none.
void oci_open_log(const OciGlobal& g);

/// The message of a failed operation: the context alone where it says all (code 0, a missing
/// container, a bad id), else with the errno's words.
std::string oci_message_of(const Error& e);

/// The state directory: --root, or the caller's default.
Result<std::string> oci_state_dir(const OciGlobal& g);

// The verbs that make and end containers (cmd_oci_life.cc) and those that work beside their
// process (cmd_oci_exec.cc). Each returns the exit code.
int oci_create(const std::string& prog, const OciOptions& o);
int oci_start(const std::string& prog, const OciOptions& o);
int oci_run(const std::string& prog, const OciOptions& o);
int oci_kill(const std::string& prog, const OciOptions& o);
int oci_delete(const std::string& prog, const OciOptions& o);
int oci_exec(const std::string& prog, const OciOptions& o);
int oci_ps(const std::string& prog, const OciOptions& o);

}  // namespace nsctl::cli
