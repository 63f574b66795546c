// SPDX-License-Identifier: GPL-2.0-or-later
// ICMP and ICMPv6 echo messages (RFC 792, RFC 4443 section 4): type, code, checksum,
// identifier, sequence number, then our data: a cookie and the time the request was sent.
#include <sys/socket.h>

#include <cstring>

#include "net/echo.h"

namespace nsctl::net::echo_packet {
namespace {

constexpr uint8_t kEchoRequest4 = 8, kEchoReply4 = 0;
constexpr uint8_t kEchoRequest6 = 128, kEchoReply6 = 129;

void put16(uint8_t* at, uint16_t v) {
    at[0] = static_cast<uint8_t>(v >> 8);
    at[1] = static_cast<uint8_t>(v);
}

uint16_t get16(const uint8_t* at) { return static_cast<uint16_t>(at[0] << 8 | at[1]); }

void put64(uint8_t* at, uint64_t v) {
    for (int i = 7; i >= 0; --i, v >>= 8) at[i] = static_cast<uint8_t>(v);
}

uint64_t get64(const uint8_t* at) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | at[i];
    return v;
}

}  // namespace

uint16_t checksum(const uint8_t* data, size_t len) {
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2) sum += get16(data + i);
    if (len % 2) sum += static_cast<uint32_t>(data[len - 1]) << 8;  // padded with a zero byte
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

std::array<uint8_t, kSize> request(int family, const Echo& echo) {
    std::array<uint8_t, kSize> p{};
    p[0] = family == AF_INET6 ? kEchoRequest6 : kEchoRequest4;
    put16(&p[4], echo.id);
    put16(&p[6], echo.seq);
    put64(&p[8], echo.cookie);
    put64(&p[16], static_cast<uint64_t>(echo.sent_ns));
    // ICMPv6's checksum covers a pseudo-header with addresses the kernel picks: it fills it
    // in for raw ICMPv6 sockets itself (RFC 3542 section 3.1).
    if (family == AF_INET) put16(&p[2], checksum(p.data(), p.size()));
    return p;
}

std::optional<Echo> parse_reply(int family, const uint8_t* data, size_t len) {
    if (family == AF_INET) {
        // Raw IPv4 sockets receive the IP header too (raw(7)); its length is in 32-bit words.
        if (len < 20 || (data[0] >> 4) != 4) return std::nullopt;
        size_t header = static_cast<size_t>(data[0] & 0x0f) * 4;
        if (header < 20 || len < header) return std::nullopt;
        data += header;
        len -= header;
    }
    if (len < kSize) return std::nullopt;
    if (data[0] != (family == AF_INET6 ? kEchoReply6 : kEchoReply4) || data[1] != 0)
        return std::nullopt;
    if (family == AF_INET && checksum(data, len) != 0) return std::nullopt;
    Echo e;
    e.id = get16(data + 4);
    e.seq = get16(data + 6);
    e.cookie = get64(data + 8);
    e.sent_ns = static_cast<int64_t>(get64(data + 16));
    return e;
}

}  // namespace nsctl::net::echo_packet
