// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nat_json.h"

#include <cassert>
#include <cerrno>
#include <functional>

#include "base/json_reader.h"
#include "base/json_writer.h"
#include "base/parse.h"
#include "net/nft_request.h"

namespace nsctl::net {
namespace {

constexpr const char* kFamily = "ip";
constexpr const char* kTable = "nsctl";
constexpr const char* kChain = "postrouting";
constexpr std::string_view kCommentPrefix = "nsctl:";
constexpr size_t kIfnameMax = 15;  // IFNAMSIZ - 1

void rule_expressions(NftRequest& r, const Ipv4Subnet& subnet,
                      const std::optional<std::string>& oifname) {
    r.open("expr", JsonWriter::kArray);
    r.match(
        [](NftRequest& q) {
            q.open("payload", JsonWriter::kObject);
            q.string("protocol", "ip");
            q.string("field", "saddr");
            q.close(JsonWriter::kObject);
        },
        [&](NftRequest& q) {
            q.open("right", JsonWriter::kObject);
            q.open("prefix", JsonWriter::kObject);
            q.string("addr", subnet.address);
            q.number("len", static_cast<uint64_t>(subnet.length));
            q.close(JsonWriter::kObject);
            q.close(JsonWriter::kObject);
        });
    if (oifname) {
        r.match(
            [](NftRequest& q) {
                q.open("meta", JsonWriter::kObject);
                q.string("key", "oifname");
                q.close(JsonWriter::kObject);
            },
            [&](NftRequest& q) { q.string("right", *oifname); });
    }
    r.open(nullptr, JsonWriter::kObject);
    r.null("masquerade");
    r.close(JsonWriter::kObject);
    r.close(JsonWriter::kArray);
}

// The interface a rule's oifname string names: nft shows a literal trailing star as "\*";
// nullopt for a wildcard (a bare trailing '*'), which nsctl never writes.
std::optional<std::string> ifname_from_nft(std::string text) {
    if (text.size() >= 2 && text.compare(text.size() - 2, 2, "\\*") == 0) {
        text.erase(text.size() - 2, 1);
        return text;
    }
    if (!text.empty() && text.back() == '*') return std::nullopt;
    return text;
}

bool is_ip_saddr(const Json& left) {
    const Json* payload = left.get("payload");
    return payload && payload->string("protocol") && *payload->string("protocol") == "ip" &&
           payload->string("field") && *payload->string("field") == "saddr";
}

bool is_oifname(const Json& left) {
    const Json* meta = left.get("meta");
    return meta && meta->string("key") && *meta->string("key") == "oifname";
}

// One of nsctl's rules, or nullopt when the rule is not one nsctl writes.
std::optional<NatRule> parse_rule(const Json& rule) {
    const std::string* chain = rule.string("chain");
    const std::string* comment = rule.string("comment");
    const Json* exprs = rule.get("expr");
    if (!chain || *chain != kChain || !comment || !exprs) return std::nullopt;
    if (comment->compare(0, kCommentPrefix.size(), kCommentPrefix) != 0) return std::nullopt;
    auto subnet = parse_ipv4_subnet(std::string_view(*comment).substr(kCommentPrefix.size()));
    if (!subnet) return std::nullopt;
    NatRule r{*subnet, std::nullopt};
    bool saddr = false, masquerade = false;
    for (const Json& e : exprs->items) {
        const Json* m = e.get("match");
        const Json* left = m ? m->get("left") : nullptr;
        const Json* right = m ? m->get("right") : nullptr;
        if (e.get("masquerade")) {
            masquerade = true;
        } else if (left && right && is_ip_saddr(*left)) {
            saddr = true;
        } else if (left && right && is_oifname(*left) && right->type == Json::Type::kString) {
            r.out = ifname_from_nft(right->text);
            if (!r.out) return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    if (!saddr || !masquerade) return std::nullopt;
    return r;
}

bool is_our_chain(const Json& chain) {
    auto is = [&](const char* key, std::string_view want) {
        const std::string* v = chain.string(key);
        return v && *v == want;
    };
    return is("name", kChain) && is("type", "nat") && is("hook", "postrouting");
}

const Json* listing_items(const std::optional<Json>& doc) {
    const Json* items = doc ? doc->get("nftables") : nullptr;
    return items && items->type == Json::Type::kArray ? items : nullptr;
}

}  // namespace

Result<std::string> nft_ifname(std::string_view name) {
    if (!is_json_safe_utf8(name))
        return Error{EINVAL, in_quotes(name) + ": nftables' JSON input takes UTF-8 names only"};
    std::string out(name);
    if (out.empty() || out.back() != '*') return out;
    if (out.find('\\') != std::string::npos)
        return Error{EINVAL, in_quotes(name) +
                                 ": nftables cannot match a name that ends in '*' and "
                                 "has a '\\' exactly"};
    out.insert(out.size() - 1, "\\");
    if (out.size() > kIfnameMax)
        return Error{EINVAL, in_quotes(name) +
                                 ": nftables cannot match a 15-byte name ending in '*' exactly"};
    return out;
}

std::string nat_list_tables_request() {
    NftRequest r;
    r.command("list", "tables", [](NftRequest& q) { q.string("family", kFamily); });
    return r.finish();
}

std::string nat_list_table_request() {
    NftRequest r;
    r.command("list", "table", [](NftRequest& q) { q.table_members(kFamily, kTable, false); });
    return r.finish();
}

std::string nat_add_request(const Ipv4Subnet& subnet, const std::optional<std::string>& oifname,
                            bool create_table) {
    NftRequest r;
    if (create_table) {
        r.command("add", "table", [](NftRequest& q) { q.table_members(kFamily, kTable, false); });
        r.command("add", "chain", [](NftRequest& q) {
            q.table_members(kFamily, kTable, true);
            q.string("name", kChain);
            q.string("type", "nat");
            q.string("hook", "postrouting");
            q.number("prio", 100);  // srcnat
            q.string("policy", "accept");
        });
    }
    r.command("add", "rule", [&](NftRequest& q) {
        q.table_members(kFamily, kTable, true);
        q.string("chain", kChain);
        q.string("comment", std::string(kCommentPrefix) + subnet.text());
        rule_expressions(q, subnet, oifname);
    });
    return r.finish();
}

std::string nat_delete_rule_request(uint64_t handle) {
    NftRequest r;
    r.command("delete", "rule", [&](NftRequest& q) {
        q.table_members(kFamily, kTable, true);
        q.string("chain", kChain);
        q.number("handle", handle);
    });
    return r.finish();
}

std::string nat_delete_table_request() {
    NftRequest r;
    r.command("delete", "table", [](NftRequest& q) { q.table_members(kFamily, kTable, false); });
    return r.finish();
}

std::optional<bool> has_nat_table(std::string_view listing) {
    auto doc = parse_json(listing);
    const Json* items = listing_items(doc);
    if (!items) return std::nullopt;
    for (const Json& item : items->items) {
        const Json* table = item.get("table");
        if (!table) continue;
        const std::string* family = table->string("family");
        const std::string* name = table->string("name");
        if (family && *family == kFamily && name && *name == kTable) return true;
    }
    return false;
}

std::optional<NatTable> parse_nat_table(std::string_view listing) {
    auto doc = parse_json(listing);
    const Json* items = listing_items(doc);
    if (!items) return std::nullopt;
    NatTable t;
    int chains = 0;
    bool foreign = false;
    for (const Json& item : items->items) {
        if (item.get("metainfo") || item.get("table")) continue;
        if (const Json* chain = item.get("chain")) {
            ++chains;
            foreign = foreign || !is_our_chain(*chain);
        } else if (const Json* rule = item.get("rule")) {
            auto parsed = parse_rule(*rule);
            auto handle = rule->get("handle");
            if (!parsed || !handle || handle->type != Json::Type::kNumber) {
                foreign = true;
                continue;
            }
            t.rules.emplace_back(std::move(*parsed),
                                 static_cast<uint64_t>(rule->integer("handle")));
        } else {
            foreign = true;  // a set, a map, a flowtable...: nsctl makes none
        }
    }
    t.ours = chains == 1 && !foreign;
    return t;
}

}  // namespace nsctl::net
