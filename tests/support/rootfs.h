// SPDX-License-Identifier: GPL-2.0-or-later
//
// A temporary root file system for the tests of `nsctl run --rootfs`: Debian's static busybox with
// a few applet links, and the static probe (tests/tools/probe.c) as /probe.
#pragma once

#include <string>

namespace nsctl::test {

/// The probe as built (tests/tools/probe.c): runs anywhere, also as uid 65534.
std::string probe_path();

/// The static launcher that runs a program as uid/gid 65534 without supplementary groups
/// (bench/as_nobody.c, built into tests/tools).
std::string as_nobody_path();

/// An empty directory made with mkdtemp under /tmp ("/tmp/nsctl-t<pid>-WHAT-XXXXXX") with the
/// given mode, removed with everything in it by the destructor (following no symlink, not
/// descending into mounts). path() is empty when it could not be made.
class TempDir {
  public:
    explicit TempDir(const std::string& what, unsigned mode = 0755);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    /// path() + "/" + relative.
    std::string at(const std::string& relative) const { return path_ + "/" + relative; }

  private:
    std::string path_;
};

/// A directory made with mkdtemp under /tmp ("/tmp/nsctl-t<pid>-rootfs-XXXXXX"), holding
///   bin/busybox (a copy of /usr/bin/busybox, Debian's busybox-static) and bin/{sh, ls, cat, echo,
///   ps, mount, hostname, sleep, id, true, false} -> busybox, /probe (a copy of the probe),
///   and with MountPoints::kCreate empty proc, dev, sys and tmp directories.
/// Everything is readable and the programs executable by uid 65534 (directories 0755, programs
/// 0755, owned by root). The destructor removes the whole tree, also after a failed test; it
/// follows no symlink and does not descend into anything mounted below it (a mount left there
/// is a leak for the leak check to report, not something to delete through).
class TempRootfs {
  public:
    enum class MountPoints { kCreate, kOmit };

    explicit TempRootfs(MountPoints mount_points = MountPoints::kCreate);
    ~TempRootfs();
    TempRootfs(const TempRootfs&) = delete;
    TempRootfs& operator=(const TempRootfs&) = delete;

    /// True when the tree was made completely; otherwise error() says what failed.
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

    /// The directory, for --rootfs.
    const std::string& path() const { return path_; }

    /// path() + "/" + relative.
    std::string at(const std::string& relative) const;

    /// Writes a regular file (parents must exist) with that mode; false on failure.
    bool write_file(const std::string& relative, const std::string& content, unsigned mode = 0644);

    /// A regular file that is not executable (mode 0644), for the 126 case: "/notexec".
    bool add_not_executable(const std::string& relative = "notexec");

    /// Replaces relative (an empty directory or nothing) by a symlink to target.
    bool replace_with_symlink(const std::string& relative, const std::string& target);

    /// Gives the whole tree to uid/gid (lchown, so links themselves), e.g. to 65534 so that a
    /// rootless `nsctl run --rw` can write to it.
    bool chown_tree(unsigned uid, unsigned gid);

  private:
    std::string path_;
    std::string error_;
};

}  // namespace nsctl::test
