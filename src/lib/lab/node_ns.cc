// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/node_ns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>

#include "base/scope_exit.h"
#include "net/in_netns.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/mounts.h"
#include "sys/ns.h"
#include "sys/process.h"

namespace nsctl::lab {

Result<void> make_uts(const std::string& file, const std::string& hostname) {
    UniqueFd home = NSCTL_TRY(sys::open("/proc/thread-self/ns/uts", O_RDONLY));
    NSCTL_TRY(sys::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0444));
    ScopeExit drop([&] { (void)sys::unlinkat(AT_FDCWD, file.c_str(), 0); });
    // unshare(2) gives the calling thread alone a new UTS namespace; setns(2) takes it back.
    NSCTL_TRY(sys::unshare(CLONE_NEWUTS));
    Result<void> made = [&]() -> Result<void> {
        if (int e = sys::raw::sethostname(hostname.data(), hostname.size()))
            return Error{e, "sethostname " + hostname};
        return sys::mount("/proc/thread-self/ns/uts", file.c_str(), nullptr, MS_BIND, nullptr);
    }();
    auto back = sys::setns(home.get(), CLONE_NEWUTS);
    if (!back) {
        if (made) (void)sys::umount2(file.c_str(), MNT_DETACH);
        return back.error();
    }
    if (!made) return made.error();
    drop.release();
    return {};
}

Result<void> remove_uts(const std::string& file) {
    auto gone = sys::umount2(file.c_str(), MNT_DETACH);
    if (!gone && gone.error().code != EINVAL && gone.error().code != ENOENT) return gone.error();
    auto removed = sys::unlinkat(AT_FDCWD, file.c_str(), 0);
    if (!removed && removed.error().code != ENOENT) return removed.error();
    return {};
}

Result<void> write_sysctl(int netns_fd, const std::string& key, const std::string& value) {
    if (key.rfind("net.", 0) != 0 || key.find('/') != std::string::npos ||
        key.find("..") != std::string::npos || key.back() == '.')
        return Error{EINVAL, "sysctl " + key + ": only net.* settings belong to a node"};
    std::string path = "/proc/sys/" + key;
    for (size_t i = 10; i < path.size(); ++i)
        if (path[i] == '.') path[i] = '/';
    // /proc/sys/net shows the network namespace of the thread that opens it.
    return net::in_netns(netns_fd, [&]() -> Result<void> {
        auto fd = sys::open(path.c_str(), O_WRONLY);
        if (!fd) return Error{fd.error().code, "sysctl " + key};
        std::string text = value + "\n";
        auto wrote = sys::write(fd->get(), text.data(), text.size());
        if (!wrote) return Error{wrote.error().code, "sysctl " + key + "=" + value};
        return {};
    });
}

}  // namespace nsctl::lab
