// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/lab_helpers.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

namespace nsctl::test {

std::string source_file(const std::string& name) {
    return std::string(NSCTL_SOURCE_DIR) + "/tests/lab/" + name;
}

std::string write_topology(const std::string& name, const std::string& text) {
    std::string path = "/run/" + name;
    std::ofstream(path) << text;
    return path;
}

bool exists(const std::string& path) {
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
}

RunResult in_node(const std::string& netns, std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"ip", "netns", "exec", netns});
    return run(argv);
}

void expect_nothing_left() {
    auto ns = run({"ip", "netns", "list"});
    EXPECT_EQ(ns.out, "") << "namespaces left";
    auto labs = run({"ls", "-A", "/run/nsctl/labs"});
    EXPECT_TRUE(labs.out.empty()) << "lab state left: " << labs.out;
    auto links = run({"ip", "-o", "link", "show"});
    EXPECT_EQ(links.out.find("lo:") != std::string::npos, true);
    EXPECT_EQ(std::count(links.out.begin(), links.out.end(), '\n'), 1) << links.out;
}

}  // namespace nsctl::test
