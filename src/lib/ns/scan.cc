// SPDX-License-Identifier: GPL-2.0-or-later
// The lsns engine. The set of namespaces it finds is the one util-linux 2.42's lsns finds: the
// namespaces of every process, those held by open nsfs fds and by sockets (SIOCGSKNS), those
// bind-mounted (nsfs in the mount table), and, recursively, the parents and owners of any
// namespace found through an fd; with `connect`, also the missing parents/owners of namespaces
// found through processes.
#include "ns/scan.h"

#include <fcntl.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <unordered_set>

#include "ns/netnsid.h"
#include "ns/nsfs.h"
#include "ns/proc_reader.h"
#include "ns/procfs.h"
#include "sys/fd.h"
#include "sys/linux_compat.h"

namespace nsctl::ns {
namespace {

bool has_parent_relation(Kind k) { return k == Kind::kPid || k == Kind::kUser; }

struct RelationIds {
    ino_t parent = 0;
    ino_t owner = 0;
};

// The inode of a namespace fd returned by an ioctl; 0 with EPERM/ENOSYS as util-linux treats
// them (the related namespace is out of reach). Other errors are returned.
Result<ino_t> related_inode(Result<UniqueFd> fd, UniqueFd* keep) {
    if (!fd) {
        int e = fd.error().code;
        if (e == EPERM || e == ENOSYS) return ino_t{0};
        return fd.error();
    }
    auto st = NSCTL_TRY(sys::fstat(fd->get()));
    if (keep) *keep = std::move(*fd);
    return st.st_ino;
}

class Scanner {
  public:
    explicit Scanner(const ScanOptions& opts) : opts_(opts) {
        bool any = std::any_of(opts.kinds.begin(), opts.kinds.end(), [](bool b) { return b; });
        for (size_t i = 0; i < kKindCount; ++i) kinds_[i] = !any || opts.kinds[i];
    }

    Result<Snapshot> run() {
        auto mounts = read_nsfs_mounts((opts_.proc_root + "/self/mountinfo").c_str());
        if (mounts) snap_.mounts = std::move(*mounts);
        nsfs_dev_ = find_nsfs_dev();
        if (opts_.netnsid) {
            auto q = NetnsidQuery::open();
            if (q) netnsid_q_.emplace(std::move(*q));
        }
        NSCTL_TRY(read_processes());
        add_process_namespaces();
        add_persistent();
        if (opts_.connect) add_ghosts();
        finish();
        return std::move(snap_);
    }

  private:
    dev_t find_nsfs_dev() {
        for (const auto& k : kinds()) {
            std::string p = opts_.proc_root + "/self/ns/" + std::string(k.proc_entry);
            auto st = sys::fstatat(AT_FDCWD, p.c_str(), 0);
            if (st) return st->st_dev;
        }
        return static_cast<dev_t>(-1);
    }

    Result<void> read_processes() {
        UniqueFd proc = NSCTL_TRY(sys::open(opts_.proc_root.c_str(), O_RDONLY | O_DIRECTORY));
        auto names = list_pid_entries(proc.get());
        if (!names) return Error{names.error().code, "read " + opts_.proc_root};
        auto raws = read_raw_processes(proc.get(), *names, kinds_, nsfs_dev_);
        for (auto& raw : raws) {
            if (!raw.ok) continue;
            NSCTL_TRY(read_ns_details(proc.get(), raw.proc));
            snap_.processes.push_back(raw.proc);
            UniqueFd pidfd;
            for (const auto& fd : raw.fds) add_from_fd(proc.get(), raw.proc.pid, fd, pidfd);
        }
        return {};
    }

    // Relation ids and nsids, read once per namespace through its first process. Only an
    // ioctl the kernel lacks is an error; a process that vanished is left as it is.
    Result<void> read_ns_details(int procfd, const Process& p) {
        for (size_t i = 0; i < kKindCount; ++i) {
            ino_t ino = p.ns[i];
            if (ino == 0) continue;
            Kind kind = static_cast<Kind>(i);
            bool need_rel = opts_.relation_ids && !relations_.count(ino);
            bool need_nsid = kind == Kind::kNet && opts_.netnsid && !netnsids_.count(ino);
            if (!need_rel && !need_nsid) continue;
            std::string rel = std::to_string(p.pid) + "/" + ns_link_path(kind);
            auto fd = sys::openat(procfd, rel.c_str(), O_RDONLY);
            if (!fd) continue;
            if (need_nsid) netnsids_[ino] = query_netnsid(fd->get());
            if (need_rel)
                relations_[ino] = NSCTL_TRY(read_relations(fd->get(), kind, nullptr, nullptr));
        }
        return {};
    }

