// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/publish.h"

#include <optional>
#include <utility>

#include "base/json_reader.h"
#include "net/nft.h"
#include "net/nft_request.h"

namespace nsctl::net {
namespace {

constexpr const char* kFamily = "ip";
constexpr const char* kTable = "nsctl_publish";
constexpr const char* kChains[] = {"prerouting", "output"};
constexpr std::string_view kCommentPrefix = "nsctl:";

void forward_rule(NftRequest& q, const std::string& to, const PortForward& f) {
    q.open("expr", JsonWriter::kArray);
    q.match(  // fib daddr type local: only what is addressed to the host itself
        [](NftRequest& r) {
            r.open("fib", JsonWriter::kObject);
            r.string("result", "type");
            r.open("flags", JsonWriter::kArray);
            r.string(nullptr, "daddr");
            r.close(JsonWriter::kArray);
            r.close(JsonWriter::kObject);
        },
        [](NftRequest& r) { r.string("right", "local"); });
    q.match(
        [&](NftRequest& r) {
            r.open("payload", JsonWriter::kObject);
            r.string("protocol", f.udp ? "udp" : "tcp");
            r.string("field", "dport");
            r.close(JsonWriter::kObject);
        },
        [&](NftRequest& r) { r.number("right", f.host_port); });
    q.open(nullptr, JsonWriter::kObject);
    q.open("dnat", JsonWriter::kObject);
    q.string("addr", to);
    q.number("port", f.port);
    q.close(JsonWriter::kObject);
    q.close(JsonWriter::kObject);
    q.close(JsonWriter::kArray);
}

struct OwnedRule {
    std::string chain;
    uint64_t handle = 0;
};

// The rules of the listing commented "nsctl:TAG", and whether any other rule is in the table.
struct Owned {
    std::vector<OwnedRule> rules;
    bool others = false;
};

std::optional<Owned> owned_rules(std::string_view listing, const std::string& tag) {
    auto doc = parse_json(listing);
    const Json* items = doc ? doc->get("nftables") : nullptr;
    if (!items || items->type != Json::Type::kArray) return std::nullopt;
    Owned owned;
    std::string want = std::string(kCommentPrefix) + tag;
    for (const Json& item : items->items) {
        const Json* rule = item.get("rule");
        if (!rule) continue;
        const std::string* comment = rule->string("comment");
        const std::string* chain = rule->string("chain");
        if (comment && chain && *comment == want) {
            owned.rules.push_back({*chain, static_cast<uint64_t>(rule->integer("handle"))});
        } else {
            owned.others = true;
        }
    }
    return owned;
}

}  // namespace

std::string publish_add_request(const std::string& tag, const std::string& to,
                                const std::vector<PortForward>& forwards) {
    NftRequest r;
    r.command("add", "table", [](NftRequest& q) { q.table_members(kFamily, kTable, false); });
    for (const char* chain : kChains) {
        r.command("add", "chain", [&](NftRequest& q) {
            q.table_members(kFamily, kTable, true);
            q.string("name", chain);
            q.string("type", "nat");
            q.string("hook", chain);
            q.integer("prio", -100);  // dstnat
            q.string("policy", "accept");
        });
    }
    for (const auto& f : forwards) {
        for (const char* chain : kChains) {
            r.command("add", "rule", [&](NftRequest& q) {
                q.table_members(kFamily, kTable, true);
                q.string("chain", chain);
                q.string("comment", std::string(kCommentPrefix) + tag);
                forward_rule(q, to, f);
            });
        }
    }
    return r.finish();
}

Result<void> publish_add(const std::string& tag, const std::string& to,
                         const std::vector<PortForward>& forwards) {
    if (forwards.empty()) return {};
    Nft nft = NSCTL_TRY(Nft::open());
    NSCTL_TRY(nft.run(publish_add_request(tag, to, forwards)));
    return {};
}

Result<void> publish_remove(const std::string& tag) {
    Nft nft = NSCTL_TRY(Nft::open());
    NftRequest list;
    list.command("list", "table", [](NftRequest& q) { q.table_members(kFamily, kTable, false); });
    auto listing = nft.run(list.finish());
    if (!listing) return {};  // no table: nothing published
    auto owned = owned_rules(*listing, tag);
    if (!owned || owned->rules.empty()) return {};
    NftRequest r;
    if (!owned->others) {
        r.command("delete", "table",
                  [](NftRequest& q) { q.table_members(kFamily, kTable, false); });
    } else {
        for (const auto& rule : owned->rules) {
            r.command("delete", "rule", [&](NftRequest& q) {
                q.table_members(kFamily, kTable, true);
                q.string("chain", rule.chain);
                q.number("handle", rule.handle);
            });
        }
    }
    NSCTL_TRY(nft.run(r.finish()));
    return {};
}

}  // namespace nsctl::net
