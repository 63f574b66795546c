// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/column_fit.h"

#include <algorithm>
#include <numeric>

namespace nsctl::output {

namespace {

// Newton's iteration, as calculate.c computes the square root; the deviations must round the
// same way for the column order below to match.
double square_root(double num) {
    double prev = 0;
    double sq = num / 2;
    for (int i = 0; sq != prev && i < 1000; i++) {
        prev = sq;
        sq = (num / prev + prev) / 2;
    }
    return sq;
}

void statistics(std::vector<FitColumn>& cols, const std::vector<size_t>& cell_widths) {
    const size_t ncols = cols.size();
    const size_t nlines = ncols ? cell_widths.size() / ncols : 0;
    for (size_t c = 0; c < ncols && nlines > 0; c++) {
        size_t sum = 0;
        for (size_t l = 0; l < nlines; l++) sum += cell_widths[l * ncols + c];
        cols[c].avg = static_cast<double>(sum) / static_cast<double>(nlines);
        if (nlines < 2) continue;
        double sqr_sum = 0;
        for (size_t l = 0; l < nlines; l++) {
            const double diff = static_cast<double>(cell_widths[l * ncols + c]) - cols[c].avg;
            sqr_sum += diff * diff;
        }
        cols[c].dev = square_root(sqr_sum / static_cast<double>(nlines - 1));
    }
}

// Shrinks towards mean + deviation (about 68% of the cells fit), by at most what is wanted.
void reduce_to_68(FitColumn& col, size_t wanted) {
    if (col.dev < 1.0) return;
    auto target = static_cast<size_t>(col.avg + col.dev);
    if (target < col.min) {
        target = col.min;
    } else if (target > col.max) {
        target = col.max;
    }
    if (target >= col.width) return;
    col.width = col.width - target > wanted ? col.width - wanted : target;
}

// One column in one stage; nth counts the columns visited in this pass, worst first.
// Returns -1 when the stages are exhausted. (Stages 1 and 2 only touch noextremes columns.)
int reduce_column(FitColumn& col, size_t* width, size_t termwidth, int stage, size_t nth) {
    if (stage > 6) return -1;
    if (col.hidden || col.width == col.min || col.width == 0) return 0;
    if (col.tree && *width <= col.treeart) return 0;
    const size_t org_width = col.width;
    const size_t wanted = *width - termwidth;
    switch (stage) {
        case 0:
            if (col.trunc && nth == 0) reduce_to_68(col, wanted);
            break;
        case 3:
            if (col.dev < col.avg / 2.0) break;
            [[fallthrough]];
        case 4:  // truncatable columns with a relative width hint
            if (col.trunc && col.whint > 0 && col.whint < 1 &&
                col.width >= static_cast<size_t>(col.whint * static_cast<double>(termwidth))) {
                reduce_to_68(col, wanted);
            }
            break;
        case 5:
            if (col.dev < col.avg / 2.2) break;
            [[fallthrough]];
        case 6: {  // truncatable columns, one cell at a time (up to 3 for the worst one)
            if (!col.trunc) break;
            const size_t step = std::min(nth == 0 ? std::min<size_t>(wanted, 3) : 1, col.width);
            col.width = col.width - step > col.min ? col.width - step : col.min;
            break;
        }
        default:
            break;
    }
    if (col.width == 0) col.hidden = true;
    *width -= org_width - col.width;
    return 0;
}

// Spare room goes to columns below their absolute width hint, one cell per pass. (calculate.c
// then gives the rest to the last column, which shows nowhere: the last column is never padded
// and a right-aligned one is left out.)
void enlarge(std::vector<FitColumn>& cols, const std::vector<size_t>& order, size_t width,
             size_t termwidth) {
    bool changed = true;
    while (width < termwidth && changed) {
        changed = false;
        for (auto it = order.rbegin(); it != order.rend() && width < termwidth; ++it) {
            FitColumn& col = cols[*it];
            if (col.hidden || col.whint < 1.0) continue;
            if (col.width >= static_cast<size_t>(col.whint)) continue;
            col.width++;
            width++;
            changed = true;
        }
    }
}

}  // namespace

void fit_columns(std::vector<FitColumn>& cols, const std::vector<size_t>& cell_widths, size_t width,
                 size_t termwidth) {
    if (cols.empty()) return;
    statistics(cols, cell_widths);
    std::vector<size_t> order(cols.size());
    std::iota(order.begin(), order.end(), 0);
    bool sorted = false;
    int stage = 0;
    while (width > termwidth) {
        if (!sorted) {
            // Wide, irregular columns last: each pass walks backwards, the worst one first.
            std::stable_sort(order.begin(), order.end(), [&cols](size_t a, size_t b) {
                return cols[a].avg + 3.0 * cols[a].dev < cols[b].avg + 3.0 * cols[b].dev;
            });
            sorted = true;
        }
        const size_t org_width = width;
        int rc = 0;
        size_t nth = 0;
        for (auto it = order.rbegin(); it != order.rend() && width > termwidth && rc == 0; ++it) {
            rc = reduce_column(cols[*it], &width, termwidth, stage, nth++);
        }
        if (rc != 0) break;
        if (org_width == width) stage++;
    }
    if (width < termwidth) enlarge(cols, order, width, termwidth);
}

}  // namespace nsctl::output
