// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/proc_reader.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "base/parallel.h"
#include "ns/procfs.h"
#include "sys/dirents.h"
#include "sys/fd.h"

namespace nsctl::ns {
namespace {

constexpr size_t kMinChunk = 128;  // below this many processes a thread costs more than it saves
constexpr size_t kMaxThreads = 4;

// Paths below the proc directory are built in a fixed buffer: "PID/ns/cgroup" and the like.
struct RelPath {
    char buf[64];
    const char* operator()(const std::string& pid, const char* rel) {
        std::snprintf(buf, sizeof(buf), "%s/%s", pid.c_str(), rel);
        return buf;
    }
};

// Sockets matter only for network namespaces (SIOCGSKNS): with net not wanted they are skipped.
void read_fds(int procfd, const std::string& pid, dev_t nsfs_dev, bool sockets,
              std::vector<FdRef>& out) {
    RelPath path;
    auto fddir = sys::openat(procfd, path(pid, "fd"), O_RDONLY | O_DIRECTORY);
    if (!fddir) return;
    (void)sys::for_each_dirent(fddir->get(), [&](const char* name) {
        if (!is_number(name)) return;
        auto st = sys::fstatat(fddir->get(), name, 0);
        if (!st) return;
        if (st->st_dev == nsfs_dev) {
            out.push_back({std::atoi(name), st->st_ino, true});
        } else if (sockets && S_ISSOCK(st->st_mode)) {
            out.push_back({std::atoi(name), st->st_ino, false});
        }
    });
}

// The inode is read from the link's text ("uts:[4026531838]", the same number stat(2) of the
// nsfs file gives): readlink does not open the nsfs file and costs half of a stat through the
// link. A link we may not read (EACCES), or of a process that is exiting (ENOENT, ESRCH), leaves
// that kind unknown; anything else makes the process unreadable.
bool read_ns(int procfd, const std::string& pid, const std::array<bool, kKindCount>& kinds,
             Process& p) {
    RelPath path;
    char text[64];
    for (size_t i = 0; i < kKindCount; ++i) {
        if (!kinds[i]) continue;
        auto n = sys::readlinkat(procfd, path(pid, ns_link_path(static_cast<Kind>(i))), text,
                                 sizeof(text));
        if (!n) {
            int e = n.error().code;
            if (e != EACCES && e != ENOENT && e != ESRCH) return false;
            continue;
        }
        auto ino = parse_ns_link(std::string_view(text, *n));
        if (!ino) return false;
        p.ns[i] = *ino;
    }
    return true;
}

// Paths relative to the proc directory rather than an fd of /proc/PID: two syscalls fewer per
// process (the open and the close), which is most of what lsns costs.
RawProcess read_one(int procfd, const std::string& pid, const std::array<bool, kKindCount>& kinds,
                    dev_t nsfs_dev) {
    RawProcess raw;
    RelPath path;
    auto st = sys::fstatat(procfd, pid.c_str(), 0);
    if (!st) return raw;
    auto stat = read_proc_text(procfd, path(pid, "stat"), kProcTextMax);
    if (!stat) return raw;
    auto f = parse_stat(*stat);
    if (!f) return raw;
    raw.proc.uid = st->st_uid;
    raw.proc.pid = f->pid;
    raw.proc.ppid = f->ppid;
    if (!read_ns(procfd, pid, kinds, raw.proc)) return raw;
    read_fds(procfd, pid, nsfs_dev, kinds[index(Kind::kNet)], raw.fds);
    raw.ok = true;
    return raw;
}

}  // namespace

Result<std::vector<std::string>> list_pid_entries(int procfd) {
    std::vector<std::string> names;
    auto r = sys::for_each_dirent(procfd, [&](const char* name) {
        if (is_number(name)) names.emplace_back(name);
    });
    if (!r) return r.error();
    return names;
}

std::vector<RawProcess> read_raw_processes(int procfd, const std::vector<std::string>& entries,
                                           const std::array<bool, kKindCount>& kinds,
                                           dev_t nsfs_dev) {
    std::vector<RawProcess> out(entries.size());
    parallel_chunks(entries.size(), kMinChunk, kMaxThreads, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) out[i] = read_one(procfd, entries[i], kinds, nsfs_dev);
    });
    return out;
}

std::vector<std::string> commands_of(const std::string& proc_root, const std::vector<pid_t>& pids) {
    std::vector<std::string> out(pids.size());
    auto procfd = sys::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY);
    if (!procfd) return out;
    int dirfd = procfd->get();
    parallel_chunks(pids.size(), kMinChunk, kMaxThreads, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) out[i] = command_at(dirfd, pids[i]);
    });
    return out;
}

}  // namespace nsctl::ns
