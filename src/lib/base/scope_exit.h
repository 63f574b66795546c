// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <utility>

namespace nsctl {

/// Runs a callable when the scope ends, unless release()d. For one-off cleanups only.
template <typename F>
class ScopeExit {
  public:
    explicit ScopeExit(F f) : f_(std::move(f)) {}
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
    ~ScopeExit() {
        if (armed_) f_();
    }
    void release() { armed_ = false; }

  private:
    F f_;
    bool armed_ = true;
};

}  // namespace nsctl
