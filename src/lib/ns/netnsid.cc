// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/netnsid.h"

#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "sys/sockets.h"

namespace nsctl::ns {
namespace {

// One RTM_GETNSID request: header, rtgenmsg, one NETNSA_FD attribute.
struct GetNsidRequest {
    nlmsghdr hdr;
    rtgenmsg gen;
    char pad[NLMSG_ALIGN(sizeof(rtgenmsg)) - sizeof(rtgenmsg)];
    rtattr attr;
    int32_t fd;
};

// Returns the NETNSA_NSID attribute of an RTM_NEWNSID reply.
Result<int> parse_reply(const char* buf, size_t len) {
    auto* hdr = reinterpret_cast<const nlmsghdr*>(buf);
    if (!NLMSG_OK(hdr, len)) return Error{EBADMSG, "RTM_GETNSID reply"};
    if (hdr->nlmsg_type == NLMSG_ERROR) {
        auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(hdr));
        return Error{-err->error, "RTM_GETNSID"};
    }
    if (hdr->nlmsg_type != RTM_NEWNSID) return Error{EBADMSG, "RTM_GETNSID reply"};
    int attrlen = static_cast<int>(NLMSG_PAYLOAD(hdr, sizeof(rtgenmsg)));
    auto* attr = reinterpret_cast<const rtattr*>(static_cast<const char*>(NLMSG_DATA(hdr)) +
                                                 NLMSG_ALIGN(sizeof(rtgenmsg)));
    for (; RTA_OK(attr, attrlen); attr = RTA_NEXT(attr, attrlen)) {
        if (attr->rta_type != NETNSA_NSID) continue;
        int32_t id = 0;
        std::memcpy(&id, RTA_DATA(attr), sizeof(id));
        return id;
    }
    return Error{EBADMSG, "RTM_GETNSID reply without NETNSA_NSID"};
}

}  // namespace

Result<NetnsidQuery> NetnsidQuery::open() {
    UniqueFd sock = NSCTL_TRY(sys::socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
    return NetnsidQuery(std::move(sock));
}

Result<int> NetnsidQuery::query(int nsfd) {
    GetNsidRequest req{};
    req.hdr.nlmsg_len = sizeof(req);
    req.hdr.nlmsg_type = RTM_GETNSID;
    req.hdr.nlmsg_flags = NLM_F_REQUEST;
    req.hdr.nlmsg_seq = ++seq_;
    req.gen.rtgen_family = AF_UNSPEC;
    req.attr.rta_type = NETNSA_FD;
    req.attr.rta_len = RTA_LENGTH(sizeof(int32_t));
    req.fd = nsfd;
    NSCTL_TRY(sys::send(sock_.get(), &req, sizeof(req), 0));
    alignas(nlmsghdr) char buf[512];
    size_t n = NSCTL_TRY(sys::recv(sock_.get(), buf, sizeof(buf), 0));
    return parse_reply(buf, n);
}

}  // namespace nsctl::ns
