// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run --overlay: a writable root whose changes vanish at exit (the image and the host's
// files stay as they were), and --overlay-dir DIR, which keeps them in DIR/upper (with
// DIR/work) for the next run. As root and as uid 65534.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunOverlay : public RunTest {};

// The entries of a directory tree below path (relative names, sorted), symlinks not followed.
std::vector<std::string> tree(const std::string& path, const std::string& prefix = "") {
    std::vector<std::string> entries;
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) return entries;
    while (const dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        entries.push_back(prefix + name);
        if (e->d_type == DT_DIR) {
            for (auto& below : tree(path + "/" + name, prefix + name + "/")) {
                entries.push_back(below);
            }
        }
    }
    closedir(dir);
    std::sort(entries.begin(), entries.end());
    return entries;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST_F(RunOverlay, ChangesVanish) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        ASSERT_TRUE(rootfs.write_file("hello", "original\n"));
        if (as == As::kNobody) {
            // The user's own image: in the user namespace root's files belong to nobody.
            ASSERT_TRUE(rootfs.chown_tree(65534, 65534));
        }
        const auto before = tree(rootfs.path());
        RunResult r =
            nsctl_run(as, {"--overlay", "--rootfs", rootfs.path(), "--", "/bin/sh", "-c",
                           "/probe write /new; /probe write /bin/new; echo changed >/hello;"
                           " cat /hello; /bin/busybox rm /probe; /probe write /x"});
        EXPECT_EQ(r.status, 127) << r.err;  // the probe was removed
        EXPECT_EQ(r.out, "write=OK\nwrite=OK\nchanged\n") << r.err;
        EXPECT_EQ(tree(rootfs.path()), before);
        EXPECT_EQ(slurp(rootfs.at("hello")), "original\n");
        r = nsctl_run(as, {"--overlay", "--rootfs", rootfs.path(), "--", "/probe", "write", "/x"});
        EXPECT_EQ(r.out, "write=OK\n") << r.err;  // the probe is back
    }
}

TEST_F(RunOverlay, ChangesToTheHostFilesVanish) {
    const std::string file = "/tmp/" + unique_name() + "-overlay";
    RunResult r = nsctl_run(As::kRoot, {"--overlay", "--", "sh", "-c",
                                        probe_path() + " write " + file + " && cat " + file});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "write=OK\nprobe\n");
    EXPECT_NE(access(file.c_str(), F_OK), 0) << file << " reached the host";
    unlink(file.c_str());
}

// In a user namespace the host's mounts below / are locked to it, and overlayfs cannot clone
// such a tree as its lower layer (the kernel logs "failed to clone lowerpath"): refused, with
// the way that works.
TEST_F(RunOverlay, OverTheHostRootRootlessIsRefusedPlainly) {
    RunResult r = nsctl_run(As::kNobody, {"--overlay", "--", "true"});
    EXPECT_EQ(r.status, 125);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "nsctl: run: --overlay over the host's root needs root: in a user namespace the "
              "host's mounts below / stay locked to it, and overlayfs takes no such tree as its "
              "lower layer (--rootfs DIR --overlay works)\n");
}

TEST_F(RunOverlay, OverlayDirKeepsChanges) {
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        TempDir changes("overlay", 0755);
        ASSERT_FALSE(changes.path().empty());
        if (as == As::kNobody) {
            ASSERT_EQ(chown(changes.path().c_str(), 65534, 65534), 0);
        }
        const auto before = tree(rootfs.path());
        const std::vector<std::string> overlay = {"--overlay", "--overlay-dir", changes.path(),
                                                  "--rootfs",  rootfs.path(),   "--"};
        auto args = overlay;
        args.insert(args.end(), {"/probe", "write", "/kept"});
        RunResult r = nsctl_run(as, args);
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "write=OK\n");
        EXPECT_EQ(slurp(changes.at("upper/kept")), "probe\n");
        struct stat st {};
        EXPECT_EQ(stat(changes.at("work").c_str(), &st), 0);
        EXPECT_EQ(tree(rootfs.path()), before);
        // The next run sees them.
        args = overlay;
        args.insert(args.end(), {"/bin/cat", "/kept"});
        r = nsctl_run(as, args);
        EXPECT_EQ(r.status, 0) << r.err;
        EXPECT_EQ(r.out, "probe\n");
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
