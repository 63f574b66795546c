// SPDX-License-Identifier: GPL-2.0-or-later
// What only util-linux 2.42's lsns has (Debian 12's 2.38 cannot be the oracle here):
// namespaces without processes, PNS/ONS, owner/parent trees, filters, NSFS on several lines and
// LIBSMARTCOLS_JSON. Checked against the kernel's answers (stat of nsfs files) inside the
// scenario; the exact bytes were compared with 2.42's binary by hand (see docs/lsns.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include "lsns_scenario.h"
#include "support/json.h"

namespace nsctl::test {
namespace {

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

long long num(const RunResult& r) { return std::stoll(trim(r.out)); }

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) out.push_back(line);
    return out;
}

const Json& namespaces_of(const std::optional<Json>& doc) {
    static const Json kEmpty;
    if (!doc) return kEmpty;
    const Json* ns = doc->get("namespaces");
    return ns ? *ns : kEmpty;
}

// Calls fn(node, parent-or-null) for every object of an lsns JSON tree.
void walk(const Json& list, const Json* parent,
          const std::function<void(const Json&, const Json*)>& fn) {
    for (const auto& item : list.items) {
        fn(item, parent);
        if (const Json* kids = item.get("children")) walk(*kids, &item, fn);
    }
}

class LsnsFeatures : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!have_root()) return;
        std::string l = our_lsns();
        lines_ = {
            "stat -L -c %i $PERSIST",                                    // 0
            "echo $NS_HELD",                                             // 1
            l + " -P -r -n -o NS,TYPE,NPROCS",                           // 2
            "stat -L -c %i /proc/1/ns/user",                             // 3
            "stat -L -c %i /proc/$P_USER/ns/user",                       // 4
            "stat -L -c %i /proc/$P_USER/ns/uts",                        // 5
            l + " -J --output-all",                                      // 6
            l + " -Towner -J -o NS,TYPE,PNS,ONS",                        // 7
            l + " --tree=parent -J -o NS,TYPE,PNS,ONS",                  // 8
            l + " -l -r -n -o NS,TYPE,NPROCS",                           // 9
            l + " -l -r -n -o NS -Q 'TYPE == \"uts\" && NPROCS > 1'",    // 10
            l + " -t net -o NS,TYPE,NSFS,NPROCS",                        // 11
            "stat -L -c %i /proc/1/ns/net",                              // 12
            "stat -L -c %i /proc/$P_NET/ns/net",                         // 13
            "echo $PERSIST; echo $PERSIST2",                             // 14
            "LIBSMARTCOLS_JSON=compact " + l + " -J -t uts -o NS,TYPE",  // 15
            "LIBSMARTCOLS_JSON=lines " + l + " -J -t uts -o NS,TYPE",    // 16
            l + " -J -t uts -o NS,TYPE -l",                              // 17
            l + " -p $P_HOLD -o NS -n -r -t uts",                        // 18
            l + " -o PID,NPROCS -n -r $NS_HELD",                         // 19
            l + " -Q 'FOO > 1'",                                         // 20
            l + " -Q 'NS >'",                                            // 21
            l + " -J -r",                                                // 22
            l + " -r --json",                                            // 23
            l + " -p 0",                                                 // 24
            l + " -P -p 1",                                              // 25
            l + " -Q 'NS @ > 0' -o NS -t time",                          // 26
            l + " -Q '1 =~ \"1\"'",                                      // 27
            l + " -Q 'netnsid == \"unassigned\"' -o NS",                 // 28
            l + " -Q 'NETNSID == \"unassigned\"' -o NS -t net -n",       // 29
        };
        results_ = run_scenario(lines_, Persist::kYes);
    }

    void SetUp() override {
        NSCTL_REQUIRE_ROOT();
        ASSERT_EQ(results_.size(), lines_.size());
    }

    static const RunResult& r(size_t i) { return results_[i]; }

    static std::vector<std::string> lines_;
    static std::vector<RunResult> results_;
};

std::vector<std::string> LsnsFeatures::lines_;
std::vector<RunResult> LsnsFeatures::results_;

TEST_F(LsnsFeatures, PersistentListsNamespacesWithoutProcesses) {
    long long persist = num(r(0)), held = num(r(1));
    std::vector<std::pair<long long, std::string>> want = {{persist, "net"}, {held, "uts"}};
    std::sort(want.begin(), want.end());
    std::string expected;
    for (const auto& [ino, type] : want) expected += std::to_string(ino) + " " + type + " 0\n";
    EXPECT_EQ(r(2).out, expected);
    EXPECT_EQ(r(2).status, 0);
}

