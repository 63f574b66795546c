// SPDX-License-Identifier: GPL-2.0-or-later
// The Features structure of runtime-spec 1.2 (features.md, features-linux.md) that `nsctl oci
// features` prints.
#pragma once

#include <string>

namespace nsctl::oci {

/// The features document, pretty JSON with a final newline. Fixed at build time, as
/// features.md asks: what nsctl's implementation handles, not what this host offers.
std::string features_json();

}  // namespace nsctl::oci
