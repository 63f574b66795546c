// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing of lsns, exactly as util-linux 2.42's lsns parses it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/lsns_columns.h"
#include "ns/kinds.h"
#include "output/filter.h"

namespace nsctl::cli {

struct LsnsOptions {
    enum class Action { kList, kHelp, kVersion, kListColumns };
    enum class Tree { kNone, kProcess, kOwner, kParent };

    Action action = Action::kList;
    bool json = false;
    bool raw = false;
    bool noheadings = false;
    bool notruncate = false;
    bool nowrap = false;
    bool persistent = false;
    int task = 0;                              ///< -p (a pid); 0 when absent
    std::optional<uint64_t> ns;                ///< the positional namespace inode
    std::array<bool, ns::kKindCount> types{};  ///< -t; all false = every kind
    Tree tree = Tree::kNone;
    std::vector<LsnsCol> columns;            ///< printed columns, then hidden filter ones
    size_t visible_columns = 0;              ///< columns[visible_columns..] are hidden
    std::shared_ptr<output::Filter> filter;  ///< -Q
};

struct LsnsParse {
    LsnsOptions opts;
    int exit_code = -1;               ///< -1: go on; otherwise exit with it
    std::vector<std::string> errors;  ///< lines to print after "lsns: "
    bool try_help = false;            ///< print "Try 'lsns --help' for more information."
    std::string echo;  ///< what util-linux's filter scanner echoes to stdout (skipped chars)
};

/// Parses argv with getopt_long (which prints its own message for an unknown option).
LsnsParse parse_lsns_args(int argc, char** argv);

}  // namespace nsctl::cli
