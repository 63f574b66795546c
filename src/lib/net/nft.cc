// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nft.h"

#include <dlfcn.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <nftables/libnftables.h>
#include <sys/socket.h>

#include <cerrno>

#include "base/json_reader.h"
#include "net/netlink.h"

namespace nsctl::net {

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

namespace {

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

// nfnetlink refuses every nftables message without CAP_NET_ADMIN over the namespace; the
// generation id is the cheapest one to ask.
Result<void> check_access() {
    Netlink nl = NSCTL_TRY(Netlink::open(-1, NetlinkBus::kNetfilter));
    Message m((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN, 0, sizeof(nfgenmsg));
    auto* gen = m.family<nfgenmsg>();
    gen->nfgen_family = AF_UNSPEC;
    gen->version = NFNETLINK_V0;
    auto r = nl.get(m, "nftables", [](const nlmsghdr*) {});
    if (!r && r.error().code == EPERM) return Error{EPERM, "nftables needs CAP_NET_ADMIN"};
    return r;
}

// "internal:0:0-0: Error: Could not process rule: No such file or directory\n..." -> the text
// after "Error: " on the first line.
std::string first_error_line(std::string err) {
    size_t nl = err.find('\n');
    if (nl != std::string::npos) err.resize(nl);
    size_t tag = err.find("Error: ");
    if (tag != std::string::npos) err.erase(0, tag + 7);
    while (!err.empty() && err.back() == ' ') err.pop_back();
    return err.empty() ? "request refused" : err;
}

}  // namespace

Result<Nft> Nft::open() {
    NSCTL_TRY(check_access());
    const NftApi* api = NSCTL_TRY(nft_api());
    nft_ctx* ctx = api->ctx_new(NFT_CTX_DEFAULT);
    if (!ctx) return Error{ENOMEM, "nft_ctx_new"};
    Nft nft(api, ctx);
    if (api->buffer_output(ctx) != 0 || api->buffer_error(ctx) != 0)
        return Error{ENOMEM, "libnftables: output buffers"};
    // JSON output; libnftables 1.0.6 also takes its input as JSON exactly when this is set.
    api->set_flags(ctx, NFT_CTX_OUTPUT_JSON);
    return nft;
}

Nft::Nft(Nft&& o) noexcept : api_(o.api_), ctx_(o.ctx_) { o.ctx_ = nullptr; }

Nft::~Nft() {
    if (ctx_) api_->ctx_free(ctx_);
}

Result<std::string> Nft::run(const std::string& request) {
    // libnftables falls back to its command language when jansson cannot load the buffer (a
    // byte that is not UTF-8, a NUL): such a request never leaves here.
    if (!is_json_safe_utf8(request) || !parse_json(request))
        return Error{EINVAL, "nftables request is not valid JSON"};
    int rc = api_->run_cmd(ctx_, request.c_str());
    // Both buffers are taken (and so emptied) after every run: a warning left by one request
    // must not open the error of the next.
    std::string out = api_->output(ctx_);
    std::string err = api_->error(ctx_);
    if (rc == 0) return out;
    return Error{EINVAL, "nftables: " + first_error_line(std::move(err))};
}

}  // namespace nsctl::net
