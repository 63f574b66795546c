// SPDX-License-Identifier: GPL-2.0-or-later
#include "net/qdisc.h"

#include <libmnl/libmnl.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "net/link.h"
#include "net/netlink.h"

namespace nsctl::net {
namespace {

constexpr uint32_t kU32Max = std::numeric_limits<uint32_t>::max();
constexpr int64_t kMaxMicros = std::numeric_limits<int64_t>::max() / 1000;  // fits in ns
constexpr uint64_t kMaxKbit = std::numeric_limits<uint64_t>::max() / 125;   // fits in bytes/s
constexpr uint32_t kNetemLimit = 1000;              // packets: tc-netem(8)'s default queue
constexpr uint64_t kEthernetFrame = 1514;           // bytes, without the FCS
constexpr uint64_t kBurstPerSecond = 250;           // burst: 1/250 s (4 ms) of the rate...
constexpr uint64_t kMinBurst = 2 * kEthernetFrame;  // ...but at least two full frames
constexpr uint64_t kQueuePerSecond = 20;  // queue: 1/20 s (50 ms) of the rate past the burst

uint32_t saturate_u32(uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, kU32Max)); }

uint64_t kbit_to_bytes(uint64_t kbit) { return kbit * 125; }  // 1000 bit / 8

Result<void> validate(const std::string& dev, const Impairment& imp) {
    auto bad = [&](const std::string& what) { return Error{EINVAL, dev + ": " + what}; };
    if (!imp.delay && !imp.jitter && !imp.loss_percent && !imp.rate_kbit)
        return bad("no impairment given (delay, jitter, loss or rate)");
    if (imp.jitter && !imp.delay) return bad("a jitter needs a delay");
    auto out_of_range = [](const std::optional<std::chrono::microseconds>& t) {
        return t && (t->count() < 0 || t->count() > kMaxMicros);
    };
    if (out_of_range(imp.delay)) return bad("delay out of range");
    if (out_of_range(imp.jitter)) return bad("jitter out of range");
    // Written so that NaN fails too.
    if (imp.loss_percent && !(*imp.loss_percent >= 0 && *imp.loss_percent <= 100)) {
        char loss[32];
        std::snprintf(loss, sizeof(loss), "%g", *imp.loss_percent);
        return bad(std::string("loss ") + loss + "% is not between 0 and 100");
    }
    if (imp.rate_kbit && (*imp.rate_kbit == 0 || *imp.rate_kbit > kMaxKbit))
        return bad("rate " + std::to_string(*imp.rate_kbit) + " kbit/s is out of range");
    return {};
}

Message qdisc_message(uint16_t type, uint16_t flags, int ifindex) {
    Message m(type, flags, sizeof(tcmsg));
    auto* tcm = m.family<tcmsg>();
    tcm->tcm_family = AF_UNSPEC;
    tcm->tcm_ifindex = ifindex;
    tcm->tcm_parent = TC_H_ROOT;
    return m;
}

// Appends one attribute (header, payload, padding) to a flat buffer.
void append_attr(std::vector<char>& buf, uint16_t type, const void* data, size_t len) {
    nlattr header{static_cast<uint16_t>(NLA_HDRLEN + len), type};
    size_t at = buf.size();
    buf.resize(at + NLA_HDRLEN + NLA_ALIGN(len), 0);
    std::memcpy(buf.data() + at, &header, sizeof(header));
    std::memcpy(buf.data() + at + NLA_HDRLEN, data, len);
}

