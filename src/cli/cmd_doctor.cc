// SPDX-License-Identifier: GPL-2.0-or-later
// nsctl doctor: what this machine allows the caller, one finding a line (doctor/doctor.h).
#include <getopt.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "base/parse.h"
#include "cli/commands.h"
#include "doctor/doctor.h"

namespace nsctl::cli {
namespace {

const char kHelp[] =
    "Usage: nsctl doctor [--json] [--user NAME] [--persist FILE] [--target PID]\n\n"
    "Check what this machine allows you with namespaces, and why not: one finding a line\n"
    "(ok, warn or fail, the check, what was found), and for each finding that is not ok the\n"
    "command or file change that fixes it. Exit status 1 when a check fails.\n\n"
    " -j, --json           JSON: an array of {check, status, detail, fix}\n"
    " -u, --user NAME      check NAME's subordinate id ranges instead of yours\n"
    " -p, --persist FILE   can a namespace be bound onto FILE (unshare --net=FILE)?\n"
    " -t, --target PID     can you enter the namespaces of process PID, and how?\n"
    " -h, --help           print this help\n";

struct DoctorArgs {
    bool json = false;
    doctor::DoctorOptions options;
};

int bad_input(const std::string& message) {
    load_locale();
    warnx("nsctl: doctor", message);
    return 1;
}

// -1 when parsed, else the exit status (help printed, or a usage error).
int parse(int argc, char** argv, DoctorArgs* args) {
    static const option kOpts[] = {
        {"json", no_argument, nullptr, 'j'},          {"user", required_argument, nullptr, 'u'},
        {"persist", required_argument, nullptr, 'p'}, {"target", required_argument, nullptr, 't'},
        {"help", no_argument, nullptr, 'h'},          {nullptr, 0, nullptr, 0}};
    optind = 0;
    int c;
    while ((c = getopt_long_lazy_locale(argc, argv, "+ju:p:t:h", kOpts)) != -1) {
        if (c == 'h') return print_stdout("nsctl", kHelp);
        if (c == 'j') {
            args->json = true;
        } else if (c == 'u') {
            args->options.user = optarg;
        } else if (c == 'p') {
            args->options.persist = optarg;
        } else if (c == 't') {
            auto pid = parse_pid(optarg);
            if (!pid || *pid <= 0)
                return bad_input(std::string("--target: '") + optarg + "' is not a process id");
            args->options.target = *pid;
        } else {
            std::fprintf(stderr, "Try 'nsctl doctor --help' for more information.\n");
            return 1;
        }
    }
    if (optind != argc) return bad_input(std::string("unexpected argument '") + argv[optind] + "'");
    return -1;
}

std::string as_text(const std::vector<doctor::Finding>& findings) {
    size_t width = 0;
    for (const auto& f : findings) width = std::max(width, f.check.size());
    std::string out;
    for (const auto& f : findings) {
        std::string status = doctor::status_name(f.status);
        status.resize(4, ' ');
        std::string check = f.check;
        check.resize(width, ' ');
        out += status + "  " + check + "  " + f.detail + "\n";
        if (f.status != doctor::Status::kOk) out += "      fix: " + f.fix + "\n";
    }
    return out;
}

std::string as_json(const std::vector<doctor::Finding>& findings) {
    std::string out;
    JsonWriter w(&out, JsonStyle::kPretty);
    w.open(nullptr, JsonWriter::kArray);
    for (const auto& f : findings) {
        w.open(nullptr, JsonWriter::kObject);
        w.value("check", f.check, JsonType::kString);
        w.value("status", doctor::status_name(f.status), JsonType::kString);
        w.value("detail", f.detail, JsonType::kString);
        w.value("fix", f.status == doctor::Status::kOk ? "" : f.fix, JsonType::kString);
        w.close(JsonWriter::kObject);
    }
    w.close(JsonWriter::kArray);
    return out;
}

}  // namespace

int cmd_doctor(int argc, char** argv) {
    // getopt's own messages start with argv[0]: "nsctl: doctor: unrecognized option '--x'", as
    // every other message of the command.
    std::string prog = "nsctl: doctor";
    std::vector<char*> argv_copy(argv, argv + argc);
    argv_copy[0] = prog.data();
    argv_copy.push_back(nullptr);
    DoctorArgs args;
    if (int rc = parse(argc, argv_copy.data(), &args); rc >= 0) return rc;
    auto findings = doctor::diagnose(args.options);
    if (!findings) return bad_input(findings.error().message());
    bool failed = std::any_of(findings->begin(), findings->end(), [](const doctor::Finding& f) {
        return f.status == doctor::Status::kFail;
    });
    int rc = print_stdout("nsctl", args.json ? as_json(*findings) : as_text(*findings));
    return rc != 0 ? rc : failed ? 1 : 0;
}

}  // namespace nsctl::cli
