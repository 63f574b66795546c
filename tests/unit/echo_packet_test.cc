// SPDX-License-Identifier: GPL-2.0-or-later
// The ICMP echo messages of net/echo.h (nsctl lab check), against bytes written out by hand
// from RFC 792 and RFC 1071.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <vector>

#include "net/echo.h"

namespace nsctl::net {
namespace {

TEST(EchoPacket, RequestBytesAndChecksum) {
    echo_packet::Echo e{0x1234, 7, 0x0102030405060708ULL, 0x1122334455667788LL};
    auto p = echo_packet::request(AF_INET, e);
    EXPECT_EQ(p[0], 8);  // echo request
    EXPECT_EQ(p[1], 0);
    EXPECT_EQ(p[4], 0x12);
    EXPECT_EQ(p[5], 0x34);
    EXPECT_EQ(p[7], 7);
    EXPECT_EQ(p[8], 0x01);
    EXPECT_EQ(p[15], 0x08);
    EXPECT_EQ(echo_packet::checksum(p.data(), p.size()), 0) << "a packet with its sum sums to 0";
    auto p6 = echo_packet::request(AF_INET6, e);
    EXPECT_EQ(p6[0], 128);
    EXPECT_EQ(p6[2] | p6[3], 0) << "the kernel sums ICMPv6";
    // RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, complemented 220d.
    const uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(echo_packet::checksum(rfc, sizeof(rfc)), 0x220d);
    const uint8_t odd[] = {0x01};
    EXPECT_EQ(echo_packet::checksum(odd, 1), static_cast<uint16_t>(~0x0100));
}

// An echo reply as a raw IPv4 socket reads it: a 20-byte IP header, then the ICMP message.
std::vector<uint8_t> reply4(const echo_packet::Echo& e) {
    auto req = echo_packet::request(AF_INET, e);
    std::vector<uint8_t> packet(20, 0);
    packet[0] = 0x45;
    packet.insert(packet.end(), req.begin(), req.end());
    packet[20] = 0;  // type: echo reply, summed again
    packet[22] = packet[23] = 0;
    uint16_t fixed = echo_packet::checksum(&packet[20], req.size());
    packet[22] = static_cast<uint8_t>(fixed >> 8);
    packet[23] = static_cast<uint8_t>(fixed);
    return packet;
}

TEST(EchoPacket, RepliesReadBackAndOthersRefused) {
    echo_packet::Echo e{0xbeef, 65535, 42, 123456789};
    auto packet = reply4(e);
    auto r = echo_packet::parse_reply(AF_INET, packet.data(), packet.size());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, 0xbeef);
    EXPECT_EQ(r->seq, 65535);
    EXPECT_EQ(r->cookie, 42u);
    EXPECT_EQ(r->sent_ns, 123456789);
    auto request = echo_packet::request(AF_INET, e);
    std::vector<uint8_t> as_request(20, 0);
    as_request[0] = 0x45;
    as_request.insert(as_request.end(), request.begin(), request.end());
    EXPECT_FALSE(echo_packet::parse_reply(AF_INET, as_request.data(), as_request.size()))
        << "a request is not a reply";
    packet[30] ^= 0xff;
    EXPECT_FALSE(echo_packet::parse_reply(AF_INET, packet.data(), packet.size())) << "bad checksum";
    EXPECT_FALSE(echo_packet::parse_reply(AF_INET, packet.data(), 30)) << "short";
    auto six = echo_packet::request(AF_INET6, e);
    six[0] = 129;
    auto r6 = echo_packet::parse_reply(AF_INET6, six.data(), six.size());
    ASSERT_TRUE(r6);
    EXPECT_EQ(r6->seq, 65535);
}

}  // namespace
}  // namespace nsctl::net
