// SPDX-License-Identifier: GPL-2.0-or-later
// Running one call inside another network namespace: sockets (netlink, and the ones libnftables
// opens) belong to the namespace they are created in.
#pragma once

#include <fcntl.h>
#include <sched.h>

#include "base/result.h"
#include "base/unique_fd.h"
#include "sys/fd.h"
#include "sys/ns.h"

namespace nsctl::net {

/// Runs fn (returning a Result) with the calling thread inside netns_fd (borrowed), then puts
/// the thread back in the namespace it was in; with netns_fd < 0, just fn(). Errors: opening
/// our own namespace (/proc/thread-self: setns acts on the thread), setns (EPERM without
/// CAP_SYS_ADMIN), fn's, or the way back (fn's result is then dropped: it must own what it made).
template <typename Fn>
auto in_netns(int netns_fd, Fn fn) -> decltype(fn()) {
    if (netns_fd < 0) return fn();
    UniqueFd home = NSCTL_TRY(sys::open("/proc/thread-self/ns/net", O_RDONLY));
    NSCTL_TRY(sys::setns(netns_fd, CLONE_NEWNET));
    auto r = fn();
    auto back = sys::setns(home.get(), CLONE_NEWNET);
    if (!back) return back.error();
    return r;
}

}  // namespace nsctl::net
