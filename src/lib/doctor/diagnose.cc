// SPDX-License-Identifier: GPL-2.0-or-later
// diagnose(): the checks in the order of nsctl-doctor(8), after the options are validated.

#include <cerrno>

#include "base/parse.h"
#include "doctor/doctor.h"
#include "sys/process.h"
#include "sys/users.h"

namespace nsctl::doctor {
namespace {

// The user whose subordinate ids are checked: --user NAME (a name or a uid with an entry), or
// the caller.
Result<Who> who_is(const std::optional<std::string>& user) {
    Who who;
    who.euid = sys::geteuid();
    std::optional<sys::UserEntry> pw;
    if (user) {
        pw = sys::find_user(*user);
        auto n = parse_u64(*user);
        if (!pw && n && *n <= UINT32_MAX) pw = sys::find_user(static_cast<uid_t>(*n));
        if (!pw) return Error{0, "--user: no user named '" + *user + "'"};
    } else {
        pw = sys::find_user(who.euid);
    }
    who.uid = pw ? pw->uid : who.euid;
    who.name = pw ? pw->name : std::to_string(who.euid);
    return who;
}

void append(std::vector<Finding>& out, std::vector<Finding> more) {
    for (auto& f : more) out.push_back(std::move(f));
}

}  // namespace

const char* status_name(Status status) {
    switch (status) {
        case Status::kOk:
            return "ok";
        case Status::kWarn:
            return "warn";
        case Status::kFail:
            return "fail";
    }
    return "fail";
}

Result<std::vector<Finding>> diagnose(const DoctorOptions& options) {
    const Roots& roots = options.roots;
    Who who = NSCTL_TRY(who_is(options.user));
    // Bad input first: nothing is probed for a command line that cannot be answered.
    std::vector<Finding> persist;
    if (options.persist) persist = NSCTL_TRY(check_persist(roots, *options.persist));

    ProbeChildren children;  // reaped on return, after every other check
    std::vector<Finding> out = check_namespaces(roots, children);
    append(out, check_userns_policy(roots));
    append(out, check_subids(roots, who));
    append(out, check_cgroups(roots, who.euid));
    append(out, check_kernel_features(roots));
    append(out, check_netns_dir(roots));
    append(out, std::move(persist));
    if (options.target) append(out, check_target(roots, *options.target, who.euid));
    return out;
}

}  // namespace nsctl::doctor
