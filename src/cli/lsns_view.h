// SPDX-License-Identifier: GPL-2.0-or-later
// Turns a namespace snapshot into lsns's table: which lines, in which tree, with which cells.
#pragma once

#include <string>

#include "base/result.h"
#include "cli/lsns_options.h"
#include "ns/scan.h"
#include "output/table.h"

namespace nsctl::cli {

/// Renders the namespace list (or, with opts.ns, the processes of one namespace) into sink.
/// Errors: ENOENT "not found namespace: N"; EINVAL from the filter; EIO when the sink failed.
Result<void> render_lsns(const LsnsOptions& opts, const ns::Snapshot& snap,
                         const output::TableOptions& table_opts, const output::Table::Sink& sink);

/// Renders the -H list of columns.
std::string render_lsns_columns(const output::TableOptions& table_opts);

}  // namespace nsctl::cli
