// SPDX-License-Identifier: GPL-2.0-or-later
// unshare and nsenter load the locale only before they print a message (docs/design.md,
// "Start-up cost"): a successful run in a UTF-8 locale maps no locale file, util-linux's does,
// and messages still come out (the side-by-side tests compare their text).
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "nsenter_target.h"
#include "unshare_compare.h"

namespace nsctl::test {
namespace {

// Counts the locale files mapped by the parent of the shell that runs it: the waiting unshare
// (--fork) or nsenter (which forks for a PID namespace).
constexpr const char* kCountLocaleMaps =
    "grep -c -e /usr/lib/locale/ -e gconv-modules /proc/$PPID/maps || true";

const EnvAdditions kUtf8 = {{"LANG", "C.UTF-8"}, {"LC_ALL", "C.UTF-8"}};

TEST(LazyLocale, UnshareMapsNoLocaleFileWhenItPrintsNothing) {
    NSCTL_REQUIRE_ROOT();
    RunResult theirs =
        run({unshare_cli::kUtilLinuxUnshare, "-f", "-u", "sh", "-c", kCountLocaleMaps}, "", kUtf8);
    ASSERT_EQ(theirs.status, 0) << theirs.err;
    ASSERT_NE(theirs.out, "0\n") << "util-linux maps no locale file: this test would prove nothing";
    RunResult ours =
        run({unshare_cli::our_unshare(), "-f", "-u", "sh", "-c", kCountLocaleMaps}, "", kUtf8);
    EXPECT_EQ(ours.status, 0) << ours.err;
    EXPECT_EQ(ours.out, "0\n");
}

TEST(LazyLocale, NsenterMapsNoLocaleFileWhenItPrintsNothing) {
    NSCTL_REQUIRE_ROOT();
    std::string self = std::to_string(::getpid());
    RunResult theirs =
        run({kUtilLinuxNsenter, "-t", self, "-p", "sh", "-c", kCountLocaleMaps}, "", kUtf8);
    ASSERT_EQ(theirs.status, 0) << theirs.err;
    ASSERT_NE(theirs.out, "0\n") << "util-linux maps no locale file: this test would prove nothing";
    RunResult ours =
        run({our_nsenter(), "-t", self, "-p", "sh", "-c", kCountLocaleMaps}, "", kUtf8);
    EXPECT_EQ(ours.status, 0) << ours.err;
    EXPECT_EQ(ours.out, "0\n");
}

TEST(LazyLocale, ErrorsStillPrintInAUtf8Locale) {
    // getopt's own message, held back on the first parse, and a strerror text.
    RunResult r = run({unshare_cli::our_unshare(), "--bogus"}, "", kUtf8);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("unrecognized option '--bogus'"), std::string::npos) << r.err;
    r = run({our_nsenter(), "-t", "999999999", "-u", "true"}, "", kUtf8);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nsctl::test
