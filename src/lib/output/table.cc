// SPDX-License-Identifier: GPL-2.0-or-later
// Renders a Table the way util-linux 2.42's libsmartcols prints it. The rules were learned from
// its calculate.c (column widths, fitting to the terminal), print.c (padding, tree art,
// multi-line cells, raw escaping), lib/mbsalign.c (\xHH encoding and cell widths) and
// lib/jsonwrt.c (JSON layout). Only the features Table offers are modelled: no colors, groups,
// maxout, noextremes or strict widths, and the column separator is one space.
#include "output/table.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <string_view>

#include "base/json_writer.h"
#include "output/column_fit.h"
#include "output/text_cells.h"

namespace nsctl::output {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

struct TreeSymbols {
    const char* branch;
    const char* vertical;
    const char* right;
};
constexpr TreeSymbols kUtf8Tree = {"\u251c\u2500", "\u2502 ", "\u2514\u2500"};
constexpr TreeSymbols kAsciiTree = {"|-", "| ", "`-"};

// The chunk of a multi-line cell that sizes the column: the longest in bytes, the last of
// equally long ones (scols_column_greatest_wrap).
std::string_view greatest_chunk(std::string_view data) {
    std::string_view best;
    size_t pos = 0;
    while (true) {
        size_t nl = data.find('\n', pos);
        std::string_view chunk = data.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        if (chunk.size() >= best.size()) best = chunk;
        if (nl == std::string_view::npos) return best;
        pos = nl + 1;
    }
}

}  // namespace

class Table::Renderer {
  public:
    explicit Renderer(const Table& table, const Sink* sink = nullptr)
        : t_(table), opt_(table.options_), sink_(sink) {}
    std::string run();
    bool failed() const { return failed_; }

  private:
    struct Row {
        LineId id = 0;
        std::string art;  // tree art before the data ("│ └─"), raw
        size_t art_width = 0;
        std::string cont_art;  // art on the continuation lines of a multi-line cell, encoded
        size_t cont_width = 0;
    };

    void walk_lines();
    void add_row(LineId id, const std::string& parent_pre, const std::string& pre);
    void calculate();
    void measure_column(size_t col);

    void print_table();
    void print_line(const Row& row);
    void print_data(size_t col, const Row* row);
    bool print_pending(size_t col);
    void print_empty(size_t col, const Row* row);
    void print_raw();
    void print_json();
    void print_json_line(const Row& row, JsonWriter& json);
    void close_json_tree(LineId id, JsonWriter& json);

    const std::string* cell(LineId id, size_t col) const;
    void fill_buffer(const Row& row, size_t col, bool wrap);
    void append_chunk(LineId id, size_t col);
    bool is_last(size_t col) const { return col >= last_col_; }
    bool has(size_t col, unsigned flag) const { return (t_.columns_[col].flags & flag) != 0; }
    void update_last_col();
    void pad(size_t from, size_t to) {
        if (to > from) out_.append(to - from, ' ');
    }
    // With a sink, hands the output over in pieces of about kFlushSize, at line ends, so a big
    // table never sits in memory twice.
    void flush(bool force) {
        if (!sink_ || (!force && out_.size() < kFlushSize)) return;
        if (!failed_ && !out_.empty() && !(*sink_)(out_)) failed_ = true;
        out_.clear();
    }
    static constexpr size_t kFlushSize = 64 * 1024;

    const Table& t_;
    const TableOptions& opt_;
    std::string out_;
    std::vector<FitColumn> cols_;
    std::vector<Row> rows_;
    std::vector<size_t> cell_width_;  // [line * ncols + col], for the deviation statistics
    std::vector<size_t> next_chunk_;  // per column: offset of the pending chunk, or kNone
    bool tree_ = false;
    size_t last_col_ = 0;  // every column after this one is hidden
    std::string buf_;      // the cell being printed, reused
    std::string enc_;      // its encoded form, reused
    const Sink* sink_ = nullptr;
    bool failed_ = false;
};

std::string Table::Renderer::run() {
    if (t_.columns_.empty()) return out_;
    cols_.resize(t_.columns_.size());
    next_chunk_.assign(t_.columns_.size(), kNone);
    for (size_t c = 0; c < cols_.size(); c++) {
        const Column& column = t_.columns_[c];
        cols_[c].whint = column.whint;
        cols_[c].trunc = has(c, kTrunc);
        cols_[c].tree = has(c, kTree);
        cols_[c].hidden = has(c, kHidden);
        tree_ = tree_ || cols_[c].tree;
    }
    update_last_col();
    walk_lines();
    if (opt_.format == Format::kJson) {
        print_json();
    } else if (!t_.lines_.empty()) {
        if (opt_.format == Format::kTable) {
            calculate();
            print_table();
        } else {
            print_raw();
        }
    }
    flush(true);
    return std::move(out_);
}

