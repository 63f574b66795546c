// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/netlink.h"

#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "net/in_netns.h"
#include "net/mnl_loader.h"
#include "sys/fd.h"
#include "sys/ns.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif

namespace nsctl::net {
namespace {

// Big enough for any answer the kernel sends us at once (MNL_SOCKET_BUFFER_SIZE is 8 KiB;
// dumps of many links come in several reads).
constexpr size_t kRecvSize = 32768;
constexpr size_t kSendChunk = 64 * 1024;

// The extended-ACK message of an NLMSG_ERROR, if the kernel sent one.
std::string extack_message(const nlmsghdr* nlh) {
    if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS)) return {};
    auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
    // The attributes follow the echoed request: only its header when NLM_F_CAPPED.
    size_t echoed = (nlh->nlmsg_flags & NLM_F_CAPPED) ? sizeof(nlmsghdr) : err->msg.nlmsg_len;
    size_t offset = sizeof(nlmsgerr) - sizeof(nlmsghdr) + echoed;
    if (mnl_nlmsg_get_payload_len(nlh) < offset) return {};
    std::string msg;
    for_each_attr(nlh, offset, [&](const nlattr* attr) {
        if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
            mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
            msg = mnl_attr_get_str(attr);
    });
    return msg;
}

Error netlink_error(const nlmsghdr* nlh, std::string_view what) {
    auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
    std::string context(what);
    std::string ext = extack_message(nlh);
    if (!ext.empty()) context += (context.empty() ? "" : ": ") + ext;
    return Error{-err->error, context};
}

// The error a dump ended with: NLMSG_DONE carries an int (0 or -errno), then with
// NLM_F_ACK_TLVS the extended-ACK attributes. nullopt for a dump that ended well.
std::optional<Error> done_error(const nlmsghdr* nlh, std::string_view what) {
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int)) return std::nullopt;
    int code = 0;
    std::memcpy(&code, mnl_nlmsg_get_payload(nlh), sizeof(code));
    if (code >= 0) return std::nullopt;
    std::string context(what), msg;
    if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
        for_each_attr(nlh, sizeof(int), [&](const nlattr* attr) {
            if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
                mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
                msg = mnl_attr_get_str(attr);
        });
    }
    if (!msg.empty()) context += (context.empty() ? "" : ": ") + msg;
    return Error{-code, context};
}

}  // namespace

// libmnl's mnl_attr_for_each macros assign void* and do not compile as C++; these loops do the
// same walk with explicit casts.
void for_each_attr(const nlmsghdr* nlh, size_t offset,
                   const std::function<void(const nlattr*)>& fn) {
    auto* attr = static_cast<const nlattr*>(mnl_nlmsg_get_payload_offset(nlh, offset));
    const char* end = static_cast<const char*>(mnl_nlmsg_get_payload_tail(nlh));
    while (mnl_attr_ok(attr, static_cast<int>(end - reinterpret_cast<const char*>(attr)))) {
        fn(attr);
        attr = mnl_attr_next(attr);
    }
}

void for_each_nested(const nlattr* nest, const std::function<void(const nlattr*)>& fn) {
    auto* attr = static_cast<const nlattr*>(mnl_attr_get_payload(nest));
    const char* end = reinterpret_cast<const char*>(nest) + nest->nla_len;
    while (mnl_attr_ok(attr, static_cast<int>(end - reinterpret_cast<const char*>(attr)))) {
        fn(attr);
        attr = mnl_attr_next(attr);
    }
}

Message::Message(uint16_t type, uint16_t flags, size_t family_header_size)
    : buf_(MNL_SOCKET_BUFFER_SIZE) {
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf_.data());
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    mnl_nlmsg_put_extra_header(nlh, family_header_size);
}

void* Message::family_payload() { return mnl_nlmsg_get_payload(header()); }

void Message::put_u8(uint16_t type, uint8_t v) { mnl_attr_put_u8(header(), type, v); }
void Message::put_u32(uint16_t type, uint32_t v) { mnl_attr_put_u32(header(), type, v); }
void Message::put_str(uint16_t type, std::string_view s) {
    mnl_attr_put(header(), type, s.size() + 1, std::string(s).c_str());
}
void Message::put_bytes(uint16_t type, const void* data, size_t len) {
    mnl_attr_put(header(), type, len, data);
}
size_t Message::nest_begin(uint16_t type) {
    nlattr* nest = mnl_attr_nest_start(header(), type);
    return static_cast<size_t>(reinterpret_cast<char*>(nest) - buf_.data());
}
void Message::nest_end(size_t handle) {
    mnl_attr_nest_end(header(), reinterpret_cast<nlattr*>(buf_.data() + handle));
}

Result<Netlink> Netlink::open(int netns_fd, NetlinkBus bus) {
    NSCTL_TRY(load_libmnl());
    const int protocol = bus == NetlinkBus::kNetfilter ? NETLINK_NETFILTER : NETLINK_ROUTE;
    Netlink nl = NSCTL_TRY(in_netns(netns_fd, [protocol]() -> Result<Netlink> {
        mnl_socket* s = mnl_socket_open2(protocol, SOCK_CLOEXEC);
        if (!s) return errno_error("netlink socket");
        return Netlink(s);
    }));
    mnl_socket* sock = nl.sock_;
    if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) return errno_error("netlink bind");
    int one = 1;
    // Extended ACKs are a nicety: an old kernel without them still works.
    (void)mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
    // Strict checking, as ip sets it: dump requests are validated and their filter attributes
    // honoured (RTM_GETNSID's NETNSA_TARGET_NSID needs it). Older kernels go without.
    (void)mnl_socket_setsockopt(sock, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
    nl.portid_ = mnl_socket_get_portid(sock);
    return nl;
}

