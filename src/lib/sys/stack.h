// SPDX-License-Identifier: GPL-2.0-or-later
// A stack of its own for a child that shares our memory (sys::raw::clone_vm): anonymous memory
// above a guard page, unmapped by its owner once the child has ended.
#pragma once

#include <cstddef>

#include "base/result.h"

namespace nsctl::sys {

/// Owns size bytes of read-write memory mapped above a page that faults (an overflow is a crash,
/// not a write into our heap). Move-only; unmapped on destruction.
class Stack {
  public:
    Stack() = default;
    Stack(Stack&& other) noexcept;
    Stack& operator=(Stack&& other) noexcept;
    Stack(const Stack&) = delete;
    Stack& operator=(const Stack&) = delete;
    ~Stack();

    /// Maps a stack of size bytes (rounded up to pages). Errors: "mmap", "mprotect".
    static Result<Stack> map(size_t size);

    /// One past its highest byte (a stack grows down); nullptr when none is owned.
    char* top() const { return base_ ? base_ + length_ : nullptr; }
    /// Forgets the mapping without unmapping it: for a child that may still be running on it.
    void abandon();

  private:
    void unmap();

    char* base_ = nullptr;  // the guard page
    size_t length_ = 0;     // guard page included
};

}  // namespace nsctl::sys
