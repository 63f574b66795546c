// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/procfs.h"

#include <fcntl.h>

#include <array>
#include <cerrno>
#include <cstdlib>

#include "sys/fd.h"

namespace nsctl::ns {

const char* ns_link_path(Kind kind) {
    static const std::array<std::string, kKindCount> kPaths = [] {
        std::array<std::string, kKindCount> paths;
        for (const auto& k : kinds()) paths[index(k.kind)] = "ns/" + std::string(k.proc_entry);
        return paths;
    }();
    return kPaths[index(kind)].c_str();
}

Result<std::string> read_proc_text(int dirfd, const char* name, size_t max) {
    UniqueFd fd = NSCTL_TRY(sys::openat(dirfd, name, O_RDONLY));
    std::string out(max, '\0');
    size_t used = 0;
    // procfs text files are seq_files: a read returns all that fits, so a short read is the
    // end and a second read(2) would only return 0.
    while (used < max) {
        size_t want = max - used;
        auto n = sys::read(fd.get(), out.data() + used, want);
        if (!n) {
            if (used == 0) return n.error();
            break;
        }
        used += *n;
        if (*n < want) break;
    }
    out.resize(used);
    if (used == 0) return Error{ENODATA, name};
    for (char& c : out)
        if (c == '\0') c = ' ';
    if (!out.empty()) out.pop_back();
    return out;
}

std::optional<StatFields> parse_stat(std::string_view line) {
    size_t close = line.rfind(')');
    if (close == std::string_view::npos || close + 4 > line.size()) return std::nullopt;
    StatFields f;
    char* end = nullptr;
    std::string head(line.substr(0, line.find(' ')));
    f.pid = static_cast<pid_t>(std::strtol(head.c_str(), &end, 10));
    if (end == head.c_str()) return std::nullopt;
    // ") S 1 ..." : state then ppid.
    std::string tail(line.substr(close + 3));
    f.ppid = static_cast<pid_t>(std::strtol(tail.c_str(), &end, 10));
    if (end == tail.c_str()) return std::nullopt;
    return f;
}

std::optional<ino_t> parse_ns_link(std::string_view text) {
    size_t open = text.find(":[");
    if (open == std::string_view::npos || open == 0 || text.back() != ']') return std::nullopt;
    std::string_view digits = text.substr(open + 2, text.size() - open - 3);
    if (digits.empty() || digits.size() > 20) return std::nullopt;
    ino_t value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<ino_t>(c - '0');
    }
    return value;
}

bool is_number(const char* name) {
    if (*name == '\0') return false;
    for (; *name; ++name)
        if (*name < '0' || *name > '9') return false;
    return true;
}

namespace {

// Fields 3 (state) and 22 (starttime) of /proc/PID/stat; empty when unreadable.
struct StateAndStart {
    char state = 0;
    std::string starttime;
};

StateAndStart state_and_start(pid_t pid) {
    StateAndStart f;
    if (pid <= 0) return f;
    auto stat = sys::read_file(sys::proc_path(pid, "stat").c_str());
    if (!stat) return f;
    size_t paren = stat->rfind(')');
    if (paren == std::string::npos || paren + 2 > stat->size()) return f;
    // After "(comm) ": state is field 3, starttime field 22.
    std::string_view rest = std::string_view(*stat).substr(paren + 2);
    char state = rest[0];
    for (int field = 3; field < 22; ++field) {
        size_t sp = rest.find(' ');
        if (sp == std::string_view::npos) return f;
        rest.remove_prefix(sp + 1);
    }
    f.state = state;
    f.starttime = std::string(rest.substr(0, rest.find(' ')));
    return f;
}

}  // namespace

std::string process_starttime(pid_t pid) { return state_and_start(pid).starttime; }

bool process_alive(pid_t pid, const std::string& starttime) {
    StateAndStart f = state_and_start(pid);
    return !starttime.empty() && f.starttime == starttime && f.state != 'Z' && f.state != 'X';
}

}  // namespace nsctl::ns