TEST_F(LsnsFeatures, ParentAndOwnerInodesAreTheKernels) {
    auto doc = parse_json(r(6).out);
    ASSERT_TRUE(doc) << r(6).out;
    long long init_user = num(r(3)), user = num(r(4)), uts = num(r(5));
    int seen = 0;
    walk(namespaces_of(doc), nullptr, [&](const Json& ns, const Json*) {
        if (ns.integer("ns") == user) {
            EXPECT_EQ(ns.integer("pns"), init_user);
            EXPECT_EQ(ns.integer("ons"), init_user);
            ++seen;
        } else if (ns.integer("ns") == uts) {
            EXPECT_EQ(ns.integer("pns"), 0);
            EXPECT_EQ(ns.integer("ons"), user);
            ++seen;
        } else if (ns.integer("ns") == init_user) {
            EXPECT_EQ(ns.integer("pns"), 0);  // the parent is out of reach: EPERM, shown as 0
            EXPECT_EQ(ns.integer("ons"), 0);
            ++seen;
        }
    });
    EXPECT_EQ(seen, 3);
}

TEST_F(LsnsFeatures, PersistedNetnsHasItsMountsAndNoProcess) {
    auto doc = parse_json(r(6).out);
    ASSERT_TRUE(doc);
    auto paths = split_lines(r(14).out);
    ASSERT_EQ(paths.size(), 2u);
    bool found = false;
    walk(namespaces_of(doc), nullptr, [&](const Json& ns, const Json*) {
        if (ns.integer("ns") != num(r(0))) return;
        found = true;
        EXPECT_EQ(ns.get("type")->text, "net");
        EXPECT_EQ(ns.integer("nprocs"), 0);
        EXPECT_EQ(ns.get("pid")->type, Json::Type::kNull);
        EXPECT_EQ(ns.get("command")->type, Json::Type::kNull);
        // util-linux 2.42 puts only the first line of a multi-line cell into JSON.
        EXPECT_EQ(ns.get("nsfs")->text, paths[0]);
        EXPECT_EQ(ns.get("netnsid")->text, "unassigned");
        EXPECT_EQ(ns.get("user")->text, "root");
    });
    EXPECT_TRUE(found);
}

std::set<long long> all_ns(const Json& list) {
    std::set<long long> out;
    walk(list, nullptr, [&](const Json& ns, const Json*) { out.insert(ns.integer("ns")); });
    return out;
}

TEST_F(LsnsFeatures, OwnerTreeNestsEachNamespaceUnderItsOwner) {
    auto list = parse_json(r(6).out), tree = parse_json(r(7).out);
    ASSERT_TRUE(list && tree);
    int nested = 0;
    walk(namespaces_of(tree), nullptr, [&](const Json& ns, const Json* parent) {
        if (!parent) return;
        ++nested;
        EXPECT_EQ(ns.integer("ons"), parent->integer("ns")) << ns.integer("ns");
    });
    EXPECT_GT(nested, 5);
    // Every namespace of the list is in the tree (the tree may add process-less owners).
    auto in_list = all_ns(namespaces_of(list)), in_tree = all_ns(namespaces_of(tree));
    for (long long id : in_list) EXPECT_TRUE(in_tree.count(id)) << id;
}

TEST_F(LsnsFeatures, ParentTreeUsesParentThenOwner) {
    auto tree = parse_json(r(8).out);
    ASSERT_TRUE(tree);
    int nested = 0;
    walk(namespaces_of(tree), nullptr, [&](const Json& ns, const Json* parent) {
        if (!parent) return;
        ++nested;
        std::string type = ns.get("type")->text;
        bool has_parent = (type == "user" || type == "pid") && ns.integer("pns") != 0;
        EXPECT_TRUE(has_parent) << "only pid and user namespaces nest in the parent tree";
        EXPECT_EQ(ns.integer("pns"), parent->integer("ns"));
    });
    EXPECT_GT(nested, 0);
}

TEST_F(LsnsFeatures, FilterKeepsExactlyTheMatchingLines) {
    std::string expected;
    for (const auto& line : split_lines(r(9).out)) {
        std::stringstream ss(line);
        std::string ns, type;
        long long nprocs = 0;
        ss >> ns >> type >> nprocs;
        if (type == "uts" && nprocs > 1) expected += ns + "\n";
    }
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(r(10).out, expected);
}

TEST_F(LsnsFeatures, NsfsCellSpansLines) {
    auto paths = split_lines(r(14).out);
    ASSERT_EQ(paths.size(), 2u);
    std::vector<long long> ids = {num(r(12)), num(r(13)), num(r(0))};
    std::sort(ids.begin(), ids.end());
    size_t w = std::max(paths[0].size(), paths[1].size());
    auto pad = [](std::string s, size_t n) { return s + std::string(n - s.size(), ' '); };
    std::string expected = "        NS TYPE " + pad("NSFS", w) + " NPROCS\n";
    for (long long id : ids) {
        bool persisted = id == num(r(0));
        std::string procs = persisted ? "0" : id == num(r(12)) ? "8" : "1";
        expected += std::to_string(id) + " net  " + pad(persisted ? paths[0] : "", w) + " " +
                    std::string(6 - procs.size(), ' ') + procs + "\n";
        if (persisted) expected += std::string(16, ' ') + pad(paths[1], w) + " \n";
    }
    EXPECT_EQ(r(11).out, expected);
}

