// SPDX-License-Identifier: GPL-2.0-or-later
// Tables, trees, raw and JSON output, rendered byte for byte as util-linux 2.42's libsmartcols
// renders them (Debian 12's libsmartcols is 2.38, which sizes columns differently: see
// docs/design.md).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_writer.h"

namespace nsctl::output {

using ::nsctl::JsonStyle;
using ::nsctl::JsonType;

enum ColumnFlag : unsigned {
    kRight = 1u << 0,        ///< right-aligned (SCOLS_FL_RIGHT)
    kTrunc = 1u << 1,        ///< may be truncated to fit the terminal (SCOLS_FL_TRUNC)
    kTree = 1u << 2,         ///< carries the tree art (SCOLS_FL_TREE)
    kWrapNewline = 1u << 3,  ///< multi-line cell split at '\n' (scols_wrapnl_* wrap functions)
    kHidden = 1u << 4,       ///< not printed (used by filters only)
};

struct Column {
    std::string name;  ///< header; lower-cased for JSON keys
    double whint = 0;  ///< width hint: >= 1 absolute, 0 < x < 1 fraction of the terminal
    unsigned flags = 0;
    JsonType json_type = JsonType::kString;
};

enum class Format { kTable, kRaw, kJson };

struct TableOptions {
    Format format = Format::kTable;
    bool noheadings = false;
    std::string name;  ///< JSON top-level key, e.g. "namespaces"
    JsonStyle json_style = JsonStyle::kPretty;
    bool is_term = false;  ///< stdout is a terminal: fit the output to termwidth
    size_t termwidth = 80;
    bool utf8 = true;  ///< tree art in UTF-8 line drawing, or ASCII
};

/// A table of lines with an optional parent-child relation (tree).
class Table {
  public:
    using LineId = size_t;
    static constexpr LineId kNoParent = static_cast<LineId>(-1);

    explicit Table(TableOptions options);

    /// Adds a column; returns its index.
    size_t add_column(Column column);

    /// Adds a line, as the last child of parent (or as the last root line).
    LineId add_line(LineId parent = kNoParent);

    /// Sets a cell. nullopt (the default) is an empty cell: blank in a table, null in JSON.
    void set_cell(LineId line, size_t column, std::optional<std::string> value);

    /// Renders the whole table. With a kTree column, lines print in tree order: each root, then
    /// its children depth-first, in insertion order; without one, in insertion order (as
    /// libsmartcols does). Character classes and widths follow the C library's current locale
    /// (LC_CTYPE), as in libsmartcols.
    std::string render() const;

    /// Receives rendered output piece by piece; returns false to report a write error.
    using Sink = std::function<bool(std::string_view)>;

    /// Renders as render() does, handing the output to sink in pieces (about 64 KiB each, at
    /// line ends) instead of holding all of it. False when the sink failed (rendering stops
    /// writing then).
    bool render_to(const Sink& sink) const;

  private:
    class Renderer;  // table.cc
    struct Line {
        LineId parent = kNoParent;
        std::vector<LineId> children;
        std::vector<std::optional<std::string>> cells;
    };
    TableOptions options_;
    std::vector<Column> columns_;
    std::vector<Line> lines_;
    std::vector<LineId> roots_;
};

/// Reads LIBSMARTCOLS_JSON from the environment value given (may be null).
JsonStyle json_style_from_env(const char* value);

}  // namespace nsctl::output
