// SPDX-License-Identifier: GPL-2.0-or-later
// The record of a named sandbox is a small text file, DIR/NAME/record: one "key value" a line,
// a key that repeats for lists (command, env, cgroup), values with '\' and newlines escaped. It
// is written whole to record.tmp and renamed over the old one, so a reader never sees half of
// it. Claims and the removal of what a killed nsctl left take DIR/.lock (flock), so that a
// stale record can never be removed under a run that has just claimed the name.
#include "sandbox/registry.h"

#include <fcntl.h>
#include <sys/file.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "base/parse.h"
#include "ns/procfs.h"
#include "sandbox/network.h"
#include "sys/dirents.h"
#include "sys/fd.h"
#include "sys/flock.h"
#include "sys/process.h"

namespace nsctl::sandbox {
namespace {

std::string escape(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string unescape(std::string_view v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
            out += v[i + 1] == 'n' ? '\n' : v[i + 1];
            ++i;
        } else {
            out += v[i];
        }
    }
    return out;
}

bool alive(pid_t pid, const std::string& starttime) { return ns::process_alive(pid, starttime); }

std::string format(const SandboxRecord& r) {
    std::string out;
    auto line = [&](std::string_view key, const std::string& value) {
        out += std::string(key) + " " + escape(value) + "\n";
    };
    line("name", r.name);
    line("pid", std::to_string(r.pid));
    line("starttime", r.starttime);
    line("command_pid", std::to_string(r.command_pid));
    line("command_starttime", r.command_starttime);
    line("owner", std::to_string(r.owner));
    line("owner_starttime", r.owner_starttime);
    line("started", std::to_string(r.started));
    for (const auto& a : r.command) line("command", a);
    line("rootfs", r.rootfs);
    for (const auto& c : r.cgroups) line("cgroup", c);
    line("host_interface", r.host_interface);
    line("address", r.address);
    for (const auto& e : r.env) line("env", e);
    line("cwd", r.cwd);
    line("uid", std::to_string(r.uid));
    line("gid", std::to_string(r.gid));
    line("capabilities", std::to_string(r.capabilities));
    line("seccomp", r.seccomp);
    if (r.exit_code) line("exit", std::to_string(*r.exit_code));
    return out;
}

template <typename T>
void number(std::string_view v, T& into) {
    auto n = parse_i64(v);
    if (n) into = static_cast<T>(*n);
}

SandboxRecord parse(std::string_view text) {
    SandboxRecord r;
    for (auto line : split(text, '\n')) {
        size_t sp = line.find(' ');
        if (sp == std::string_view::npos) continue;
        std::string_view key = line.substr(0, sp);
        std::string value = unescape(line.substr(sp + 1));
        if (key == "name") r.name = value;
        if (key == "pid") number(value, r.pid);
        if (key == "starttime") r.starttime = value;
        if (key == "command_pid") number(value, r.command_pid);
        if (key == "command_starttime") r.command_starttime = value;
        if (key == "owner") number(value, r.owner);
        if (key == "owner_starttime") r.owner_starttime = value;
        if (key == "started") number(value, r.started);
        if (key == "command") r.command.push_back(value);
        if (key == "rootfs") r.rootfs = value;
        if (key == "host_interface") r.host_interface = value;
        if (key == "address") r.address = value;
        if (key == "cgroup") r.cgroups.push_back(value);
        if (key == "env") r.env.push_back(value);
        if (key == "cwd") r.cwd = value;
        if (key == "uid") number(value, r.uid);
        if (key == "gid") number(value, r.gid);
        if (key == "capabilities") number(value, r.capabilities);
        if (key == "seccomp") r.seccomp = value;
        if (key == "exit") r.exit_code = static_cast<int>(parse_i64(value).value_or(0));
    }
    return r;
}

// DIR itself locked (flock(2) works on a directory too: no lock file to leave behind).
class Lock {
  public:
    static Result<Lock> take(const std::string& dir) {
        Lock l;
        l.fd_ = NSCTL_TRY(sys::open(dir.c_str(), O_RDONLY | O_DIRECTORY));
        NSCTL_TRY(sys::flock(l.fd_.get(), LOCK_EX));
        return l;
    }

