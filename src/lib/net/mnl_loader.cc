// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/mnl_loader.h"

#include <dlfcn.h>
#include <libmnl/libmnl.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace nsctl::net {
namespace {

// Every libmnl function nsctl calls; mnl_attr_for_each and the like are macros over these.
// clang-format off
#define NSCTL_MNL_FUNCTIONS(X) \
    X(mnl_socket_open2) \
    X(mnl_socket_bind) \
    X(mnl_socket_close) \
    X(mnl_socket_get_portid) \
    X(mnl_socket_sendto) \
    X(mnl_socket_recvfrom) \
    X(mnl_socket_setsockopt) \
    X(mnl_nlmsg_get_payload_len) \
    X(mnl_nlmsg_put_header) \
    X(mnl_nlmsg_put_extra_header) \
    X(mnl_nlmsg_ok) \
    X(mnl_nlmsg_next) \
    X(mnl_nlmsg_get_payload) \
    X(mnl_nlmsg_get_payload_offset) \
    X(mnl_nlmsg_get_payload_tail) \
    X(mnl_attr_get_type) \
    X(mnl_attr_get_payload_len) \
    X(mnl_attr_get_payload) \
    X(mnl_attr_get_u32) \
    X(mnl_attr_get_str) \
    X(mnl_attr_put) \
    X(mnl_attr_put_u8) \
    X(mnl_attr_put_u32) \
    X(mnl_attr_nest_start) \
    X(mnl_attr_nest_end) \
    X(mnl_attr_validate) \
    X(mnl_attr_ok) \
    X(mnl_attr_next)
// clang-format on

struct MnlApi {
#define NSCTL_MNL_SLOT(name) decltype(&::name) name = nullptr;
    NSCTL_MNL_FUNCTIONS(NSCTL_MNL_SLOT)
#undef NSCTL_MNL_SLOT
};

MnlApi g_api;

const MnlApi& api() {
    auto loaded = load_libmnl();
    if (!loaded) {
        // Only reachable when a message is built before any Netlink::open, on a machine without
        // libmnl: an installation fault, reported as an assertion would be.
        std::fprintf(stderr, "nsctl: %s\n", loaded.error().message().c_str());
        std::abort();
    }
    return g_api;
}

}  // namespace

Result<void> load_libmnl() {
    static bool tried = false;
    static Error failure{};
    if (tried) return failure.code == 0 ? Result<void>() : Result<void>(failure);
    tried = true;
    void* lib = dlopen("libmnl.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        failure = Error{ENOENT, std::string("cannot load libmnl: ") + dlerror()};
        return failure;
    }
#define NSCTL_MNL_BIND(name)                                                \
    g_api.name = reinterpret_cast<decltype(g_api.name)>(dlsym(lib, #name)); \
    if (!g_api.name) {                                                      \
        failure = Error{ENOSYS, "libmnl lacks " #name};                     \
        return failure;                                                     \
    }
    NSCTL_MNL_FUNCTIONS(NSCTL_MNL_BIND)
#undef NSCTL_MNL_BIND
    return {};
}

}  // namespace nsctl::net

// The forwarders: nsctl's calls to libmnl land here (the binary is not linked with libmnl).
using nsctl::net::api;

extern "C" {

mnl_socket* mnl_socket_open2(int bus, int flags) { return api().mnl_socket_open2(bus, flags); }
int mnl_socket_bind(mnl_socket* nl, unsigned groups, pid_t pid) {
    return api().mnl_socket_bind(nl, groups, pid);
}
int mnl_socket_close(mnl_socket* nl) { return api().mnl_socket_close(nl); }
unsigned mnl_socket_get_portid(const mnl_socket* nl) { return api().mnl_socket_get_portid(nl); }
ssize_t mnl_socket_sendto(const mnl_socket* nl, const void* req, size_t size) {
    return api().mnl_socket_sendto(nl, req, size);
}
ssize_t mnl_socket_recvfrom(const mnl_socket* nl, void* buf, size_t size) {
    return api().mnl_socket_recvfrom(nl, buf, size);
}
int mnl_socket_setsockopt(const mnl_socket* nl, int type, void* buf, socklen_t len) {
    return api().mnl_socket_setsockopt(nl, type, buf, len);
}
size_t mnl_nlmsg_get_payload_len(const nlmsghdr* nlh) {
    return api().mnl_nlmsg_get_payload_len(nlh);
}
nlmsghdr* mnl_nlmsg_put_header(void* buf) { return api().mnl_nlmsg_put_header(buf); }
void* mnl_nlmsg_put_extra_header(nlmsghdr* nlh, size_t size) {
    return api().mnl_nlmsg_put_extra_header(nlh, size);
}
bool mnl_nlmsg_ok(const nlmsghdr* nlh, int len) { return api().mnl_nlmsg_ok(nlh, len); }
nlmsghdr* mnl_nlmsg_next(const nlmsghdr* nlh, int* len) { return api().mnl_nlmsg_next(nlh, len); }
void* mnl_nlmsg_get_payload(const nlmsghdr* nlh) { return api().mnl_nlmsg_get_payload(nlh); }
void* mnl_nlmsg_get_payload_offset(const nlmsghdr* nlh, size_t offset) {
    return api().mnl_nlmsg_get_payload_offset(nlh, offset);
}
void* mnl_nlmsg_get_payload_tail(const nlmsghdr* nlh) {
    return api().mnl_nlmsg_get_payload_tail(nlh);
}
uint16_t mnl_attr_get_type(const nlattr* attr) { return api().mnl_attr_get_type(attr); }
uint16_t mnl_attr_get_payload_len(const nlattr* attr) {
    return api().mnl_attr_get_payload_len(attr);
}
void* mnl_attr_get_payload(const nlattr* attr) { return api().mnl_attr_get_payload(attr); }
uint32_t mnl_attr_get_u32(const nlattr* attr) { return api().mnl_attr_get_u32(attr); }
const char* mnl_attr_get_str(const nlattr* attr) { return api().mnl_attr_get_str(attr); }
void mnl_attr_put(nlmsghdr* nlh, uint16_t type, size_t len, const void* data) {
    api().mnl_attr_put(nlh, type, len, data);
}
void mnl_attr_put_u8(nlmsghdr* nlh, uint16_t type, uint8_t data) {
    api().mnl_attr_put_u8(nlh, type, data);
}
void mnl_attr_put_u32(nlmsghdr* nlh, uint16_t type, uint32_t data) {
    api().mnl_attr_put_u32(nlh, type, data);
}
nlattr* mnl_attr_nest_start(nlmsghdr* nlh, uint16_t type) {
    return api().mnl_attr_nest_start(nlh, type);
}
void mnl_attr_nest_end(nlmsghdr* nlh, nlattr* start) { api().mnl_attr_nest_end(nlh, start); }
int mnl_attr_validate(const nlattr* attr, mnl_attr_data_type type) {
    return api().mnl_attr_validate(attr, type);
}
bool mnl_attr_ok(const nlattr* attr, int len) { return api().mnl_attr_ok(attr, len); }
nlattr* mnl_attr_next(const nlattr* attr) { return api().mnl_attr_next(attr); }

}  // extern "C"