// netem's TCA_OPTIONS is no nest: sch_netem's parse_attr reads a struct tc_netem_qopt at its
// start and the TCA_NETEM_* attributes right after it (at NLA_ALIGN(sizeof qopt)). Times go in
// the 64-bit attributes, in ns; the qopt's time fields (in scheduler ticks) stay 0.
void put_netem(Message& m, const Impairment& imp) {
    tc_netem_qopt qopt{};
    qopt.limit = kNetemLimit;
    if (imp.loss_percent)
        qopt.loss = static_cast<uint32_t>(std::llround(*imp.loss_percent / 100.0 * kU32Max));
    std::vector<char> opts(NLA_ALIGN(sizeof(qopt)), 0);
    std::memcpy(opts.data(), &qopt, sizeof(qopt));
    if (imp.delay) {
        int64_t ns = std::chrono::nanoseconds(*imp.delay).count();
        append_attr(opts, TCA_NETEM_LATENCY64, &ns, sizeof(ns));
    }
    if (imp.jitter) {
        int64_t ns = std::chrono::nanoseconds(*imp.jitter).count();
        append_attr(opts, TCA_NETEM_JITTER64, &ns, sizeof(ns));
    }
    // TCA_NETEM_RATE always, 0 for none: a netem root that is changed in place (below) keeps
    // its old rate when the request has no rate attribute. It holds the rate clamped to 32 bits
    // (and per-packet overheads, 0 here); the kernel takes the larger of it and TCA_NETEM_RATE64.
    uint64_t bytes = imp.rate_kbit ? kbit_to_bytes(*imp.rate_kbit) : 0;
    tc_netem_rate rate{};
    rate.rate = saturate_u32(bytes);
    append_attr(opts, TCA_NETEM_RATE, &rate, sizeof(rate));
    if (bytes) append_attr(opts, TCA_NETEM_RATE64, &bytes, sizeof(bytes));
    m.put_bytes(TCA_OPTIONS, opts.data(), opts.size());
}

// tbf's TCA_OPTIONS is a nest. With linklayer ethernet the kernel computes transmission times
// itself (psched_ratecfg_precompute) and needs no rate table; TCA_TBF_BURST gives the bucket in
// bytes, so the qopt's buffer (in ticks) can stay 0. limit: the bytes queued behind the bucket.
void put_tbf(Message& m, uint64_t rate_bytes) {
    uint32_t burst = saturate_u32(std::max(rate_bytes / kBurstPerSecond, kMinBurst));
    tc_tbf_qopt qopt{};
    qopt.rate.linklayer = TC_LINKLAYER_ETHERNET;
    qopt.rate.rate = saturate_u32(rate_bytes);
    qopt.limit = saturate_u32(burst + rate_bytes / kQueuePerSecond);
    size_t opts = m.nest_begin(TCA_OPTIONS);
    m.put_bytes(TCA_TBF_PARMS, &qopt, sizeof(qopt));
    if (rate_bytes > kU32Max) m.put_bytes(TCA_TBF_RATE64, &rate_bytes, sizeof(rate_bytes));
    m.put_u32(TCA_TBF_BURST, burst);
    m.nest_end(opts);
}

uint64_t get_u64(const nlattr* attr) {
    uint64_t v = 0;
    if (mnl_attr_get_payload_len(attr) >= sizeof(v))
        std::memcpy(&v, mnl_attr_get_payload(attr), sizeof(v));
    return v;
}

std::optional<std::chrono::microseconds> micros_unless_zero(uint64_t ns) {
    if (ns == 0) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::nanoseconds(ns));
}

void parse_netem(const nlattr* opts, Impairment& imp) {
    tc_netem_qopt qopt{};
    size_t len = mnl_attr_get_payload_len(opts);
    if (len < sizeof(qopt)) return;
    auto* payload = static_cast<const char*>(mnl_attr_get_payload(opts));
    std::memcpy(&qopt, payload, sizeof(qopt));
    if (qopt.loss) imp.loss_percent = qopt.loss * 100.0 / kU32Max;
    uint64_t latency = 0, jitter = 0, rate = 0;
    auto* attr = reinterpret_cast<const nlattr*>(payload + NLA_ALIGN(sizeof(qopt)));
    const char* end = payload + len;
    while (mnl_attr_ok(attr, static_cast<int>(end - reinterpret_cast<const char*>(attr)))) {
        switch (mnl_attr_get_type(attr)) {
            case TCA_NETEM_LATENCY64:
                latency = get_u64(attr);
                break;
            case TCA_NETEM_JITTER64:
                jitter = get_u64(attr);
                break;
            case TCA_NETEM_RATE:
                if (mnl_attr_get_payload_len(attr) >= sizeof(tc_netem_rate))
                    rate = std::max<uint64_t>(
                        rate, static_cast<const tc_netem_rate*>(mnl_attr_get_payload(attr))->rate);
                break;
            case TCA_NETEM_RATE64:
                rate = std::max(rate, get_u64(attr));
                break;
            default:
                break;
        }
        attr = mnl_attr_next(attr);
    }
    imp.jitter = micros_unless_zero(jitter);
    imp.delay = micros_unless_zero(latency);
    if (imp.jitter && !imp.delay) imp.delay = std::chrono::microseconds(0);
    if (rate / 125) imp.rate_kbit = rate / 125;
}

