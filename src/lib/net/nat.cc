// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/nat.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>

#include "base/parse.h"
#include "net/in_netns.h"
#include "net/link.h"
#include "net/nat_json.h"
#include "net/nft.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/sockets.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

namespace nsctl::net {
namespace {

constexpr const char* kForward = "/proc/sys/net/ipv4/ip_forward";
constexpr const char* kNotOurs = "table ip nsctl was not made by nsctl: it is left alone";

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

// The record of the forwarding setting found before the first enable, for the calling thread's
// network namespace: STATE_DIR/COOKIE holding "0" or "1".
class ForwardRecord {
  public:
    static Result<ForwardRecord> here(const std::string& state_dir) {
        UniqueFd sock = NSCTL_TRY(sys::socket(AF_UNIX, SOCK_DGRAM, 0));
        uint64_t cookie = 0;
        socklen_t len = sizeof(cookie);
        NSCTL_TRY(sys::getsockopt(sock.get(), SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len));
        return ForwardRecord(state_dir, state_dir + "/" + std::to_string(cookie));
    }

    /// The recorded value, nullopt when there is no record.
    Result<std::optional<bool>> read() const {
        auto text = sys::read_file(path_.c_str());
        if (!text && text.error().code == ENOENT) return std::optional<bool>();
        if (!text) return Error{text.error().code, path_};
        return std::optional<bool>(!text->empty() && (*text)[0] == '1');
    }

    /// Records value unless a record is there already (it holds the older, first value).
    /// Returns whether this call made the record.
    Result<bool> create(bool value) const {
        NSCTL_TRY(make_dirs());
        auto fd = sys::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (!fd && fd.error().code == EEXIST) return false;
        if (!fd) return Error{fd.error().code, path_};
        auto written = sys::write(fd->get(), value ? "1\n" : "0\n", 2);
        if (!written) {
            remove();
            return Error{written.error().code, path_};
        }
        return true;
    }

    void remove() const { (void)sys::unlinkat(AT_FDCWD, path_.c_str(), 0); }

  private:
    ForwardRecord(std::string dir, std::string path)
        : dir_(std::move(dir)), path_(std::move(path)) {}

    // mkdir -p of the state directory (/run/nsctl/.nat), one component after the other, each
    // made for root alone as nsctl's other state in /run/nsctl.
    Result<void> make_dirs() const {
        for (size_t end = dir_.find('/', 1);; end = dir_.find('/', end + 1)) {
            std::string part = dir_.substr(0, end);
            auto made = sys::mkdirat(AT_FDCWD, part.c_str(), 0700);
            if (!made && made.error().code != EEXIST) return Error{made.error().code, part};
            if (end == std::string::npos) return {};
        }
    }

