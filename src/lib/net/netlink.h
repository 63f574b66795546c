// SPDX-License-Identifier: GPL-2.0-or-later
// Our thin rtnetlink layer on libmnl: one NETLINK_ROUTE socket per network namespace, requests
// acknowledged one by one or in batches, dumps, and the kernel's extended-ACK text in errors.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

struct mnl_socket;
struct nlmsghdr;  // <linux/netlink.h>: kept out of this header, which the commands see
struct nlattr;

namespace nsctl::net {

/// Calls fn for each attribute of nlh after `offset` bytes of family header.
void for_each_attr(const nlmsghdr* nlh, size_t offset,
                   const std::function<void(const nlattr*)>& fn);

/// Calls fn for each attribute nested in attr.
void for_each_nested(const nlattr* attr, const std::function<void(const nlattr*)>& fn);

/// One request being built: a netlink header, a family header and attributes, in an owned
/// buffer (what libmnl's mnl_nlmsg_put_header and mnl_attr_put* write into).
class Message {
  public:
    /// type: RTM_NEWLINK, ...; flags: NLM_F_CREATE | NLM_F_EXCL, ... (NLM_F_REQUEST is added).
    /// family_header_size: sizeof(ifinfomsg) and the like; it starts zeroed.
    Message(uint16_t type, uint16_t flags, size_t family_header_size);
    Message(Message&&) = default;
    Message& operator=(Message&&) = default;
    Message(const Message&) = delete;
    Message& operator=(const Message&) = delete;

    nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
    const nlmsghdr* header() const { return reinterpret_cast<const nlmsghdr*>(buf_.data()); }
    /// The family header (ifinfomsg, ifaddrmsg, rtmsg, ...).
    template <typename T>
    T* family() {
        return static_cast<T*>(family_payload());
    }

    void put_u8(uint16_t type, uint8_t v);
    void put_u32(uint16_t type, uint32_t v);
    void put_str(uint16_t type, std::string_view s);  ///< NUL-terminated
    void put_bytes(uint16_t type, const void* data, size_t len);
    /// Nested attributes: begin returns a handle for end.
    size_t nest_begin(uint16_t type);
    void nest_end(size_t handle);

  private:
    void* family_payload();
    std::vector<char> buf_;
};

/// The netlink families nsctl speaks.
enum class NetlinkBus {
    kRoute,      ///< NETLINK_ROUTE: links, addresses, routes, namespace ids
    kNetfilter,  ///< NETLINK_NETFILTER: only to ask nftables whether it will answer us
};

/// A netlink socket (NETLINK_ROUTE unless asked otherwise). Move-only; closes on destruction.
class Netlink {
  public:
    /// Opens the socket in the calling thread's network namespace, or, with netns_fd >= 0
    /// (borrowed), in that one: the thread enters it for socket(2) only and returns.
    static Result<Netlink> open(int netns_fd = -1, NetlinkBus bus = NetlinkBus::kRoute);

    Netlink(Netlink&& other) noexcept;
    Netlink& operator=(Netlink&& other) noexcept;
    Netlink(const Netlink&) = delete;
    Netlink& operator=(const Netlink&) = delete;
    ~Netlink();

    /// Sends msg with NLM_F_ACK and waits for its answer. An error's context is `what`, plus
    /// the kernel's extended-ACK message when it gave one: "veth0: Unknown device type".
    Result<void> call(Message& msg, std::string_view what);

    /// Sends all msgs in as few sendmsg(2) calls as fit, each with NLM_F_ACK, then collects
    /// every answer. Returns the first error, its context what[i] (+ extended ACK).
    Result<void> call_batch(std::vector<Message>& msgs, const std::vector<std::string>& what);

    /// Sends a get request (with NLM_F_ACK) and calls fn for its reply; errors as call().
    Result<void> get(Message& msg, std::string_view what,
                     const std::function<void(const nlmsghdr*)>& fn);

    /// Sends msg with NLM_F_DUMP and calls fn for every reply until NLMSG_DONE. An error (also
    /// one the kernel ends the dump with) has the context `what` plus the extended ACK.
    Result<void> dump(Message& msg, const std::function<void(const nlmsghdr*)>& fn,
                      std::string_view what = "dump");

  private:
    explicit Netlink(mnl_socket* sock);
    Result<void> send(const void* data, size_t len);
    Result<void> receive(const std::function<Result<bool>(const nlmsghdr*)>& on_msg);
    Result<void> collect_acks(uint32_t first_seq, size_t count,
                              const std::vector<std::string>& what);

    mnl_socket* sock_ = nullptr;
    uint32_t portid_ = 0;
    uint32_t seq_ = 0;
};

}  // namespace nsctl::net
