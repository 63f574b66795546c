// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/idmap.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "base/parse.h"
#include "sys/fd.h"
#include "sys/users.h"

namespace nsctl::ns {
namespace {

// A message complete in itself (util-linux prints it without strerror): code 0.
Error invalid(std::string context) { return Error{0, std::move(context)}; }

// Three unsigned decimals separated by sep, nothing else (sscanf "%u" rules: leading blanks, an
// optional sign; a value past UINT32_MAX wraps as sscanf does on glibc).
bool parse_triple(std::string_view s, char sep, uint32_t out[3]) {
    std::string text(s);
    char fmt[] = "%u?%u?%u%n";
    fmt[2] = fmt[5] = sep;
    int end = -1;
    unsigned a = 0, b = 0, c = 0;
    if (std::sscanf(text.c_str(), fmt, &a, &b, &c, &end) < 3 || end < 0) return false;
    if (static_cast<size_t>(end) != text.size()) return false;
    out[0] = a;
    out[1] = b;
    out[2] = c;
    return true;
}

uint32_t gap(uint32_t a, uint32_t b) { return a > b ? a - b : b - a; }

}  // namespace

Result<IdRange> parse_map_range(std::string_view spec) {
    uint32_t v[3];
    if (parse_triple(spec, ':', v)) return IdRange{v[0], v[1], v[2]};
    if (parse_triple(spec, ',', v)) return IdRange{v[1], v[0], v[2]};
    return invalid("invalid mapping '" + std::string(spec) + "'");
}

Result<IdRange> read_subid_range(const std::string& file, uid_t uid, bool identity) {
    auto pw = sys::find_user(uid);
    if (!pw)
        return invalid("you (user " + std::to_string(static_cast<int>(uid)) + ") don't exist.");
    auto text = sys::read_file(file.c_str());
    if (!text) return Error{text.error().code, "could not open '" + file + "'"};
    for (auto line : split(*text, '\n')) {
        auto f = split(line, ':');
        if (f.size() < 3) continue;
        // A line names the user, or its uid (read as strtoul does: a numeric prefix).
        if (f[0] != pw->name && std::strtoul(std::string(f[0]).c_str(), nullptr, 10) != uid)
            continue;
        auto outer = parse_u64(f[1]);
        if (!outer || *outer > UINT32_MAX)
            return invalid("failed to parse subid map: '" + std::string(f[1]) + "'");
        auto count = parse_u64(f[2]);
        if (!count || *count > UINT32_MAX)
            return invalid("failed to parse subid map: '" + std::string(f[2]) + "'");
        auto o = static_cast<uint32_t>(*outer);
        return IdRange{identity ? o : kAutoInner, o, static_cast<uint32_t>(*count)};
    }
    return invalid("no line matching user \"" + pw->name + "\" in " + file);
}

Result<void> read_kernel_map(const std::string& file, IdMap& map) {
    std::FILE* f = std::fopen(file.c_str(), "re");
    if (!f) return errno_error("could not open '" + file + "'");
    char line[256];
    while (std::fgets(line, sizeof(line), f)) {
        unsigned start = 0, count = 0;
        if (std::sscanf(line, " %u %*u %u", &start, &count) < 2) continue;
        prepend_range(map, IdRange{start, start, count});
    }
    std::fclose(f);
    return {};
}

void fit_single_id(IdMap& map, uint32_t outer, uint32_t inner) {
    const bool single = inner != UINT32_MAX;
    if (!single) outer = UINT32_MAX;
    IdMap out;
    for (IdRange r : map) {
        if (r.inner == kAutoInner) {
            r.inner = 0;
        } else if (single && ((outer >= r.outer && outer <= r.outer + r.count) ||
                              (inner >= r.inner && inner <= r.inner + r.count))) {
            --r.count;  // the single id takes one place; the range gives up its top id
        }
        uint32_t outer_off = std::min(outer > r.outer ? outer - r.outer : 0u, r.count);
        uint32_t inner_off = std::min(inner > r.inner ? inner - r.inner : 0u, r.count);
        // Up to three pieces: below both ids, between them, above both.
        IdRange lo{r.inner, r.outer, std::min(inner_off, outer_off)};
        IdRange mid{lo.inner + lo.count, lo.outer + lo.count, gap(outer_off, inner_off)};
        mid.outer += mid.outer == outer;
        mid.inner += mid.inner == inner;
        IdRange hi{mid.inner + mid.count, mid.outer + mid.count, r.count - lo.count - mid.count};
        hi.outer += hi.outer == outer;
        hi.inner += hi.inner == inner;
        for (const IdRange& piece : {hi, mid, lo})
            if (piece.count) prepend_range(out, piece);
    }
    if (single) prepend_range(out, IdRange{inner, outer, 1});
    map = std::move(out);
}

std::string format_id_map(const IdMap& map) {
    std::string text;
    for (const IdRange& r : map)
        text += std::to_string(r.inner) + " " + std::to_string(r.outer) + " " +
                std::to_string(r.count) + "\n";
    return text;
}

Result<uid_t> parse_user(const char* text) {
    auto n = parse_u64(text);
    if (n) {
        if (*n >= UINT32_MAX) return invalid(std::string("failed to parse uid '") + text + "'");
        return static_cast<uid_t>(*n);
    }
    auto pw = n.error().code == EINVAL ? sys::find_user(text) : std::nullopt;
    if (!pw) return invalid(std::string("failed to parse uid '") + text + "'");
    return pw->uid;
}

Result<gid_t> parse_group(const char* text) {
    auto n = parse_u64(text);
    if (n) {
        if (*n >= UINT32_MAX) return invalid(std::string("failed to parse gid '") + text + "'");
        return static_cast<gid_t>(*n);
    }
    auto gr = n.error().code == EINVAL ? sys::find_group(text) : std::nullopt;
    if (!gr) return invalid(std::string("failed to parse gid '") + text + "'");
    return gr->gid;
}

}  // namespace nsctl::ns
