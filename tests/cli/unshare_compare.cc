// SPDX-License-Identifier: GPL-2.0-or-later
#include "unshare_compare.h"

#include <regex>
#include <sstream>

namespace nsctl::test::unshare_cli {

std::string our_unshare() { return std::string(NSCTL_BINARY_DIR) + "/unshare"; }

std::vector<std::string> as_nobody() {
    return {"setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) out.push_back(line);
    return out;
}

namespace {

// tool "" only strips the hints.
std::string normalize(std::string text, const std::string& tool, bool strip_hints) {
    for (size_t at = 0; !tool.empty() && (at = text.find(tool, at)) != std::string::npos; at += 7)
        text.replace(at, tool.size(), "unshare");
    text = std::regex_replace(text, std::regex("/proc/[0-9]+/"), "/proc/PID/");
    if (!strip_hints) return text;
    std::string kept;
    for (const auto& line : lines_of(text))
        if (line.rfind("unshare: hint: ", 0) != 0) kept += line + "\n";
    return kept;
}

}  // namespace

RunResult run_unshare(const std::string& tool, const std::vector<std::string>& args,
                      const std::vector<std::string>& prefix, const std::string& in,
                      bool strip_hints) {
    std::vector<std::string> argv = prefix;
    argv.push_back(tool);
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult r = run(argv, in);
    r.out = normalize(r.out, tool, false);
    r.err = normalize(r.err, tool, strip_hints);
    return r;
}

RunResult expect_same(const std::vector<std::string>& args, const std::vector<std::string>& prefix,
                      const std::string& in) {
    std::string shown;
    for (const auto& a : args) shown += " " + a;
    SCOPED_TRACE("unshare" + shown);
    RunResult theirs = run_unshare(kUtilLinuxUnshare, args, prefix, in);
    RunResult ours_raw = run_unshare(our_unshare(), args, prefix, in, false);
    RunResult ours = ours_raw;
    ours.err = normalize(ours.err, "", true);
    EXPECT_EQ(ours.status, theirs.status);
    EXPECT_EQ(ours.out, theirs.out);
    EXPECT_EQ(ours.err, theirs.err);
    return ours_raw;
}

}  // namespace nsctl::test::unshare_cli