TEST_F(LsnsFeatures, JsonCompactAndLines) {
    auto doc = parse_json(r(17).out);
    ASSERT_TRUE(doc);
    std::vector<std::string> objs;
    for (const auto& ns : namespaces_of(doc).items)
        objs.push_back("{\"ns\":" + std::to_string(ns.integer("ns")) + ",\"type\":\"uts\"}");
    ASSERT_FALSE(objs.empty());
    std::string compact = "{\"namespaces\":[\n", lines;
    for (size_t i = 0; i < objs.size(); ++i) {
        compact += objs[i] + (i + 1 < objs.size() ? ",\n" : "\n");
        lines += objs[i] + "\n";
    }
    compact += "]}\n";
    EXPECT_EQ(r(15).out, compact);
    EXPECT_EQ(r(16).out, lines);
}

TEST_F(LsnsFeatures, FdHeldNamespace) {
    // The uts namespace held only by fd 3 of $P_HOLD is not among that process's namespaces.
    EXPECT_EQ(r(18).out.find(trim(r(1).out)), std::string::npos);
    EXPECT_EQ(r(18).status, 0);
    // Its process list is empty, but it is found.
    EXPECT_EQ(r(19).status, 0);
    EXPECT_EQ(r(19).out, "");
}

TEST_F(LsnsFeatures, FilterErrors) {
    EXPECT_EQ(r(20).status, 1);
    EXPECT_EQ(r(20).err, "lsns: unknown column: FOO\nlsns: failed to initialize filter\n");
    EXPECT_EQ(r(21).status, 1);
    EXPECT_EQ(r(21).err, "lsns: failed to parse \"NS >\": syntax error, unexpected end of file\n");
    EXPECT_EQ(r(21).out, "");
}

// Errors where 2.42 differs from Debian's 2.38 (messages taken from 2.42's binary).
TEST_F(LsnsFeatures, ErrorsAsUtilLinux242) {
    struct Case {
        size_t line;
        const char* err;
    } cases[] = {
        {22, "lsns: options --json and --raw cannot be combined\n"},
        {23, "lsns: options --raw and --json cannot be combined\n"},
        {24, "lsns: invalid PID argument: '0': Numerical result out of range\n"},
        {25, "lsns: options --persistent and --task cannot be combined\n"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(lines_[c.line]);
        EXPECT_EQ(r(c.line).status, 1);
        EXPECT_EQ(r(c.line).err, c.err);
        EXPECT_EQ(r(c.line).out, "");
    }
}

// Quirks of util-linux 2.42's filter that its output depends on (checked with its binary).
TEST_F(LsnsFeatures, FilterQuirksAsUtilLinux242) {
    // Characters the scanner skips are echoed to stdout before the table.
    EXPECT_EQ(r(26).out, "@        NS\n4026531834\n");
    // An evaluation error with errno 0 is reported with strerror(0).
    EXPECT_EQ(r(27).status, 1);
    EXPECT_EQ(r(27).err, "lsns: failed to apply filter: Success\n");
    // NETNSID is asked of the kernel only for a column or a filter holder spelled "NETNSID".
    EXPECT_EQ(r(28).status, 0);
    EXPECT_EQ(r(28).out, "");
    EXPECT_EQ(r(29).status, 0);
    EXPECT_EQ(std::count(r(29).out.begin(), r(29).out.end(), '\n'), 3);  // 3 net namespaces
}

// On a kernel without NS_GET_PARENT (before 4.9) util-linux exits 2; so do we, but only when the
// ioctl is needed (here for PNS). errno_exec fakes such a kernel with a seccomp filter.
TEST(LsnsUnsupportedIoctl, ExitsTwoWhenNeeded) {
    NSCTL_REQUIRE_ROOT();
    std::string tool = std::string(NSCTL_TEST_TOOLS_DIR) + "/errno_exec";
    auto needed = run({tool, "25", "0xb702", our_lsns(), "-o", "NS,PNS"});  // ENOTTY
    EXPECT_EQ(needed.status, 2);
    EXPECT_EQ(needed.err, "lsns: Unsupported ioctl NS_GET_PARENT\n");
    EXPECT_EQ(needed.out, "");
    auto owner = run({tool, "25", "0xb701", our_lsns(), "-T", "-o", "NS"});
    EXPECT_EQ(owner.status, 2);
    EXPECT_EQ(owner.err, "lsns: Unsupported ioctl NS_GET_USERNS\n");
    auto not_needed = run({tool, "25", "0xb702", our_lsns(), "-t", "uts"});
    EXPECT_EQ(not_needed.status, 0) << not_needed.err;
    EXPECT_NE(not_needed.out, "");
}

}  // namespace
}  // namespace nsctl::test
