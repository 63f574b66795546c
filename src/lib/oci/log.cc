// SPDX-License-Identifier: GPL-2.0-or-later
#include "oci/log.h"

#include "base/json_writer.h"

namespace nsctl::oci {

std::string log_line(LogFormat format, std::string_view level, std::string_view message,
                     time_t at) {
    tm utc{};
    gmtime_r(&at, &utc);
    char when[32];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::string line;
    if (format == LogFormat::kJson) {
        line = "{\"level\":";
        append_json_string(&line, level);
        line += ",\"msg\":";
        append_json_string(&line, message);
        line += ",\"time\":\"" + std::string(when) + "\"}\n";
        return line;
    }
    // The text format quotes msg as a JSON string too, so a quote or newline stays inside it.
    line = "time=\"" + std::string(when) + "\" level=" + std::string(level) + " msg=";
    append_json_string(&line, message);
    return line + "\n";
}

}  // namespace nsctl::oci
