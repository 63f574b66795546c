// SPDX-License-Identifier: GPL-2.0-or-later
#include "doctor/util.h"

#include <fcntl.h>

#include <cstdlib>
#include <string>

#include "base/parse.h"
#include "ns/mountinfo.h"
#include "sys/fd.h"

namespace nsctl::doctor {

std::optional<std::string> find_in_path(const std::string& search, const std::string& name) {
    for (auto dir : split(search, ':')) {
        if (dir.empty()) continue;
        std::string file = std::string(dir) + "/" + name;
        if (path_exists(file)) return file;
    }
    return std::nullopt;
}

std::vector<MountLine> parse_mountinfo(std::string_view text) {
    std::vector<MountLine> mounts;
    for (auto line : split(text, '\n')) {
        // id parent major:minor root mount-point options [optional...] - fstype source super
        auto f = split(line, ' ');
        if (f.size() < 10) continue;
        MountLine m;
        m.id = f[0];
        m.root = ns::unescape_mountinfo(f[3]);
        m.point = ns::unescape_mountinfo(f[4]);
        size_t i = 6;
        for (; i < f.size() && f[i] != "-"; ++i)
            m.fields += (m.fields.empty() ? "" : " ") + std::string(f[i]);
        if (i + 3 >= f.size()) continue;
        m.fstype = f[i + 1];
        m.source = ns::unescape_mountinfo(f[i + 2]);
        m.super_options = f[i + 3];
        mounts.push_back(std::move(m));
    }
    return mounts;
}

std::optional<MountLine> mount_holding(const std::vector<MountLine>& mounts,
                                       const std::string& path) {
    std::optional<MountLine> best;
    for (const auto& m : mounts) {
        const std::string& p = m.point;
        bool inside =
            path == p || p == "/" ||
            (path.compare(0, p.size(), p) == 0 && path.size() > p.size() && path[p.size()] == '/');
        if (inside && (!best || p.size() >= best->point.size())) best = m;
    }
    return best;
}

std::string status_field(std::string_view status_text, std::string_view name) {
    for (auto line : split(status_text, '\n')) {
        if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
            line[name.size()] == ':') {
            auto rest = line.substr(name.size() + 1);
            size_t start = rest.find_first_not_of(" \t");
            return start == std::string_view::npos ? "" : std::string(rest.substr(start));
        }
    }
    return "";
}

bool has_capability(std::string_view status_text, int cap) {
    std::string eff = status_field(status_text, "CapEff");
    if (eff.empty()) return false;
    return (std::strtoull(eff.c_str(), nullptr, 16) >> cap) & 1;
}

Finding ok(std::string check, std::string detail) {
    return Finding{std::move(check), Status::kOk, std::move(detail), ""};
}

Finding warn(std::string check, std::string detail, std::string fix) {
    return Finding{std::move(check), Status::kWarn, std::move(detail), std::move(fix)};
}

Finding fail(std::string check, std::string detail, std::string fix) {
    return Finding{std::move(check), Status::kFail, std::move(detail), std::move(fix)};
}

}  // namespace nsctl::doctor
