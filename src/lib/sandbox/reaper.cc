// SPDX-License-Identifier: GPL-2.0-or-later
// PID 1 of a `nsctl run` sandbox. The kernel delivers to a PID 1 only the signals it has a
// handler for, and makes it the parent of every orphan of the namespace; a shell or a server run
// as PID 1 usually neither forwards signals nor reaps. So the reaper starts the command as PID 2,
// passes on every signal it gets, reaps whatever exits, and exits as the command exited. When it
// exits the kernel kills what is left in the namespace. It is nsctl's own forked process (no
// re-exec), allocation-free. With --share pid it is a child subreaper instead of PID 1.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/run_impl.h"
#include "sys/child_io.h"
#include "sys/cred.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace nsctl::sandbox::impl {
namespace {

namespace raw = sys::raw;

void send(int report_fd, const ChildReport& r) { (void)raw::write_all(report_fd, &r, sizeof(r)); }

// Reaps every child that has exited; true (and *status) when the command was among them.
bool reap(pid_t command, int* status) {
    bool done = false;
    while (true) {
        int st = 0;
        pid_t pid = raw::wait_any_nohang(&st);
        if (pid <= 0) return done;
        if (pid == command) {
            *status = st;
            done = true;
        }
    }
}

}  // namespace

// vfork() below: the child runs on this frame until it execs (see spawn.cc).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wclobbered"
void reaper_main(const ChildPlan& p, int report_fd, int pty_slave) {
    // Every signal waits in the queue for sigwaitinfo: none is lost, none kills us by default.
    sigset_t all;
    sigfillset(&all);
    if (int e = raw::sigprocmask(SIG_BLOCK, &all, nullptr))
        report_and_exit(report_fd, report(e, RunStep::kReaper));
    // Sharing the caller's PID namespace it is no PID 1: orphans come to it all the same.
    if (!p.new_pid) {
        if (int e = raw::set_child_subreaper())
            report_and_exit(report_fd, report(e, RunStep::kReaper, 0, 2));
    }
    // The reaper is nsctl's own process: undumpable, the command (same uid, no capability it
    // lacks) cannot open /proc/1/exe (the host's nsctl binary), /proc/1/fd (the report pipe to
    // nsctl) or anything else of ours. The command itself becomes dumpable again at its exec.
    if (int e = raw::set_undumpable())
        report_and_exit(report_fd, report(e, RunStep::kReaper, 0, 4));
    volatile int exec_errno = 0;
    pid_t command = ::vfork();
    if (command < 0) report_and_exit(report_fd, report(errno, RunStep::kReaper, 0, 1));
    if (command == 0) exec_command(p, report_fd, pty_slave, &exec_errno);
    int status = 0;
    if (exec_errno != 0) {
        // The command has said why (its report); end as it did.
        (void)raw::waitpid(command, &status);
        raw::exit(exec_exit_code(exec_errno));
    }
    if (pty_slave >= 0) raw::close(pty_slave);
    for (int fd : p.keep_fds) raw::close(fd);
    // It only waits, reaps and passes signals on: no capability at all from here on.
    int hardened = raw::drop_bounding_except(0, p.last_cap);
    if (!hardened) hardened = raw::set_capabilities(0, 0, 0);
    if (!hardened) hardened = raw::set_no_new_privs();
    if (hardened) report_and_exit(report_fd, report(hardened, RunStep::kReaper, 0, 3));
    send(report_fd, report(0, RunStep::kStarted, command));
    while (true) {
        siginfo_t info;
        int sig = raw::sigwaitinfo(&all, &info);
        if (sig < 0) continue;
        if (sig != SIGCHLD) {
            (void)raw::kill(command, sig);
            continue;
        }
        if (reap(command, &status)) break;
    }
    send(report_fd, report(0, RunStep::kExited, 0, status));
    raw::exit(sys::exit_code_of(status));
}
#pragma GCC diagnostic pop

}  // namespace nsctl::sandbox::impl