  private:
    UniqueFd fd_;
};

Result<void> make_dirs(const std::string& dir) {
    // $XDG_RUNTIME_DIR exists; /run/nsctl may not yet.
    auto made = sys::mkdir(dir.c_str(), 0700);
    if (!made && made.error().code != EEXIST) return made.error();
    return {};
}

// A record its nsctl left unfinished: not started, or both the sandbox and the owner gone
// without an exit code written.
bool abandoned(const SandboxRecord& r) {
    if (r.exit_code) return false;
    if (alive(r.owner, r.owner_starttime)) return false;
    return !r.running();
}

Result<void> remove_dir(const std::string& path) {
    (void)sys::unlinkat(AT_FDCWD, (path + "/record").c_str(), 0);
    (void)sys::unlinkat(AT_FDCWD, (path + "/record.tmp").c_str(), 0);
    return sys::rmdir(path.c_str());
}

void drop_abandoned(const std::string& path, const SandboxRecord& r) {
    for (const auto& c : r.cgroups) (void)sys::rmdir(c.c_str());
    if (!r.host_interface.empty()) reclaim_veth_leases();
    (void)remove_dir(path);
}

}  // namespace

bool SandboxRecord::running() const { return alive(pid, starttime); }

std::string default_registry_dir() {
    uid_t uid = sys::geteuid();
    if (uid == 0) return "/run/nsctl";
    // Not /tmp: a directory every user can write to is no place for records to trust.
    const char* xdg = ::getenv("XDG_RUNTIME_DIR");
    if (xdg && *xdg == '/') return std::string(xdg) + "/nsctl";
    return "/run/user/" + std::to_string(uid) + "/nsctl";
}

bool valid_sandbox_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-';
    });
}

Result<void> Registry::claim(const std::string& name) {
    if (!valid_sandbox_name(name))
        return Error{EINVAL,
                     "name '" + name + "': 1 to 64 of A-Z a-z 0-9 _ . - (no leading . or -)"};
    NSCTL_TRY(make_dirs(dir_));
    Lock lock = NSCTL_TRY(Lock::take(dir_));
    SandboxRecord mine;
    mine.name = name;
    mine.owner = sys::getpid();
    mine.owner_starttime = ns::process_starttime(mine.owner);
    auto made = sys::mkdir(path(name).c_str(), 0700);
    if (made) return save(mine);
    if (made.error().code != EEXIST) return made.error();
    auto old = find(name);
    if (old && abandoned(*old)) {
        drop_abandoned(path(name), *old);
        NSCTL_TRY(sys::mkdir(path(name).c_str(), 0700));
        return save(mine);
    }
    // Complete sentences: no strerror after them (code 0); the caller knows it is EEXIST.
    if (old && !old->running() && old->exit_code)
        return Error{0,
                     "name '" + name + "' is taken by a stopped sandbox (nsctl rm " + name + ")"};
    return Error{0, "name '" + name + "' is in use"};
}

Result<void> Registry::save(const SandboxRecord& record) {
    std::string tmp = path(record.name) + "/record.tmp";
    {
        UniqueFd fd = NSCTL_TRY(sys::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
        std::string text = format(record);
        size_t done = 0;
        while (done < text.size())
            done += NSCTL_TRY(sys::write(fd.get(), text.data() + done, text.size() - done));
    }
    return sys::renameat(AT_FDCWD, tmp.c_str(), AT_FDCWD, (path(record.name) + "/record").c_str());
}

Result<SandboxRecord> Registry::find(const std::string& name) const {
    if (!valid_sandbox_name(name)) return Error{0, "no sandbox named '" + name + "'"};
    auto text = sys::read_file((path(name) + "/record").c_str());
    if (!text) {
        // A directory without a record: claim() writes one under the lock, so this is what a
        // crash between the two left; it reads as abandoned.
        auto st = sys::fstatat(AT_FDCWD, path(name).c_str(), 0);
        if (!st) return Error{0, "no sandbox named '" + name + "'"};
        SandboxRecord r;
        r.name = name;
        return r;
    }
    SandboxRecord r = parse(*text);
    r.name = name;
    return r;
}

Result<std::vector<SandboxRecord>> Registry::list() {
    std::vector<SandboxRecord> out;
    auto fd = sys::open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
    if (!fd) {
        if (fd.error().code == ENOENT) return out;
        return fd.error();
    }
    std::vector<std::string> names;
    NSCTL_TRY(sys::for_each_dirent(fd->get(), [&](const char* n) {
        if (valid_sandbox_name(n)) names.emplace_back(n);
    }));
    std::sort(names.begin(), names.end());
    Lock lock = NSCTL_TRY(Lock::take(dir_));
    for (const auto& name : names) {
        auto r = find(name);
        if (!r) continue;
        if (abandoned(*r)) {
            drop_abandoned(path(name), *r);
            continue;
        }
        out.push_back(std::move(*r));
    }
    return out;
}

Result<void> Registry::remove(const std::string& name) {
    Lock lock = NSCTL_TRY(Lock::take(dir_));
    auto removed = remove_dir(path(name));
    // Its owner (the nsctl that ran it) may have removed it first: the record is gone either way.
    if (!removed && removed.error().code == ENOENT) return {};
    return removed;
}

}  // namespace nsctl::sandbox
