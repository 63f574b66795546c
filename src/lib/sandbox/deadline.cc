// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/deadline.h"

#include <signal.h>

namespace nsctl::sandbox {
namespace {

timespec now() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t;
}

timespec after(const timespec& from, double seconds) {
    // seconds > 0: truncation is floor, and nothing of libm is needed (linking libm maps
    // another library at every start of nsctl, drop-ins included).
    auto whole = static_cast<time_t>(seconds);
    timespec t = from;
    t.tv_sec += whole;
    t.tv_nsec += static_cast<long>((seconds - static_cast<double>(whole)) * 1e9);
    if (t.tv_nsec >= 1000000000) {
        t.tv_sec += 1;
        t.tv_nsec -= 1000000000;
    }
    return t;
}

long long ms_until(const timespec& t) {
    timespec n = now();
    long long ms = (static_cast<long long>(t.tv_sec) - n.tv_sec) * 1000 +
                   (t.tv_nsec - n.tv_nsec + 999999) / 1000000;
    return ms < 0 ? 0 : ms;
}

}  // namespace

Deadline::Deadline(std::optional<double> timeout, double kill_after) {
    if (!timeout) return;
    term_at_ = after(now(), *timeout);
    kill_at_ = after(*term_at_, kill_after);
}

int Deadline::wait_ms() const {
    if (step_ == 0 && term_at_) return static_cast<int>(std::min(ms_until(*term_at_), 1LL << 30));
    if (step_ == 1 && kill_at_) return static_cast<int>(std::min(ms_until(*kill_at_), 1LL << 30));
    return -1;
}

void Deadline::fire_due(ChildProcess& child) {
    if (wait_ms() != 0) return;
    (void)child.signal(step_ == 0 ? SIGTERM : SIGKILL);
    ++step_;
}

}  // namespace nsctl::sandbox
