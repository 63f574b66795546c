// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/mountinfo.h"

#include <fcntl.h>

#include "sys/fd.h"

namespace nsctl::ns {
namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

// Splits one line into its space-separated fields.
std::vector<std::string_view> fields_of(std::string_view line) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < line.size()) {
        size_t end = line.find(' ', pos);
        if (end == std::string_view::npos) end = line.size();
        if (end > pos) out.push_back(line.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

void parse_line(std::string_view line, std::vector<NsfsMount>& out) {
    auto f = fields_of(line);
    // id parent major:minor root mount-point options [optional...] - fstype source super-options
    size_t sep = 6;
    while (sep < f.size() && f[sep] != "-") ++sep;
    if (f.size() < 7 || sep + 1 >= f.size()) return;
    if (f[sep + 1] != "nsfs") return;
    out.push_back(NsfsMount{unescape_mountinfo(f[3]), unescape_mountinfo(f[4])});
}

}  // namespace

std::string unescape_mountinfo(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && is_octal(field[i + 1]) &&
            is_octal(field[i + 2]) && is_octal(field[i + 3])) {
            out.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                            (field[i + 3] - '0')));
            i += 3;
        } else {
            out.push_back(field[i]);
        }
    }
    return out;
}

std::vector<NsfsMount> parse_nsfs_mounts(std::string_view mountinfo) {
    std::vector<NsfsMount> out;
    size_t pos = 0;
    while (pos < mountinfo.size()) {
        size_t end = mountinfo.find('\n', pos);
        if (end == std::string_view::npos) end = mountinfo.size();
        // Cheap pre-check: most lines are not nsfs.
        std::string_view line = mountinfo.substr(pos, end - pos);
        if (line.find(" - nsfs ") != std::string_view::npos) parse_line(line, out);
        pos = end + 1;
    }
    return out;
}

Result<std::vector<NsfsMount>> read_nsfs_mounts(const char* path) {
    std::string text = NSCTL_TRY(sys::read_file(path));
    return parse_nsfs_mounts(text);
}

}  // namespace nsctl::ns
