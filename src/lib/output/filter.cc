// SPDX-License-Identifier: GPL-2.0-or-later
// scols-filter(5) as util-linux 2.42 implements it: a scanner with the rules of its flex scanner
// (filter_scanner.h), a hand-written parser that fails where (and with the words) its bison parser
// does, and an evaluator with libsmartcols' type rules (filter_value.h). Written from the manual
// page and from running lsns 2.42 side by side; tests/unit/filter_test.cc lists what was observed.
#include "output/filter.h"

#include <regex.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "base/parse.h"
#include "output/filter_scanner.h"
#include "output/filter_value.h"

namespace nsctl::output {
namespace {

using filter_detail::cast;
using filter_detail::column_type;
using filter_detail::copy_of;
using filter_detail::kTokenNames;
using filter_detail::Scanner;
using filter_detail::string_value;
using filter_detail::Tok;
using filter_detail::Token;
using filter_detail::Type;
using filter_detail::Value;

bool is_binary(Tok t) { return t >= Tok::kOr && t <= Tok::kNreg; }
bool is_regex_op(Tok t) { return t == Tok::kReg || t == Tok::kNreg; }

struct RegexFree {
    void operator()(regex_t* re) const {
        regfree(re);
        delete re;
    }
};
using RegexPtr = std::unique_ptr<regex_t, RegexFree>;

// Flags as libsmartcols compiles a pattern: extended syntax, no submatches, case-sensitive.
Result<RegexPtr> compile(const std::string& pattern) {
    auto re = std::make_unique<regex_t>();
    int rc = regcomp(re.get(), pattern.c_str(), REG_EXTENDED | REG_NOSUB);
    if (rc == 0) return RegexPtr(re.release());
    std::string msg(regerror(rc, re.get(), nullptr, 0), '\0');
    regerror(rc, re.get(), msg.data(), msg.size());
    msg.resize(std::strlen(msg.c_str()));
    return Error{EINVAL, msg};
}

}  // namespace

struct Filter::Node {
    enum class Kind { kParam, kHolder, kExpr };
    Kind kind = Kind::kParam;
    Tok op = Tok::kAnd;
    Value value;                        // kParam
    std::string holder;                 // kHolder
    std::unique_ptr<Node> left, right;  // kExpr; "not" has only a right operand
    RegexPtr regex;                     // "=~" and "!~" with a string literal on the right

    Node() = default;
    // Left-nested chains ("A == B == C ...") are as deep as the expression is long: free the
    // tree with a loop, not with recursion.
    ~Node() {
        std::vector<std::unique_ptr<Node>> todo;
        todo.push_back(std::move(left));
        todo.push_back(std::move(right));
        while (!todo.empty()) {
            std::unique_ptr<Node> n = std::move(todo.back());
            todo.pop_back();
            if (!n) continue;
            todo.push_back(std::move(n->left));
            todo.push_back(std::move(n->right));
        }
    }
};

namespace {

using Node = Filter::Node;
using NodePtr = std::unique_ptr<Node>;

// bison's YYMAXDEPTH: the parser stack holds at most this many entries, then "memory exhausted".
constexpr int kStackLimit = 10000;

// A hand-written parser for the two precedence levels of the grammar: "and" and "or" bind alike
// and loosest, left to right; comparisons, "=~" and prefix "!" bind alike and tighter, so
// "!A == B" is "(!A) == B". One loop reads the tokens; open parentheses wait on an explicit
// stack, not in recursion, since 2.42 takes 9996 of them. To fail where bison fails, the parser
// counts the entries bison's stack would hold and reports what bison reports in each state:
// after a complete expression at the top, "expecting end of file"; elsewhere only the unexpected
// token (bison lists no more than four expected tokens, and these states expect more).
class Parser {
  public:
    Parser(std::vector<Token> tokens, std::vector<std::string>& holders)
        : tokens_(std::move(tokens)), holders_(holders) {}