    Result<RelationIds> read_relations(int nsfd, Kind kind, UniqueFd* pfd, UniqueFd* ofd) {
        RelationIds r;
        if (has_parent_relation(kind)) {
            auto pr = related_inode(parent(nsfd), pfd);
            if (!pr) return unsupported(pr.error(), "NS_GET_PARENT");
            r.parent = *pr;
        }
        auto orr = related_inode(owner(nsfd), ofd);
        if (!orr) return unsupported(orr.error(), "NS_GET_USERNS");
        r.owner = *orr;
        return r;
    }

    static Error unsupported(const Error& e, const char* what) {
        if (e.code == ENOTTY || e.code == ENOSYS)
            return Error{ENOTTY, std::string("Unsupported ioctl ") + what};
        return e;
    }

    int query_netnsid(int nsfd) {
        if (!netnsid_q_) return kNetnsidUnusable;
        auto id = netnsid_q_->query(nsfd);
        return id ? *id : kNetnsidUnusable;
    }

    void add_from_fd(int procfd, pid_t pid, const FdRef& fd, UniqueFd& pidfd) {
        if (!fd.nsfs) {
            add_from_socket(pid, fd.fd, fd.ino, pidfd);
            return;
        }
        if (snap_.by_id.count(fd.ino)) return;
        std::string rel = std::to_string(pid) + "/fd/" + std::to_string(fd.fd);
        auto nsfd = sys::openat(procfd, rel.c_str(), O_RDONLY);
        if (nsfd) add_from_nsfd(nsfd->get(), fd.ino);
    }

    // The network namespace of another process's socket; extra information, failures ignored.
    void add_from_socket(pid_t pid, int fdnum, ino_t sock_ino, UniqueFd& pidfd) {
        if (!seen_sockets_.insert(sock_ino).second) return;
        if (!pidfd.valid()) {
            auto p = sys::pidfd_open(pid, 0);
            if (!p) return;
            pidfd = std::move(*p);
        }
        auto sk = sys::pidfd_getfd(pidfd.get(), fdnum, 0);
        if (!sk) return;
        auto nsfd = sys::ioctl(sk->get(), SIOCGSKNS);
        if (!nsfd) return;
        UniqueFd owned(*nsfd);
        auto st = sys::fstat(owned.get());
        if (!st || snap_.by_id.count(st->st_ino)) return;
        add_from_nsfd(owned.get(), st->st_ino);
    }

    // Adds the namespace nsfd refers to and, recursively, its parent and owner. Borrows nsfd.
    int add_from_nsfd(int nsfd, ino_t ino) {
        auto kind = nstype(nsfd);
        if (!kind || !kinds_[index(*kind)]) return kNone;
        UniqueFd pfd, ofd;
        auto rel = read_relations(nsfd, *kind, &pfd, &ofd);
        RelationIds ids = rel ? *rel : RelationIds{};
        Namespace ns;
        ns.id = ino;
        ns.kind = *kind;
        ns.related_id = {ids.parent, ids.owner};
        if (*kind == Kind::kNet) ns.netnsid = cached_netnsid(nsfd, ino);
        auto uid = owner_uid(nsfd);
        if (uid) ns.uid_fallback = *uid;
        int idx = add_namespace(std::move(ns));
        if (has_parent_relation(*kind) && ids.parent != ino && ids.parent != 0 &&
            !snap_.by_id.count(ids.parent) && pfd.valid())
            add_from_nsfd(pfd.get(), ids.parent);
        if (ids.owner != 0 && !snap_.by_id.count(ids.owner) && ofd.valid())
            add_from_nsfd(ofd.get(), ids.owner);
        return idx;
    }

    int cached_netnsid(int nsfd, ino_t ino) {
        if (!opts_.netnsid) return kNetnsidUnusable;
        auto it = netnsids_.find(ino);
        if (it != netnsids_.end()) return it->second;
        int id = query_netnsid(nsfd);
        netnsids_[ino] = id;
        return id;
    }

    int add_namespace(Namespace ns) {
        int idx = static_cast<int>(snap_.namespaces.size());
        snap_.by_id[ns.id] = idx;
        snap_.namespaces.push_back(std::move(ns));
        return idx;
    }

    void add_process_namespaces() {
        for (size_t pi = 0; pi < snap_.processes.size(); ++pi) {
            const Process& p = snap_.processes[pi];
            for (size_t k = 0; k < kKindCount; ++k) {
                ino_t ino = p.ns[k];
                if (ino == 0) continue;
                auto it = snap_.by_id.find(ino);
                int idx = it != snap_.by_id.end() ? it->second : add_process_ns(ino, Kind(k));
                add_member(snap_.namespaces[idx], static_cast<int>(pi));
            }
        }
    }

    int add_process_ns(ino_t ino, Kind kind) {
        Namespace ns;
        ns.id = ino;
        ns.kind = kind;
        auto rel = relations_.find(ino);
        if (rel != relations_.end()) ns.related_id = {rel->second.parent, rel->second.owner};
        auto nsid = netnsids_.find(ino);
        if (kind == Kind::kNet && nsid != netnsids_.end()) ns.netnsid = nsid->second;
        return add_namespace(std::move(ns));
    }

