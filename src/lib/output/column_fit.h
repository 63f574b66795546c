// SPDX-License-Identifier: GPL-2.0-or-later
// Fitting table columns into a terminal as util-linux 2.42's libsmartcols does (rules learned
// from libsmartcols/src/calculate.c): width statistics, the reduction stages, then giving spare
// room back. Only what Table can express is modelled: no noextremes, strict-width or maxout
// columns, and wrapping columns wrap by callback ('\n'), so they are never truncated.
// Internal to the output library.
#pragma once

#include <cstddef>
#include <vector>

namespace nsctl::output {

/// One column's sizing state. The caller sets the flags, min (header width or 1), max (widest
/// cell), treeart (widest tree art) and width (its width before fitting).
struct FitColumn {
    double whint = 0;
    bool trunc = false;
    bool tree = false;
    bool hidden = false;  ///< also set by fitting when a column shrinks to nothing
    size_t width = 0;
    size_t min = 0;
    size_t max = 0;
    size_t treeart = 0;
    double avg = 0;  ///< mean cell width
    double dev = 0;  ///< sample standard deviation of the cell widths
};

/// Fits columns whose widths (separators included) add up to width into termwidth.
/// cell_widths holds every cell's width, line by line in insertion order ([line * ncols + col]).
void fit_columns(std::vector<FitColumn>& cols, const std::vector<size_t>& cell_widths, size_t width,
                 size_t termwidth);

}  // namespace nsctl::output
