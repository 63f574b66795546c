// SPDX-License-Identifier: GPL-2.0-or-later
// sys/users: the passwd, group and nsswitch.conf readers that stand in for glibc's NSS in the
// static binary, and the lookups against this machine's files.
#include "sys/users.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base/parse.h"
#include "sys/fd.h"

namespace nsctl::sys {
namespace {

constexpr const char* kPasswd =
    "# a comment\n"
    "\n"
    "root:x:0:0:root:/root:/bin/bash\n"
    "broken:x:notanumber:0::/:/bin/sh\n"
    "short:x:5:5\n"
    "+nisuser::::::\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/zsh\n"
    "twin:x:1000:1001::/home/twin:/bin/sh\n"
    "big:x:4294967295:0::/:/bin/sh\n";

TEST(PasswdEntry, ByNameAndByUid) {
    auto a = passwd_entry(kPasswd, "alice", 0, false);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->name, "alice");
    EXPECT_EQ(a->uid, 1000u);
    EXPECT_EQ(a->gid, 1000u);
    EXPECT_EQ(a->home, "/home/alice");
    EXPECT_EQ(a->shell, "/bin/zsh");
    auto r = passwd_entry(kPasswd, "", 0, true);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->name, "root");
    // The first entry of a uid wins, as NSS's files source answers.
    auto first = passwd_entry(kPasswd, "", 1000, true);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->name, "alice");
}

TEST(PasswdEntry, SkipsWhatIsNotAnEntry) {
    EXPECT_FALSE(passwd_entry(kPasswd, "broken", 0, false));
    EXPECT_FALSE(passwd_entry(kPasswd, "short", 0, false));
    EXPECT_FALSE(passwd_entry(kPasswd, "+nisuser", 0, false));
    EXPECT_FALSE(passwd_entry(kPasswd, "# a comment", 0, false));
    EXPECT_FALSE(passwd_entry(kPasswd, "big", 0, false));  // (uid_t)-1 is no user
    EXPECT_FALSE(passwd_entry(kPasswd, "nobody", 0, false));
    EXPECT_FALSE(passwd_entry(kPasswd, "", 4242, true));
    EXPECT_FALSE(passwd_entry("", "root", 0, false));
    // A name is matched whole.
    EXPECT_FALSE(passwd_entry(kPasswd, "alic", 0, false));
    EXPECT_FALSE(passwd_entry(kPasswd, "alice:x", 0, false));
    // A malformed line (its gid not a number) is passed over, as NSS's files source does.
    auto dup = passwd_entry("dup:x:7:zz::/:/bin/sh\ndup:x:8:8::/:/bin/sh\n", "dup", 0, false);
    ASSERT_TRUE(dup);
    EXPECT_EQ(dup->uid, 8u);
}

TEST(GroupEntry, ByNameAndByGid) {
    constexpr const char* kGroup =
        "root:x:0:\n"
        "tty:x:5:alice,bob\n"
        "bad:x::\n"
        "staff:x:50\n"
        "users:x:100:\n";
    auto tty = group_entry(kGroup, "tty", 0, false);
    ASSERT_TRUE(tty);
    EXPECT_EQ(tty->gid, 5u);
    auto users = group_entry(kGroup, "", 100, true);
    ASSERT_TRUE(users);
    EXPECT_EQ(users->name, "users");
    EXPECT_FALSE(group_entry(kGroup, "bad", 0, false));
    EXPECT_FALSE(group_entry(kGroup, "staff", 0, false));  // three fields: not an entry
    EXPECT_FALSE(group_entry(kGroup, "wheel", 0, false));
}

TEST(NsswitchSources, FilesAloneOrMore) {
    EXPECT_TRUE(names_other_sources("passwd: files systemd\ngroup: files\n", "passwd"));
    EXPECT_FALSE(names_other_sources("passwd: files systemd\ngroup: files\n", "group"));
    EXPECT_FALSE(names_other_sources("passwd:files\n", "passwd"));
    EXPECT_TRUE(names_other_sources("passwd: sss files\n", "passwd"));
    // Actions are not sources; comments are not either.
    EXPECT_FALSE(names_other_sources("passwd: files [NOTFOUND=return] # ldap later\n", "passwd"));
    EXPECT_TRUE(names_other_sources("  passwd :\tfiles[SUCCESS=return]ldap\n", "passwd"));
    // compat reads NIS through "+" lines: getent must answer for them.
    EXPECT_TRUE(names_other_sources("passwd: compat\n", "passwd"));
    // Another database's line, a commented one, or none: the files only.
    EXPECT_FALSE(names_other_sources("passwd_extra: ldap\n#passwd: ldap\n", "passwd"));
    EXPECT_FALSE(names_other_sources("", "passwd"));
    // The first line for a database counts.
    EXPECT_FALSE(names_other_sources("passwd: files\npasswd: ldap\n", "passwd"));
}

