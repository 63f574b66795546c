// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/net_batch.h"

namespace nsctl::cli {
namespace {

constexpr std::string_view kBlanks = " \t\r\n";

// The next physical line of text from pos on, without its '\n'; pos moves past it. A comment
// ('#' to the end of the line, as ip cuts it) goes with it. continues: the line ended in '\'
// right before its newline, comment cut first (so "a \# c" does not continue, as in ip).
std::string_view next_line(std::string_view text, size_t& pos, bool& continues) {
    size_t end = text.find('\n', pos);
    bool newline = end != std::string_view::npos;
    if (!newline) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + (newline ? 1 : 0);
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    continues = newline && hash == std::string_view::npos && !line.empty() && line.back() == '\\';
    return continues ? line.substr(0, line.size() - 1) : line;
}

// Words as ip's makeargs makes them. false for an unterminated quote.
bool split_words(std::string_view line, std::vector<std::string>& words) {
    size_t pos = 0;
    while (true) {
        pos = line.find_first_not_of(kBlanks, pos);
        if (pos == std::string_view::npos) return true;
        char c = line[pos];
        if (c == '"' || c == '\'') {
            size_t close = line.find(c, pos + 1);
            if (close == std::string_view::npos) return false;
            words.emplace_back(line.substr(pos + 1, close - pos - 1));
            pos = close + 1;  // ip ends the word at the quote, whatever follows it
            continue;
        }
        size_t end = line.find_first_of(kBlanks, pos);
        if (end == std::string_view::npos) end = line.size();
        words.emplace_back(line.substr(pos, end - pos));
        pos = end;
    }
}

}  // namespace

std::string BatchCommand::where(const std::string& file) const {
    std::string at = file + ":" + std::to_string(first_line);
    if (last_line != first_line) at += "-" + std::to_string(last_line);
    return at;
}

std::vector<BatchCommand> read_batch_commands(std::string_view text) {
    std::vector<BatchCommand> commands;
    size_t pos = 0, lineno = 0;
    while (pos < text.size()) {
        BatchCommand cmd;
        cmd.first_line = ++lineno;
        bool continues = false;
        std::string line(next_line(text, pos, continues));
        // The next line is joined as it is, without the '\\' and the newline.
        while (continues) {
            if (pos >= text.size()) {
                cmd.error = "the last line ends in '\\': the line it continues is missing";
                break;
            }
            ++lineno;
            line += next_line(text, pos, continues);
        }
        cmd.last_line = lineno;
        if (cmd.error.empty() && line.find('\0') != std::string::npos)
            cmd.error = "a NUL byte in the line";
        if (cmd.error.empty() && !split_words(line, cmd.words)) cmd.error = "unterminated quote";
        if (!cmd.error.empty()) cmd.words.clear();
        if (!cmd.words.empty() || !cmd.error.empty()) commands.push_back(std::move(cmd));
    }
    return commands;
}

}  // namespace nsctl::cli
