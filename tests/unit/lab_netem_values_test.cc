// SPDX-License-Identifier: GPL-2.0-or-later
// The values of x-nsctl-netem and `nsctl lab netem set`, and how show prints an impairment.
#include <gtest/gtest.h>

#include "lab/netem.h"

namespace nsctl::lab {
namespace {

using std::chrono::microseconds;

TEST(LabNetemValues, Durations) {
    EXPECT_EQ(parse_netem_duration("50ms"), microseconds(50000));
    EXPECT_EQ(parse_netem_duration("1.5s"), microseconds(1500000));
    EXPECT_EQ(parse_netem_duration("250us"), microseconds(250));
    EXPECT_EQ(parse_netem_duration("0.001ms"), microseconds(1));
    EXPECT_EQ(parse_netem_duration("0ms"), microseconds(0));
    for (const char* bad : {"", "10", "ms", "1.ms", ".5ms", "1.0005ms", "-1ms", "1e3ms", "10 ms",
                            "10min", "1.0000000001s", "99999999999999999999s"})
        EXPECT_FALSE(parse_netem_duration(bad)) << bad;
}

TEST(LabNetemValues, LossAndRate) {
    EXPECT_EQ(parse_netem_loss("10"), 10.0);
    EXPECT_EQ(parse_netem_loss("2.5%"), 2.5);
    EXPECT_EQ(parse_netem_loss("0"), 0.0);
    EXPECT_EQ(parse_netem_loss("100"), 100.0);
    for (const char* bad : {"", "%", "100.1", "-0.5", "nan", "inf", "5 %", "five"})
        EXPECT_FALSE(parse_netem_loss(bad)) << bad;
    EXPECT_EQ(parse_netem_rate("100"), 100u);
    EXPECT_EQ(parse_netem_rate("100kbit"), 100u);
    EXPECT_EQ(parse_netem_rate("10mbit"), 10000u);
    EXPECT_EQ(parse_netem_rate("1.5gbit"), 1500000u);
    for (const char* bad :
         {"", "0", "0mbit", "-1", "10 mbit", "10Mbit", "1.5", "fast", "0.0001mbit"})
        EXPECT_FALSE(parse_netem_rate(bad)) << bad;
}

TEST(LabNetemValues, Format) {
    net::Impairment imp;
    EXPECT_EQ(format_impairment(imp), "none");
    imp.rate_kbit = 10000;
    EXPECT_EQ(format_impairment(imp), "rate 10000kbit");
    imp.delay = microseconds(1500000);
    imp.jitter = microseconds(2000);
    imp.loss_percent = 0.5;
    EXPECT_EQ(format_impairment(imp), "delay 1500ms jitter 2ms loss 0.5% rate 10000kbit");
    imp.delay = microseconds(2000000);
    imp.jitter = microseconds(250);
    EXPECT_EQ(format_impairment(imp), "delay 2s jitter 250us loss 0.5% rate 10000kbit");
}

}  // namespace
}  // namespace nsctl::lab
