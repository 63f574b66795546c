// SPDX-License-Identifier: GPL-2.0-or-later
// The process of `nsctl oci exec`: parse_process_file (a process.json, checked as a config's
// process is) and apply_exec_changes (exec's options on top of it).
#include <gtest/gtest.h>

#include <string>

#include "oci/config.h"
#include "oci/exec_process.h"

namespace nsctl::oci {
namespace {

TEST(OciProcessFile, ParsesAProcessObject) {
    auto p = parse_process_file(R"({
        "terminal": false,
        "user": {"uid": 5, "gid": 6, "additionalGids": [7]},
        "args": ["sh", "-c", "true"],
        "env": ["PATH=/bin"],
        "cwd": "/tmp",
        "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"]},
        "rlimits": [{"type": "RLIMIT_NOFILE", "soft": 10, "hard": 20}],
        "noNewPrivileges": true,
        "unknownKey": 1
    })",
                                "p.json");
    ASSERT_TRUE(p) << p.error().context;
    EXPECT_EQ(p->user.uid, 5u);
    EXPECT_EQ(p->user.gid, 6u);
    EXPECT_EQ(p->user.additional_gids, std::vector<uint32_t>{7});
    EXPECT_EQ(p->args, (std::vector<std::string>{"sh", "-c", "true"}));
    EXPECT_EQ(p->env, std::vector<std::string>{"PATH=/bin"});
    EXPECT_EQ(p->cwd, "/tmp");
    ASSERT_TRUE(p->capabilities);
    EXPECT_EQ(p->capabilities->bounding, std::vector<std::string>{"CAP_KILL"});
    ASSERT_EQ(p->rlimits.size(), 1u);
    EXPECT_EQ(p->rlimits[0].hard, 20u);
    EXPECT_TRUE(p->no_new_privileges);
}

TEST(OciProcessFile, RefusesWhatAConfigsProcessMayNotBe) {
    auto error_of = [](const char* json) {
        auto p = parse_process_file(json, "p.json");
        return p ? std::string("(parsed)") : p.error().context;
    };
    EXPECT_EQ(error_of(R"({"args": [], "cwd": "/"})"), "p.json: args: must name a program");
    EXPECT_EQ(error_of(R"({"args": ["x"], "cwd": "rel"})"),
              "p.json: cwd: \"rel\" is not an absolute path");
    EXPECT_EQ(error_of(R"({"args": ["x"], "cwd": "/", "user": {"uid": -1}})").substr(0, 16),
              "p.json: user.uid");
    EXPECT_EQ(error_of("[1]").substr(0, 7), "p.json:");
    EXPECT_EQ(error_of("{").substr(0, 7), "p.json:");
}

Process base() {
    Process p;
    p.args = {"sleep", "1000"};
    p.env = {"PATH=/usr/bin", "TERM=xterm"};
    p.cwd = "/";
    Capabilities caps;
    caps.bounding = caps.effective = caps.permitted = {"CAP_KILL"};
    p.capabilities = caps;
    return p;
}

TEST(OciExecChanges, ReplaceArgsEnvCwdUserAndAddCapabilities) {
    Process p = base();
    ExecChanges c;
    c.args = {"sh", "-c", "id"};
    c.env = {"TERM=dumb", "NEW=1"};
    c.cwd = "/tmp";
    c.user = "1000:1001";
    c.additional_gids = {"7", "8"};
    c.caps = {"net_raw", "CAP_KILL"};
    c.no_new_privs = true;
    ASSERT_TRUE(apply_exec_changes(p, c));
    EXPECT_EQ(p.args, c.args);
    EXPECT_EQ(p.env, (std::vector<std::string>{"PATH=/usr/bin", "TERM=dumb", "NEW=1"}));
    EXPECT_EQ(p.cwd, "/tmp");
    EXPECT_EQ(p.user.uid, 1000u);
    EXPECT_EQ(p.user.gid, 1001u);
    EXPECT_EQ(p.user.additional_gids, (std::vector<uint32_t>{7, 8}));
    std::vector<std::string> both = {"CAP_KILL", "CAP_NET_RAW"};
    EXPECT_EQ(p.capabilities->bounding, both);
    EXPECT_EQ(p.capabilities->effective, both);
    EXPECT_EQ(p.capabilities->permitted, both);
    EXPECT_TRUE(p.capabilities->ambient.empty());
    EXPECT_TRUE(p.no_new_privileges);
}

TEST(OciExecChanges, NothingGivenChangesNothing) {
    Process p = base();
    ASSERT_TRUE(apply_exec_changes(p, {}));
    EXPECT_EQ(p, base());
    // A uid alone keeps the gid; no capabilities object stays none (all of root's).
    p.capabilities.reset();
    p.user.gid = 42;
    ExecChanges c;
    c.user = "5";
    c.caps = {"CAP_SYS_ADMIN"};
    ASSERT_TRUE(apply_exec_changes(p, c));
    EXPECT_EQ(p.user.uid, 5u);
    EXPECT_EQ(p.user.gid, 42u);
    EXPECT_FALSE(p.capabilities);
}

TEST(OciExecChanges, BadOptionsAreNamed) {
    auto error_of = [](ExecChanges c, Process p = base()) {
        auto done = apply_exec_changes(p, c);
        if (done) return std::string("(applied)");
        EXPECT_EQ(done.error().code, 0);
        return done.error().context;
    };
    Process no_args = base();
    no_args.args.clear();
    EXPECT_EQ(error_of({}, no_args), "exec: a command to run is required");
    EXPECT_EQ(error_of({.cwd = "tmp"}), "--cwd tmp: an absolute path expected");
    EXPECT_EQ(error_of({.env = {"=x"}}), "--env =x: NAME=VALUE expected");
    EXPECT_EQ(error_of({.env = {"X"}}), "--env X: NAME=VALUE expected");
    for (const char* user : {"", ":", "a", "1:b", "1:", ":1", "-1", "4294967295", "1:2:3"}) {
        if (std::string(user).empty()) continue;  // not given
        EXPECT_EQ(error_of({.user = user}),
                  "--user " + std::string(user) + ": UID[:GID] expected, as numbers");
    }
    EXPECT_EQ(error_of({.additional_gids = {"x"}}),
              "--additional-gids x: a group id expected, a number");
    EXPECT_EQ(error_of({.caps = {"CAP_NOPE"}}), "--cap CAP_NOPE: no such capability");
    EXPECT_EQ(error_of({.user = "4294967294:0"}), "(applied)");
}

}  // namespace
}  // namespace nsctl::oci
