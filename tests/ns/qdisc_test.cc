// SPDX-License-Identifier: GPL-2.0-or-later
// Link impairments (root qdiscs) set over our netlink layer, checked with iproute2's
// `tc -j qdisc show` in a network namespace of the test's own (run_in_fresh_namespaces). The
// netem case probes the kernel with tc first: without sch_netem our refusal is checked, with it
// the delay tc reads back.
#include "net/qdisc.h"

#include <gtest/gtest.h>

#include <cmath>

#include "net/link.h"
#include "net/netlink.h"
#include "support/json.h"
#include "support/support.h"

namespace nsctl::net {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using test::Json;
using test::parse_json;
using test::run;
using test::run_in_fresh_namespaces;

constexpr const char* kDev = "qd0";

// `tc -j qdisc show dev DEV`: the root qdisc's object, or nullopt when tc lists none.
std::optional<Json> tc_root(const std::string& dev) {
    auto r = run({"tc", "-j", "qdisc", "show", "dev", dev});
    EXPECT_EQ(r.status, 0) << r.err;
    auto doc = parse_json(r.out);
    EXPECT_TRUE(doc) << r.out;
    if (!doc) return std::nullopt;
    for (const auto& q : doc->items) {
        const Json* root = q.get("root");
        if (root && root->type == Json::Type::kBool && root->boolean) return q;
    }
    return std::nullopt;
}

std::string tc_kind(const std::string& dev) {
    auto q = tc_root(dev);
    const std::string* kind = q ? q->string("kind") : nullptr;
    return kind ? *kind : "";
}

// A number in the root qdisc's "options" as tc prints it (tbf: rate in bytes/s, burst in bytes).
long long tc_option(const std::string& dev, const std::string& key) {
    auto q = tc_root(dev);
    const Json* opts = q ? q->get("options") : nullptr;
    return opts ? opts->integer(key) : -1;
}

std::string tc_handle(const std::string& dev) {
    auto q = tc_root(dev);
    const std::string* handle = q ? q->string("handle") : nullptr;
    return handle ? *handle : "";
}

// A veth pair qd0 <-> qd1, both up (a device that is down has no default qdisc to list).
void make_veth(Netlink& nl) {
    auto made = add_veth(nl, kDev, "qd1");
    ASSERT_TRUE(made) << made.error().message();
    LinkChange up;
    up.up = true;
    ASSERT_TRUE(set_link(nl, kDev, up));
    ASSERT_TRUE(set_link(nl, "qd1", up));
}

Impairment rate(uint64_t kbit) {
    Impairment imp;
    imp.rate_kbit = kbit;
    return imp;
}

TEST(Qdisc, RateAloneIsATokenBucket) {
    run_in_fresh_namespaces([] {
        auto opened = Netlink::open();
        ASSERT_TRUE(opened) << opened.error().message();
        Netlink& nl = *opened;
        ASSERT_NO_FATAL_FAILURE(make_veth(nl));
        ASSERT_EQ(tc_kind(kDev), "noqueue");  // a veth's default root
        auto before = root_qdisc(nl, kDev);
        ASSERT_TRUE(before) << before.error().message();
        EXPECT_EQ(before->kind, "noqueue");
        EXPECT_FALSE(before->impairment.rate_kbit);

        auto set = set_impairment(nl, kDev, rate(8000));
        ASSERT_TRUE(set) << set.error().message();
        EXPECT_EQ(tc_kind(kDev), "tbf");
        EXPECT_EQ(tc_option(kDev, "rate"), 1000000);  // 8000 kbit/s = 1 MB/s
        EXPECT_EQ(tc_option(kDev, "burst"), 4000);    // 4 ms of it (more than two frames)
        auto info = root_qdisc(nl, kDev);
        ASSERT_TRUE(info) << info.error().message();
        EXPECT_EQ(info->kind, "tbf");
        EXPECT_EQ(info->impairment.rate_kbit, 8000u);
        EXPECT_FALSE(info->impairment.delay);
        EXPECT_FALSE(info->impairment.loss_percent);

        // A tbf again: the kernel changes the one there in place.
        auto reset = set_impairment(nl, kDev, rate(16000));
        ASSERT_TRUE(reset) << reset.error().message();
        EXPECT_EQ(tc_kind(kDev), "tbf");
        EXPECT_EQ(tc_option(kDev, "rate"), 2000000);

        auto cleared = clear_impairment(nl, kDev);
        ASSERT_TRUE(cleared) << cleared.error().message();
        EXPECT_EQ(tc_kind(kDev), "noqueue");
        auto after = root_qdisc(nl, kDev);
        ASSERT_TRUE(after);
        EXPECT_EQ(after->kind, "noqueue");
        auto again = clear_impairment(nl, kDev);
        EXPECT_TRUE(again) << again.error().message();
        EXPECT_EQ(tc_kind(kDev), "noqueue");
    });
}

TEST(Qdisc, ReplacesARootOfAnotherKindAndRatesPast32Bits) {
    run_in_fresh_namespaces([] {
        auto opened = Netlink::open();
        ASSERT_TRUE(opened) << opened.error().message();
        Netlink& nl = *opened;
        ASSERT_NO_FATAL_FAILURE(make_veth(nl));
        // A root of another kind with the handle 1:, as a user of tc would make it.
        auto htb = run({"tc", "qdisc", "replace", "dev", kDev, "root", "handle", "1:", "htb"});
        ASSERT_EQ(htb.status, 0) << htb.err;
        ASSERT_EQ(tc_kind(kDev), "htb");
        // 40 Gbit/s: 5e9 bytes/s does not fit tc_ratespec's 32 bits (TCA_TBF_RATE64).
        auto set = set_impairment(nl, kDev, rate(40'000'000));
        ASSERT_TRUE(set) << set.error().message();
        EXPECT_EQ(tc_kind(kDev), "tbf");
        EXPECT_EQ(tc_option(kDev, "rate"), 5'000'000'000);
        auto info = root_qdisc(nl, kDev);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->kind, "tbf");
        EXPECT_EQ(info->impairment.rate_kbit, 40'000'000u);
        ASSERT_TRUE(clear_impairment(nl, kDev));
        EXPECT_EQ(tc_kind(kDev), "noqueue");
    });
}

TEST(Qdisc, NetemOrItsClearRefusal) {
    run_in_fresh_namespaces([] {
        auto opened = Netlink::open();
        ASSERT_TRUE(opened) << opened.error().message();
        Netlink& nl = *opened;
        ASSERT_NO_FATAL_FAILURE(make_veth(nl));
        // Does this kernel have netem? Ask it through tc, on the default root.
        auto probe = run({"tc", "qdisc", "add", "dev", kDev, "root", "netem", "delay", "10ms"});
        const bool have_netem = probe.status == 0;
        if (have_netem) {
            ASSERT_EQ(run({"tc", "qdisc", "del", "dev", kDev, "root"}).status, 0);
        } else {
            ASSERT_NE(probe.err.find("Specified qdisc kind is unknown"), std::string::npos)
                << probe.err;
        }
        ASSERT_EQ(tc_kind(kDev), "noqueue");
        Impairment delay;
        delay.delay = milliseconds(10);

        if (have_netem) {
            delay.jitter = milliseconds(2);
            delay.loss_percent = 10;
            auto set = set_impairment(nl, kDev, delay);
            ASSERT_TRUE(set) << set.error().message();
            auto q = tc_root(kDev);
            ASSERT_TRUE(q);
            EXPECT_EQ(*q->string("kind"), "netem");
            const Json* opts = q->get("options");
            const Json* d = opts ? opts->get("delay") : nullptr;
            const Json* seconds = d ? d->get("delay") : nullptr;
            ASSERT_TRUE(seconds) << "no options.delay.delay in tc's output";
            EXPECT_NEAR(std::stod(seconds->text), 0.010, 1e-6);
            auto info = root_qdisc(nl, kDev);
            ASSERT_TRUE(info);
            EXPECT_EQ(info->kind, "netem");
            EXPECT_EQ(info->impairment.delay, microseconds(10000));
            EXPECT_EQ(info->impairment.jitter, microseconds(2000));
            ASSERT_TRUE(info->impairment.loss_percent);
            EXPECT_NEAR(*info->impairment.loss_percent, 10.0, 1e-6);
            ASSERT_TRUE(clear_impairment(nl, kDev));
            EXPECT_EQ(tc_kind(kDev), "noqueue");
            return;
        }

        const std::string refusal = "qd0: this kernel has no netem queueing discipline (sch_netem)";
        auto refused = set_impairment(nl, kDev, delay);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, EOPNOTSUPP);
        EXPECT_EQ(refused.error().context, refusal);
        EXPECT_EQ(tc_kind(kDev), "noqueue");  // left as it was

        // Over an impairment of ours: refused the same way, the tbf untouched.
        ASSERT_TRUE(set_impairment(nl, kDev, rate(8000)));
        const std::string handle = tc_handle(kDev);
        delay.rate_kbit = 8000;
        auto over = set_impairment(nl, kDev, delay);
        ASSERT_FALSE(over);
        EXPECT_EQ(over.error().code, EOPNOTSUPP);
        EXPECT_EQ(over.error().context, refusal);
        EXPECT_EQ(tc_kind(kDev), "tbf");
        EXPECT_EQ(tc_handle(kDev), handle);
        EXPECT_EQ(tc_option(kDev, "rate"), 1000000);
        ASSERT_TRUE(clear_impairment(nl, kDev));
    });
}

