// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace nsctl {

/// An errno value plus the context of what failed on what ("setns /proc/42/ns/net").
struct Error {
    int code = 0;
    std::string context;

    /// "context: strerror(code)", or just the context when code is 0.
    std::string message() const;
};

/// A value or an Error. The API is a subset of std::expected so it can become one later.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(v_));
    }
    const Error& error() const {
        assert(!has_value());
        return std::get<1>(v_);
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

  private:
    std::variant<T, Error> v_;
};

/// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const { assert(ok_); }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

/// Builds an Error from the current errno.
Error errno_error(std::string context);

}  // namespace nsctl

// Propagates an Error to the caller; evaluates to the value otherwise (GNU statement expression,
// as SerenityOS TRY does).
#define NSCTL_TRY(expr)                                 \
    ({                                                  \
        auto&& nsctl_try_r_ = (expr);                   \
        if (!nsctl_try_r_) return nsctl_try_r_.error(); \
        std::move(nsctl_try_r_).value();                \
    })
