// SPDX-License-Identifier: GPL-2.0-or-later
// Constants for kernel interfaces that glibc 2.36's headers lack.
#pragma once

#include <sys/syscall.h>

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

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

// <linux/sockios.h>: the network namespace of a socket.
#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
