// SPDX-License-Identifier: GPL-2.0-or-later
// ${NAME} in topology files, expanded as containerlab does before the YAML is read.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "lab/env_expand.h"
#include "lab/topology.h"

namespace nsctl::lab {
namespace {

const std::map<std::string, std::string> kEnv = {{"LAB", "lab1"}, {"EMPTY", ""}, {"MTU", "9000"}};

const char* lookup(const char* name) {
    auto it = kEnv.find(name);
    return it == kEnv.end() ? nullptr : it->second.c_str();
}

std::string expanded(const std::string& text) {
    auto r = expand_env(text, "t.clab.yml", lookup);
    return r ? *r : "error: " + r.error().message();
}

TEST(LabEnvExpand, VariablesAndDefaults) {
    EXPECT_EQ(expanded("name: ${LAB}\n"), "name: lab1\n");
    EXPECT_EQ(expanded("a: ${LAB}-${MTU}x"), "a: lab1-9000x");
    EXPECT_EQ(expanded("mtu: ${UNSET:=1500}"), "mtu: 1500");
    EXPECT_EQ(expanded("mtu: ${UNSET:-1500}"), "mtu: 1500");
    EXPECT_EQ(expanded("mtu: ${MTU:=1500}"), "mtu: 9000");
    EXPECT_EQ(expanded("v: ${EMPTY:=full}"), "v: full");  // empty counts as unset for a default
    EXPECT_EQ(expanded("v: '${EMPTY}'"), "v: ''");
    EXPECT_EQ(expanded("v: ${UNSET:=}"), "v: ");
}

TEST(LabEnvExpand, WhatIsLeftAlone) {
    EXPECT_EQ(expanded("exec: [\"echo $HOME $1 $\"]"), "exec: [\"echo $HOME $1 $\"]");
    EXPECT_EQ(expanded("exec: [\"echo $${HOME}\"]"), "exec: [\"echo ${HOME}\"]");
    EXPECT_EQ(expanded("# ${UNSET} in a comment\nname: x\n"), "# ${UNSET} in a comment\nname: x\n");
    EXPECT_EQ(expanded("  # ${UNSET}\n"), "  # ${UNSET}\n");
    EXPECT_EQ(expanded("$"), "$");
    EXPECT_EQ(expanded(""), "");
}

TEST(LabEnvExpand, Errors) {
    EXPECT_EQ(expanded("name: x\nmtu: ${UNSET}\n"),
              "error: t.clab.yml:2:6: ${UNSET}: not set (give it a value, or a default: "
              "${UNSET:=VALUE})");
    EXPECT_EQ(expanded("a: ${LAB\nb: }"), "error: t.clab.yml:1:4: ${ without a closing }");
    EXPECT_EQ(expanded("a: ${1X}"), "error: t.clab.yml:1:4: ${1X}: not a variable name");
    EXPECT_EQ(expanded("a: ${}"), "error: t.clab.yml:1:4: ${}: not a variable name");
    EXPECT_EQ(expanded("a: ${A B}"), "error: t.clab.yml:1:4: ${A B}: not a variable name");
    EXPECT_EQ(expanded("a: ${A:?x}"), "error: t.clab.yml:1:4: ${A:?x}: not a variable name");
}

TEST(LabEnvExpand, TopologyFilesAreExpanded) {
    ASSERT_EQ(setenv("NSCTL_TEST_LAB_NAME", "envlab", 1), 0);
    auto t = parse_topology(
        "name: ${NSCTL_TEST_LAB_NAME}\ntopology:\n  nodes:\n    r1: {kind: linux}\n", "e.clab.yml");
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->name, "envlab");
    unsetenv("NSCTL_TEST_LAB_NAME");
    auto unset = parse_topology("name: ${NSCTL_TEST_LAB_NAME}\n", "e.clab.yml");
    ASSERT_FALSE(unset);
    EXPECT_EQ(unset.error().message(),
              "e.clab.yml:1:7: ${NSCTL_TEST_LAB_NAME}: not set (give it a value, or a default: "
              "${NSCTL_TEST_LAB_NAME:=VALUE})");
}

}  // namespace
}  // namespace nsctl::lab