Netlink::Netlink(mnl_socket* sock) : sock_(sock) {}
Netlink::Netlink(Netlink&& o) noexcept : sock_(o.sock_), portid_(o.portid_), seq_(o.seq_) {
    o.sock_ = nullptr;
}
Netlink& Netlink::operator=(Netlink&& o) noexcept {
    if (this != &o) {
        if (sock_) mnl_socket_close(sock_);
        sock_ = o.sock_;
        portid_ = o.portid_;
        seq_ = o.seq_;
        o.sock_ = nullptr;
    }
    return *this;
}
Netlink::~Netlink() {
    if (sock_) mnl_socket_close(sock_);
}

Result<void> Netlink::send(const void* data, size_t len) {
    if (mnl_socket_sendto(sock_, data, len) < 0) return errno_error("netlink send");
    return {};
}

Result<void> Netlink::call(Message& msg, std::string_view what) {
    std::vector<Message> one;
    one.push_back(std::move(msg));
    return call_batch(one, {std::string(what)});
}

Result<void> Netlink::call_batch(std::vector<Message>& msgs, const std::vector<std::string>& what) {
    uint32_t first = seq_ + 1;
    std::vector<char> chunk;
    for (auto& m : msgs) {
        nlmsghdr* nlh = m.header();
        nlh->nlmsg_flags |= NLM_F_ACK;
        nlh->nlmsg_seq = ++seq_;
        if (chunk.size() + nlh->nlmsg_len > kSendChunk) {
            NSCTL_TRY(send(chunk.data(), chunk.size()));
            chunk.clear();
        }
        const char* p = reinterpret_cast<const char*>(nlh);
        chunk.insert(chunk.end(), p, p + NLMSG_ALIGN(nlh->nlmsg_len));
    }
    if (!chunk.empty()) NSCTL_TRY(send(chunk.data(), chunk.size()));
    return collect_acks(first, msgs.size(), what);
}

// Reads answers and hands each message to on_msg until it returns true (done) or an Error.
Result<void> Netlink::receive(const std::function<Result<bool>(const nlmsghdr*)>& on_msg) {
    std::vector<char> buf(kRecvSize);
    while (true) {
        ssize_t n = mnl_socket_recvfrom(sock_, buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_error("netlink receive");
        }
        int len = static_cast<int>(n);
        for (auto* m = reinterpret_cast<const nlmsghdr*>(buf.data()); mnl_nlmsg_ok(m, len);
             m = mnl_nlmsg_next(m, &len)) {
            if (NSCTL_TRY(on_msg(m))) return {};
        }
    }
}

// Reads answers until every request from first_seq on has one; keeps the first error.
Result<void> Netlink::collect_acks(uint32_t first_seq, size_t count,
                                   const std::vector<std::string>& what) {
    size_t answered = 0;
    std::optional<Error> first_error;
    NSCTL_TRY(receive([&](const nlmsghdr* nlh) -> Result<bool> {
        if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq < first_seq) return false;
        answered++;
        auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
        size_t i = nlh->nlmsg_seq - first_seq;
        if (err->error != 0 && !first_error)
            first_error = netlink_error(nlh, i < what.size() ? what[i] : "");
        return answered == count;
    }));
    if (first_error) return *first_error;
    return {};
}

Result<void> Netlink::get(Message& msg, std::string_view what,
                          const std::function<void(const nlmsghdr*)>& fn) {
    nlmsghdr* nlh = msg.header();
    nlh->nlmsg_flags |= NLM_F_ACK;
    nlh->nlmsg_seq = ++seq_;
    NSCTL_TRY(send(nlh, nlh->nlmsg_len));
    return receive([&](const nlmsghdr* m) -> Result<bool> {
        if (m->nlmsg_seq != seq_) return false;
        if (m->nlmsg_type != NLMSG_ERROR) {
            fn(m);
            return false;
        }
        auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(m));
        if (err->error != 0) return netlink_error(m, what);
        return true;
    });
}

Result<void> Netlink::dump(Message& msg, const std::function<void(const nlmsghdr*)>& fn,
                           std::string_view what) {
    nlmsghdr* nlh = msg.header();
    nlh->nlmsg_flags |= NLM_F_DUMP;
    nlh->nlmsg_seq = ++seq_;
    NSCTL_TRY(send(nlh, nlh->nlmsg_len));
    return receive([&](const nlmsghdr* m) -> Result<bool> {
        if (m->nlmsg_seq != seq_) return false;
        if (m->nlmsg_type == NLMSG_DONE) {
            if (auto e = done_error(m, what)) return *e;
            return true;
        }
        if (m->nlmsg_type == NLMSG_ERROR) return netlink_error(m, what);
        fn(m);
        return false;
    });
}

}  // namespace nsctl::net
