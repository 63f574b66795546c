// SPDX-License-Identifier: GPL-2.0-or-later
// yaml-cpp's static initialisers, deferred out of nsctl's start (yaml_init.cc).
#pragma once

#include <cstddef>

namespace nsctl::lab {

/// Runs the static initialisers the nsctl link set aside (libyaml-cpp.a's), once; later calls do
/// nothing. Returns how many ran (0 in a binary linked without the deferring script).
size_t run_deferred_initialisers();

}  // namespace nsctl::lab
