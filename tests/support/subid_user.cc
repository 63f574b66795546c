// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/subid_user.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/support.h"

namespace nsctl::test {
namespace {

std::optional<std::string> slurp(const char* path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void restore(const char* path, const std::optional<std::string>& text) {
    if (!text) {
        std::remove(path);
        return;
    }
    std::ofstream(path, std::ios::trunc) << *text;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

SubidUser::SubidUser() : name_(unique_name()) {
    subuid_ = slurp("/etc/subuid");
    subgid_ = slurp("/etc/subgid");
    RunResult r = run({"useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name_});
    created_ = r.status == 0;
    // useradd may have added ranges of its own: replace them with ours.
    std::string line = name_ + ":" + std::to_string(kStart) + ":" + std::to_string(kCount) + "\n";
    restore("/etc/subuid", subuid_.value_or("") + line);
    restore("/etc/subgid", subgid_.value_or("") + line);
    uid_ = first_line(run({"id", "-u", name_}).out);
    gid_ = first_line(run({"id", "-g", name_}).out);
}

SubidUser::~SubidUser() {
    if (created_) (void)run({"userdel", name_});
    restore("/etc/subuid", subuid_);
    restore("/etc/subgid", subgid_);
}

std::vector<std::string> SubidUser::as_user() const {
    return {"setpriv", "--reuid", uid_, "--regid", gid_, "--clear-groups"};
}

}  // namespace nsctl::test
