// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nat.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <nftables/libnftables.h>
#include <sched.h>

#include <cerrno>
#include <cstdlib>

#include "net/in_netns.h"
#include "sys/fd.h"
#include "sys/ns.h"

namespace nsctl::net {
namespace {

constexpr const char* kTable = "ip nsctl";
constexpr const char* kForward = "/proc/sys/net/ipv4/ip_forward";
constexpr const char* kCommentPrefix = "nsctl:";

// libnftables, loaded on first use: it and the libraries it needs (libnftnl, libxtables, libgmp,
// libjansson) would otherwise be mapped and relocated at every start of the nsctl binary, which
// costs unshare and nsenter a fifth of their run time (bench/unshare measured it).
struct NftApi {
    decltype(&nft_ctx_new) ctx_new = nullptr;
    decltype(&nft_ctx_free) ctx_free = nullptr;
    decltype(&nft_ctx_buffer_output) buffer_output = nullptr;
    decltype(&nft_ctx_buffer_error) buffer_error = nullptr;
    decltype(&nft_ctx_output_set_flags) set_flags = nullptr;
    decltype(&nft_run_cmd_from_buffer) run_cmd = nullptr;
    decltype(&nft_ctx_get_output_buffer) output = nullptr;
    decltype(&nft_ctx_get_error_buffer) error = nullptr;
};

template <typename T>
bool bind_symbol(void* lib, const char* name, T& slot) {
    slot = reinterpret_cast<T>(dlsym(lib, name));
    return slot != nullptr;
}

Result<const NftApi*> nft_api() {
    static NftApi api;
    static Error failure{};
    static bool loaded = false;
    if (loaded) return failure.code == 0 ? Result<const NftApi*>(&api) : failure;
    loaded = true;
    void* lib = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        failure = Error{ENOENT, std::string("cannot load libnftables: ") + dlerror()};
        return failure;
    }
    bool ok = bind_symbol(lib, "nft_ctx_new", api.ctx_new) &&
              bind_symbol(lib, "nft_ctx_free", api.ctx_free) &&
              bind_symbol(lib, "nft_ctx_buffer_output", api.buffer_output) &&
              bind_symbol(lib, "nft_ctx_buffer_error", api.buffer_error) &&
              bind_symbol(lib, "nft_ctx_output_set_flags", api.set_flags) &&
              bind_symbol(lib, "nft_run_cmd_from_buffer", api.run_cmd) &&
              bind_symbol(lib, "nft_ctx_get_output_buffer", api.output) &&
              bind_symbol(lib, "nft_ctx_get_error_buffer", api.error);
    if (!ok) failure = Error{ENOSYS, "libnftables lacks a function nsctl needs"};
    if (!ok) return failure;
    return &api;
}

// One libnftables context, created inside the target namespace (its netlink socket is opened
// there) and freed on every path.
class Nft {
  public:
    static Result<Nft> open() {
        const NftApi* api = NSCTL_TRY(nft_api());
        nft_ctx* ctx = api->ctx_new(NFT_CTX_DEFAULT);
        if (!ctx) return Error{ENOMEM, "nft_ctx_new"};
        api->buffer_output(ctx);
        api->buffer_error(ctx);
        api->set_flags(ctx, NFT_CTX_OUTPUT_HANDLE);
        return Nft(api, ctx);
    }
    Nft(Nft&& o) noexcept : api_(o.api_), ctx_(o.ctx_) { o.ctx_ = nullptr; }
    Nft(const Nft&) = delete;
    Nft& operator=(const Nft&) = delete;
    Nft& operator=(Nft&&) = delete;
    ~Nft() {
        if (ctx_) api_->ctx_free(ctx_);
    }

    /// Runs one nft command; returns its output, or an Error with nft's own message.
    Result<std::string> run(const std::string& cmd) {
        int rc = api_->run_cmd(ctx_, cmd.c_str());
        std::string out = api_->output(ctx_);
        std::string err = api_->error(ctx_);
        if (rc == 0) return out;
        while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
        size_t nl = err.find('\n');
        return Error{EINVAL, "nft: " + (nl == std::string::npos ? err : err.substr(0, nl))};
    }