void Table::Renderer::update_last_col() {
    last_col_ = 0;
    for (size_t c = 0; c < cols_.size(); c++) {
        if (!cols_[c].hidden) last_col_ = c;
    }
}

// Lines in print order with their tree art. pre is what tree_ascii_art_to_buffer() draws for
// a line: one "│ " or "  " per ancestor level, the line's own level included.
void Table::Renderer::walk_lines() {
    rows_.reserve(t_.lines_.size());
    if (!tree_) {
        for (LineId id = 0; id < t_.lines_.size(); id++) rows_.emplace_back().id = id;
        return;
    }
    const TreeSymbols& sym = opt_.utf8 ? kUtf8Tree : kAsciiTree;
    struct Frame {
        LineId id;
        std::string parent_pre;
    };
    std::vector<Frame> stack;
    for (auto it = t_.roots_.rbegin(); it != t_.roots_.rend(); ++it) stack.push_back({*it, ""});
    while (!stack.empty()) {
        Frame f = std::move(stack.back());
        stack.pop_back();
        const Line& line = t_.lines_[f.id];
        std::string pre;
        if (line.parent != kNoParent) {
            bool last = t_.lines_[line.parent].children.back() == f.id;
            pre = f.parent_pre + (last ? "  " : sym.vertical);
        }
        add_row(f.id, f.parent_pre, pre);
        for (auto it = line.children.rbegin(); it != line.children.rend(); ++it) {
            stack.push_back({*it, pre});
        }
    }
}

void Table::Renderer::add_row(LineId id, const std::string& parent_pre, const std::string& pre) {
    const TreeSymbols& sym = opt_.utf8 ? kUtf8Tree : kAsciiTree;
    const Line& line = t_.lines_[id];
    Row row;
    row.id = id;
    if (line.parent != kNoParent) {
        bool last = t_.lines_[line.parent].children.back() == id;
        row.art = parent_pre + (last ? sym.right : sym.branch);
        row.art_width = encode_safe(row.art, NewlineMode::kEscape, nullptr);
    }
    std::string cont = pre + (line.children.empty() ? "" : sym.vertical);
    row.cont_width = encode_safe(cont, NewlineMode::kEscape, &row.cont_art);
    rows_.push_back(std::move(row));
}

const std::string* Table::Renderer::cell(LineId id, size_t col) const {
    const auto& cells = t_.lines_[id].cells;
    if (col >= cells.size() || !cells[col]) return nullptr;
    return &*cells[col];
}

// What __cursor_to_buffer() composes: tree art (not in JSON), then the cell data, or for a
// kWrapNewline column (wrap is false in raw output) its next '\n'-separated chunk.
void Table::Renderer::fill_buffer(const Row& row, size_t col, bool wrap) {
    buf_.clear();
    if (has(col, kTree) && opt_.format != Format::kJson) buf_ += row.art;
    if (wrap && has(col, kWrapNewline)) {
        append_chunk(row.id, col);
    } else if (const std::string* data = cell(row.id, col)) {
        buf_ += *data;
    }
}

void Table::Renderer::append_chunk(LineId id, size_t col) {
    const std::string* data = cell(id, col);
    size_t& next = next_chunk_[col];
    size_t start = next == kNone ? 0 : next;
    next = kNone;
    if (!data) return;
    size_t nl = data->find('\n', start);
    if (nl == std::string::npos) {
        buf_.append(*data, start);
    } else {
        buf_.append(*data, start, nl - start);
        next = nl + 1;
    }
}

// Column widths as __scols_calculate() sets them.
void Table::Renderer::calculate() {
    cell_width_.assign(t_.lines_.size() * cols_.size(), 0);
    size_t width = 0;
    for (size_t c = 0; c < cols_.size(); c++) {
        if (cols_[c].hidden) continue;
        measure_column(c);
        width += cols_[c].width + (is_last(c) ? 0 : 1);
    }
    if (opt_.is_term) fit_columns(cols_, cell_width_, width, opt_.termwidth);
    update_last_col();
}

