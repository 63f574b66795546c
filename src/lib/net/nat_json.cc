// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nat_json.h"

#include <cassert>
#include <cerrno>
#include <functional>

#include "base/json_reader.h"
#include "base/json_writer.h"
#include "base/parse.h"

namespace nsctl::net {
namespace {

constexpr const char* kFamily = "ip";
constexpr const char* kTable = "nsctl";
constexpr const char* kChain = "postrouting";
constexpr std::string_view kCommentPrefix = "nsctl:";
constexpr size_t kIfnameMax = 15;  // IFNAMSIZ - 1

// {"nftables": [COMMAND, ...]}, each command {"VERB": {"OBJECT": {members}}}.
class Request {
  public:
    Request() : w_(&doc_, JsonStyle::kPretty) {
        w_.open(nullptr, JsonWriter::kObject);
        w_.open("nftables", JsonWriter::kArray);
    }

    /// One command; members writes the object's members.
    void command(const char* verb, const char* object,
                 const std::function<void(Request&)>& members) {
        w_.open(nullptr, JsonWriter::kObject);
        w_.open(verb, JsonWriter::kObject);
        w_.open(object, JsonWriter::kObject);
        members(*this);
        w_.close(JsonWriter::kObject);
        w_.close(JsonWriter::kObject);
        w_.close(JsonWriter::kObject);
    }

    /// value is never empty: the writer writes empty data as null.
    void string(const char* name, std::string_view value) {
        assert(!value.empty());
        w_.value(name, value, JsonType::kString);
    }
    void number(const char* name, uint64_t value) {
        w_.value(name, std::to_string(value), JsonType::kNumber);
    }
    void null(const char* name) { w_.value(name, "", JsonType::kString); }  // empty is null
    void open(const char* name, JsonWriter::Node node) { w_.open(name, node); }
    void close(JsonWriter::Node node) { w_.close(node); }

    /// "family": "ip", then "name" (a table) or "table" (what is in it).
    void table_members(bool in_table) {
        string("family", kFamily);
        string(in_table ? "table" : "name", kTable);
    }

    std::string finish() {
        w_.close(JsonWriter::kArray);
        w_.close(JsonWriter::kObject);
        return std::move(doc_);
    }

  private:
    std::string doc_;
    JsonWriter w_;
};

// {"match": {"op": "==", "left": {LEFT_KIND: {...}}, "right": ...}}; left and right write
// their own parts.
void match(Request& r, const std::function<void(Request&)>& left,
           const std::function<void(Request&)>& right) {
    r.open(nullptr, JsonWriter::kObject);
    r.open("match", JsonWriter::kObject);
    r.string("op", "==");
    r.open("left", JsonWriter::kObject);
    left(r);
    r.close(JsonWriter::kObject);
    right(r);
    r.close(JsonWriter::kObject);
    r.close(JsonWriter::kObject);
}

void rule_expressions(Request& r, const Ipv4Subnet& subnet,
                      const std::optional<std::string>& oifname) {
    r.open("expr", JsonWriter::kArray);
    match(
        r,
        [](Request& q) {
            q.open("payload", JsonWriter::kObject);
            q.string("protocol", "ip");
            q.string("field", "saddr");
            q.close(JsonWriter::kObject);
        },
        [&](Request& q) {
            q.open("right", JsonWriter::kObject);
            q.open("prefix", JsonWriter::kObject);
            q.string("addr", subnet.address);
            q.number("len", static_cast<uint64_t>(subnet.length));
            q.close(JsonWriter::kObject);
            q.close(JsonWriter::kObject);
        });
    if (oifname) {
        match(
            r,
            [](Request& q) {
                q.open("meta", JsonWriter::kObject);
                q.string("key", "oifname");
                q.close(JsonWriter::kObject);
            },
            [&](Request& q) { q.string("right", *oifname); });
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
    Request r;
    r.command("list", "tables", [](Request& q) { q.string("family", kFamily); });
    return r.finish();
}

std::string nat_list_table_request() {
    Request r;
    r.command("list", "table", [](Request& q) { q.table_members(false); });
    return r.finish();
}

std::string nat_add_request(const Ipv4Subnet& subnet, const std::optional<std::string>& oifname,
                            bool create_table) {
    Request r;
    if (create_table) {
        r.command("add", "table", [](Request& q) { q.table_members(false); });
        r.command("add", "chain", [](Request& q) {
            q.table_members(true);
            q.string("name", kChain);
            q.string("type", "nat");
            q.string("hook", "postrouting");
            q.number("prio", 100);  // srcnat
            q.string("policy", "accept");
        });
    }
    r.command("add", "rule", [&](Request& q) {
        q.table_members(true);
        q.string("chain", kChain);
        q.string("comment", std::string(kCommentPrefix) + subnet.text());
        rule_expressions(q, subnet, oifname);
    });
    return r.finish();
}

std::string nat_delete_rule_request(uint64_t handle) {
    Request r;
    r.command("delete", "rule", [&](Request& q) {
        q.table_members(true);
        q.string("chain", kChain);
        q.number("handle", handle);
    });
    return r.finish();
}

std::string nat_delete_table_request() {
    Request r;
    r.command("delete", "table", [](Request& q) { q.table_members(false); });
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