// Against this machine: root is uid 0 in every /etc/passwd, and a name no file has is not
// found whatever the sources (getent, when nsswitch.conf names more, says so too).
TEST(FindUser, ThisMachine) {
    auto root = find_user(uid_t{0});
    ASSERT_TRUE(root);
    EXPECT_EQ(root->name, "root");
    auto by_name = find_user("root");
    ASSERT_TRUE(by_name);
    EXPECT_EQ(by_name->uid, 0u);
    EXPECT_FALSE(find_user("nsctl-no-such-user-x7"));
    EXPECT_FALSE(find_user("nsctl-no-such-user-x7", Sources::kFilesOnly));
    EXPECT_FALSE(find_user(""));
    auto grp = find_group("root");
    ASSERT_TRUE(grp);
    EXPECT_EQ(grp->gid, 0u);
    EXPECT_FALSE(find_group("nsctl-no-such-group-x7"));
}

// What the static binary cannot ask glibc for, getent finds: a uid the files lack, when
// nsswitch.conf names another source, is answered as `getent passwd` answers it.
TEST(FindUser, AgreesWithGetent) {
    if (::access("/usr/bin/getent", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/getent";
    for (const char* name : {"root", "nobody", "daemon"}) {
        auto mine = find_user(name);
        SCOPED_TRACE(name);
        // getent's view of the same name, through the full NSS configuration.
        std::string cmd = std::string("/usr/bin/getent passwd ") + name;
        FILE* p = ::popen(cmd.c_str(), "r");
        ASSERT_NE(p, nullptr);
        char line[512] = "";
        bool got = std::fgets(line, sizeof(line), p) != nullptr;
        ::pclose(p);
        EXPECT_EQ(static_cast<bool>(mine), got);
        if (mine && got) {
            auto f = split(line, ':');
            ASSERT_GE(f.size(), 3u);
            EXPECT_EQ(std::to_string(mine->uid), std::string(f[2]));
        }
    }
}

// The getent path itself, in a mount namespace of our own: a stand-in getent that knows one
// user the files lack ("ghost", 4321), and nsswitch.conf naming ldap after the files or not.
// Runs in a child (unshare(CLONE_NEWNS) needs root: CI's tests run as root).
int ghost_lookups(const std::string& dir) {
    auto write = [](const std::string& path, const char* text, mode_t mode) {
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
        if (fd < 0) return false;
        bool ok = ::write(fd, text, std::strlen(text)) == static_cast<ssize_t>(std::strlen(text));
        ::close(fd);
        return ok;
    };
    const std::string getent = dir + "/getent", more = dir + "/more", files = dir + "/files";
    if (!write(getent,
               "#!/bin/sh\n"
               "[ \"$1\" = passwd ] || exit 2\n"
               "case \"$2\" in ghost|4321) echo 'ghost:x:4321:4321::/home/ghost:/bin/sh';;\n"
               "*) exit 2;; esac\n",
               0755) ||
        !write(more, "passwd: files ldap\ngroup: files\n", 0644) ||
        !write(files, "passwd: files\n", 0644))
        return 10;
    if (::unshare(CLONE_NEWNS) != 0) return 11;
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return 12;
    if (::mount(getent.c_str(), "/usr/bin/getent", nullptr, MS_BIND, nullptr) != 0) return 13;
    if (::mount(more.c_str(), "/etc/nsswitch.conf", nullptr, MS_BIND, nullptr) != 0) return 14;
    auto by_name = find_user("ghost");
    if (!by_name || by_name->uid != 4321 || by_name->home != "/home/ghost") return 20;
    auto by_uid = find_user(uid_t{4321});
    if (!by_uid || by_uid->name != "ghost") return 21;
    if (find_user("ghost", Sources::kFilesOnly)) return 22;  // the files only: not asked
    if (find_user("nobody-else")) return 23;                 // getent's "not found" (2)
    if (find_group("ghost")) return 24;                      // group: files only there
    if (::mount(files.c_str(), "/etc/nsswitch.conf", nullptr, MS_BIND, nullptr) != 0) return 15;
    if (find_user("ghost")) return 25;  // nsswitch.conf names no other source: not asked
    return 0;
}

TEST(FindUser, AsksGetentOnlyWhenNsswitchNamesMore) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
    char tmpl[] = "/tmp/nsctl-users-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(ghost_lookups(dir));
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    for (const char* f : {"/getent", "/more", "/files"}) ::unlink((dir + f).c_str());
    ::rmdir(dir.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "step " << WEXITSTATUS(status) << " failed";
}

}  // namespace
}  // namespace nsctl::sys
