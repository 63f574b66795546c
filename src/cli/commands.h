// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <getopt.h>

#include <string>
#include <string_view>

namespace nsctl::cli {

/// lsns: argv[0] is the name getopt reports in its messages.
int cmd_lsns(int argc, char** argv);

/// unshare: argv[0] is the name getopt reports in its messages.
int cmd_unshare(int argc, char** argv);

/// nsenter: argv[0] is the name getopt reports in its messages.
int cmd_nsenter(int argc, char** argv);

/// nsctl run: argv[0] is the name getopt reports in its messages.
int cmd_run(int argc, char** argv);

/// nsctl ps, kill, rm, exec: the named sandboxes of nsctl run --name.
int cmd_ps(int argc, char** argv);
int cmd_kill(int argc, char** argv);
int cmd_rm(int argc, char** argv);
int cmd_exec(int argc, char** argv);

/// nsctl doctor: what this machine allows the caller with namespaces, and the fixes.
int cmd_doctor(int argc, char** argv);
/// nsctl lab: test networks from containerlab topology files.
int cmd_lab(int argc, char** argv);
/// nsctl oci (and nsctl-runtime): an OCI runtime with runc's command line.
int cmd_oci(int argc, char** argv);

/// setlocale(LC_ALL, "") once. Commands that format text for the terminal (lsns, the network
/// commands) call it first; unshare and nsenter only before they print a message, so that a run
/// that prints nothing never maps the locale files (a fifth of their peak memory in C.UTF-8).
void load_locale();

/// getopt_long for commands that load the locale lazily: parses silently, and on an error loads
/// the locale and parses the same arguments again up to that error, so that getopt prints its
/// own message, translated, exactly as it would have. Returns what getopt_long returned.
int getopt_long_lazy_locale(int argc, char** argv, const char* shortopts, const option* longopts);

/// Prints "NAME: message" on stderr, as util-linux's warnx does; "NAME: WHERE: message" while a
/// MessageLocation is alive.
void warnx(std::string_view prog, std::string_view message);

/// From now on, warnx() writes the control bytes of a message as C escapes (base printable()):
/// the network commands' messages are one line each, whatever names went into them.
void one_line_messages();

/// How many messages warnx() has printed in this process.
size_t warnings_printed();

/// While alive, every warnx() names WHERE after the program name ("nsctl: -batch cmds:3: link
/// add: v0: File exists"), so that each message of a batch command names its line.
class MessageLocation {
  public:
    explicit MessageLocation(std::string where);
    ~MessageLocation();
    MessageLocation(const MessageLocation&) = delete;
    MessageLocation& operator=(const MessageLocation&) = delete;

  private:
    std::string where_;
    const std::string* saved_;
};

/// Writes all of text to stdout; false when stdout fails (e.g. a closed pipe, a full disk).
bool write_stdout(std::string_view text);

/// After a failed write to stdout with errno err: "PROG: write error: STRERROR" on stderr and 1,
/// as util-linux's close_stdout; EPIPE (the reader has gone while SIGPIPE is ignored) is silent
/// and 0, as there.
int report_write_error(std::string_view prog, int err);

/// Writes text to stdout: 0, or 1 after "PROG: write error: STRERROR" on stderr as util-linux's
/// close_stdout prints it; EPIPE (the reader has gone while SIGPIPE is ignored) is silent and 0,
/// as there.
int print_stdout(std::string_view prog, std::string_view text);

/// The same for what was written through stdio: fflush(stdout), then 0 or 1 with the message.
int flush_stdout(std::string_view prog);

}  // namespace nsctl::cli
