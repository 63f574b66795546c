// SPDX-License-Identifier: GPL-2.0-or-later
// A user of the test's own with a subuid and subgid range, for the rootless id-map tests
// (newuidmap/newgidmap).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nsctl::test {

/// A user named unique_name() with kStart..kStart+kCount-1 as its subuids and subgids, for the
/// object's lifetime: made with useradd, removed with userdel, and /etc/subuid and /etc/subgid
/// restored byte for byte. Needs root.
class SubidUser {
  public:
    static constexpr unsigned kStart = 400000;
    static constexpr unsigned kCount = 65536;

    SubidUser();
    ~SubidUser();
    SubidUser(const SubidUser&) = delete;
    SubidUser& operator=(const SubidUser&) = delete;

    bool ok() const { return created_ && !uid_.empty(); }
    unsigned uid() const { return static_cast<unsigned>(std::stoul(uid_)); }
    unsigned gid() const { return static_cast<unsigned>(std::stoul(gid_)); }
    /// setpriv arguments that run a program as this user, without supplementary groups.
    std::vector<std::string> as_user() const;

  private:
    std::string name_, uid_, gid_;
    std::optional<std::string> subuid_, subgid_;
    bool created_ = false;
};

}  // namespace nsctl::test
