// SPDX-License-Identifier: GPL-2.0-or-later
#include "lsns_scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nsctl::test {
namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::string our_lsns() { return std::string(NSCTL_BINARY_DIR) + "/lsns"; }

std::vector<RunResult> run_scenario(const std::vector<std::string>& lines, Persist persist) {
    char tmpl[] = "/tmp/nsctl-scenario-XXXXXX";
    const char* dir = mkdtemp(tmpl);
    if (!dir) {
        ADD_FAILURE() << "mkdtemp failed";
        return {};
    }
    std::filesystem::path out(dir);
    {
        std::ofstream cmds(out / "cmds");
        for (const auto& l : lines) cmds << l << "\n";
    }
    std::string script = std::string(NSCTL_SOURCE_DIR) + "/tests/cli/data/lsns_scenario.sh";
    RunResult r =
        run({"unshare", "--pid", "--fork", "--mount-proc", "--mount", "--net", "--uts", "--ipc",
             "/bin/sh", script, out / "cmds", out, persist == Persist::kYes ? "persist" : ""});
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<RunResult> results;
    for (size_t i = 1; i <= lines.size(); ++i) {
        RunResult one;
        std::string n = std::to_string(i);
        one.out = slurp(out / (n + ".out"));
        one.err = slurp(out / (n + ".err"));
        one.status = std::atoi(slurp(out / (n + ".rc")).c_str());
        results.push_back(one);
    }
    std::filesystem::remove_all(out);
    return results;
}

}  // namespace nsctl::test
