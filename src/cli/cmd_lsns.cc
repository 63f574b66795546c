// SPDX-License-Identifier: GPL-2.0-or-later
// lsns: a drop-in for util-linux 2.42's lsns(8).
#include <langinfo.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/parse.h"
#include "cli/commands.h"
#include "cli/lsns_options.h"
#include "cli/lsns_view.h"
#include "ns/scan.h"
#include "sys/tty.h"

namespace nsctl::cli {
namespace {

constexpr const char* kProg = "lsns";
constexpr int kExitUnsupportedIoctl = 2;

const char kUsage[] =
    "\nUsage:\n"
    " lsns [options] [<namespace>]\n"
    "\nList the namespaces of the system: of every process, plus those kept alive by\n"
    "a bind mount, an open file descriptor or a socket.\n"
    "\nOptions:\n"
    " -J, --json             print JSON\n"
    " -l, --list             print a list, not a tree\n"
    " -n, --noheadings       leave out the header line\n"
    " -o, --output <list>    columns to print (+LIST appends to the defaults)\n"
    "     --output-all       print every column\n"
    " -P, --persistent       only namespaces that no process is in\n"
    " -p, --task <pid>       only the namespaces of this process\n"
    " -Q, --filter <expr>    only lines matching the expression (see scols-filter(5))\n"
    " -r, --raw              print raw output\n"
    " -u, --notruncate       never truncate columns\n"
    " -W, --nowrap           never split a cell over several lines\n"
    " -t, --type <name>      only this type (mnt, net, ipc, user, pid, uts, cgroup, time)\n"
    " -T, --tree[=<rel>]     tree by parent, owner (default) or process\n"
    "\n"
    " -H, --list-columns     list the columns\n"
    " -h, --help             print this help\n"
    " -V, --version          print the version\n"
    "\nSee nsctl-lsns(8).\n";

output::TableOptions table_options(const LsnsOptions& o) {
    output::TableOptions t;
    t.format = o.json  ? output::Format::kJson
               : o.raw ? output::Format::kRaw
                       : output::Format::kTable;
    t.noheadings = o.noheadings;
    t.name = "namespaces";
    t.json_style = output::json_style_from_env(std::getenv("LIBSMARTCOLS_JSON"));
    t.is_term = sys::isatty(STDOUT_FILENO);
    // As libsmartcols: the terminal's width, else $COLUMNS, else 80.
    auto cols = sys::terminal_columns(STDOUT_FILENO);
    t.termwidth = 80;
    if (cols && *cols > 0) {
        t.termwidth = *cols;
    } else if (const char* env = std::getenv("COLUMNS")) {
        auto n = parse_i32(env);
        if (n && *n > 0) t.termwidth = static_cast<size_t>(*n);
    }
    t.utf8 = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    return t;
}

bool has_column(const LsnsOptions& o, LsnsCol c) {
    for (auto x : o.columns)
        if (x == c) return true;
    return false;
}

ns::ScanOptions scan_options(const LsnsOptions& o) {
    ns::ScanOptions s;
    s.kinds = o.types;
    // As util-linux: a NETNSID column printed, or a filter naming it in exactly these letters
    // (a hidden column added for "netnsid" gets no nsid, and never matches).
    s.netnsid = false;
    for (size_t i = 0; i < o.visible_columns; ++i)
        s.netnsid = s.netnsid || o.columns[i] == LsnsCol::kNetnsid;
    if (o.filter)
        for (const auto& h : o.filter->holders()) s.netnsid = s.netnsid || h == "NETNSID";
    s.connect = o.tree == LsnsOptions::Tree::kOwner || o.tree == LsnsOptions::Tree::kParent;
    s.relation_ids = s.connect || has_column(o, LsnsCol::kPns) || has_column(o, LsnsCol::kOns);
    return s;
}

int print(const std::string& text) { return print_stdout(kProg, text); }

}  // namespace

int cmd_lsns(int argc, char** argv) {
    load_locale();  // column widths follow the terminal's character set
    LsnsParse parsed = parse_lsns_args(argc, argv);
    // util-linux's filter scanner echoes characters it skips (flex's default rule) to stdout.
    if (!parsed.echo.empty()) (void)write_stdout(parsed.echo);
    for (const auto& e : parsed.errors) warnx(kProg, e);
    if (parsed.try_help) std::fprintf(stderr, "Try '%s --help' for more information.\n", kProg);
    const LsnsOptions& o = parsed.opts;
    if (parsed.exit_code > 0) return parsed.exit_code;
    switch (o.action) {
        case LsnsOptions::Action::kHelp:
            return print(kUsage);
        case LsnsOptions::Action::kVersion:
            return print("lsns from nsctl " NSCTL_VERSION "\n");
        case LsnsOptions::Action::kListColumns:
            return print(render_lsns_columns(table_options(o)));
        case LsnsOptions::Action::kList:
            break;
    }
    auto snap = ns::scan(scan_options(o));
    if (!snap) {
        warnx(kProg, snap.error().code == ENOTTY ? snap.error().context : snap.error().message());
        return snap.error().code == ENOTTY ? kExitUnsupportedIoctl : 1;
    }
    int write_errno = 0;
    auto done = render_lsns(o, *snap, table_options(o), [&](std::string_view piece) {
        if (write_stdout(piece)) return true;
        write_errno = errno;
        return false;
    });
    if (!done) {
        const Error& e = done.error();
        if (e.code == EIO && write_errno) return report_write_error(kProg, write_errno);
        if (e.code == ENOENT) {
            warnx(kProg, e.context);
        } else {
            // err(3)-style: strerror even for 0 ("failed to apply filter: Success").
            warnx(kProg, e.context + ": " + std::strerror(e.code));
        }
        return 1;
    }
    return 0;
}

}  // namespace nsctl::cli