TEST(Qdisc, BadInputIsRefused) {
    run_in_fresh_namespaces([] {
        auto opened = Netlink::open();
        ASSERT_TRUE(opened) << opened.error().message();
        Netlink& nl = *opened;
        ASSERT_NO_FATAL_FAILURE(make_veth(nl));
        auto code_of = [&](const std::string& dev, const Impairment& imp) {
            auto r = set_impairment(nl, dev, imp);
            return r ? 0 : r.error().code;
        };
        EXPECT_EQ(code_of(kDev, Impairment{}), EINVAL);
        EXPECT_EQ(code_of("qd-missing", rate(8000)), ENODEV);
        Impairment loss;
        loss.loss_percent = 150;
        auto r = set_impairment(nl, kDev, loss);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, EINVAL);
        EXPECT_EQ(r.error().context, "qd0: loss 150% is not between 0 and 100");
        loss.loss_percent = -1;
        EXPECT_EQ(code_of(kDev, loss), EINVAL);
        loss.loss_percent = std::nan("");
        EXPECT_EQ(code_of(kDev, loss), EINVAL);
        Impairment jitter;
        jitter.jitter = milliseconds(1);
        EXPECT_EQ(code_of(kDev, jitter), EINVAL);
        Impairment negative;
        negative.delay = microseconds(-1);
        EXPECT_EQ(code_of(kDev, negative), EINVAL);
        EXPECT_EQ(code_of(kDev, rate(0)), EINVAL);
        EXPECT_EQ(code_of(kDev, rate(UINT64_MAX)), EINVAL);
        EXPECT_EQ(tc_kind(kDev), "noqueue");  // nothing reached the kernel
        EXPECT_EQ(clear_impairment(nl, "qd-missing").error().code, ENODEV);
        EXPECT_EQ(root_qdisc(nl, "qd-missing").error().code, ENODEV);
    });
}

}  // namespace
}  // namespace nsctl::net
