// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl run --json-status-fd FD: the first line names the sandbox's PID 1 as the host sees it and
// the inodes of its namespaces (checked against what the probe inside reads), the last one the
// command's status; a setup failure writes {"error": ...}. The PID 1 named there is gone once
// nsctl has exited.
#include <unistd.h>

#include <algorithm>

#include "run_helpers.h"

namespace nsctl::test::run_cli {
namespace {

class RunStatus : public RunTest {};

std::vector<std::string> member_names(const Json& json) {
    std::vector<std::string> names;
    for (const auto& [name, value] : json.members) names.push_back(name);
    return names;
}

TEST_F(RunStatus, PidNamespacesAndExitCode) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        for (bool time : {false, true}) {
            SCOPED_TRACE(std::string(name_of(as)) + (time ? ", --time" : ""));
            std::vector<std::string> args = {"--rootfs", rootfs.path(), "--", "/probe"};
            if (time) args.insert(args.begin(), "--time");
            StatusRun s = nsctl_run_status(as, args);
            ASSERT_EQ(s.result.status, 0) << s.result.err;
            Facts inside = parse_facts(s.result.out);
            EXPECT_EQ(inside["fds"], "0,1,2");  // the status fd is not the command's
            ASSERT_EQ(s.lines.size(), 2u) << s.text;
            const Json& start = s.lines[0];
            EXPECT_EQ(member_names(start), (std::vector<std::string>{"pid", "namespaces"}))
                << s.text;
            pid_t pid = static_cast<pid_t>(start.integer("pid"));
            EXPECT_GT(pid, 1) << s.text;
            EXPECT_TRUE(process_gone(pid)) << "the sandbox's PID 1 (" << pid << ") is still there";
            const Json* ns = start.get("namespaces");
            ASSERT_NE(ns, nullptr) << s.text;
            std::vector<std::string> want = {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"};
            if (time) want.insert(want.begin() + 5, "time");
            auto names = member_names(*ns);
            std::sort(names.begin(), names.end());  // in any order
            EXPECT_EQ(names, want) << s.text;
            for (const auto& type : want) {
                const Json* ino = ns->get(type);
                ASSERT_NE(ino, nullptr) << type;
                EXPECT_EQ(ino->type, Json::Type::kNumber) << type;
                EXPECT_EQ(ino->text, inside["ns." + type]) << type;
            }
            const Json& end = s.lines[1];
            EXPECT_EQ(member_names(end), std::vector<std::string>{"exit-code"}) << s.text;
            EXPECT_EQ(end.integer("exit-code"), 0);
        }
    }
}

TEST_F(RunStatus, ExitCodeAndSignal) {
    TempRootfs rootfs;
    ASSERT_TRUE(rootfs.ok()) << rootfs.error();
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        StatusRun s =
            nsctl_run_status(as, {"--rootfs", rootfs.path(), "--", "/probe", "exit", "3"});
        EXPECT_EQ(s.result.status, 3);
        ASSERT_EQ(s.lines.size(), 2u) << s.text;
        EXPECT_EQ(member_names(s.lines[1]), std::vector<std::string>{"exit-code"}) << s.text;
        EXPECT_EQ(s.lines[1].integer("exit-code"), 3);

        s = nsctl_run_status(as,
                             {"--rootfs", rootfs.path(), "--", "/bin/sh", "-c", "kill -KILL $$"});
        EXPECT_EQ(s.result.status, 137);
        ASSERT_EQ(s.lines.size(), 2u) << s.text;
        EXPECT_EQ(s.lines[1].integer("signal"), 9) << s.text;
        EXPECT_EQ(s.lines[1].integer("exit-code"), 137) << s.text;
    }
}

TEST_F(RunStatus, SetupFailure) {
    const std::string missing = "/tmp/" + unique_name() + "-no-rootfs";
    for (As as : kRootAndNobody) {
        SCOPED_TRACE(name_of(as));
        StatusRun s = nsctl_run_status(as, {"--rootfs", missing, "--", "/probe"});
        EXPECT_TRUE(is_one_error(s.result, 125, missing));
        ASSERT_EQ(s.lines.size(), 1u) << s.text;
        EXPECT_EQ(member_names(s.lines[0]), std::vector<std::string>{"error"}) << s.text;
        const Json* error = s.lines[0].get("error");
        ASSERT_NE(error, nullptr);
        EXPECT_EQ(error->type, Json::Type::kString);
        EXPECT_NE(error->text.find(missing), std::string::npos) << s.text;
    }
}

}  // namespace
}  // namespace nsctl::test::run_cli