void Table::Renderer::measure_column(size_t col) {
    FitColumn& cs = cols_[col];
    const Column& column = t_.columns_[col];
    // The header counts only when it is printed.
    if (!opt_.noheadings) cs.min = encode_safe(column.name, NewlineMode::kEscape, nullptr);
    if (cs.min == 0) cs.min = 1;
    for (const Row& row : rows_) {
        size_t w = has(col, kTree) ? row.art_width : 0;
        if (const std::string* data = cell(row.id, col)) {
            std::string_view text = *data;
            if (has(col, kWrapNewline)) text = greatest_chunk(text);
            w += encode_safe(text, NewlineMode::kEscape, nullptr);
        }
        if (has(col, kTree)) cs.treeart = std::max(cs.treeart, row.art_width);
        cell_width_[row.id * cols_.size() + col] = w;
        cs.max = std::max(cs.max, w);
    }
    // 2.42: when the data is no wider than the header, the width hint is not used.
    const size_t whint = column.whint >= 1 ? static_cast<size_t>(column.whint) : 0;
    cs.width = cs.max;
    if (cs.width <= cs.min) {
        cs.width = cs.min;
    } else if (cs.width < whint && cs.min < whint) {
        cs.width = whint;
    }
    // Neither header nor data: the column takes no space at all.
    if (cs.max == 0 && opt_.noheadings && cs.min == 1 && cs.width <= 1) cs.width = cs.min = 0;
}

void Table::Renderer::print_table() {
    if (!opt_.noheadings) {
        for (size_t c = 0; c < cols_.size(); c++) {
            if (cols_[c].hidden) continue;
            buf_ = t_.columns_[c].name;
            print_data(c, nullptr);
        }
        out_ += '\n';
    }
    for (const Row& row : rows_) {
        print_line(row);
        flush(false);
    }
}

// print.c's print_line(): the cells, then one physical line per further chunk of the
// multi-line cells, the other columns blank (the tree column keeps its vertical lines).
void Table::Renderer::print_line(const Row& row) {
    bool pending = false;
    for (size_t c = 0; c < cols_.size(); c++) {
        if (cols_[c].hidden) continue;
        fill_buffer(row, c, true);
        print_data(c, &row);
        pending = pending || next_chunk_[c] != kNone;
    }
    while (pending) {
        pending = false;
        out_ += '\n';
        for (size_t c = 0; c < cols_.size(); c++) {
            if (cols_[c].hidden) continue;
            if (next_chunk_[c] == kNone) {
                print_empty(c, &row);
                continue;
            }
            fill_buffer(row, c, true);
            if (!print_pending(c)) {
                std::fill(next_chunk_.begin(), next_chunk_.end(), kNone);
                break;
            }
            pending = pending || next_chunk_[c] != kNone;
        }
    }
    out_ += '\n';
}

// print.c's print_data() for a cell composed in buf_ (row is null for the header).
void Table::Renderer::print_data(size_t col, const Row* row) {
    enc_.clear();
    const NewlineMode nl = has(col, kWrapNewline) ? NewlineMode::kKeep : NewlineMode::kEscape;
    size_t len = encode_safe(buf_, nl, &enc_);
    if (len == 0) enc_.clear();  // zero-width data prints as nothing
    size_t width = cols_[col].width;
    const bool last = is_last(col);
    const bool right = has(col, kRight);
    if (last && len < width && !right) width = len;
    if (len > width && has(col, kTrunc)) len = truncate_cells(&enc_, width);
    if (!enc_.empty()) {
        if (right) {
            pad(len, width);
            len = width;
        }
        out_ += enc_;
    }
    if (last) return;  // the last column is never padded
    pad(len, width);
    if (len <= width || has(col, kTrunc)) {
        out_ += ' ';
        return;
    }
    // Wider than its column (a multi-line column is sized by its longest chunk in bytes, not
    // in cells): the next column starts on a new line, below its place.
    out_ += '\n';
    for (size_t c = 0; c <= col; c++) print_empty(c, row);
}

// print.c's print_pending_data(): a further chunk of a multi-line cell, always left-aligned.
// A column without width (JSON output) makes libsmartcols give up the rest of the line.
bool Table::Renderer::print_pending(size_t col) {
    const size_t width = cols_[col].width;
    if (width == 0) return false;
    enc_.clear();
    size_t len = encode_safe(buf_, NewlineMode::kKeep, &enc_);
    if (len == 0) return true;  // an empty chunk prints nothing, not even the separator
    out_ += enc_;
    if (is_last(col)) return true;
    pad(len, width);
    out_ += ' ';
    return true;
}

void Table::Renderer::print_empty(size_t col, const Row* row) {
    size_t len = 0;
    if (row && has(col, kTree) && row->cont_width > 0) {
        out_ += row->cont_art;
        len = row->cont_width;
    }
    if (is_last(col)) return;
    pad(len, cols_[col].width);
    out_ += ' ';
}

