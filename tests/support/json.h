// SPDX-License-Identifier: GPL-2.0-or-later
// The tests read `ip -j`, `lsns -J` and `nft -j` output with the library's JSON reader
// (src/lib/base/json_reader.h, tested in tests/unit/json_test.cc).
#pragma once

#include "base/json_reader.h"

namespace nsctl::test {

using ::nsctl::Json;
using ::nsctl::parse_json;

}  // namespace nsctl::test
