// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/nsfs_ids.h"

#include <fcntl.h>
#include <linux/ioctl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstring>

namespace nsctl::test {
namespace {

// <linux/nsfs.h> of Linux 6.18; the machine's headers may be older.
constexpr unsigned long kNsGetId = _IOR(0xb7, 13, uint64_t);
constexpr int kAtHandleFid = 0x200;

struct Handle {
    struct file_handle head;
    unsigned char bytes[MAX_HANDLE_SZ];
};

}  // namespace

uint64_t namespace_id(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    uint64_t id = 0;
    if (ioctl(fd, kNsGetId, &id) != 0) id = 0;
    close(fd);
    return id;
}

bool kernel_opens_namespace_by_id() {
    int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    uint64_t id = 0;
    Handle h{};
    h.head.handle_bytes = MAX_HANDLE_SZ;
    int mount_id = 0;
    bool ok = ioctl(fd, kNsGetId, &id) == 0 &&
              name_to_handle_at(fd, "", &h.head, &mount_id, AT_EMPTY_PATH | kAtHandleFid) == 0;
    if (ok) {
        // struct nsfs_file_handle: u64 ns_id, u32 ns_type, u32 ns_inum; keep only the id.
        std::memset(h.head.f_handle, 0, 16);
        std::memcpy(h.head.f_handle, &id, sizeof id);
        h.head.handle_bytes = 16;
        int ns = open_by_handle_at(fd, &h.head, O_RDONLY | O_CLOEXEC);
        ok = ns >= 0;
        if (ok) close(ns);
    }
    close(fd);
    return ok;
}

}  // namespace nsctl::test
