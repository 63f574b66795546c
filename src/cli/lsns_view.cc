// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/lsns_view.h"

#include <cerrno>
#include <unordered_map>

#include "ns/netnsid.h"
#include "ns/proc_reader.h"
#include "sys/proc_path.h"
#include "sys/users.h"

namespace nsctl::cli {
namespace {

using Tree = LsnsOptions::Tree;
using output::Table;
constexpr int kNone = ns::kNone;

std::string user_name(uid_t uid) {
    static std::unordered_map<uid_t, std::string> cache;
    auto it = cache.find(uid);
    if (it != cache.end()) return it->second;
    auto pw = sys::find_user(uid);
    std::string name = pw ? pw->name : std::to_string(uid);
    cache.emplace(uid, name);
    return name;
}

// util-linux joins the targets of every nsfs mount of the namespace, skipping repeats.
std::optional<std::string> nsfs_targets(const ns::Snapshot& snap, const ns::Namespace& nsp,
                                        char sep) {
    std::string root = std::string(ns::info(nsp.kind).name) + ":[" + std::to_string(nsp.id) + "]";
    std::optional<std::string> out;
    std::vector<const std::string*> seen;
    for (const auto& m : snap.mounts) {
        if (m.root != root) continue;
        bool dup = false;
        for (auto* s : seen) dup = dup || *s == m.target;
        if (dup) continue;
        seen.push_back(&m.target);
        out = out ? *out + sep + m.target : m.target;
    }
    return out;
}

class Builder {
  public:
    Builder(const LsnsOptions& o, const ns::Snapshot& s, const output::TableOptions& t)
        : o_(o),
          s_(s),
          table_(t),
          proc_line_(s.processes.size(), Table::kNoParent),
          ns_line_(s.namespaces.size(), Table::kNoParent) {
        for (size_t i = 0; i < o.visible_columns; ++i) {
            const auto& ci = col_info(o.columns[i]);
            table_.add_column(column_for(o.columns[i], ci));
        }
    }

    Result<void> namespaces() {
        std::vector<pid_t> pids;
        for (const auto& nsp : s_.namespaces)
            if (nsp.proc != kNone && shown(nsp)) pids.push_back(s_.processes[nsp.proc].pid);
        prefetch_commands(pids);
        for (size_t i = 0; i < s_.namespaces.size(); ++i) {
            const auto& nsp = s_.namespaces[i];
            if (!shown(nsp)) continue;
            if (ns_line_[i] == Table::kNoParent) NSCTL_TRY(show_namespace(static_cast<int>(i)));
        }
        return {};
    }

    Result<void> render(const Table::Sink& sink) const {
        if (!table_.render_to(sink)) return Error{EIO, "write error"};
        return {};
    }

    Result<void> processes(int nsi) {
        std::vector<pid_t> pids;
        for (int pi : s_.namespaces[nsi].procs) pids.push_back(s_.processes[pi].pid);
        prefetch_commands(pids);
        for (int pi : s_.namespaces[nsi].procs)
            if (proc_line_[pi] == Table::kNoParent) NSCTL_TRY(show_process(pi, nsi));
        return {};
    }

  private:
    output::Column column_for(LsnsCol id, const LsnsColInfo& ci) const {
        output::Column c{std::string(ci.name), ci.whint, ci.flags, ci.json_type};
        if (o_.notruncate) c.flags &= ~output::kTrunc;
        if (o_.tree == Tree::kProcess && id == LsnsCol::kCommand) c.flags |= output::kTree;
        if (o_.nowrap) c.flags &= ~output::kWrapNewline;
        if ((o_.tree == Tree::kOwner || o_.tree == Tree::kParent) && id == LsnsCol::kNs) {
            c.flags |= output::kTree;
            c.flags &= ~output::kRight;
        }
        return c;
    }

    bool shown(const ns::Namespace& nsp) const {
        if (o_.task && !has_pid(nsp, o_.task)) return false;
        return !(o_.persistent && nsp.nprocs != 0);
    }

    // Reads the command lines of the lines to print up front, in parallel (ns::commands_of).
    void prefetch_commands(const std::vector<pid_t>& pids) {
        bool wanted = false;
        for (auto c : o_.columns) wanted = wanted || c == LsnsCol::kCommand;
        if (!wanted) return;
        auto cmds = ns::commands_of("/proc", pids);
        for (size_t i = 0; i < pids.size(); ++i) commands_.emplace(pids[i], std::move(cmds[i]));
    }

    bool has_pid(const ns::Namespace& nsp, pid_t pid) const {
        for (int pi : nsp.procs)
            if (s_.processes[pi].pid == pid) return true;
        return false;
    }

    Result<void> show_namespace(int nsi) {
        const auto& nsp = s_.namespaces[nsi];
        int owner = nsp.related[ns::kOwnerRel], parent = nsp.related[ns::kParentRel];
        if (o_.tree == Tree::kOwner && owner != kNone && ns_line_[owner] == Table::kNoParent) {
            NSCTL_TRY(show_namespace(owner));
        } else if (o_.tree == Tree::kParent) {
            if (parent != kNone) {
                if (ns_line_[parent] == Table::kNoParent) NSCTL_TRY(show_namespace(parent));
            } else if (owner != kNone && ns_line_[owner] == Table::kNoParent) {
                NSCTL_TRY(show_namespace(owner));
            }
        }
        return add_line(nsi, nsp.proc);
    }

    // The parent chain is followed only inside the namespace, as util-linux does.
    Result<void> show_process(int pi, int nsi) {
        const auto& p = s_.processes[pi];
        size_t k = ns::index(s_.namespaces[nsi].kind);
        if (o_.tree == Tree::kProcess && p.parent != kNone &&
            proc_line_[p.parent] == Table::kNoParent && s_.processes[p.parent].ns[k] == p.ns[k])
            NSCTL_TRY(show_process(p.parent, nsi));
        return add_line(nsi, pi);
    }

