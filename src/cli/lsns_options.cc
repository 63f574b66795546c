// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/lsns_options.h"

#include <getopt.h>

#include <cerrno>
#include <cstring>

#include "base/parse.h"

namespace nsctl::cli {
namespace {

using Tree = LsnsOptions::Tree;
using Action = LsnsOptions::Action;
constexpr int kOptOutputAll = 256;
constexpr size_t kMaxColumns = kLsnsColCount * 2;  // as util-linux sizes its array

const option kLongOpts[] = {
    {"json", no_argument, nullptr, 'J'},
    {"task", required_argument, nullptr, 'p'},
    {"help", no_argument, nullptr, 'h'},
    {"output", required_argument, nullptr, 'o'},
    {"output-all", no_argument, nullptr, kOptOutputAll},
    {"persistent", no_argument, nullptr, 'P'},
    {"filter", required_argument, nullptr, 'Q'},
    {"notruncate", no_argument, nullptr, 'u'},
    {"version", no_argument, nullptr, 'V'},
    {"noheadings", no_argument, nullptr, 'n'},
    {"nowrap", no_argument, nullptr, 'W'},
    {"list", no_argument, nullptr, 'l'},
    {"raw", no_argument, nullptr, 'r'},
    {"type", required_argument, nullptr, 't'},
    {"tree", optional_argument, nullptr, 'T'},
    {"list-columns", no_argument, nullptr, 'H'},
    {nullptr, 0, nullptr, 0},
};

// Mutually exclusive pairs, reported as util-linux does: "options --X and --Y cannot be
// combined", X being the one seen first. (util-linux also lists -l with -T, but its table is
// not in ASCII order, so that pair is never reported; neither is it here.)
struct Exclusive {
    int a, b;
    const char *name_a, *name_b;
    int seen;
};

struct State {
    LsnsParse out;
    Exclusive excl[2] = {{'J', 'r', "json", "raw", 0}, {'P', 'p', "persistent", "task", 0}};
    const char* outarg = nullptr;
    bool force_list = false;
    bool list_columns = false;
    bool is_net = false;
    bool output_all = false;

