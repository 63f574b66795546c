// SPDX-License-Identifier: GPL-2.0-or-later
// config.json of an OCI bundle, read into a Spec and written back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "oci/spec.h"

namespace nsctl::oci {

/// Parses and checks a config.json (runtime-spec 1.2, Linux). Unknown properties are ignored
/// (config.md, "Extensibility"), and so is a property set to null. An error is one line, code 0,
/// that starts with file and names the JSON path:
///   config.json: linux.namespaces[2].type: unknown namespace type "foo"
///   config.json: malformed JSON: parse error at line 3, column 1: ...
/// Checks: the required properties, the types and integer ranges of the spec, ociVersion a
/// SemVer of major version 1, the names of namespace types, rlimits, capabilities (the form
/// CAP_NAME), seccomp actions, operators, architectures and flags, no namespace type or rlimit
/// twice, absolute paths where the spec asks for them, no NUL byte in a string. Linux
/// properties of the spec that Spec does not keep are named in Spec::unsupported.
Result<Spec> parse_config(std::string_view json, const std::string& file);

/// Parses and checks a process.json (`exec --process FILE`): the process object of a config,
/// with the same checks; error paths are those inside it ("user.uid: ...").
Result<Process> parse_process_file(std::string_view json, const std::string& file);

/// config.json text for spec: 4-space indents and a final newline, only the properties that are
/// set. EINVAL for a string that is not UTF-8 (JSON cannot carry it).
Result<std::string> format_config(const Spec& spec);

/// Writes format_config(spec) into a new file at path (mode 0666 less the umask). EEXIST when
/// path exists: an existing config.json is never replaced (as `runc spec` refuses to). A file
/// that could not be written whole is removed.
Status create_config_file(const std::string& path, const Spec& spec);

/// The well-formed capability names of process.capabilities that this build does not know, once
/// each: the spec asks runtimes to warn about them rather than fail.
std::vector<std::string> unknown_capabilities(const Spec& spec);

}  // namespace nsctl::oci