  private:
    Nft(const NftApi* api, nft_ctx* ctx) : api_(api), ctx_(ctx) {}
    const NftApi* api_;
    nft_ctx* ctx_;
};

Result<bool> read_forward() {
    UniqueFd fd = NSCTL_TRY(sys::open(kForward, O_RDONLY));
    char c = '0';
    NSCTL_TRY(sys::read(fd.get(), &c, 1));
    return c == '1';
}

Result<void> write_forward(bool on) {
    UniqueFd fd = NSCTL_TRY(sys::open(kForward, O_WRONLY));
    NSCTL_TRY(sys::write(fd.get(), on ? "1\n" : "0\n", 2));
    return {};
}

// The table's listing, or nullopt when nsctl has no table in this namespace.
Result<std::optional<NatTable>> read_table(Nft& nft) {
    auto listing = nft.run(std::string("list table ") + kTable);
    if (!listing) {
        if (listing.error().context.find("No such file or directory") != std::string::npos)
            return std::optional<NatTable>();
        return listing.error();
    }
    return std::optional<NatTable>(parse_nat_table(*listing));
}

Result<void> create_table(Nft& nft) {
    bool before = NSCTL_TRY(read_forward());
    std::string cmd = std::string("add table ") + kTable +
                      " { comment \"nsctl nat; ip_forward was " + (before ? "1" : "0") + "\"; }\n" +
                      "add chain " + kTable +
                      " postrouting { type nat hook postrouting priority srcnat; policy accept; }";
    NSCTL_TRY(nft.run(cmd));
    return {};
}

Result<void> enable_here(const std::string& subnet, const std::optional<std::string>& out) {
    Nft nft = NSCTL_TRY(Nft::open());
    auto table = NSCTL_TRY(read_table(nft));
    if (table) {
        for (const auto& entry : table->rules)
            if (entry.first.subnet == subnet) return Error{EEXIST, subnet};
    } else {
        NSCTL_TRY(create_table(nft));
    }
    std::string cmd = std::string("add rule ") + kTable + " postrouting ip saddr " + subnet;
    if (out) cmd += " oifname \"" + *out + "\"";
    cmd += std::string(" masquerade comment \"") + kCommentPrefix + subnet + "\"";
    auto added = nft.run(cmd);
    if (!added) {
        // Nothing half-made: a table this call created goes again.
        if (!table) (void)nft.run(std::string("delete table ") + kTable);
        return added.error();
    }
    return write_forward(true);
}

Result<void> disable_here(const std::string& subnet) {
    Nft nft = NSCTL_TRY(Nft::open());
    auto table = NSCTL_TRY(read_table(nft));
    if (!table) return Error{ENOENT, subnet + ": NAT is not enabled"};
    std::optional<unsigned long> handle;
    for (const auto& [rule, h] : table->rules)
        if (rule.subnet == subnet) handle = h;
    if (!handle) return Error{ENOENT, subnet + ": NAT is not enabled"};
    if (table->rules.size() > 1) {
        NSCTL_TRY(nft.run(std::string("delete rule ") + kTable + " postrouting handle " +
                          std::to_string(*handle)));
        return {};
    }
    NSCTL_TRY(nft.run(std::string("delete table ") + kTable));
    return write_forward(table->forward_before.value_or(false));
}

Result<NatState> show_here() {
    Nft nft = NSCTL_TRY(Nft::open());
    auto table = NSCTL_TRY(read_table(nft));
    NatState s;
    if (table)
        for (const auto& [rule, h] : table->rules) s.rules.push_back(rule);
    s.forwarding = NSCTL_TRY(read_forward());
    return s;
}

// The text between the first pair of double quotes after `key` in line.
std::optional<std::string> quoted_after(std::string_view line, std::string_view key) {
    size_t k = line.find(key);
    if (k == std::string_view::npos) return std::nullopt;
    size_t open = line.find('"', k + key.size());
    size_t close = open == std::string_view::npos ? open : line.find('"', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return std::string(line.substr(open + 1, close - open - 1));
}

}  // namespace

std::optional<std::string> parse_ipv4_subnet(std::string_view text) {
    size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string addr(text.substr(0, slash));
    std::string len(text.substr(slash + 1));
    in_addr a{};
    if (inet_pton(AF_INET, addr.c_str(), &a) != 1) return std::nullopt;
    if (len.empty() || len.size() > 2 || len.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    int bits = std::atoi(len.c_str());
    if (bits > 32) return std::nullopt;
    uint32_t host = ntohl(a.s_addr);
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    if (host & ~mask) return std::nullopt;
    return addr + "/" + std::to_string(bits);
}

NatTable parse_nat_table(std::string_view listing) {
    NatTable t;
    size_t pos = 0;
    while (pos < listing.size()) {
        size_t end = listing.find('\n', pos);
        if (end == std::string_view::npos) end = listing.size();
        std::string_view line = listing.substr(pos, end - pos);
        pos = end + 1;
        auto was = line.find("ip_forward was ");
        if (line.find("comment \"nsctl nat;") != std::string_view::npos &&
            was != std::string_view::npos)
            t.forward_before = line[was + 15] == '1';
        auto comment = quoted_after(line, "comment");
        size_t handle = line.rfind("# handle ");
        if (!comment || comment->rfind(kCommentPrefix, 0) != 0 || handle == std::string_view::npos)
            continue;
        NatRule rule;
        rule.subnet = comment->substr(std::string_view(kCommentPrefix).size());
        rule.out = quoted_after(line, "oifname");
        t.rules.emplace_back(
            rule, std::strtoul(std::string(line.substr(handle + 9)).c_str(), nullptr, 10));
    }
    return t;
}

Result<void> nat_enable(const std::string& subnet, const std::optional<std::string>& out,
                        int netns_fd) {
    return in_netns(netns_fd, [&] { return enable_here(subnet, out); });
}

Result<void> nat_disable(const std::string& subnet, int netns_fd) {
    return in_netns(netns_fd, [&] { return disable_here(subnet); });
}

Result<NatState> nat_show(int netns_fd) {
    return in_netns(netns_fd, [&] { return show_here(); });
}

}  // namespace nsctl::net