    Result<NodePtr> run() {
        std::vector<Level> levels(1);
        while (true) {
            Level& in = levels.back();
            for (; peek().kind == Tok::kNot; ++in.negations) NSCTL_TRY(shift());
            if (peek().kind == Tok::kLParen) {
                NSCTL_TRY(shift());
                levels.emplace_back();
                continue;
            }
            NodePtr node = NSCTL_TRY(param());
            while (true) {  // `node` completes an operand of the innermost level
                Level& level = levels.back();
                NSCTL_TRY(take_operand(level, std::move(node)));
                if (is_binary(peek().kind)) {
                    NSCTL_TRY(take_operator(level));
                    break;
                }
                node = NSCTL_TRY(finish(level));
                if (levels.size() == 1) {
                    if (peek().kind != Tok::kEnd) return unexpected(", expecting end of file");
                    return node;
                }
                if (peek().kind != Tok::kRParen) return unexpected();
                NSCTL_TRY(shift());
                depth_ -= 2;
                levels.pop_back();
            }
        }
    }

  private:
    // One parenthesized expression being read: "pending OP cur OP !!<operand>".
    struct Level {
        NodePtr pending;  // the left side of an "and"/"or" waiting for its right side
        Tok pending_op = Tok::kEnd;
        NodePtr cur;             // the operand or comparison read last
        Tok cmp_op = Tok::kEnd;  // a comparison waiting for its right operand
        int negations = 0;       // "!"s in front of the operand being read
    };

    const Token& peek() const { return tokens_[pos_]; }

    Status shift() {
        if (++depth_ >= kStackLimit) return Error{EINVAL, "memory exhausted"};
        if (peek().kind != Tok::kEnd) ++pos_;
        return {};
    }

    Error unexpected(const char* expecting = "") const {
        return Error{EINVAL, std::string("syntax error, unexpected ") +
                                 kTokenNames[static_cast<int>(peek().kind)] + expecting};
    }

    // "!" binds only its operand, and a comparison binds tighter than "and"/"or".
    Status take_operand(Level& level, NodePtr node) {
        for (; level.negations > 0; --level.negations, --depth_) {
            auto neg = std::make_unique<Node>();
            neg->kind = Node::Kind::kExpr;
            neg->op = Tok::kNot;
            neg->right = std::move(node);
            node = std::move(neg);
        }
        if (level.cmp_op != Tok::kEnd) {
            node = NSCTL_TRY(binary(level.cmp_op, std::move(level.cur), std::move(node)));
            level.cmp_op = Tok::kEnd;
        }
        level.cur = std::move(node);
        return {};
    }

    // Operators of one level group to the left: "A == B == C" is "(A == B) == C" and
    // "A || B && C" is "(A || B) && C".
    Status take_operator(Level& level) {
        Tok op = peek().kind;
        if (op == Tok::kAnd || op == Tok::kOr) {
            level.pending = NSCTL_TRY(finish(level));
            level.pending_op = op;
        } else {
            level.cmp_op = op;
        }
        return shift();
    }

    Result<NodePtr> finish(Level& level) {
        if (!level.pending) return std::move(level.cur);
        return binary(level.pending_op, std::move(level.pending), std::move(level.cur));
    }

    Result<NodePtr> param() {
        const Token& t = peek();
        auto node = std::make_unique<Node>();
        switch (t.kind) {
            case Tok::kNumber:
                node->value = Value{Type::kU64, false, {}, t.num};
                break;
            case Tok::kFloat:
                node->value = Value{Type::kFloat, false, {}, 0, t.fnum};
                break;
            case Tok::kString:
                node->value = Value{Type::kString, false, t.text};
                break;
            case Tok::kTrue:
            case Tok::kFalse:
                node->value = Value{Type::kBool, false, {}, 0, 0, t.kind == Tok::kTrue};
                break;
            case Tok::kHolder:
                node->kind = Node::Kind::kHolder;
                node->holder = t.text;
                if (seen_.insert(t.text).second) holders_.push_back(t.text);
                break;
            case Tok::kBadNumber:
                NSCTL_TRY(shift());
                return Error{EINVAL, t.text};
            default:
                return unexpected();
        }
        NSCTL_TRY(shift());
        return node;
    }

