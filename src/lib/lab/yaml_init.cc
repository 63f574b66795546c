// SPDX-License-Identifier: GPL-2.0-or-later
// yaml-cpp's static initialisers, run on the first parse instead of at every start of nsctl.
//
// Seven of yaml-cpp's translation units construct namespace-scope std::strings and a
// std::ios_base::Init (which builds the classic locale and the eight standard streams): about
// 55,000 instructions, a sixth of what a drop-in `unshare` runs before its exec. The nsctl link
// (src/cli/CMakeLists.txt) moves the .init_array entries of libyaml-cpp.a's objects out of
// .init_array into the output section nsctl_deferred_init, so that the C runtime does not call
// them; this file calls them, once, before the first topology is parsed. Binaries linked
// without that script (the unit tests, the sanitizer build) have neither symbol: their
// initialisers ran at start as usual, and there is nothing to do.
#include "lab/yaml_init.h"

extern "C" {
using nsctl_initialiser = void (*)();
extern const nsctl_initialiser __start_nsctl_deferred_init[] __attribute__((weak));
extern const nsctl_initialiser __stop_nsctl_deferred_init[] __attribute__((weak));
}

namespace nsctl::lab {

size_t run_deferred_initialisers() {
    static size_t ran = 0;
    static bool done = false;
    if (done) return ran;
    done = true;
    const nsctl_initialiser* begin = __start_nsctl_deferred_init;
    const nsctl_initialiser* end = __stop_nsctl_deferred_init;
    if (begin == nullptr || end == nullptr) return ran;
    for (const nsctl_initialiser* f = begin; f != end; ++f) {
        (*f)();
        ++ran;
    }
    return ran;
}

}  // namespace nsctl::lab
