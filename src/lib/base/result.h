// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
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

/// A value or an error: an Error, or with E a richer failure type of the caller's (unshare's
/// failure details travel this way, not in out-parameters). The API is a subset of
/// std::expected<T, E> so it can become one later.
template <typename T, typename E = Error>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
    Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
    /// An error that E is built from (an Error into a caller's failure type), so that NSCTL_TRY
    /// passes plain Errors up through functions with a richer E.
    template <typename G>
    requires(!std::is_same_v<std::remove_cvref_t<G>, E> && !std::is_convertible_v<G, T> &&
             std::is_constructible_v<E, G>) Result(G&& error)
        : v_(std::in_place_index<1>, E(std::forward<G>(error))) {}  // NOLINT

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
    const E& error() const& {
        assert(!has_value());
        return std::get<1>(v_);
    }
    E&& error() && {
        assert(!has_value());
        return std::get<1>(std::move(v_));
    }
    /// The value, or fallback when there is an error (as std::expected::value_or).
    template <typename U>
    T value_or(U&& fallback) const& {
        return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

  private:
    std::variant<T, E> v_;
};

/// Result<void, E>: success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
  public:
    Result() = default;
    Result(E error) : error_(std::move(error)), ok_(false) {}  // NOLINT
    /// An error that E is built from (see Result<T, E>).
    template <typename G>
    requires(!std::is_same_v<std::remove_cvref_t<G>, E> && std::is_constructible_v<E, G>)
        Result(G&& error)
        : error_(std::forward<G>(error)), ok_(false) {}  // NOLINT

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const { assert(ok_); }
    const E& error() const& {
        assert(!ok_);
        return error_;
    }
    E&& error() && {
        assert(!ok_);
        return std::move(error_);
    }

  private:
    E error_{};
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
