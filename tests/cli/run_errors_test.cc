// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run and bad input: each gives one clear line ("nsctl: run: ..."), the usual exit status
// (125 for nsctl itself, 126 and 127 for the command) and leaves nothing behind (the fixture and
// the leak check). Images whose /proc or /dev are symlinks to the host's must be refused or
// contained: no mount may land on the host's path, the host's /dev stays as it was.
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunErrors : public RunTest {};

TEST_F(RunErrors, RootfsMissingAFileOrTheHostRoot) {
    const std::string missing = "/tmp/" + unique_name() + "-no-rootfs";
    const std::string file = "/tmp/" + unique_name() + "-file-rootfs";
    std::ofstream(file) << "not a directory\n";
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--rootfs", missing, "--", "/probe"}), 125, missing,
                                 ": No such file or directory"));
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--rootfs", file, "--", "/probe"}), 125, file,
                                 ": Not a directory"));
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--rootfs", "/", "--", "/bin/true"}), 125));
    }
    unlink(file.c_str());
}

TEST_F(RunErrors, CommandNotFoundOrNotExecutable) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    ASSERT_TRUE(rootfs.add_not_executable());
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/nosuch"}), 127,
                                 "/nosuch", ": No such file or directory"));
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--rootfs", rootfs.path(), "--", "/notexec"}), 126,
                                 "/notexec", ": Permission denied"));
        // A name without a slash is looked up in PATH, inside.
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--rootfs", rootfs.path(), "--", "nsctl-nosuch"}),
                                 127, "nsctl-nosuch"));
        EXPECT_TRUE(is_one_error(nsctl_run(as, {"--", "/nonexistent/command"}), 127,
                                 "/nonexistent/command", ": No such file or directory"));
    }
}

TEST_F(RunErrors, BindSourceMissing) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    const std::string gone = "/tmp/" + unique_name() + "-gone";
    for (As as : kRootAndNobody) {
        for (const char* option : {"--bind", "--ro-bind"}) {
            SCOPED_TRACE(std::string(name_of(as)) + ", " + option);
            EXPECT_TRUE(is_one_error(
                nsctl_run(as, {"--rootfs", rootfs.path(), option, gone + ":/mnt", "--", "/probe"}),
                125, gone, ": No such file or directory"));
        }
    }
}

TEST_F(RunErrors, BadValues) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    struct Case {
        std::vector<std::string> options;
        std::string named;  // the line names it
    };
    const Case cases[] = {
        {{"--tmpfs", "/t:size=12Q"}, "12Q"},
        {{"--tmpfs", "/t:size="}, ""},
        {{"--tmpfs", "/t:size=-1"}, "-1"},
        {{"--keep-fd", "999"}, "999"},
        {{"--keep-fd", "x"}, "x"},
        {{"--json-status-fd", "-1"}, "-1"},
        {{"--json-status-fd", "999"}, "999"},
        {{"--monotonic", "x"}, "x"},
        {{"--boottime", "1.5.3"}, "1.5.3"},
        {{"--chdir", "relative/dir"}, "relative/dir"},
        {{"--chdir", "/nonexistent-dir"}, "/nonexistent-dir"},
        {{"--share", "foo"}, "foo"},
        {{"--share", "mnt"}, "mnt"},  // the mount namespace is always new
    };
    for (As as : kRootAndNobody) {
        for (const Case& c : cases) {
            SCOPED_TRACE(std::string(name_of(as)) + ", " + c.options[0] + " " + c.options[1]);
            std::vector<std::string> args = c.options;
            args.insert(args.end(), {"--rootfs", rootfs.path(), "--", "/probe"});
            EXPECT_TRUE(is_one_error(nsctl_run(as, args), 125, c.named));
        }
    }
}

TEST_F(RunErrors, UsageErrors) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    EXPECT_TRUE(is_usage_error(nsctl_run(As::kRoot, {"--no-such-option", "--", "/probe"})));
    EXPECT_TRUE(is_usage_error(nsctl_run(As::kRoot, {"--rootfs"})));  // no argument
    EXPECT_TRUE(is_usage_error(nsctl_run(As::kNobody, {"--hostname"})));
}

class RunErrorsSymlinks : public RunTest {
  protected:
    // Runs `nsctl run --rootfs R -- COMMAND` with R's DIR a symlink to target, and expects a
    // refusal (125, one line) or a sandbox whose output is `contained`. Either way the host's
    // mounts and its /dev are unchanged; a mount that landed on the host is reported and
    // removed.
    void expect_refused_or_contained(As as, const std::string& dir, const std::string& target,
                                     const std::vector<std::string>& command,
                                     const std::string& contained) {
        SCOPED_TRACE(std::string(name_of(as)) + ", /" + dir + " -> " + target);
        TempRootfs rootfs;
        ASSERT_TRUE(rootfs.ok()) << rootfs.error();
        ASSERT_TRUE(rootfs.replace_with_symlink(dir, target));
        const auto mounts_before = host_mounts();
        const std::string dev_before = run({probe_path(), "ls", "/dev"}).out;
        std::vector<std::string> args = {"--rootfs", rootfs.path(), "--"};
        args.insert(args.end(), command.begin(), command.end());
        RunResult r = nsctl_run(as, args);
        const auto mounts_after = host_mounts();
        std::vector<std::string> landed;
        std::set_difference(mounts_after.begin(), mounts_after.end(), mounts_before.begin(),
                            mounts_before.end(), std::back_inserter(landed));
        for (auto it = landed.rbegin(); it != landed.rend(); ++it) {
            ADD_FAILURE() << "a mount landed on the host: " << *it;
            umount2(it->substr(it->find(' ') + 1).c_str(), MNT_DETACH);
        }
        EXPECT_EQ(run({probe_path(), "ls", "/dev"}).out, dev_before) << "the host's /dev changed";
        if (r.status == 0) {
            EXPECT_EQ(r.out, contained) << "contained, but not with a fresh /" << dir;
        } else {
            EXPECT_TRUE(is_one_error(r, 125)) << "refused, but not with one line";
        }
    }
};

TEST_F(RunErrorsSymlinks, ProcInTheImage) {
    for (As as : kRootAndNobody) {
        for (const char* target : {"/proc", "../../../../../../proc", "/proc/self/root/proc"}) {
            // Contained: a /proc with only the sandbox's two processes.
            expect_refused_or_contained(as, "proc", target, {"/bin/sh", "-c", "echo /proc/[0-9]*"},
                                        "/proc/1 /proc/2\n");
        }
    }
}

TEST_F(RunErrorsSymlinks, DevInTheImage) {
    for (As as : kRootAndNobody) {
        for (const char* target : {"/dev", "../../../../../../dev", "/proc/self/root/dev"}) {
            expect_refused_or_contained(as, "dev", target, {"/probe", "ls", "/dev"}, kMinimalDev);
        }
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
