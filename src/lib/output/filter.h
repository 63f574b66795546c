// SPDX-License-Identifier: GPL-2.0-or-later
// The filter expression language of scols-filter(5) (util-linux 2.42), evaluated over the cells of
// one output line. Debian 12's libsmartcols (2.38) has no filter, so this one is ours.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "output/table.h"

namespace nsctl::output {

/// The value of one holder (column) for the line being tested.
struct CellValue {
    std::optional<std::string> text;  ///< nullopt: the cell is empty
    JsonType type = JsonType::kString;
};

class Filter {
  public:
    /// Parses an expression. On a syntax error the Error's context is the message util-linux
    /// prints after 'failed to parse "EXPR": ', e.g. "syntax error, unexpected end of file"
    /// (code EINVAL). A regular expression that does not compile is reported here too, with
    /// regerror(3)'s text. An empty expression is no error: it matches every line.
    static Result<Filter> parse(std::string_view expr);

    /// The column names the expression refers to (as written, in order of first use, unique).
    const std::vector<std::string>& holders() const;

    /// Characters the scanner skipped because they start no token ("@", a lone '"' or '=').
    /// util-linux's scanner copies them to stdout and goes on, so `lsns -Q 'NS @'` prints "@"
    /// before the table; a drop-in that wants the same bytes prints this first.
    const std::string& echoed() const;

    /// Evaluates the expression; `lookup` returns the cell for a holder name.
    /// An Error's context is "failed to apply filter" (lsns prints it with err(3)) and its code
    /// the errno util-linux reports: EINVAL or ERANGE for a cell or literal that does not
    /// convert to the type of the comparison ("TYPE == 5"), 0 for an operator libsmartcols
    /// rejects without setting errno ("1 =~ \"1\"": lsns prints "Success").
    Result<bool> matches(const std::function<CellValue(std::string_view holder)>& lookup) const;

    Filter(Filter&&) noexcept;
    Filter& operator=(Filter&&) noexcept;
    ~Filter();

    struct Node;  // defined in filter.cc

  private:
    Filter();
    std::unique_ptr<Node> root_;
    std::vector<std::string> holders_;
    std::string echoed_;
};

}  // namespace nsctl::output
