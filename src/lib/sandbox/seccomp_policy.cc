// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox/seccomp_policy.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "base/parse.h"
#include "sandbox/bpf_asm.h"

namespace nsctl::sandbox {
namespace {

using bpf::Assembler;
using bpf::Jump;
using bpf::Label;

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kMaskedEq };

struct Condition {
    int arg = 0;
    Op op = Op::kEq;
    uint64_t mask = ~uint64_t{0};
    uint64_t value = 0;
};

struct Rule {
    int nr = 0;
    uint32_t action = 0;
    std::vector<Condition> conditions;
};

struct Policy {
    uint32_t fallback = 0;  // "default"
    std::vector<Rule> rules;
};

struct Line {
    size_t number;
    std::vector<std::string_view> words;
};

Error bad(size_t line, const std::string& what) {
    return Error{EINVAL, std::to_string(line) + ": " + what};
}

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > start) words.push_back(line.substr(start, i - start));
    }
    return words;
}

std::optional<uint64_t> number(std::string_view text) {
    if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
    std::string s(text);
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(s.c_str(), &end, 0);
    if (errno || *end != '\0') return std::nullopt;
    return v;
}

// The errno values a policy may name (those a sandboxed call plausibly returns).
std::optional<int> errno_value(std::string_view text) {
    static constexpr struct {
        const char* name;
        int value;
    } kErrnos[] = {{"EPERM", EPERM},   {"ENOENT", ENOENT},   {"EACCES", EACCES},
                   {"ENOSYS", ENOSYS}, {"EINVAL", EINVAL},   {"EBADF", EBADF},
                   {"EFAULT", EFAULT}, {"ENOTSUP", ENOTSUP}, {"EOPNOTSUPP", EOPNOTSUPP},
                   {"EAGAIN", EAGAIN}, {"ENOMEM", ENOMEM},   {"EROFS", EROFS},
                   {"EIO", EIO},       {"EBUSY", EBUSY},     {"ENOTTY", ENOTTY}};
    for (const auto& e : kErrnos)
        if (text == e.name) return e.value;
    auto n = number(text);
    if (n && *n > 0 && *n <= 4095) return static_cast<int>(*n);
    return std::nullopt;
}

// ACTION [ERRNO] at words[at]; *used is how many words it took.
Result<uint32_t> action(const Line& l, size_t at, size_t* used) {
    *used = 1;
    if (at >= l.words.size()) return bad(l.number, "an action is missing");
    std::string_view w = l.words[at];
    if (w == "allow") return bpf::ret_allow();
    if (w == "kill") return bpf::ret_kill_process();
    if (w == "log") return bpf::ret_log();
    if (w == "trap") return bpf::ret_trap();
    if (w != "errno")
        return bad(l.number,
                   "unknown action '" + std::string(w) + "' (allow, errno, kill, log, trap)");
    if (at + 1 >= l.words.size() || l.words[at + 1].starts_with("arg"))
        return bpf::ret_errno(EPERM);
    auto e = errno_value(l.words[at + 1]);
    if (!e) return bad(l.number, "unknown errno '" + std::string(l.words[at + 1]) + "'");
    *used = 2;
    return bpf::ret_errno(*e);
}

// argN OP VALUE, or argN&MASK == VALUE, from three words.
Result<Condition> condition(const Line& l, size_t at) {
    if (at + 3 > l.words.size()) return bad(l.number, "a condition is argN OP VALUE");
    std::string_view arg = l.words[at], op = l.words[at + 1];
    Condition c;
    size_t amp = arg.find('&');
    std::string_view index = arg.substr(0, amp);
    if (index.size() != 4 || !index.starts_with("arg") || index[3] < '0' || index[3] > '5')
        return bad(l.number, "'" + std::string(arg) + "' is not arg0 ... arg5");
    c.arg = index[3] - '0';
    if (amp != std::string_view::npos) {
        auto mask = number(arg.substr(amp + 1));
        if (!mask || op != "==") return bad(l.number, "a mask is written argN&MASK == VALUE");
        c.mask = *mask;
        c.op = Op::kMaskedEq;
    } else if (op == "==") {
        c.op = Op::kEq;
    } else if (op == "!=") {
        c.op = Op::kNe;
    } else if (op == "<") {
        c.op = Op::kLt;
    } else if (op == "<=") {
        c.op = Op::kLe;
    } else if (op == ">") {
        c.op = Op::kGt;
    } else if (op == ">=") {
        c.op = Op::kGe;
    } else {
        return bad(l.number, "unknown comparison '" + std::string(op) + "' (== != < <= > >=)");
    }
    auto value = number(l.words[at + 2]);
    if (!value) return bad(l.number, "'" + std::string(l.words[at + 2]) + "' is not a number");
    c.value = *value;
    return c;
}

