// SPDX-License-Identifier: GPL-2.0-or-later
// kernel.*: the kernel interfaces nsctl uses, each probed by a call that changes nothing (an
// invalid argument tells "there" from ENOSYS), and nftables (the module and nft or libnftables).
#include <fcntl.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "base/unique_fd.h"
#include "doctor/util.h"
#include "sys/clone.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"
#include "sys/mount_api.h"
#include "sys/process.h"
#include "sys/sockets.h"

namespace nsctl::doctor {
namespace {

// ok when err is anything but ENOSYS (the call exists), else warn with the version it needs.
Finding syscall_finding(const char* check, const char* call, int err, const char* since) {
    if (err != ENOSYS) return ok(check, std::string(call) + " is available");
    return warn(check, std::string("this kernel has no ") + call + " (it needs " + since + ")",
                std::string("boot ") + since + " or later");
}

int errno_of_fd(int fd_or_errno) {
    UniqueFd owned(fd_or_errno >= 0 ? fd_or_errno : -1);
    return fd_or_errno >= 0 ? 0 : -fd_or_errno;
}

Finding pidfd_open() {
    auto fd = sys::pidfd_open(sys::getpid(), 0);
    return syscall_finding("kernel.pidfd_open", "pidfd_open(2)", fd ? 0 : fd.error().code,
                           "Linux 5.3");
}

Finding clone3() {
    // No arguments: EINVAL where clone3 exists (its struct is too small), ENOSYS where not.
    pid_t r = sys::raw::clone3(nullptr, 0);
    return syscall_finding("kernel.clone3", "clone3(2)", r < 0 ? -r : 0, "Linux 5.3");
}

Finding mount_api() {
    // A tmpfs context made and dropped; EPERM without CAP_SYS_ADMIN still means it is there.
    int err = errno_of_fd(sys::raw::fsopen("tmpfs"));
    return syscall_finding("kernel.mount_api", "the new mount API (fsopen(2))", err, "Linux 5.2");
}

Finding open_tree() {
    int err = errno_of_fd(sys::raw::open_tree(AT_FDCWD, "/", 0));
    return syscall_finding("kernel.open_tree", "open_tree(2)", err, "Linux 5.2");
}

Finding idmapped_mounts() {
    // mount_setattr(2) came with MOUNT_ATTR_IDMAP (Linux 5.12); an empty change does nothing.
    int err = sys::raw::mount_setattr(-1, "", AT_EMPTY_PATH, 0, 0);
    if (err == ENOSYS)
        return warn("kernel.idmapped_mounts", "this kernel has no mount_setattr(2) (Linux 5.12)",
                    "boot Linux 5.12 or later");
    return ok("kernel.idmapped_mounts",
              "mount_setattr(2) with MOUNT_ATTR_IDMAP is available (where the file system "
              "supports idmapped mounts)");
}

Finding ns_get_id(const Roots& roots) {
    auto fd = sys::open((roots.proc + "/self/ns/uts").c_str(), O_RDONLY);
    if (!fd)
        return warn("kernel.ns_get_id", "cannot open " + roots.proc + "/self/ns/uts",
                    "mount proc on /proc");
    uint64_t id = 0;
    auto r = sys::ioctl(fd->get(), NS_GET_ID, &id);
    if (r) return ok("kernel.ns_get_id", "NS_GET_ID is available (namespace ids and handles)");
    return warn("kernel.ns_get_id",
                std::string("NS_GET_ID fails: ") + std::strerror(r.error().code) +
                    " (it needs Linux 6.18): namespaces are told apart by inode only",
                "boot Linux 6.18 or later");
}

Finding time_namespaces(const Roots& roots) {
    if (path_exists(roots.proc + "/self/ns/time_for_children"))
        return ok("kernel.time_namespaces", "time namespaces are available");
    return warn("kernel.time_namespaces", "this kernel has no time namespaces",
                "boot Linux 5.6 or later built with CONFIG_TIME_NS");
}

// Asks nfnetlink for the nf_tables ruleset generation (NFT_MSG_GETGEN, read-only): 0 when it
// answers, EOPNOTSUPP when the kernel has no nf_tables, EPERM without CAP_NET_ADMIN.
int ask_nf_tables() {
    auto sock = sys::socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);
    if (!sock) return sock.error().code;
    struct {
        nlmsghdr header;
        nfgenmsg body;
    } request{};
    request.header.nlmsg_len = sizeof(request);
    request.header.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    request.body.nfgen_family = AF_UNSPEC;
    request.body.version = NFNETLINK_V0;
    if (!sys::send(sock->get(), &request, sizeof(request), 0)) return EIO;
    alignas(nlmsghdr) char reply[4096];
    auto n = sys::recv(sock->get(), reply, sizeof(reply), 0);
    if (!n || *n < sizeof(nlmsghdr)) return EIO;
    auto* h = reinterpret_cast<const nlmsghdr*>(reply);
    if (h->nlmsg_type != NLMSG_ERROR) return 0;  // the generation itself
    if (*n < NLMSG_LENGTH(sizeof(nlmsgerr))) return EIO;
    return -reinterpret_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;
}

// The kernel has nf_tables loaded or built in, or as a module it loads on first use.
std::string nf_tables_state(const Roots& roots) {
    int err = ask_nf_tables();
    if (err == 0) return "nf_tables answers";
    if (path_exists(roots.sys + "/module/nf_tables")) return "nf_tables is loaded";
    auto release = read_word(roots.proc + "/sys/kernel/osrelease");
    if (!release) return err == EPERM ? "nf_tables not asked (needs CAP_NET_ADMIN)" : "";
    std::string dir = roots.modules + "/" + *release;
    if (read_text(dir + "/modules.builtin").find("/nf_tables.ko") != std::string::npos)
        return "nf_tables is built in";
    if (read_text(dir + "/modules.dep").find("/nf_tables.ko") != std::string::npos)
        return "nf_tables is a module (loaded on first use)";
    if (err == EPERM) return "nf_tables not asked (nfnetlink needs CAP_NET_ADMIN, as nsctl nat)";
    return "";
}

Finding nftables(const Roots& roots) {
    std::string module = nf_tables_state(roots);
    auto nft = find_in_path(roots.path, "nft");
    auto lib = find_in_path(roots.libs, "libnftables.so.1");
    if (module.empty())
        return warn("kernel.nftables",
                    "this kernel has no nf_tables, loaded or as a module (nsctl nat needs it)",
                    "boot a kernel built with CONFIG_NF_TABLES");
    if (!nft && !lib)
        return warn("kernel.nftables", module + ", but neither nft nor libnftables is installed",
                    "apt-get install libnftables1 nftables");
    std::string tools = lib ? *lib : *nft;
    if (lib && nft) tools += " and " + *nft;
    return ok("kernel.nftables", module + "; " + tools);
}

}  // namespace

std::vector<Finding> check_kernel_features(const Roots& roots) {
    return {pidfd_open(),
            clone3(),
            mount_api(),
            open_tree(),
            idmapped_mounts(),
            ns_get_id(roots),
            time_namespaces(roots),
            nftables(roots)};
}

}  // namespace nsctl::doctor
