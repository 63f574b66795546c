// SPDX-License-Identifier: GPL-2.0-or-later
// Users and groups by name or number, without glibc's NSS modules in our process.
//
// nsctl is linked statically (docs/design.md, "A static binary"), and a static glibc cannot load
// every NSS module safely: libnss_systemd, consulted after /etc/passwd on Debian, crashes one.
// So the lookups read /etc/passwd and /etc/group themselves, and only when those lack the entry
// and /etc/nsswitch.conf names another source for the database (systemd, sss, ldap, ...) ask
// getent(1), a dynamically linked program that runs the machine's NSS configuration in full.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace nsctl::sys {

struct UserEntry {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;
    std::string shell;
};

struct GroupEntry {
    std::string name;
    gid_t gid = 0;
};

/// Whether only the files may be read: the entries of /etc/passwd and /etc/group (kFilesOnly),
/// or after them also whatever NSS source the machine names, through getent(1) (kAnySource).
/// Lookups made inside another mount namespace (nsenter's shell) read that tree's files only:
/// they do not run a program of it.
enum class Sources { kFilesOnly, kAnySource };

std::optional<UserEntry> find_user(std::string_view name, Sources from = Sources::kAnySource);
std::optional<UserEntry> find_user(uid_t uid, Sources from = Sources::kAnySource);
std::optional<GroupEntry> find_group(std::string_view name, Sources from = Sources::kAnySource);
std::optional<GroupEntry> find_group(gid_t gid, Sources from = Sources::kAnySource);

/// Pure parts, for tests. The entry of passwd(5) text whose name is `name` or, with by_id, whose
/// uid is `id`; the first one, as NSS's files source answers.
std::optional<UserEntry> passwd_entry(std::string_view text, std::string_view name, uid_t id,
                                      bool by_id);
/// The same for group(5) text.
std::optional<GroupEntry> group_entry(std::string_view text, std::string_view name, gid_t id,
                                      bool by_id);
/// Whether nsswitch.conf(5) text names a source other than files for the database ("passwd",
/// "group"). A database it does not list is looked up in the files only (glibc's default).
bool names_other_sources(std::string_view nsswitch, std::string_view database);

}  // namespace nsctl::sys