Result<void> parse_line(const Line& l, Policy& policy, bool& have_default) {
    std::string_view first = l.words[0];
    size_t used = 0;
    if (first == "default") {
        if (have_default) return bad(l.number, "a second 'default' line");
        policy.fallback = NSCTL_TRY(action(l, 1, &used));
        if (1 + used != l.words.size()) return bad(l.number, "'default' takes an action only");
        have_default = true;
        return {};
    }
    auto nr = syscall_number(first);
    if (!nr) return bad(l.number, "unknown system call '" + std::string(first) + "'");
    Rule rule;
    rule.nr = *nr;
    rule.action = NSCTL_TRY(action(l, 1, &used));
    for (size_t at = 1 + used; at < l.words.size(); at += 3)
        rule.conditions.push_back(NSCTL_TRY(condition(l, at)));
    policy.rules.push_back(std::move(rule));
    return {};
}

Result<Policy> parse(std::string_view text) {
    Policy policy;
    policy.fallback = bpf::ret_allow();
    bool have_default = false;
    size_t number = 0;
    for (auto raw : split(text, '\n')) {
        ++number;
        if (raw.find('\0') != std::string_view::npos) return bad(number, "a NUL byte");
        size_t hash = raw.find('#');
        Line l{number, words_of(raw.substr(0, hash))};
        if (!l.words.empty()) NSCTL_TRY(parse_line(l, policy, have_default));
    }
    return policy;
}

// Jumps to fail unless the condition holds, comparing the high word first (unsigned 64-bit).
void emit(Assembler& a, const Condition& c, Label fail) {
    uint32_t vh = static_cast<uint32_t>(c.value >> 32), vl = static_cast<uint32_t>(c.value);
    uint32_t mh = static_cast<uint32_t>(c.mask >> 32), ml = static_cast<uint32_t>(c.mask);
    Label pass = a.label(), low = a.label();
    a.load(bpf::arg_offset(c.arg, true));
    switch (c.op) {
        case Op::kMaskedEq:
            a.and_k(mh);
            [[fallthrough]];
        case Op::kEq:
            a.jump(Jump::kEq, vh, low, fail);
            break;
        case Op::kNe:
            a.jump(Jump::kEq, vh, low, pass);
            break;
        case Op::kGt:
        case Op::kGe:
            a.jump(Jump::kGt, vh, pass, Assembler::kNext);
            a.jump(Jump::kEq, vh, low, fail);
            break;
        case Op::kLt:
        case Op::kLe:
            a.jump(Jump::kGt, vh, fail, Assembler::kNext);
            a.jump(Jump::kEq, vh, low, pass);
            break;
    }
    a.bind(low);
    a.load(bpf::arg_offset(c.arg, false));
    switch (c.op) {
        case Op::kMaskedEq:
            a.and_k(ml);
            [[fallthrough]];
        case Op::kEq:
            a.jump(Jump::kEq, vl, pass, fail);
            break;
        case Op::kNe:
            a.jump(Jump::kEq, vl, fail, pass);
            break;
        case Op::kGt:
            a.jump(Jump::kGt, vl, pass, fail);
            break;
        case Op::kGe:
            a.jump(Jump::kGe, vl, pass, fail);
            break;
        case Op::kLt:
            a.jump(Jump::kGe, vl, fail, pass);
            break;
        case Op::kLe:
            a.jump(Jump::kGt, vl, fail, pass);
            break;
    }
    a.bind(pass);
}

}  // namespace

Result<BpfProgram> compile_seccomp_policy(std::string_view text) {
    Policy policy = NSCTL_TRY(parse(text));
    Assembler a;
    bpf::prologue(a);
    for (const Rule& rule : policy.rules) {
        Label next = a.label(), match = a.label();
        a.jump(Jump::kEq, static_cast<uint32_t>(rule.nr), match, next);
        a.bind(match);
        for (const Condition& c : rule.conditions) emit(a, c, next);
        a.ret(rule.action);
        a.bind(next);
        // The conditions left an argument in A: the next rule compares the number again.
        if (!rule.conditions.empty()) a.load(bpf::nr_offset());
    }
    a.ret(policy.fallback);
    return a.finish();
}

}  // namespace nsctl::sandbox
