// SPDX-License-Identifier: GPL-2.0-or-later
// Errors, warnings and the --log file of nsctl oci; the state directory.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "cli/commands.h"
#include "cli/oci/oci_verbs.h"
#include "oci/log.h"
#include "oci/state.h"
#include "sys/fd.h"

namespace nsctl::cli {
namespace {

// The --log file, once opened (-1 until then; closed at exit). A plain int: a global with a
// constructor would run at every start of nsctl, the drop-ins' too.
int g_log = -1;

// A line of --log at level (nothing without --log; a log that cannot be written loses it).
void log_to(const OciGlobal& g, const char* level, const std::string& message) {
    if (g.log.empty()) return;
    oci_open_log(g);
    if (g_log < 0) return;
    std::string line = oci::log_line(g.log_format, level, message, std::time(nullptr));
    (void)sys::write(g_log, line.data(), line.size());
}

}  // namespace

void oci_open_log(const OciGlobal& g) {
    if (g.log.empty() || g_log >= 0) return;
    if (auto fd = sys::open(g.log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666))
        g_log = fd->release();
}

int oci_fail(const std::string& prog, const OciGlobal& g, const std::string& message) {
    warnx(prog, message);
    log_to(g, "error", message);
    return 1;
}

void oci_warn(const std::string& prog, const OciGlobal& g, const std::string& message) {
    if (g.log.empty())
        warnx(prog, "warning: " + message);
    else
        log_to(g, "warning", message);
}

std::string oci_message_of(const Error& e) {
    bool plain = e.code == 0 || e.context.starts_with("container ");
    return plain ? e.context : e.message();
}

Result<std::string> oci_state_dir(const OciGlobal& g) {
    return oci::state_root(g.root, geteuid(), std::getenv("XDG_RUNTIME_DIR"));
}

}  // namespace nsctl::cli
