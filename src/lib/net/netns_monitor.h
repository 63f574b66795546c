// SPDX-License-Identifier: GPL-2.0-or-later
// `ip netns monitor`: names appearing in and vanishing from the registry, from inotify(7).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "base/unique_fd.h"
#include "net/netns.h"

namespace nsctl::net {

struct NetnsEvent {
    enum Kind { kAdd, kDelete };
    Kind kind = kAdd;
    std::string name;
};

class NetnsMonitor {
  public:
    /// Prepares the registry's directory (as `ip netns monitor` does, so that it can be
    /// watched before the first name exists) and watches it for IN_CREATE and IN_DELETE.
    static Result<NetnsMonitor> open(NetnsRegistry& registry);

    /// Blocks until at least one event, then returns those read at once, in order.
    Result<std::vector<NetnsEvent>> next();

    /// The inotify fd (for poll(2)); owned by the monitor.
    int fd() const { return fd_.get(); }

  private:
    explicit NetnsMonitor(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace nsctl::net
