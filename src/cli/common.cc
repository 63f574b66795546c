// SPDX-License-Identifier: GPL-2.0-or-later
#include <getopt.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/parse.h"
#include "cli/commands.h"

namespace nsctl::cli {

void load_locale() {
    static bool loaded = false;
    if (loaded) return;
    loaded = true;
    std::setlocale(LC_ALL, "");
}

int getopt_long_lazy_locale(int argc, char** argv, const char* shortopts, const option* longopts) {
    const int saved_opterr = opterr;  // left as it was: other parsers in this process use it
    opterr = 0;
    int c = getopt_long(argc, argv, shortopts, longopts, nullptr);
    if (c == '?') {
        // The arguments up to the bad one parse the same way again, so getopt stops at the
        // same place and prints the message it held back.
        load_locale();
        optind = 0;
        opterr = 1;
        while ((c = getopt_long(argc, argv, shortopts, longopts, nullptr)) != -1 && c != '?') {
        }
        c = '?';
    }
    opterr = saved_opterr;
    return c;
}

namespace {
// The CLI runs on one thread: a batch names its current command here for warnx(). Plain
// pointers and numbers: no static initializer runs at the start of every drop-in.
const std::string* g_location = nullptr;
size_t g_warnings = 0;
bool g_one_line = false;
}  // namespace

void one_line_messages() { g_one_line = true; }

void warnx(std::string_view prog, std::string_view message) {
    ++g_warnings;
    std::string where = g_location ? *g_location + ": " : "";
    std::string text = g_one_line ? printable(message) : std::string(message);
    std::fprintf(stderr, "%.*s: %s%.*s\n", static_cast<int>(prog.size()), prog.data(),
                 where.c_str(), static_cast<int>(text.size()), text.data());
}

size_t warnings_printed() { return g_warnings; }

MessageLocation::MessageLocation(std::string where) : where_(std::move(where)), saved_(g_location) {
    g_location = &where_;
}

MessageLocation::~MessageLocation() { g_location = saved_; }

bool write_stdout(std::string_view text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

int report_write_error(std::string_view prog, int err) {
    if (err == EPIPE) return 0;
    warnx(prog, std::string("write error: ") + std::strerror(err));
    return 1;
}

int print_stdout(std::string_view prog, std::string_view text) {
    return write_stdout(text) ? 0 : report_write_error(prog, errno);
}

int flush_stdout(std::string_view prog) {
    return std::fflush(stdout) == 0 ? 0 : report_write_error(prog, errno);
}

}  // namespace nsctl::cli
