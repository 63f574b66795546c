// SPDX-License-Identifier: GPL-2.0-or-later
#include "sys/stack.h"

#include <sys/mman.h>
#include <unistd.h>

#include <utility>

namespace nsctl::sys {

Stack::Stack(Stack&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), length_(std::exchange(other.length_, 0)) {}

Stack& Stack::operator=(Stack&& other) noexcept {
    if (this != &other) {
        unmap();
        base_ = std::exchange(other.base_, nullptr);
        length_ = std::exchange(other.length_, 0);
    }
    return *this;
}

Stack::~Stack() { unmap(); }

Result<Stack> Stack::map(size_t size) {
    auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t length = (size + page - 1) / page * page + page;
    void* m = ::mmap(nullptr, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (m == MAP_FAILED) return errno_error("mmap");
    Stack s;
    s.base_ = static_cast<char*>(m);
    s.length_ = length;
    if (::mprotect(s.base_ + page, length - page, PROT_READ | PROT_WRITE) != 0)
        return errno_error("mprotect");
    return s;
}

void Stack::abandon() {
    base_ = nullptr;
    length_ = 0;
}

void Stack::unmap() {
    if (base_) (void)::munmap(base_, length_);
    abandon();
}

}  // namespace nsctl::sys
