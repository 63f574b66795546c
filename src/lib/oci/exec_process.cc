// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/exec_process.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "base/parse.h"
#include "oci/names.h"

namespace nsctl::oci {
namespace {

std::optional<uint32_t> id_of(std::string_view text) {
    auto n = parse_u64(text);
    if (!n || *n > 0xfffffffeULL) return std::nullopt;  // (uid_t)-1 is "no change" to the kernel
    return static_cast<uint32_t>(*n);
}

Result<void> set_user(User& user, const std::string& text) {
    Error bad{0, "--user " + text + ": UID[:GID] expected, as numbers"};
    std::string_view uid = text, gid;
    if (auto colon = text.find(':'); colon != std::string::npos) {
        uid = std::string_view(text).substr(0, colon);
        gid = std::string_view(text).substr(colon + 1);
        if (gid.empty()) return bad;
    }
    auto u = id_of(uid);
    if (!u) return bad;
    user.uid = *u;
    if (!gid.empty()) {
        auto g = id_of(gid);
        if (!g) return bad;
        user.gid = *g;
    }
    return {};
}

void add_name(std::vector<std::string>& set, const std::string& name) {
    if (std::find(set.begin(), set.end(), name) == set.end()) set.push_back(name);
}

}  // namespace

Result<void> apply_exec_changes(Process& p, const ExecChanges& c) {
    if (!c.args.empty()) p.args = c.args;
    if (p.args.empty()) return Error{0, "exec: a command to run is required"};
    if (!c.cwd.empty()) {
        if (c.cwd[0] != '/') return Error{0, "--cwd " + c.cwd + ": an absolute path expected"};
        p.cwd = c.cwd;
    }
    for (const auto& e : c.env) {
        auto eq = e.find('=');
        if (eq == std::string::npos || eq == 0)
            return Error{0, "--env " + e + ": NAME=VALUE expected"};
        std::string name = e.substr(0, eq + 1);
        auto same = std::find_if(p.env.begin(), p.env.end(),
                                 [&](const std::string& have) { return have.starts_with(name); });
        if (same != p.env.end())
            *same = e;
        else
            p.env.push_back(e);
    }
    if (!c.user.empty()) NSCTL_TRY(set_user(p.user, c.user));
    for (const auto& g : c.additional_gids) {
        auto gid = id_of(g);
        if (!gid) return Error{0, "--additional-gids " + g + ": a group id expected, a number"};
        p.user.additional_gids.push_back(*gid);
    }
    for (const auto& cap : c.caps) {
        std::string name = cap;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        if (!name.starts_with("CAP_")) name = "CAP_" + name;
        if (!is_known_capability(name)) return Error{0, "--cap " + cap + ": no such capability"};
        if (!p.capabilities) continue;  // none named: the process keeps all of root's
        for (auto* set :
             {&p.capabilities->bounding, &p.capabilities->effective, &p.capabilities->permitted})
            add_name(*set, name);
    }
    if (c.no_new_privs) p.no_new_privileges = true;
    if (c.tty) p.terminal = true;
    if (!c.apparmor.empty()) p.apparmor_profile = c.apparmor;
    if (!c.process_label.empty()) p.selinux_label = c.process_label;
    return {};
}

}  // namespace nsctl::oci
