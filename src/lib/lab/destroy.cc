// SPDX-License-Identifier: GPL-2.0-or-later
// Destroying a lab from its state file alone: the nodes' commands and sandboxes, one RTM_DELLINK
// for the lab's interface group (every host end of its links, and the bridges it made, at once),
// the bridges it made that are left, the UTS files, the namespaces, then the lab's directory.
#include <fcntl.h>

#include <cerrno>

#include "lab/deploy.h"
#include "lab/deploy_impl.h"
#include "lab/node_ns.h"
#include "net/link.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"

namespace nsctl::lab {
namespace {

// The first error, kept while the rest goes on.
class FirstError {
  public:
    void note(const Result<void>& r, int ignored_code = 0) {
        if (!r && r.error().code != ignored_code && !error_) error_ = r.error();
    }
    Result<void> result() const {
        if (error_) return *error_;
        return {};
    }
    bool ok() const { return !error_; }

  private:
    std::optional<Error> error_;
};

// STATE_DIR/LAB and what is in it (state.json, logs, UTS files no longer mounted).
Result<void> remove_lab_dir(const std::string& dir) {
    auto fd = sys::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (!fd) return fd.error().code == ENOENT ? Result<void>() : Result<void>(fd.error());
    std::vector<std::string> names;
    NSCTL_TRY(sys::for_each_dirent(fd->get(), [&](const char* n) {
        std::string_view name(n);
        if (name != "." && name != "..") names.emplace_back(name);
    }));
    for (const auto& n : names) NSCTL_TRY(sys::unlinkat(fd->get(), n.c_str(), 0));
    return sys::rmdir(dir.c_str());
}

}  // namespace

Result<void> destroy(const LabState& state, const LabPaths& paths, Cleanup cleanup) {
    FirstError first;
    for (const auto& node : state.nodes) {
        impl::stop_cmd(node.cmd_pid, node.cmd_starttime);
        if (!node.sandbox.empty()) first.note(impl::remove_sandbox(node.sandbox, paths));
    }
    impl::Namespaces ns(paths.netns_dir);
    auto host = ns.netlink("");
    if (!host) return host.error();
    // The host ends and bridges are in the namespace deploy ran in; from another, only
    // Cleanup::kAlways goes on (for a namespace that is gone, and its links with it).
    bool elsewhere = !state.host_netns.empty() && state.host_netns != current_netns();
    if (elsewhere && cleanup != Cleanup::kAlways)
        return Error{0, "lab '" + state.name + "' was deployed from the network namespace " +
                            state.host_netns + ", not this one (" + current_netns() +
                            "): destroy it there, or with --cleanup if that namespace is gone"};
    if (state.group && !elsewhere) first.note(net::del_group(**host, state.group), ENODEV);
    for (const auto& br : elsewhere ? std::vector<std::string>() : state.bridges_made) {
        auto gone = net::del_link(**host, br);
        if (!gone && gone.error().code != ENODEV)
            first.note(Error{gone.error().code, br + ": " + gone.error().context});
    }
    for (const auto& node : state.nodes) {
        if (node.uts) first.note(remove_uts(paths.uts_file(state.name, node.name)));
        if (node.netns.empty()) continue;
        auto gone = ns.registry().remove(node.netns);
        if (!gone && gone.error().code != ENOENT)
            first.note(Error{gone.error().code, "netns delete " + node.netns});
    }
    if (first.ok() || cleanup == Cleanup::kAlways)
        first.note(remove_lab_dir(paths.lab_dir(state.name)));
    return first.result();
}

}  // namespace nsctl::lab