void Table::Renderer::print_raw() {
    auto print_cell = [this](size_t c) {
        escape_raw(buf_, &out_);
        if (!is_last(c)) out_ += ' ';
    };
    if (!opt_.noheadings) {
        for (size_t c = 0; c < cols_.size(); c++) {
            if (cols_[c].hidden) continue;
            buf_ = t_.columns_[c].name;
            print_cell(c);
        }
        out_ += '\n';
    }
    for (const Row& row : rows_) {
        for (size_t c = 0; c < cols_.size(); c++) {
            if (cols_[c].hidden) continue;
            fill_buffer(row, c, false);  // raw output never splits multi-line cells
            print_cell(c);
        }
        out_ += '\n';
        flush(false);
    }
}

void Table::Renderer::print_json() {
    JsonWriter json(&out_, opt_.json_style);
    const bool wrapper = opt_.json_style != JsonStyle::kLines;
    if (wrapper) {
        json.open(nullptr, JsonWriter::kObject);
        json.open(opt_.name.c_str(), JsonWriter::kArray);
    }
    for (const Row& row : rows_) {
        json.open(nullptr, JsonWriter::kObject);
        print_json_line(row, json);
        if (!tree_) {
            json.close(JsonWriter::kObject);
        } else if (!t_.lines_[row.id].children.empty()) {
            json.open("children", JsonWriter::kArray);
        } else {
            close_json_tree(row.id, json);
        }
        flush(false);
    }
    if (wrapper) {
        json.close(JsonWriter::kArray);
        json.close(JsonWriter::kObject);
    } else if (!rows_.empty()) {
        out_ += '\n';
    }
}

// Only the first chunk of a multi-line cell reaches JSON: libsmartcols 2.42 then starts a
// continuation line (a newline and a blank per column before the wrapping one) and gives up.
void Table::Renderer::print_json_line(const Row& row, JsonWriter& json) {
    bool pending = false;
    for (size_t c = 0; c < cols_.size(); c++) {
        if (cols_[c].hidden) continue;
        fill_buffer(row, c, true);
        json.value(t_.columns_[c].name.c_str(), buf_, t_.columns_[c].json_type);
        pending = pending || next_chunk_[c] != kNone;
    }
    if (!pending) return;
    out_ += '\n';
    for (size_t c = 0; c < cols_.size() && next_chunk_[c] == kNone; c++) {
        if (!cols_[c].hidden) print_empty(c, &row);
    }
    std::fill(next_chunk_.begin(), next_chunk_.end(), kNone);
}

// After a leaf: close it, and every enclosing "children" array it was the last member of.
void Table::Renderer::close_json_tree(LineId id, JsonWriter& json) {
    bool last = false;
    do {
        const Line& line = t_.lines_[id];
        const bool child = line.parent != kNoParent;
        last = child ? t_.lines_[line.parent].children.back() == id : t_.roots_.back() == id;
        json.close(JsonWriter::kObject);
        if (last && child) json.close(JsonWriter::kArray);
        id = line.parent;
    } while (id != kNoParent && last);
}

Table::Table(TableOptions options) : options_(std::move(options)) {}

size_t Table::add_column(Column column) {
    columns_.push_back(std::move(column));
    return columns_.size() - 1;
}

Table::LineId Table::add_line(LineId parent) {
    assert(parent == kNoParent || parent < lines_.size());
    LineId id = lines_.size();
    lines_.push_back(Line{parent, {}, {}});
    lines_.back().cells.resize(columns_.size());
    if (parent == kNoParent) {
        roots_.push_back(id);
    } else {
        lines_[parent].children.push_back(id);
    }
    return id;
}

void Table::set_cell(LineId line, size_t column, std::optional<std::string> value) {
    assert(line < lines_.size() && column < columns_.size());
    auto& cells = lines_[line].cells;
    if (cells.size() <= column) cells.resize(columns_.size());
    // libsmartcols keeps C strings: anything after a NUL is lost there too.
    if (value) value->resize(std::strlen(value->c_str()));
    cells[column] = std::move(value);
}

std::string Table::render() const { return Renderer(*this).run(); }

bool Table::render_to(const Sink& sink) const {
    Renderer r(*this, &sink);
    r.run();
    return !r.failed();
}

JsonStyle json_style_from_env(const char* value) {
    if (value == nullptr) return JsonStyle::kPretty;
    if (std::strcmp(value, "compact") == 0) return JsonStyle::kCompact;
    if (std::strcmp(value, "lines") == 0) return JsonStyle::kLines;
    return JsonStyle::kPretty;
}

}  // namespace nsctl::output
