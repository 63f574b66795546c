// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace nsctl {

/// Calls fn(begin, end) over [0, n) split into contiguous chunks, one per worker thread (at
/// most max_threads, one per CPU, and none below min_chunk items: small inputs run inline).
/// fn must only touch state of its own chunk. Returns when every chunk is done.
/// THREADS: this is the only place the library starts threads; they are joined before return.
template <typename Fn>
void parallel_chunks(size_t n, size_t min_chunk, size_t max_threads, Fn fn) {
    size_t cpus = std::max<size_t>(1, std::thread::hardware_concurrency());
    size_t threads = std::min({max_threads, cpus, std::max<size_t>(1, n / min_chunk)});
    if (threads <= 1) {
        fn(size_t{0}, n);
        return;
    }
    std::vector<std::thread> workers;
    size_t per = (n + threads - 1) / threads;
    for (size_t t = 1; t < threads; ++t) {
        size_t begin = std::min(n, t * per), end = std::min(n, begin + per);
        workers.emplace_back([=, &fn] { fn(begin, end); });
    }
    fn(size_t{0}, std::min(n, per));
    for (auto& w : workers) w.join();
}

}  // namespace nsctl
