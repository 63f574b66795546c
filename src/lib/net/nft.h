// SPDX-License-Identifier: GPL-2.0-or-later
// A libnftables session that speaks JSON only: requests are JSON documents built from structure
// (base/json_writer.h), listings come back as JSON. No value ever reaches nft's own command
// language, whose parser would read a quote or a ';' in an interface name as syntax.
#pragma once

#include <string>

#include "base/result.h"

struct nft_ctx;

namespace nsctl::net {

struct NftApi;

class Nft {
  public:
    /// Loads libnftables (dlopen, on first use) and makes a context in the calling thread's
    /// network namespace, after asking the kernel whether nftables will answer us at all: EPERM
    /// "nftables needs CAP_NET_ADMIN" when it will not (libnftables would print its own line on
    /// stderr for that; nothing of libnftables ever reaches stderr or stdout: both are buffered).
    static Result<Nft> open();

    Nft(Nft&& other) noexcept;
    Nft(const Nft&) = delete;
    Nft& operator=(const Nft&) = delete;
    Nft& operator=(Nft&&) = delete;
    ~Nft();

    /// Runs one JSON request ({"nftables": [...]}: its commands are one transaction) and returns
    /// the JSON output (empty for changes). EINVAL without running anything when request is not
    /// JSON that libnftables' parser takes (valid UTF-8, no NUL): libnftables would then read it
    /// as nft commands instead. A refused request: EINVAL with nft's first error line,
    /// "nftables: Could not process rule: No such file or directory".
    Result<std::string> run(const std::string& request);

  private:
    Nft(const NftApi* api, nft_ctx* ctx) : api_(api), ctx_(ctx) {}
    const NftApi* api_;
    nft_ctx* ctx_;
};

}  // namespace nsctl::net
