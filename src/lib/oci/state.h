// SPDX-License-Identifier: GPL-2.0-or-later
// The state of an OCI container (runtime.md, "State") and where it is kept: ROOT/ID/state.json,
// ROOT being /run/nsctl/oci for root, $XDG_RUNTIME_DIR/nsctl/oci for others, or --root DIR.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nsctl::oci {

enum class ContainerStatus { kCreating, kCreated, kRunning, kStopped };

/// "creating", "created", "running", "stopped".
std::string_view status_name(ContainerStatus status);

struct State {
    std::string oci_version;
    std::string id;
    ContainerStatus status = ContainerStatus::kCreating;
    int pid = 0;         ///< required (> 0) while created or running
    std::string bundle;  ///< absolute
    std::map<std::string, std::string> annotations;
    bool operator==(const State&) const = default;
};

/// The state as runtime.md lays it out (what `state ID` prints): 2-space indents, a final
/// newline; pid left out when 0, annotations when empty. EINVAL when a string is not UTF-8.
Result<std::string> format_state(const State& state);

/// Reads a state document; errors are one line naming file and the JSON path, code 0.
Result<State> parse_state(std::string_view json, const std::string& file);

/// A container id: 1 to 255 bytes of letters, digits, '_', '+', '-' and '.', not "." or "..":
/// it names a directory under the state root. EINVAL with the reason.
Status validate_container_id(std::string_view id);

/// The state root: root_option when given, else /run/nsctl/oci for euid 0, else
/// XDG_RUNTIME_DIR/nsctl/oci (xdg_runtime_dir as the environment has it, null when unset).
/// EINVAL when none applies (no usable XDG_RUNTIME_DIR): the message asks for --root.
Result<std::string> state_root(const std::string& root_option, uid_t euid,
                               const char* xdg_runtime_dir);

/// ROOT/ID/state.json, read and parsed. ENOENT with "container ID does not exist" when there is
/// no such container.
Result<State> load_state(const std::string& root, const std::string& id);

/// Every container under root, by id. A missing root is no containers; a directory without a
/// state.json (a container being made) is passed over; a state file that does not parse fails.
Result<std::vector<State>> list_states(const std::string& root);

}  // namespace nsctl::oci