    Result<NodePtr> binary(Tok op, NodePtr left, NodePtr right) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::kExpr;
        node->op = op;
        bool regex_op = is_regex_op(op);
        const Node& r = *right;
        if (regex_op && r.kind == Node::Kind::kParam && r.value.type == Type::kString) {
            node->regex = NSCTL_TRY(compile(*r.value.str));
        } else if (regex_op && (r.kind != Node::Kind::kExpr || r.op == Tok::kNot)) {
            // libsmartcols finds no pattern string and prints its NULL message as glibc does.
            // (2.42 crashes on a non-zero number or "true" here; a comparison on the right
            // usually gets through and fails at evaluation, as it does here.)
            return Error{EINVAL, "(null)"};
        }
        node->left = std::move(left);
        node->right = std::move(right);
        depth_ -= 2;
        return node;
    }

    std::vector<Token> tokens_;
    size_t pos_ = 0;
    int depth_ = 1;  // entries on the bison stack: the initial state
    std::vector<std::string>& holders_;
    std::unordered_set<std::string> seen_;
};

Error apply_error(int code) { return Error{code, "failed to apply filter"}; }

template <typename T>
bool ordered(Tok op, const T& a, const T& b) {
    switch (op) {
        case Tok::kEq:
            return a == b;
        case Tok::kNe:
            return a != b;
        case Tok::kLt:
            return a < b;
        case Tok::kLe:
            return a <= b;
        case Tok::kGt:
            return a > b;
        default:
            return a >= b;
    }
}

// An empty string cell sorts before every string, even "".
int string_order(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
    return a->compare(*b);
}

Result<bool> compare_values(Tok op, const Value& l, const Value& r, const regex_t* re) {
    bool regex_op = is_regex_op(op);
    if (l.type == Type::kString) {
        if (!regex_op) return ordered(op, string_order(l.str, r.str), 0);
        if (!re) return apply_error(0);
        bool hit = regexec(re, l.str ? l.str->c_str() : "", 0, nullptr, 0) == 0;
        return hit == (op == Tok::kReg);
    }
    if (l.empty || r.empty) return false;
    if (regex_op) return apply_error(0);  // libsmartcols fails without setting errno
    if (l.type == Type::kU64) return ordered(op, l.num, r.num);
    if (l.type == Type::kFloat) return ordered(op, l.fnum, r.fnum);
    return ordered(op, l.boolean, r.boolean);
}

// Evaluates with an explicit stack of the nodes in progress, not by recursion: left-nested chains
// ("A == B == C ...") are as deep as the expression is long. A node goes through stages; one
// that needs a subexpression first has it pushed, and its value comes back in `last_`.
class Evaluator {
  public:
    using Lookup = std::function<CellValue(std::string_view holder)>;
    explicit Evaluator(const Lookup& lookup) : lookup_(lookup) {}

    Result<bool> run(const Node& root) {
        std::vector<Frame> stack{Frame{&root}};
        while (!stack.empty()) {
            const Node* child = nullptr;
            bool done = NSCTL_TRY(advance(stack.back(), &child));
            if (done) {
                stack.pop_back();
            } else if (child) {
                stack.push_back(Frame{child});
            }
        }
        return last_;
    }

  private:
    struct Frame {
        const Node* node;
        int stage = 0;
        Type want = Type::kBool;  // of a comparison: the type both sides are converted to
        Value left;
        std::optional<CellValue> lcell, rcell;
    };

    static Result<bool> wait_for(const Node& n, const Node** child) {
        *child = &n;
        return false;
    }

    // Takes a node one stage further; true when its value is in last_.
    Result<bool> advance(Frame& f, const Node** child) {
        const Node& n = *f.node;
        int stage = f.stage++;
        if (n.kind != Node::Kind::kExpr) {
            last_ = NSCTL_TRY(truth(n));
            return true;
        }
        if (n.op == Tok::kNot) {
            if (stage == 0) return wait_for(*n.right, child);
            last_ = !last_;
            return true;
        }
        if (n.op != Tok::kAnd && n.op != Tok::kOr) return compare(f, stage, child);
        if (stage == 0) return wait_for(*n.left, child);
        // "and" goes on while true, "or" while false; otherwise last_ is the left side's value.
        if (stage == 1 && last_ == (n.op == Tok::kAnd)) return wait_for(*n.right, child);
        return true;
    }

