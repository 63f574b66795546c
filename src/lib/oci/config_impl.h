// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by config.cc and config_linux.cc.
#pragma once

#include <string>

#include "base/result.h"
#include "oci/json_walk.h"
#include "oci/spec.h"

namespace nsctl::oci {

/// The "linux" object (config-linux.md) at path.
Result<Linux> parse_linux(const Json& j, const std::string& path);

/// An id mapping object (containerID, hostID, size).
Result<IdMapping> parse_id_mapping(const Json& j, const std::string& path);

/// Fails unless path is absolute.
Status need_absolute(const std::string& value, const std::string& path);

/// A JSON string for text: "\"x\"" with JSON's escapes (for messages that quote a value).
std::string json_quoted(const std::string& text);

}  // namespace nsctl::oci
