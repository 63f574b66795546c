// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/users.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "base/parse.h"
#include "base/unique_fd.h"
#include "sys/fd.h"

extern char** environ;

namespace nsctl::sys {
namespace {

// A numeric field of an entry; nullopt when it is not a number that fits an id.
std::optional<uint32_t> id_field(std::string_view f) {
    if (f.empty()) return std::nullopt;
    auto n = parse_u64(f);
    if (!n || *n >= UINT32_MAX) return std::nullopt;
    return static_cast<uint32_t>(*n);
}

// The fields of the first entry of an NSS files database (passwd(5), group(5): the name first,
// the id third) with at least min_fields fields, `numbers` numeric fields from the third on
// (passwd's uid and gid, group's gid), and the name or, by_id, the id asked for. Blank lines,
// comments and the NIS "+"/"-" lines of the compat format (getent answers for those) are no
// entries.
std::optional<std::vector<std::string_view>> matching_entry(std::string_view text,
                                                            size_t min_fields, size_t numbers,
                                                            std::string_view name, uint32_t id,
                                                            bool by_id) {
    for (auto line : split(text, '\n')) {
        if (line.empty() || line[0] == '#' || line[0] == '+' || line[0] == '-') continue;
        auto f = split(line, ':');
        if (f.size() < min_fields) continue;
        bool numeric = true;
        for (size_t i = 2; i < 2 + numbers; ++i) numeric = numeric && id_field(f[i]);
        if (!numeric || (by_id ? *id_field(f[2]) != id : f[0] != name)) continue;
        return f;
    }
    return std::nullopt;
}

// getent DATABASE KEY: its first line of output, or nullopt (not found, or no getent).
std::optional<std::string> getent(const char* database, const std::string& key) {
    const char* path = nullptr;
    for (const char* p : {"/usr/bin/getent", "/bin/getent"}) {
        if (::access(p, X_OK) == 0) {
            path = p;
            break;
        }
    }
    if (!path) return std::nullopt;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
    UniqueFd rd(fds[0]), wr(fds[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, wr.get(), 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::string db(database);
    char* argv[] = {const_cast<char*>("getent"), db.data(), const_cast<char*>(key.c_str()),
                    nullptr};
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, path, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    wr.reset();
    if (rc != 0) return std::nullopt;
    std::string out;
    char buf[1024];
    while (true) {
        ssize_t n = ::read(rd.get(), buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    auto nl = out.find('\n');
    if (nl != std::string::npos) out.resize(nl);
    return out;
}

bool may_ask_getent(Sources from, std::string_view database) {
    if (from == Sources::kFilesOnly) return false;
    return names_other_sources(read_file_or_empty("/etc/nsswitch.conf"), database);
}

// The files' entry, else getent's when nsswitch.conf names more: parse is passwd_entry or
// group_entry, database and file the NSS database and its file.
template <typename Parse>
auto lookup(Parse parse, const char* database, const char* file, std::string_view name, uint32_t id,
            bool by_id, Sources from) -> decltype(parse("", name, id, by_id)) {
    if (!by_id && name.empty()) return std::nullopt;
    auto found = parse(read_file_or_empty(file), name, id, by_id);
    if (found || !may_ask_getent(from, database)) return found;
    auto line = getent(database, by_id ? std::to_string(id) : std::string(name));
    if (!line) return std::nullopt;
    return parse(*line, name, id, by_id);
}

}  // namespace

std::optional<UserEntry> passwd_entry(std::string_view text, std::string_view name, uid_t id,
                                      bool by_id) {
    auto f = matching_entry(text, 7, 2, name, id, by_id);
    if (!f) return std::nullopt;
    return UserEntry{std::string((*f)[0]), *id_field((*f)[2]), *id_field((*f)[3]),
                     std::string((*f)[5]), std::string((*f)[6])};
}

std::optional<GroupEntry> group_entry(std::string_view text, std::string_view name, gid_t id,
                                      bool by_id) {
    auto f = matching_entry(text, 4, 1, name, id, by_id);
    if (!f) return std::nullopt;
    return GroupEntry{std::string((*f)[0]), *id_field((*f)[2])};
}

bool names_other_sources(std::string_view nsswitch, std::string_view database) {
    for (auto line : split(nsswitch, '\n')) {
        auto hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view key = line.substr(0, colon);
        while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
        while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
        if (key != database) continue;
        // Sources are words; "[NOTFOUND=return]" and the like are actions between them.
        std::string_view rest = line.substr(colon + 1);
        size_t i = 0;
        while (i < rest.size()) {
            while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
            if (i >= rest.size()) break;
            if (rest[i] == '[') {
                auto close = rest.find(']', i);
                i = close == std::string_view::npos ? rest.size() : close + 1;
                continue;
            }
            size_t start = i;
            while (i < rest.size() && rest[i] != ' ' && rest[i] != '\t' && rest[i] != '[') ++i;
            if (rest.substr(start, i - start) != "files") return true;
        }
        return false;  // the first line for the database counts, as for glibc
    }
    return false;
}

std::optional<UserEntry> find_user(std::string_view name, Sources from) {
    return lookup(passwd_entry, "passwd", "/etc/passwd", name, 0, false, from);
}
std::optional<UserEntry> find_user(uid_t uid, Sources from) {
    return lookup(passwd_entry, "passwd", "/etc/passwd", {}, uid, true, from);
}
std::optional<GroupEntry> find_group(std::string_view name, Sources from) {
    return lookup(group_entry, "group", "/etc/group", name, 0, false, from);
}
std::optional<GroupEntry> find_group(gid_t gid, Sources from) {
    return lookup(group_entry, "group", "/etc/group", {}, gid, true, from);
}

}  // namespace nsctl::sys
