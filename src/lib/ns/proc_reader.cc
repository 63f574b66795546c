// SPDX-License-Identifier: GPL-2.0-or-later
#include "ns/proc_reader.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdlib>

#include "base/parallel.h"
#include "ns/procfs.h"
#include "sys/fd.h"

namespace nsctl::ns {
namespace {

constexpr size_t kMinChunk = 128;  // below this many processes a thread costs more than it saves
constexpr size_t kMaxThreads = 4;

void read_fds(int dirfd, dev_t nsfs_dev, std::vector<FdRef>& out) {
    auto fddir = sys::openat(dirfd, "fd", O_RDONLY | O_DIRECTORY);
    if (!fddir) return;
    (void)for_each_dirent(fddir->get(), [&](const char* name) {
        if (!is_number(name)) return;
        auto st = sys::fstatat(fddir->get(), name, 0);
        if (!st) return;
        if (st->st_dev == nsfs_dev) {
            out.push_back({std::atoi(name), st->st_ino, true});
        } else if (S_ISSOCK(st->st_mode)) {
            out.push_back({std::atoi(name), st->st_ino, false});
        }
    });
}

// A namespace link we may not read (EACCES), or of a process that is exiting (ENOENT, ESRCH),
// leaves that kind unknown; anything else makes the process unreadable.
bool read_ns(int dirfd, const std::array<bool, kKindCount>& kinds, Process& p) {
    for (size_t i = 0; i < kKindCount; ++i) {
        if (!kinds[i]) continue;
        auto st = sys::fstatat(dirfd, ns_link_path(static_cast<Kind>(i)), 0);
        if (st) {
            p.ns[i] = st->st_ino;
            continue;
        }
        int e = st.error().code;
        if (e != EACCES && e != ENOENT && e != ESRCH) return false;
    }
    return true;
}

RawProcess read_one(int procfd, const std::string& name, const std::array<bool, kKindCount>& kinds,
                    dev_t nsfs_dev) {
    RawProcess raw;
    auto dir = sys::openat(procfd, name.c_str(), O_PATH | O_DIRECTORY);
    if (!dir) return raw;
    auto st = sys::fstat(dir->get());
    auto stat = read_proc_text(dir->get(), "stat", kProcTextMax);
    if (!st || !stat) return raw;
    auto f = parse_stat(*stat);
    if (!f) return raw;
    raw.proc.uid = st->st_uid;
    raw.proc.pid = f->pid;
    raw.proc.ppid = f->ppid;
    if (!read_ns(dir->get(), kinds, raw.proc)) return raw;
    read_fds(dir->get(), nsfs_dev, raw.fds);
    raw.ok = true;
    return raw;
}

}  // namespace

Result<std::vector<std::string>> list_pid_entries(int procfd) {
    std::vector<std::string> names;
    auto r = for_each_dirent(procfd, [&](const char* name) {
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
    parallel_chunks(pids.size(), kMinChunk, kMaxThreads, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) out[i] = command_of(proc_root, pids[i]);
    });
    return out;
}

}  // namespace nsctl::ns
