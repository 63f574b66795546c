// SPDX-License-Identifier: GPL-2.0-or-later
// Constants for kernel interfaces that glibc 2.36's headers lack.
#pragma once

#include <sys/syscall.h>

#include <cstdint>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

// <linux/nsfs.h>: ioctl numbers on nsfs files (ioctl type 0xb7).
#ifndef NS_GET_USERNS
#define NS_GET_USERNS 0xb701
#endif
#ifndef NS_GET_PARENT
#define NS_GET_PARENT 0xb702
#endif
#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE 0xb703
#endif
#ifndef NS_GET_OWNER_UID
#define NS_GET_OWNER_UID 0xb704
#endif
// _IOR(NSIO, 13, __u64), Linux 6.18: the namespace's 64-bit id.
#ifndef NS_GET_ID
#define NS_GET_ID 0x8008b70d
#endif

// <fcntl.h>, Linux 6.5: name_to_handle_at(2) may return a handle that only identifies the file.
#ifndef AT_HANDLE_FID
#define AT_HANDLE_FID 0x200
#endif

namespace nsctl::sys {

/// struct nsfs_file_handle of <linux/nsfs.h> (Linux 6.18), the bytes of an nsfs file handle,
/// under a name of our own so that it cannot clash with newer headers.
struct NsfsFileHandle {
    uint64_t ns_id;
    uint32_t ns_type;  ///< CLONE_NEW* flag, or 0
    uint32_t ns_inum;  ///< the nsfs inode number, or 0
};
static_assert(sizeof(NsfsFileHandle) == 16, "NSFS_FILE_HANDLE_SIZE_VER0");

}  // namespace nsctl::sys

// <linux/sched.h>, clone3(2) only: born into the cgroup2 directory clone_args.cgroup names.
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// <linux/sockios.h>: the network namespace of a socket.
#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
