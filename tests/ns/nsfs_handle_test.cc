// SPDX-License-Identifier: GPL-2.0-or-later
// Namespace ids and nsfs file handles on the real kernel: sys::name_to_handle_at and
// sys::open_by_handle_at, ns::ns_id, ns::open_by_handle and ns::open_by_id (nsenter --net=:ID).
// Each test makes a UTS namespace of its own in a forked child with fresh namespaces.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "ns/nsfs.h"
#include "support/nsfs_ids.h"
#include "support/support.h"
#include "sys/fhandle.h"
#include "sys/linux_compat.h"

namespace nsctl::ns {
namespace {

using test::run_in_fresh_namespaces;

// A new UTS namespace for the calling (child) process: its nsfs fd, inode and id.
struct OwnUts {
    UniqueFd fd;
    ino_t ino = 0;
    uint64_t id = 0;
};

OwnUts new_uts() {
    OwnUts u;
    EXPECT_EQ(unshare(CLONE_NEWUTS), 0) << std::strerror(errno);
    u.fd = UniqueFd(open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC));
    struct stat st {};
    EXPECT_EQ(fstat(u.fd.get(), &st), 0);
    u.ino = st.st_ino;
    u.id = test::namespace_id("/proc/self/ns/uts");
    EXPECT_NE(u.id, 0u) << "NS_GET_ID (Linux 6.18)";
    return u;
}

ino_t inode_of(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

TEST(NsfsHandles, NsGetIdMatchesTheKernel) {
    run_in_fresh_namespaces([] {
        OwnUts u = new_uts();
        auto id = ns_id(u.fd.get());
        ASSERT_TRUE(id) << id.error().message();
        EXPECT_EQ(*id, u.id);
        UniqueFd not_ns(open("/etc/passwd", O_RDONLY | O_CLOEXEC));
        auto bad = ns_id(not_ns.get());
        ASSERT_FALSE(bad);
        EXPECT_EQ(bad.error().code, ENOTTY);
    });
}

// What the kernel encodes for an nsfs file: the id, the CLONE_NEW* type and the inode number,
// and the handle opens the same namespace again.
TEST(NsfsHandles, HandleRoundTrip) {
    run_in_fresh_namespaces([] {
        OwnUts u = new_uts();
        auto h = sys::name_to_handle_at(u.fd.get(), "", AT_EMPTY_PATH | AT_HANDLE_FID);
        ASSERT_TRUE(h) << h.error().message();
        ASSERT_EQ(h->size, sizeof(sys::NsfsFileHandle));
        sys::NsfsFileHandle nsfh{};
        std::memcpy(&nsfh, h->data.data(), sizeof nsfh);
        EXPECT_EQ(nsfh.ns_id, u.id);
        EXPECT_EQ(nsfh.ns_type, static_cast<uint32_t>(CLONE_NEWUTS));
        EXPECT_EQ(nsfh.ns_inum, u.ino);
        auto fd = sys::open_by_handle_at(u.fd.get(), *h, O_RDONLY);
        ASSERT_TRUE(fd) << fd.error().message();
        EXPECT_EQ(inode_of(fd->get()), u.ino);
        EXPECT_EQ(fcntl(fd->get(), F_GETFD), FD_CLOEXEC);

        sys::FileHandle too_big = *h;
        too_big.size = sys::FileHandle::kMaxSize + 1;
        EXPECT_FALSE(sys::open_by_handle_at(u.fd.get(), too_big, O_RDONLY));
    });
}

// A handle built from the three fields, with the handle type and mount fd found by the library.
TEST(NsfsHandles, OpenByFullHandle) {
    run_in_fresh_namespaces([] {
        OwnUts u = new_uts();
        auto fd = open_by_handle(u.id, CLONE_NEWUTS, static_cast<uint32_t>(u.ino));
        ASSERT_TRUE(fd) << fd.error().message();
        EXPECT_EQ(inode_of(fd->get()), u.ino);
        EXPECT_EQ(fcntl(fd->get(), F_GETFD), FD_CLOEXEC);
        // The right id with another inode number: no such namespace.
        auto wrong = open_by_handle(u.id, CLONE_NEWUTS, static_cast<uint32_t>(u.ino) + 1);
        ASSERT_FALSE(wrong);
        EXPECT_EQ(wrong.error().code, ESTALE);
        EXPECT_EQ(wrong.error().context, "cannot open namespace of id " + std::to_string(u.id));
    });
}

// util-linux 2.42's handle: the id alone. The kernels that look namespaces up by id alone open
// it; Linux 6.18 does not (ESTALE), for util-linux as for us.
TEST(NsfsHandles, OpenById) {
    run_in_fresh_namespaces([] {
        OwnUts u = new_uts();
        std::string context = "cannot open namespace of id " + std::to_string(u.id);
        auto fd = open_by_id(u.id);
        if (test::kernel_opens_namespace_by_id()) {
            ASSERT_TRUE(fd) << fd.error().message();
            EXPECT_EQ(inode_of(fd->get()), u.ino);
        } else {
            ASSERT_FALSE(fd);
            EXPECT_EQ(fd.error().code, ESTALE);
            EXPECT_EQ(fd.error().message(), context + ": Stale file handle");
        }
        for (uint64_t none : {uint64_t{0}, UINT64_MAX}) {
            auto r = open_by_id(none);
            ASSERT_FALSE(r) << none;
            EXPECT_EQ(r.error().code, ESTALE) << none;
            EXPECT_EQ(r.error().context, "cannot open namespace of id " + std::to_string(none));
        }
    });
}

}  // namespace
}  // namespace nsctl::ns
