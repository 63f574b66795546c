// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nsid.h"

#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/socket.h>

#include <cerrno>
#include <string>

#include "sys/fd.h"
#include "sys/ns.h"

namespace nsctl::net {
namespace {

// The NETNSA_NSID of an RTM_NEWNSID message, or kNsidUnassigned without one.
int nsid_of(const nlmsghdr* nlh) {
    int id = kNsidUnassigned;
    for_each_attr(nlh, sizeof(rtgenmsg), [&](const nlattr* a) {
        if (mnl_attr_get_type(a) == NETNSA_NSID && mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
            id = static_cast<int>(mnl_attr_get_u32(a));
    });
    return id;
}

Result<mnl_socket*> open_socket() {
    mnl_socket* sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (!sock) return errno_error("netlink socket");
    if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        int saved = errno;
        mnl_socket_close(sock);
        return Error{saved, "netlink bind"};
    }
    return sock;
}

}  // namespace

Result<void> set_nsid(Netlink& nl, int nsfd, int nsid, std::string_view what) {
    Message msg(RTM_NEWNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    msg.put_u32(NETNSA_FD, static_cast<uint32_t>(nsfd));
    msg.put_u32(NETNSA_NSID, static_cast<uint32_t>(nsid));
    return nl.call(msg, what);
}

Result<std::vector<int>> list_nsids(Netlink& nl) {
    Message msg(RTM_GETNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    std::vector<int> ids;
    NSCTL_TRY(nl.dump(msg, [&](const nlmsghdr* nlh) {
        if (nlh->nlmsg_type == RTM_NEWNSID) ids.push_back(nsid_of(nlh));
    }));
    return ids;
}

Result<NsidQuery> NsidQuery::open(int netns_fd) {
    if (netns_fd < 0) return NsidQuery(NSCTL_TRY(open_socket()));
    UniqueFd home = NSCTL_TRY(sys::open("/proc/thread-self/ns/net", O_RDONLY));
    NSCTL_TRY(sys::setns(netns_fd, CLONE_NEWNET));
    auto sock = open_socket();
    // Back home on every path; with our own namespace's fd this cannot fail.
    auto back = sys::setns(home.get(), CLONE_NEWNET);
    if (sock && !back) mnl_socket_close(*sock);
    if (!back) return back.error();
    if (!sock) return sock.error();
    return NsidQuery(*sock);
}

NsidQuery::NsidQuery(NsidQuery&& o) noexcept : sock_(o.sock_), seq_(o.seq_) { o.sock_ = nullptr; }

NsidQuery& NsidQuery::operator=(NsidQuery&& o) noexcept {
    if (this != &o) {
        if (sock_) mnl_socket_close(sock_);
        sock_ = o.sock_;
        seq_ = o.seq_;
        o.sock_ = nullptr;
    }
    return *this;
}

NsidQuery::~NsidQuery() {
    if (sock_) mnl_socket_close(sock_);
}

Result<int> NsidQuery::get(int nsfd) {
    Message msg(RTM_GETNSID, 0, sizeof(rtgenmsg));
    msg.family<rtgenmsg>()->rtgen_family = AF_UNSPEC;
    msg.put_u32(NETNSA_FD, static_cast<uint32_t>(nsfd));
    nlmsghdr* req = msg.header();
    req->nlmsg_seq = ++seq_;
    if (mnl_socket_sendto(sock_, req, req->nlmsg_len) < 0) return errno_error("RTM_GETNSID");
    alignas(nlmsghdr) char buf[MNL_SOCKET_BUFFER_SIZE];
    while (true) {
        ssize_t n = mnl_socket_recvfrom(sock_, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno_error("RTM_GETNSID");
        int len = static_cast<int>(n);
        for (auto* m = reinterpret_cast<const nlmsghdr*>(buf); mnl_nlmsg_ok(m, len);
             m = mnl_nlmsg_next(m, &len)) {
            if (m->nlmsg_seq != seq_) continue;
            if (m->nlmsg_type == NLMSG_ERROR) {
                auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(m));
                return Error{-err->error, "RTM_GETNSID"};
            }
            if (m->nlmsg_type == RTM_NEWNSID) return nsid_of(m);
        }
    }
}

}  // namespace nsctl::net
