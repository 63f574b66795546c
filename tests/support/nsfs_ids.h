// SPDX-License-Identifier: GPL-2.0-or-later
// Namespace ids (NS_GET_ID) and nsfs file handles, read with raw system calls: the oracle for
// nsctl's own wrappers, and a probe of what the running kernel accepts.
#pragma once

#include <cstdint>
#include <string>

namespace nsctl::test {

/// NS_GET_ID of the namespace file at path (e.g. /proc/PID/ns/uts); 0 when it cannot be read
/// (0 is no namespace's id).
uint64_t namespace_id(const std::string& path);

/// True when open_by_handle_at(2) opens a namespace from an nsfs file handle that holds only
/// its id, as util-linux 2.42's `nsenter --net=:ID` builds it (our own mount namespace is the
/// probe). Linux 6.18 also wants the type and inode number in the handle and answers ESTALE.
bool kernel_opens_namespace_by_id();

}  // namespace nsctl::test