    std::string dir_, path_;
};

// nsctl's table in this namespace: nullopt when there is none. An unreadable listing is an
// error; a table that is not nsctl's comes back with ours == false.
Result<std::optional<NatTable>> read_table(Nft& nft) {
    std::string tables = NSCTL_TRY(nft.run(nat_list_tables_request()));
    auto has = has_nat_table(tables);
    if (!has) return Error{EPROTO, "nftables: unreadable listing of tables"};
    if (!*has) return std::optional<NatTable>();
    std::string listing = NSCTL_TRY(nft.run(nat_list_table_request()));
    auto table = parse_nat_table(listing);
    if (!table) return Error{EPROTO, "nftables: unreadable listing of table ip nsctl"};
    return std::optional<NatTable>(std::move(*table));
}

// Takes back what enable_here added: the table it made, or its rule. Best effort: the error
// that made enable give up is the one to report.
void undo_add(Nft& nft, const Ipv4Subnet& subnet, bool made_table) {
    if (made_table) {
        (void)nft.run(nat_delete_table_request());
        return;
    }
    auto table = read_table(nft);
    if (!table || !*table) return;
    for (const auto& [rule, handle] : (*table)->rules)
        if (rule.subnet.text() == subnet.text()) (void)nft.run(nat_delete_rule_request(handle));
}

Result<void> enable_here(const Ipv4Subnet& subnet, const std::optional<std::string>& oifname,
                         const std::string& state_dir) {
    Nft nft = NSCTL_TRY(Nft::open());
    auto table = NSCTL_TRY(read_table(nft));
    if (table && !table->ours) return Error{0, kNotOurs};
    if (table) {
        for (const auto& entry : table->rules)
            if (entry.first.subnet.text() == subnet.text())
                return Error{EEXIST, subnet.text() + ": already enabled"};
    }
    // The first enable records the forwarding setting (unless a record survived a flushed
    // ruleset: it holds the older value). With nsctl's table there, forwarding is already ours.
    ForwardRecord record = NSCTL_TRY(ForwardRecord::here(state_dir));
    bool recorded = false;
    if (!table) {
        bool forwarding = NSCTL_TRY(read_forward());
        recorded = NSCTL_TRY(record.create(forwarding));
    }
    // Nothing half-made: the rule (with the table and chain when they are new) is one
    // transaction, and the record made here goes again when it fails.
    auto added = nft.run(nat_add_request(subnet, oifname, !table));
    if (!added) {
        if (recorded) record.remove();
        return added.error();
    }
    auto forwarding_on = write_forward(true);
    if (forwarding_on) return {};
    // Without forwarding the rule is no use (a read-only /proc/sys in a container): it goes
    // again, with the table if this call made it.
    undo_add(nft, subnet, !table);
    if (recorded) record.remove();
    return forwarding_on.error();
}

// After the last rule: forwarding back to the recorded value, and the record removed.
Result<bool> restore_forward(const ForwardRecord& record) {
    bool before = NSCTL_TRY(record.read()).value_or(false);
    NSCTL_TRY(write_forward(before));
    record.remove();
    return before;
}

Result<void> disable_here(const Ipv4Subnet& subnet, const std::string& state_dir) {
    Nft nft = NSCTL_TRY(Nft::open());
    auto table = NSCTL_TRY(read_table(nft));
    if (table && !table->ours) return Error{0, kNotOurs};
    ForwardRecord record = NSCTL_TRY(ForwardRecord::here(state_dir));
    bool recorded = NSCTL_TRY(record.read()).has_value();
    if (!table || table->rules.empty()) {
        if (!recorded && !table) return Error{ENOENT, subnet.text() + ": NAT is not enabled"};
        // Someone flushed the ruleset, or deleted the table or its rules: none of nsctl's rules
        // is left, so forwarding goes back as after the last disable.
        if (table) NSCTL_TRY(nft.run(nat_delete_table_request()));
        bool before = NSCTL_TRY(restore_forward(record));
        return Error{ENOENT, subnet.text() +
                                 ": the rule is gone (someone removed nsctl's rules from "
                                 "nftables); ip_forward set back to " +
                                 (before ? "1" : "0")};
    }
    std::optional<uint64_t> handle;
    for (const auto& [rule, h] : table->rules)
        if (rule.subnet.text() == subnet.text()) handle = h;
    if (!handle) return Error{ENOENT, subnet.text() + ": NAT is not enabled"};
    if (table->rules.size() > 1) {
        NSCTL_TRY(nft.run(nat_delete_rule_request(*handle)));
        return {};
    }
    NSCTL_TRY(nft.run(nat_delete_table_request()));
    NSCTL_TRY(restore_forward(record));
    return {};
}

Result<NatState> show_here() {
    Nft nft = NSCTL_TRY(Nft::open());
    auto table = NSCTL_TRY(read_table(nft));
    if (table && !table->ours) return Error{0, kNotOurs};
    NatState s;
    if (table)
        for (const auto& [rule, h] : table->rules) s.rules.push_back(rule);
    s.forwarding = NSCTL_TRY(read_forward());
    return s;
}

}  // namespace

Result<Ipv4Subnet> parse_ipv4_subnet(std::string_view text) {
    Error invalid{EINVAL, "invalid IPv4 subnet " + in_quotes(text)};
    size_t slash = text.find('/');
    if (slash == std::string_view::npos) return invalid;
    std::string addr(text.substr(0, slash));
    std::string_view len = text.substr(slash + 1);
    in_addr a{};
    if (inet_pton(AF_INET, addr.c_str(), &a) != 1) return invalid;
    if (len.empty() || len.size() > 2 || len.find_first_not_of("0123456789") != std::string::npos ||
        (len.size() == 2 && len[0] == '0'))
        return invalid;
    int bits = (len[0] - '0') * (len.size() == 2 ? 10 : 1) + (len.size() == 2 ? len[1] - '0' : 0);
    if (bits > 32) return invalid;
    if (bits == 0)
        return Error{EINVAL,
                     in_quotes(text) + " is every IPv4 address, not a subnet to masquerade"};
    uint32_t host = ntohl(a.s_addr);
    uint32_t mask = ~uint32_t{0} << (32 - bits);
    in_addr net{htonl(host & mask)};
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &net, buf, sizeof(buf));
    if (host & ~mask)
        return Error{EINVAL, in_quotes(text) + " has host bits set: the subnet is " + buf + "/" +
                                 std::to_string(bits)};
    return Ipv4Subnet{buf, bits};
}

Result<void> nat_enable(const NatRule& rule, int netns_fd, const std::string& state_dir) {
    std::optional<std::string> oifname;
    if (rule.out) {
        NSCTL_TRY(validate_ifname(*rule.out));
        oifname = NSCTL_TRY(nft_ifname(*rule.out));
    }
    return in_netns(netns_fd, [&] { return enable_here(rule.subnet, oifname, state_dir); });
}

Result<void> nat_disable(const Ipv4Subnet& subnet, int netns_fd, const std::string& state_dir) {
    return in_netns(netns_fd, [&] { return disable_here(subnet, state_dir); });
}

Result<NatState> nat_show(int netns_fd) {
    return in_netns(netns_fd, [&] { return show_here(); });
}

}  // namespace nsctl::net
