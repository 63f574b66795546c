// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/mount.h>

#include <cerrno>
#include <string>

#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/mounts.h"
#include "sys/ns.h"
#include "sys/proc_path.h"

namespace nsctl::net {
namespace {

constexpr size_t kNameMax = 255;

// The calling thread's own namespace: /proc/thread-self, not /proc/self, since setns and
// unshare act on the thread.
constexpr const char* kThreadNet = "/proc/thread-self/ns/net";

Result<void> make_shared(const std::string& dir) {
    auto r = sys::mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr);
    if (r || r.error().code != EINVAL) return r;
    // EINVAL: not a mount point yet. Bind it onto itself, then retry.
    NSCTL_TRY(sys::mount(dir.c_str(), dir.c_str(), "none", MS_BIND | MS_REC, nullptr));
    return sys::mount("", dir.c_str(), "none", MS_SHARED | MS_REC, nullptr);
}

// Enters a new network namespace, bind-mounts it on target, and returns to `home`.
Result<void> bind_new_netns(int home, const std::string& target) {
    NSCTL_TRY(sys::unshare(CLONE_NEWNET));
    auto mounted = sys::mount(kThreadNet, target.c_str(), "none", MS_BIND, nullptr);
    auto back = sys::setns(home, CLONE_NEWNET);
    if (!back) return back.error();  // cannot happen with our own namespace's fd
    return mounted;
}

}  // namespace

Result<void> validate_netns_name(std::string_view name) {
    bool ok = !name.empty() && name != "." && name != ".." && name.size() <= kNameMax &&
              name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
    if (ok) return {};
    return Error{EINVAL, "Invalid netns name \"" + std::string(name) + "\""};
}

NetnsRegistry::NetnsRegistry(std::string run_dir) : run_dir_(std::move(run_dir)) {}

std::string NetnsRegistry::path(std::string_view name) const {
    return run_dir_ + "/" + std::string(name);
}

Result<void> NetnsRegistry::prepare() {
    if (prepared_) return {};
    auto made = sys::mkdirat(AT_FDCWD, run_dir_.c_str(), 0755);
    if (!made && made.error().code != EEXIST) return made.error();
    UniqueFd dir = NSCTL_TRY(sys::open(run_dir_.c_str(), O_RDONLY | O_DIRECTORY));
    NSCTL_TRY(sys::flock(dir.get(), LOCK_EX));
    auto shared = make_shared(run_dir_);
    (void)sys::flock(dir.get(), LOCK_UN);
    if (!shared) return Error{shared.error().code, "mount --make-shared " + run_dir_};
    prepared_ = true;
    return {};
}

Result<void> NetnsRegistry::add(std::string_view name) {
    NSCTL_TRY(validate_netns_name(name));
    NSCTL_TRY(prepare());
    std::string file = path(name);
    auto created = sys::open(file.c_str(), O_RDONLY | O_CREAT | O_EXCL, 0);
    if (!created) return Error{created.error().code, std::string(name)};
    created->reset();
    auto home = sys::open(kThreadNet, O_RDONLY);
    auto bound = home ? bind_new_netns(home->get(), file) : Result<void>(home.error());
    if (!bound) {
        (void)sys::unlinkat(AT_FDCWD, file.c_str(), 0);
        return Error{bound.error().code, std::string(name)};
    }
    return {};
}

Result<void> NetnsRegistry::remove(std::string_view name) {
    NSCTL_TRY(validate_netns_name(name));
    std::string file = path(name);
    // As iproute2: a name whose mount is already gone can still be removed.
    (void)sys::umount2(file.c_str(), MNT_DETACH);
    auto r = sys::unlinkat(AT_FDCWD, file.c_str(), 0);
    if (!r) return Error{r.error().code, std::string(name)};
    return {};
}

Result<std::vector<std::string>> NetnsRegistry::list() const {
    std::vector<std::string> names;
    auto dir = sys::open(run_dir_.c_str(), O_RDONLY | O_DIRECTORY);
    if (!dir) {
        if (dir.error().code == ENOENT) return names;
        return dir.error();
    }
    auto r = sys::for_each_dirent(dir->get(), [&](const char* n) {
        std::string_view sv(n);
        if (sv != "." && sv != "..") names.emplace_back(n);
    });
    if (!r) return r.error();
    return names;
}

Result<UniqueFd> NetnsRegistry::open(std::string_view name) const {
    NSCTL_TRY(validate_netns_name(name));
    auto fd = sys::open(path(name).c_str(), O_RDONLY);
    if (!fd) return Error{fd.error().code, std::string(name)};
    return std::move(*fd);
}

Result<void> NetnsRegistry::attach(std::string_view name, int pid) {
    NSCTL_TRY(validate_netns_name(name));
    std::string source = sys::proc_path(pid, "ns/net");
    auto ns = sys::open(source.c_str(), O_RDONLY);
    if (!ns) return Error{ns.error().code, "process " + std::to_string(pid)};
    NSCTL_TRY(prepare());
    std::string file = path(name);
    auto created = sys::open(file.c_str(), O_RDONLY | O_CREAT | O_EXCL, 0);
    if (!created) return Error{created.error().code, std::string(name)};
    created->reset();
    // Through our own fd, not /proc/PID again: the process may have exited meanwhile.
    std::string held = "/proc/thread-self/fd/" + std::to_string(ns->get());
    auto bound = sys::mount(held.c_str(), file.c_str(), "none", MS_BIND, nullptr);
    if (!bound) {
        (void)sys::unlinkat(AT_FDCWD, file.c_str(), 0);
        return Error{bound.error().code, std::string(name)};
    }
    return {};
}

Result<std::vector<std::string>> NetnsRegistry::identify(int nsfd) const {
    struct stat want = NSCTL_TRY(sys::fstat(nsfd));
    std::vector<std::string> found;
    auto dir = sys::open(run_dir_.c_str(), O_RDONLY | O_DIRECTORY);
    if (!dir) {
        if (dir.error().code == ENOENT) return found;
        return dir.error();
    }
    auto r = sys::for_each_dirent(dir->get(), [&](const char* n) {
        std::string_view sv(n);
        if (sv == "." || sv == "..") return;
        auto st = sys::fstatat(dir->get(), n, 0);
        if (st && st->st_dev == want.st_dev && st->st_ino == want.st_ino) found.emplace_back(n);
    });
    if (!r) return r.error();
    return found;
}

}  // namespace nsctl::net