    void add_member(Namespace& ns, int pi) {
        ns.procs.push_back(pi);
        ns.nprocs++;
        if (ns.proc == kNone || snap_.processes[ns.proc].pid > snap_.processes[pi].pid)
            ns.proc = pi;
    }

    void add_persistent() {
        for (const auto& m : snap_.mounts) {
            auto ino = inode_of_nsfs_root(m.root);
            if (!ino || snap_.by_id.count(*ino)) continue;
            auto fd = sys::open(m.target.c_str(), O_RDONLY);
            if (fd) add_from_nsfd(fd->get(), *ino);
        }
    }

    static std::optional<ino_t> inode_of_nsfs_root(const std::string& root) {
        size_t open = root.find('[');
        if (open == std::string::npos) return std::nullopt;
        char* end = nullptr;
        errno = 0;
        unsigned long long v = std::strtoull(root.c_str() + open + 1, &end, 10);
        if (errno != 0 || *end != ']') return std::nullopt;
        return static_cast<ino_t>(v);
    }

    // Namespaces whose parent/owner is known by inode but was not found: reach it through the
    // lowest process of the namespace (util-linux's "ghost" namespaces).
    void add_ghosts() {
        size_t count = snap_.namespaces.size();
        for (size_t i = 0; i < count; ++i) {
            for (int rel : {kParentRel, kOwnerRel}) {
                ino_t want = snap_.namespaces[i].related_id[rel];
                if (want == 0 || snap_.by_id.count(want)) continue;
                add_ghost(i, rel, want);
            }
        }
    }

    void add_ghost(size_t i, int rel, ino_t want) {
        const Namespace& ns = snap_.namespaces[i];
        if (ns.proc == kNone) return;
        std::string path = sys::proc_path(opts_.proc_root, snap_.processes[ns.proc].pid,
                                          "ns/" + std::string(info(ns.kind).proc_entry));
        auto fd = sys::open(path.c_str(), O_RDONLY);
        if (!fd) return;
        UniqueFd missing;
        auto ino =
            related_inode(rel == kParentRel ? parent(fd->get()) : owner(fd->get()), &missing);
        if (!ino || *ino != want || !missing.valid()) return;
        add_from_nsfd(missing.get(), want);
    }

    void finish() {
        auto& nss = snap_.namespaces;
        std::sort(nss.begin(), nss.end(),
                  [](const Namespace& a, const Namespace& b) { return a.id < b.id; });
        snap_.by_id.clear();
        for (size_t i = 0; i < nss.size(); ++i) snap_.by_id[nss[i].id] = static_cast<int>(i);
        link_parents();
        if (!opts_.connect) return;
        for (auto& ns : nss) {
            if (has_parent_relation(ns.kind) && ns.related_id[kParentRel] != ns.id)
                ns.related[kParentRel] = snap_.find(ns.related_id[kParentRel]);
            ns.related[kOwnerRel] = snap_.find(ns.related_id[kOwnerRel]);
        }
    }

    void link_parents() {
        std::unordered_map<pid_t, int> by_pid;
        by_pid.reserve(snap_.processes.size());
        for (size_t i = 0; i < snap_.processes.size(); ++i)
            by_pid[snap_.processes[i].pid] = static_cast<int>(i);
        for (auto& p : snap_.processes) {
            auto it = by_pid.find(p.ppid);
            if (it != by_pid.end()) p.parent = it->second;
        }
    }

    const ScanOptions& opts_;
    std::array<bool, kKindCount> kinds_{};
    Snapshot snap_;
    dev_t nsfs_dev_ = 0;
    std::optional<NetnsidQuery> netnsid_q_;
    std::unordered_map<ino_t, int> netnsids_;
    std::unordered_map<ino_t, RelationIds> relations_;
    std::unordered_set<ino_t> seen_sockets_;
};

}  // namespace

int Snapshot::find(ino_t id) const {
    if (id == 0) return kNone;
    auto it = by_id.find(id);
    return it == by_id.end() ? kNone : it->second;
}

Result<Snapshot> scan(const ScanOptions& options) { return Scanner(options).run(); }

std::string command_at(int procfd, pid_t pid) {
    std::string base = std::to_string(pid);
    auto cmd = read_proc_text(procfd, (base + "/cmdline").c_str(), kProcTextMax);
    if (cmd) return *cmd;
    auto comm = read_proc_text(procfd, (base + "/comm").c_str(), kProcTextMax);
    return comm ? *comm : std::string();
}

std::string command_of(const std::string& proc_root, pid_t pid) {
    auto procfd = sys::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY);
    return procfd ? command_at(procfd->get(), pid) : std::string();
}

}  // namespace nsctl::ns
