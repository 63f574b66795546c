// SPDX-License-Identifier: GPL-2.0-or-later
// The lsns engine: every namespace visible from /proc, who is in it, and how namespaces relate.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "ns/kinds.h"
#include "ns/mountinfo.h"

namespace nsctl::ns {

inline constexpr int kNetnsidUnusable = -2;  ///< no nsid known (no socket, no permission)
inline constexpr int kNone = -1;             ///< "no index" in the vectors below

struct ScanOptions {
    std::string proc_root = "/proc";       ///< a parameter so tests can point it elsewhere
    std::array<bool, kKindCount> kinds{};  ///< which kinds to collect; all false = all
    bool netnsid = false;                  ///< ask the kernel for NETNSID (one RTM_GETNSID each)
    bool relation_ids = false;             ///< read PNS/ONS (NS_GET_PARENT/NS_GET_USERNS)
    bool connect = false;                  ///< link namespaces to parents/owners, adding
                                           ///< process-less ones (the owner/parent trees)
};

struct Process {
    pid_t pid = 0;
    pid_t ppid = 0;
    uid_t uid = 0;
    int parent = kNone;                  ///< index of the process whose pid is ppid
    std::array<ino_t, kKindCount> ns{};  ///< 0: not read
};

enum Relation { kParentRel = 0, kOwnerRel = 1 };

struct Namespace {
    ino_t id = 0;
    Kind kind = Kind::kMnt;
    int nprocs = 0;
    int netnsid = kNetnsidUnusable;
    std::array<ino_t, 2> related_id{};         ///< PNS, ONS inode (0 unknown)
    std::array<int, 2> related{kNone, kNone};  ///< index of PNS/ONS namespace (with connect)
    uid_t uid_fallback = 0;                    ///< NS_GET_OWNER_UID, for namespaces without process
    int proc = kNone;                          ///< index of the lowest-PID process
    std::vector<int> procs;                    ///< member processes, in /proc order
};

struct Snapshot {
    std::vector<Process> processes;     ///< in /proc order
    std::vector<Namespace> namespaces;  ///< sorted by inode
    std::vector<NsfsMount> mounts;      ///< the nsfs mounts of the caller's mount table

    /// Index of the namespace with this inode, or kNone.
    int find(ino_t id) const;

    std::unordered_map<ino_t, int> by_id;
};

/// Scans /proc. Processes that vanish during the scan are skipped. Errors: /proc unreadable;
/// ENOTTY when the kernel lacks an nsfs ioctl that the options need.
/// Single-threaded; opens only close-on-exec fds and closes them all before returning.
Result<Snapshot> scan(const ScanOptions& options);

/// The text of /proc/PID/cmdline as util-linux shows it (NULs as spaces, the last byte dropped,
/// at most 8191 bytes), falling back to comm. Empty when the process is gone.
std::string command_of(const std::string& proc_root, pid_t pid);

/// command_of() relative to an open proc directory (borrowed).
std::string command_at(int procfd, pid_t pid);

}  // namespace nsctl::ns
