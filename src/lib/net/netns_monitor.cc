// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/netns_monitor.h"

#include <sys/inotify.h>

#include <cstring>

#include "sys/fd.h"
#include "sys/fsnotify.h"

namespace nsctl::net {

Result<NetnsMonitor> NetnsMonitor::open(NetnsRegistry& registry) {
    NSCTL_TRY(registry.prepare());
    UniqueFd fd = NSCTL_TRY(sys::inotify_init1(0));
    NSCTL_TRY(sys::inotify_add_watch(fd.get(), registry.run_dir().c_str(), IN_CREATE | IN_DELETE));
    return NetnsMonitor(std::move(fd));
}

Result<std::vector<NetnsEvent>> NetnsMonitor::next() {
    // inotify(7): a read returns whole events; this buffer holds at least one with a name of
    // NAME_MAX bytes.
    alignas(inotify_event) char buf[4096];
    size_t n = NSCTL_TRY(sys::read(fd_.get(), buf, sizeof(buf)));
    std::vector<NetnsEvent> events;
    for (size_t off = 0; off + sizeof(inotify_event) <= n;) {
        inotify_event ev;
        std::memcpy(&ev, buf + off, sizeof(ev));
        const char* name = buf + off + sizeof(inotify_event);
        if (ev.len > 0 && (ev.mask & IN_CREATE)) events.push_back({NetnsEvent::kAdd, name});
        if (ev.len > 0 && (ev.mask & IN_DELETE)) events.push_back({NetnsEvent::kDelete, name});
        off += sizeof(inotify_event) + ev.len;
    }
    return events;
}

}  // namespace nsctl::net