    bool error(std::string msg) {
        out.errors.push_back(std::move(msg));
        out.exit_code = 1;
        return false;
    }
};

std::string number_error(const char* what, const char* arg, const Error& e) {
    std::string msg = std::string(what) + ": '" + arg + "'";
    if (e.code == ERANGE) msg += std::string(": ") + std::strerror(ERANGE);
    return msg;
}

bool check_exclusive(int c, State& st) {
    for (auto& e : st.excl) {
        if (c != e.a && c != e.b) continue;
        if (e.seen && e.seen != c) {
            bool a_first = e.seen == e.a;
            return st.error(std::string("options --") + (a_first ? e.name_a : e.name_b) +
                            " and --" + (a_first ? e.name_b : e.name_a) + " cannot be combined");
        }
        e.seen = c;
    }
    return true;
}

bool set_tree(const char* arg, State& st) {
    Tree& tree = st.out.opts.tree;
    tree = Tree::kOwner;
    if (!arg) return true;
    if (*arg == '=') ++arg;
    if (std::strcmp(arg, "parent") == 0) {
        tree = Tree::kParent;
    } else if (std::strcmp(arg, "process") == 0) {
        tree = Tree::kProcess;
    } else if (std::strcmp(arg, "owner") != 0) {
        return st.error(std::string("unknown tree type: ") + arg);
    }
    return true;
}

bool set_type(const char* arg, State& st) {
    auto kind = ns::kind_from_name(arg);
    if (!kind) return st.error(std::string("unknown namespace type: ") + arg);
    st.out.opts.types[ns::index(*kind)] = true;
    if (*kind == ns::Kind::kNet) st.is_net = true;
    return true;
}

bool set_filter(const char* arg, State& st) {
    auto f = output::Filter::parse(arg);
    if (!f) return st.error("failed to parse \"" + std::string(arg) + "\": " + f.error().context);
    st.out.echo += f->echoed();
    st.out.opts.filter = std::make_shared<output::Filter>(std::move(*f));
    return true;
}

// One option; false when parsing stops (out.exit_code says how).
bool handle_option(int c, State& st) {
    LsnsOptions& o = st.out.opts;
    switch (c) {
        case 'J':
            o.json = true;
            return true;
        case 'l':
            st.force_list = true;
            return true;
        case 'o':
            st.outarg = optarg;
            return true;
        case kOptOutputAll:
            st.output_all = true;
            return true;
        case 'P':
            o.persistent = true;
            return true;
        case 'n':
            o.noheadings = true;
            return true;
        case 'r':
            o.raw = o.nowrap = true;
            return true;
        case 'u':
            o.notruncate = true;
            return true;
        case 'W':
            o.nowrap = true;
            return true;
        case 'H':
            st.list_columns = true;
            return true;
        case 't':
            return set_type(optarg, st);
        case 'T':
            return set_tree(optarg, st);
        case 'Q':
            return set_filter(optarg, st);
        case 'p': {
            auto pid = parse_pid(optarg);
            if (!pid) return st.error(number_error("invalid PID argument", optarg, pid.error()));
            o.task = *pid;
            return true;
        }
        case 'h':
            o.action = Action::kHelp;
            break;
        case 'V':
            o.action = Action::kVersion;
            break;
        default:
            st.out.try_help = true;
            st.out.exit_code = 1;
            return false;
    }
    st.out.exit_code = 0;
    return false;
}

// util-linux's string_add_to_idarray: "+A,B" appends, "A,B" replaces. An unknown name is
// reported with the rest of the list, as util-linux prints it; a trailing comma makes the last
// name "NAME," (unknown), as in util-linux.
bool add_output_list(const std::string& list, State& st) {
    std::vector<LsnsCol>& cols = st.out.opts.columns;
    std::string_view body = list;
    if (!body.empty() && body[0] == '+') {
        body.remove_prefix(1);
    } else {
        cols.clear();
    }
    if (body.empty()) return st.error("no columns in list: '" + list + "'");
    size_t start = 0;
    while (true) {
        size_t comma = body.find(',', start);
        if (comma == body.size() - 1) comma = std::string_view::npos;
        size_t end = comma == std::string_view::npos ? body.size() : comma;
        if (end == start) return st.error("empty column name in list: '" + list + "'");
        auto id = lsns_column_by_name(body.substr(start, end - start));
        if (!id) return st.error("unknown column: " + std::string(body.substr(start)));
        if (cols.size() >= kMaxColumns)
            return st.error("too many columns specified, the limit is " +
                            std::to_string(kMaxColumns) + " columns");
        cols.push_back(*id);
        if (comma == std::string_view::npos) return true;
        start = comma + 1;
    }
}

void default_columns(State& st, bool positional) {
    LsnsOptions& o = st.out.opts;
    if (!o.columns.empty()) return;
    if (positional) {
        o.columns = {LsnsCol::kPid, LsnsCol::kPpid, LsnsCol::kUser, LsnsCol::kCommand};
        return;
    }
    o.columns = {LsnsCol::kNs, LsnsCol::kType, LsnsCol::kNprocs, LsnsCol::kPid, LsnsCol::kUser};
    if (st.is_net) {
        o.columns.push_back(LsnsCol::kNetnsid);
        o.columns.push_back(LsnsCol::kNsfs);
    }
    o.columns.push_back(LsnsCol::kCommand);
    if (o.tree == Tree::kNone && !st.force_list) o.tree = Tree::kProcess;
}

// Columns named only in the filter are added hidden; unknown ones are all reported.
bool add_filter_columns(State& st) {
    LsnsOptions& o = st.out.opts;
    o.visible_columns = o.columns.size();
    if (!o.filter) return true;
    bool ok = true;
    for (const auto& name : o.filter->holders()) {
        auto id = lsns_column_by_name(name);
        if (!id) {
            st.out.errors.push_back("unknown column: " + name);
            ok = false;
            continue;
        }
        bool present = false;
        for (auto c : o.columns) present = present || c == *id;
        if (!present) o.columns.push_back(*id);
    }
    if (!ok) return st.error("failed to initialize filter");
    return true;
}

bool finish(int argc, char** argv, State& st) {
    LsnsOptions& o = st.out.opts;
    if (st.list_columns) {
        o.action = Action::kListColumns;
        st.out.exit_code = 0;
        return false;
    }
    if (st.output_all)
        for (const auto& c : lsns_columns()) o.columns.push_back(c.id);
    bool positional = optind < argc;
    if (positional) {
        if (o.task) return st.error("--task is mutually exclusive with <namespace>");
        auto id = parse_u64(argv[optind]);
        if (!id)
            return st.error(number_error("invalid namespace argument", argv[optind], id.error()));
        o.ns = *id;
        if (o.tree == Tree::kNone && !st.force_list) o.tree = Tree::kProcess;
    }
    default_columns(st, positional);
    if (st.outarg && !add_output_list(st.outarg, st)) return false;
    return add_filter_columns(st);
}

}  // namespace

LsnsParse parse_lsns_args(int argc, char** argv) {
    State st;
    optind = 0;  // full getopt re-initialisation (glibc), so the parser can run more than once
    int c;
    while ((c = getopt_long(argc, argv, "JlPp:o:nruhVt:T::WQ:H", kLongOpts, nullptr)) != -1) {
        if (!check_exclusive(c, st) || !handle_option(c, st)) return st.out;
    }
    finish(argc, argv, st);
    return st.out;
}

}  // namespace nsctl::cli
