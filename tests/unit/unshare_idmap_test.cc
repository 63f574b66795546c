// SPDX-License-Identifier: GPL-2.0-or-later
// Map specs and the single-id fitting, checked against what util-linux 2.42's unshare wrote to
// uid_map for the same options (taken by hand with `cat /proc/self/uid_map`).
#include <gtest/gtest.h>

#include "ns/idmap.h"

namespace nsctl::ns {
namespace {

TEST(UnshareIdmap, BothSpecForms) {
    EXPECT_EQ(*parse_map_range("0:100000:65536"), (IdRange{0, 100000, 65536}));
    EXPECT_EQ(*parse_map_range("100000,0,65536"), (IdRange{0, 100000, 65536}));
    EXPECT_EQ(*parse_map_range(" 1:2:3"), (IdRange{1, 2, 3}));
}

TEST(UnshareIdmap, MalformedSpecs) {
    for (const char* bad : {"", "1", "1:2", "1:2:", "1:2:3:", "1:2:3x", "a:b:c", "1,2", "1:2,3",
                            "1,2,3,4", "1:2:3 "}) {
        auto r = parse_map_range(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().message(), std::string("invalid mapping '") + bad + "'");
    }
}

TEST(UnshareIdmap, RootIsCutOutOfARange) {
    // --map-users=0:100000:65536 --map-user=0 as root.
    IdMap map{{0, 100000, 65536}};
    fit_single_id(map, 0, 0);
    EXPECT_EQ(format_id_map(map), "0 0 1\n1 100000 65535\n");
}

TEST(UnshareIdmap, AutoRangesStartAtZero) {
    IdMap map{{kAutoInner, 100000, 65536}};
    fit_single_id(map, 1000, UINT32_MAX);
    EXPECT_EQ(format_id_map(map), "0 100000 65536\n");
}

TEST(UnshareIdmap, SeveralRangesAsRoot) {
    // --map-users=100:1000:10 --map-users=200,2000,5 -r as root (the second is outer,inner).
    IdMap map;
    prepend_range(map, *parse_map_range("100:1000:10"));
    prepend_range(map, *parse_map_range("200,2000,5"));
    fit_single_id(map, 0, 0);
    EXPECT_EQ(format_id_map(map), "0 0 1\n100 1000 10\n2000 200 5\n");
}

TEST(UnshareIdmap, IdentityOverlapLosesOneId) {
    // --map-users=0:0:100 as root (the current user's own id 0 falls in the range).
    IdMap map{{0, 0, 100}};
    fit_single_id(map, 0, UINT32_MAX);
    EXPECT_EQ(format_id_map(map), "0 0 100\n");
    map = {{0, 0, 100}};
    fit_single_id(map, 0, 0);
    EXPECT_EQ(format_id_map(map), "0 0 1\n1 1 99\n");
}

}  // namespace
}  // namespace nsctl::ns
