// SPDX-License-Identifier: GPL-2.0-or-later
// subid.*: the user's subordinate id ranges (subuid(5), subgid(5)) and the setuid helpers that
// map them (newuidmap(1), newgidmap(1)).
#include <fcntl.h>
#include <sys/stat.h>

#include <cstdint>

#include "base/parse.h"
#include "doctor/util.h"
#include "sys/cred.h"
#include "sys/fd.h"

namespace nsctl::doctor {
namespace {

constexpr uint64_t kFullMap = 65536;      // ids a user namespace of a whole distribution needs
constexpr uint64_t kFirstSubid = 100000;  // login.defs(5) SUB_UID_MIN and SUB_GID_MIN

struct SubRange {
    std::string owner;  ///< a name or a uid, as written
    uint64_t start = 0;
    uint64_t count = 0;
    uint64_t end() const { return start + count; }  ///< one past the last
};

std::vector<SubRange> read_ranges(const std::string& file) {
    std::vector<SubRange> ranges;
    const std::string text = read_text(file);  // outlives the views split returns
    for (auto line : split(text, '\n')) {
        auto f = split(line, ':');
        if (f.size() != 3 || f[0].empty() || f[0][0] == '#') continue;
        auto start = parse_u64(f[1]);
        auto count = parse_u64(f[2]);
        if (start && count) ranges.push_back({std::string(f[0]), *start, *count});
    }
    return ranges;
}

bool is_owner(const SubRange& r, const Who& who) {
    return r.owner == who.name || r.owner == std::to_string(who.uid);
}

std::string text_of(const SubRange& r) {
    return std::to_string(r.start) + "-" + std::to_string(r.end() - 1);
}

bool overlaps(const SubRange& a, const SubRange& b) {
    return a.start < b.end() && b.start < a.end();
}

// The first 65536 ids from 100000 on, in steps of 65536 (as useradd picks them), that no range
// of either file covers.
SubRange free_range(const std::vector<SubRange>& taken) {
    SubRange candidate{"", kFirstSubid, kFullMap};
    for (bool moved = true; moved;) {
        moved = false;
        for (const auto& r : taken) {
            if (!overlaps(candidate, r)) continue;
            candidate.start += kFullMap;
            moved = true;
        }
    }
    return candidate;
}

Finding check_ranges(const std::string& check, const std::string& file, bool groups,
                     const std::vector<SubRange>& all_taken, const Who& who) {
    const std::string option = groups ? "--add-subgids " : "--add-subuids ";
    const std::string add = "usermod " + option + text_of(free_range(all_taken)) + " " + who.name;
    auto ranges = read_ranges(file);
    std::vector<SubRange> own;
    uint64_t total = 0;
    for (const auto& r : ranges) {
        if (!is_owner(r, who)) continue;
        own.push_back(r);
        total += r.count;
    }
    // Root writes any uid_map itself (user_namespaces(7)): it needs no subordinate ranges.
    if (own.empty() && who.uid == 0)
        return ok(check, "no range for " + who.name + " in " + file + "; root needs none");
    if (own.empty()) return fail(check, "no range for " + who.name + " in " + file, add);
    for (const auto& mine : own) {
        for (const auto& other : ranges) {
            if (is_owner(other, who) || !overlaps(mine, other)) continue;
            return warn(check,
                        who.name + "'s range " + text_of(mine) + " in " + file + " overlaps " +
                            other.owner + "'s " + text_of(other),
                        "usermod " + std::string(groups ? "--del-subgids " : "--del-subuids ") +
                            text_of(mine) + " " + option + text_of(free_range(all_taken)) + " " +
                            who.name);
        }
    }
    std::string listed;
    for (const auto& r : own) listed += (listed.empty() ? "" : ", ") + text_of(r);
    std::string found = who.name + ": " + listed + " (" + std::to_string(total) + " ids)";
    if (total < kFullMap)
        return warn(check, found + ", fewer than the 65536 a full map needs", add);
    return ok(check, found);
}

Finding check_helper(const Roots& roots, const std::string& tool) {
    std::string check = "subid." + tool;
    auto file = find_in_path(roots.path, tool);
    if (!file) return fail(check, tool + " is not installed", "apt-get install uidmap");
    auto st = sys::fstatat(AT_FDCWD, file->c_str(), 0);
    if (st && (st->st_mode & S_ISUID) && st->st_uid == 0)
        return ok(check, *file + " is setuid root");
    auto caps = sys::has_file_capabilities(file->c_str());
    if (caps && *caps) return ok(check, *file + " has file capabilities");
    if (st && (st->st_mode & S_ISUID))
        return fail(check, *file + " is setuid but owned by uid " + std::to_string(st->st_uid),
                    "chown root " + *file + " && chmod u+s " + *file);
    return fail(check, *file + " is neither setuid root nor has file capabilities",
                "chmod u+s " + *file);
}

}  // namespace

std::vector<Finding> check_subids(const Roots& roots, const Who& who) {
    const std::string uid_file = roots.etc + "/subuid";
    const std::string gid_file = roots.etc + "/subgid";
    // A new range is proposed free in both files, so that one range serves both maps.
    std::vector<SubRange> taken = read_ranges(uid_file);
    for (auto& r : read_ranges(gid_file)) taken.push_back(std::move(r));
    return {check_ranges("subid.uid", uid_file, false, taken, who),
            check_ranges("subid.gid", gid_file, true, taken, who), check_helper(roots, "newuidmap"),
            check_helper(roots, "newgidmap")};
}

}  // namespace nsctl::doctor
