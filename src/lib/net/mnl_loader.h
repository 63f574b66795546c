// SPDX-License-Identifier: GPL-2.0-or-later
// libmnl, loaded with dlopen(3) on first use instead of at every start of nsctl: lsns, unshare
// and nsenter never speak rtnetlink through it, and a mapped library costs each run memory and
// time. The libmnl functions nsctl calls are defined in mnl_loader.cc as forwarders to the loaded
// library, so callers use libmnl's own API unchanged.
#pragma once

#include "base/result.h"

namespace nsctl::net {

/// Loads libmnl.so.0 once (later calls return the first outcome). ENOENT with dlerror's text
/// when it cannot be loaded, ENOSYS when it lacks a function nsctl calls. Netlink::open calls it,
/// so that a missing library is an error; a libmnl function called before a successful load
/// loads it then, and aborts with a message if it cannot (an installation fault).
Result<void> load_libmnl();

}  // namespace nsctl::net