void parse_tbf(const nlattr* opts, Impairment& imp) {
    uint64_t rate = 0;
    for_each_nested(opts, [&](const nlattr* attr) {
        if (mnl_attr_get_type(attr) == TCA_TBF_PARMS &&
            mnl_attr_get_payload_len(attr) >= sizeof(tc_tbf_qopt))
            rate = std::max<uint64_t>(
                rate, static_cast<const tc_tbf_qopt*>(mnl_attr_get_payload(attr))->rate.rate);
        if (mnl_attr_get_type(attr) == TCA_TBF_RATE64) rate = std::max(rate, get_u64(attr));
    });
    if (rate / 125) imp.rate_kbit = rate / 125;
}

void parse_qdisc(const nlmsghdr* nlh, QdiscInfo& info) {
    const nlattr* opts = nullptr;
    for_each_attr(nlh, sizeof(tcmsg), [&](const nlattr* attr) {
        if (mnl_attr_get_type(attr) == TCA_KIND) info.kind = mnl_attr_get_str(attr);
        if (mnl_attr_get_type(attr) == TCA_OPTIONS) opts = attr;
    });
    if (!opts) return;
    if (info.kind == "netem") parse_netem(opts, info.impairment);
    if (info.kind == "tbf") parse_tbf(opts, info.impairment);
}

}  // namespace

Result<void> set_impairment(Netlink& nl, const std::string& dev, const Impairment& imp) {
    NSCTL_TRY(validate(dev, imp));
    int index = NSCTL_TRY(link_index(nl, dev));
    const bool netem = imp.delay || imp.jitter || imp.loss_percent;
    const std::string kind = netem ? "netem" : "tbf";
    // Handle 0 with CREATE|REPLACE, as `tc qdisc replace dev DEV root KIND` sends it: the
    // kernel (tc_modify_qdisc) makes a new qdisc of another kind, chooses its handle and grafts
    // it as the root in one step; a root of the same kind it changes in place. A fixed handle
    // such as 1: would fail over a root of another kind with that handle ("Invalid qdisc name"),
    // before the kind is even looked up; NLM_F_EXCL would fail over a root of the same kind.
    Message m = qdisc_message(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, index);
    m.put_str(TCA_KIND, kind);
    if (netem)
        put_netem(m, imp);
    else
        put_tbf(m, kbit_to_bytes(*imp.rate_kbit));
    auto set = nl.call(m, dev);
    if (set || set.error().code != ENOENT) return set;
    // qdisc_create: "Specified qdisc kind is unknown" (after trying to load sch_KIND).
    return Error{EOPNOTSUPP,
                 dev + ": this kernel has no " + kind + " queueing discipline (sch_" + kind + ")"};
}

Result<void> clear_impairment(Netlink& nl, const std::string& dev) {
    int index = NSCTL_TRY(link_index(nl, dev));
    // Handle 0: whatever the root is. The kernel refuses to delete a default root (handle 0)
    // with ENOENT, "Cannot delete qdisc with handle of zero": nothing of ours is there.
    Message m = qdisc_message(RTM_DELQDISC, 0, index);
    auto del = nl.call(m, dev);
    if (!del && del.error().code == ENOENT) return {};
    return del;
}

Result<QdiscInfo> root_qdisc(Netlink& nl, const std::string& dev) {
    int index = NSCTL_TRY(link_index(nl, dev));
    Message m(RTM_GETQDISC, 0, sizeof(tcmsg));
    auto* tcm = m.family<tcmsg>();
    tcm->tcm_family = AF_UNSPEC;
    tcm->tcm_ifindex = index;
    QdiscInfo info;
    // The dump may list every link's qdiscs, and the children of a root: keep dev's root only.
    NSCTL_TRY(nl.dump(
        m,
        [&](const nlmsghdr* nlh) {
            if (nlh->nlmsg_type != RTM_NEWQDISC) return;
            auto* t = static_cast<const tcmsg*>(mnl_nlmsg_get_payload(nlh));
            if (t->tcm_ifindex != index || t->tcm_parent != TC_H_ROOT) return;
            parse_qdisc(nlh, info);
        },
        dev));
    return info;
}

}  // namespace nsctl::net