    Table::LineId parent_line(const ns::Namespace& nsp, int pi) const {
        if (o_.tree == Tree::kProcess && pi != kNone && s_.processes[pi].parent != kNone)
            return proc_line_[s_.processes[pi].parent];
        int rel = o_.tree == Tree::kParent  ? nsp.related[ns::kParentRel]
                  : o_.tree == Tree::kOwner ? nsp.related[ns::kOwnerRel]
                                            : kNone;
        return rel == kNone ? Table::kNoParent : ns_line_[rel];
    }

    Result<void> add_line(int nsi, int pi) {
        const auto& nsp = s_.namespaces[nsi];
        std::vector<std::optional<std::string>> cells;
        cells.reserve(o_.columns.size());
        for (LsnsCol c : o_.columns) cells.push_back(cell(c, nsp, pi));
        if (o_.filter) {
            bool keep = NSCTL_TRY(o_.filter->matches(
                [&](std::string_view name) { return filter_value(name, cells); }));
            if (!keep) return {};
        }
        Table::LineId line = table_.add_line(parent_line(nsp, pi));
        for (size_t i = 0; i < o_.visible_columns; ++i)
            table_.set_cell(line, i, std::move(cells[i]));
        if (o_.tree == Tree::kOwner || o_.tree == Tree::kParent) {
            ns_line_[nsi] = line;
        } else if (pi != kNone) {
            proc_line_[pi] = line;
        }
        return {};
    }

    output::CellValue filter_value(std::string_view name,
                                   const std::vector<std::optional<std::string>>& cells) const {
        auto id = lsns_column_by_name(name);
        for (size_t i = 0; id && i < o_.columns.size(); ++i)
            if (o_.columns[i] == *id) return {cells[i], col_info(*id).json_type};
        return {};
    }

    std::optional<std::string> cell(LsnsCol c, const ns::Namespace& nsp, int pi) {
        const ns::Process* p = pi == kNone ? nullptr : &s_.processes[pi];
        std::string_view type = ns::info(nsp.kind).name;
        switch (c) {
            case LsnsCol::kNs:
                return std::to_string(nsp.id);
            case LsnsCol::kType:
                return std::string(type);
            case LsnsCol::kNprocs:
                return std::to_string(nsp.nprocs);
            case LsnsCol::kPns:
                return std::to_string(nsp.related_id[ns::kParentRel]);
            case LsnsCol::kOns:
                return std::to_string(nsp.related_id[ns::kOwnerRel]);
            case LsnsCol::kUid:
                return std::to_string(p ? p->uid : nsp.uid_fallback);
            case LsnsCol::kUser:
                return user_name(p ? p->uid : nsp.uid_fallback);
            case LsnsCol::kNetnsid:
                return netnsid(nsp);
            case LsnsCol::kNsfs:
                return nsfs_targets(s_, nsp, o_.nowrap ? ',' : '\n');
            default:
                break;
        }
        if (!p) return std::nullopt;
        switch (c) {
            case LsnsCol::kPid:
                return std::to_string(p->pid);
            case LsnsCol::kPpid:
                return std::to_string(p->ppid);
            case LsnsCol::kCommand:
                return command(p->pid);
            case LsnsCol::kPath:
                return sys::proc_path(p->pid, "ns/" + std::string(type));
            default:
                return std::nullopt;
        }
    }

    static std::optional<std::string> netnsid(const ns::Namespace& nsp) {
        if (nsp.kind != ns::Kind::kNet) return std::nullopt;
        if (nsp.netnsid >= 0) return std::to_string(nsp.netnsid);
        if (nsp.netnsid == ns::kNetnsidUnassigned) return "unassigned";
        return std::nullopt;
    }

    std::string command(pid_t pid) {
        auto it = commands_.find(pid);
        if (it != commands_.end()) return it->second;
        std::string cmd = ns::command_of("/proc", pid);
        commands_.emplace(pid, cmd);
        return cmd;
    }

    const LsnsOptions& o_;
    const ns::Snapshot& s_;
    Table table_;
    std::vector<Table::LineId> proc_line_;
    std::vector<Table::LineId> ns_line_;
    std::unordered_map<pid_t, std::string> commands_;
};

}  // namespace

Result<void> render_lsns(const LsnsOptions& opts, const ns::Snapshot& snap,
                         const output::TableOptions& table_opts, const Table::Sink& sink) {
    Builder b(opts, snap, table_opts);
    if (!opts.ns) {
        NSCTL_TRY(b.namespaces());
        return b.render(sink);
    }
    int nsi = snap.find(static_cast<ino_t>(*opts.ns));
    if (nsi == kNone) return Error{ENOENT, "not found namespace: " + std::to_string(*opts.ns)};
    NSCTL_TRY(b.processes(nsi));
    return b.render(sink);
}

std::string render_lsns_columns(const output::TableOptions& table_opts) {
    output::TableOptions t = table_opts;
    t.noheadings = true;
    t.name = "lsns-columns";
    Table table(t);
    table.add_column({"HOLDER", 0, output::kRight, output::JsonType::kString});
    table.add_column({"TYPE", 0, 0, output::JsonType::kString});
    table.add_column({"DESCRIPTION", 0, 0, output::JsonType::kString});
    for (const auto& c : lsns_columns()) {
        auto line = table.add_line();
        table.set_cell(line, 0, std::string(c.name));
        table.set_cell(line, 1,
                       c.json_type == output::JsonType::kNumber ? "<integer>" : "<string>");
        table.set_cell(line, 2, std::string(c.help));
    }
    return table.render();
}

}  // namespace nsctl::cli