    // Both sides are converted to one type first, the left side (and its errors) first.
    Result<bool> compare(Frame& f, int stage, const Node** child) {
        const Node& l = *f.node->left;
        const Node& r = *f.node->right;
        if (stage == 0) {
            if (l.kind == Node::Kind::kHolder) f.lcell = lookup_(l.holder);
            if (r.kind == Node::Kind::kHolder) f.rcell = lookup_(r.holder);
            f.want = common_type(l, declared(l, f.lcell), r, declared(r, f.rcell));
            if (l.kind == Node::Kind::kExpr) return wait_for(l, child);
        }
        if (stage <= 1) {
            f.left = NSCTL_TRY(operand(l, f.lcell, f.want));
            f.stage = 3;
            if (r.kind == Node::Kind::kExpr) return wait_for(r, child);
        }
        Value right = NSCTL_TRY(operand(r, f.rcell, f.want));
        // The pattern belongs to the literal: a converted copy has none.
        bool pattern = f.node->regex && r.kind == Node::Kind::kParam && r.value.type == f.want;
        last_ = NSCTL_TRY(
            compare_values(f.node->op, f.left, right, pattern ? f.node->regex.get() : nullptr));
        return true;
    }

    // A cell is read as a string and converted to its column's type: "unassigned" in a number
    // column fails here, whatever it is compared with.
    Result<Value> fetch(const CellValue& cell) {
        Value v = string_value(cell.text);
        if (int err = cast(v, column_type(cell.type)); err != 0) return apply_error(err);
        return v;
    }

    Result<bool> truth(const Node& n) {
        Value v = n.value;
        if (n.kind == Node::Kind::kHolder) v = NSCTL_TRY(fetch(lookup_(n.holder)));
        if (v.empty) return false;
        if (v.type == Type::kString) return v.str && !v.str->empty();
        if (v.type == Type::kU64) return v.num != 0;
        return v.type == Type::kFloat ? v.fnum != 0 : v.boolean;
    }

    static Type declared(const Node& n, const std::optional<CellValue>& cell) {
        if (n.kind == Node::Kind::kExpr) return Type::kBool;
        return n.kind == Node::Kind::kHolder ? column_type(cell->type) : n.value.type;
    }

    // A literal's type beats a column's, the left side's wins otherwise, a float beats a number.
    static Type common_type(const Node& l, Type lt, const Node& r, Type rt) {
        if (lt == rt) return lt;
        bool l_holder = l.kind == Node::Kind::kHolder, r_holder = r.kind == Node::Kind::kHolder;
        Type t = l_holder && !r_holder ? rt : lt;
        if (t == Type::kU64 && (lt == Type::kFloat || rt == Type::kFloat)) t = Type::kFloat;
        return t;
    }

    // One side of a comparison; a subexpression's value is in last_.
    Result<Value> operand(const Node& n, const std::optional<CellValue>& cell, Type want) {
        Value v = n.value;
        if (n.kind == Node::Kind::kExpr) {
            v = Value{Type::kBool};
            v.boolean = last_;
        } else if (n.kind == Node::Kind::kHolder) {
            v = NSCTL_TRY(fetch(*cell));
        }
        if (v.type == want) return v;
        v = copy_of(v);
        if (int err = cast(v, want); err != 0) return apply_error(err);
        return v;
    }

    const Lookup& lookup_;
    bool last_ = false;
};

}  // namespace

Filter::Filter() = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;
Filter::~Filter() = default;

Result<Filter> Filter::parse(std::string_view expr) {
    expr = expr.substr(0, expr.find('\0'));  // util-linux gets a C string
    Filter filter;
    if (expr.empty()) return filter;  // not an error: it matches every line
    Scanner scanner(expr);
    Parser parser(scanner.run(), filter.holders_);
    filter.root_ = NSCTL_TRY(parser.run());
    filter.echoed_ = std::move(scanner.echoed);
    return filter;
}

const std::vector<std::string>& Filter::holders() const { return holders_; }

const std::string& Filter::echoed() const { return echoed_; }

Result<bool> Filter::matches(
    const std::function<CellValue(std::string_view holder)>& lookup) const {
    if (!root_) return true;
    return Evaluator(lookup).run(*root_);
}

}  // namespace nsctl::output
