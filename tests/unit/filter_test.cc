// SPDX-License-Identifier: GPL-2.0-or-later
// The scols-filter(5) language against what util-linux 2.42.4's lsns does. Every message and truth
// value below was observed with `lsns -Q EXPR` (2.42.4) on rows like these, unless its comment
// says it follows from libsmartcols' source because lsns has no such cell to show it.
#include "output/filter.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace nsctl::output {
namespace {

using Row = std::map<std::string, CellValue>;

CellValue num(const char* text) { return CellValue{text, JsonType::kNumber}; }
CellValue str(const char* text) { return CellValue{text, JsonType::kString}; }
CellValue empty_str() { return CellValue{std::nullopt, JsonType::kString}; }
CellValue empty_num() { return CellValue{std::nullopt, JsonType::kNumber}; }

// Three lines of `lsns` output: the init mount namespace, the init network namespace and the
// mount namespace of kdevtmpfs.
Row mnt_row() {
    return {{"NS", num("4026531832")}, {"TYPE", str("mnt")},  {"NPROCS", num("70")},
            {"PID", num("2")},         {"PPID", num("0")},    {"COMMAND", str("kthreadd")},
            {"NETNSID", empty_str()},  {"NSFS", empty_str()}, {"PNS", num("0")}};
}
Row net_row() {
    Row r = mnt_row();
    r["NS"] = num("4026531833");
    r["TYPE"] = str("net");
    r["NPROCS"] = num("71");
    r["NETNSID"] = str("unassigned");
    return r;
}
Row kdev_row() {
    Row r = mnt_row();
    r["NS"] = num("4026531860");
    r["NPROCS"] = num("1");
    r["PID"] = num("25");
    r["PPID"] = num("2");
    r["COMMAND"] = str("kdevtmpfs");
    return r;
}

Result<bool> eval(const std::string& expr, const Row& row) {
    auto f = Filter::parse(expr);
    if (!f) return Error{-1, "parse: " + f.error().context};
    return f->matches([&](std::string_view holder) {
        auto it = row.find(std::string(holder));
        return it == row.end() ? CellValue{} : it->second;
    });
}

// Expects `expr` to evaluate without error to `want` on `row`.
void expect_truth(const std::string& expr, const Row& row, bool want) {
    Result<bool> r = eval(expr, row);
    ASSERT_TRUE(r) << expr << ": " << r.error().context;
    EXPECT_EQ(*r, want) << expr;
}

void expect_eval_error(const std::string& expr, const Row& row, int code) {
    Result<bool> r = eval(expr, row);
    ASSERT_FALSE(r) << expr;
    EXPECT_EQ(r.error().context, "failed to apply filter") << expr;
    EXPECT_EQ(r.error().code, code) << expr;
}

std::string parse_error(const std::string& expr) {
    auto f = Filter::parse(expr);
    if (f) return "(parsed)";
    EXPECT_EQ(f.error().code, EINVAL) << expr;
    return f.error().context;
}

TEST(FilterParse, SyntaxErrorsAsUtilLinux) {
    const std::pair<const char*, const char*> cases[] = {
        {"NS >", "syntax error, unexpected end of file"},
        {" ", "syntax error, unexpected end of file"},
        {"\n", "syntax error, unexpected end of file"},
        {"@", "syntax error, unexpected end of file"},
        {"(NS", "syntax error, unexpected end of file"},
        {"((NS)", "syntax error, unexpected end of file"},
        {"!", "syntax error, unexpected end of file"},
        {"NS or", "syntax error, unexpected end of file"},
        {"NS NE", "syntax error, unexpected end of file"},
        {"NS == NOT", "syntax error, unexpected end of file"},
        {"NS)", "syntax error, unexpected ')', expecting end of file"},
        {"NS))", "syntax error, unexpected ')', expecting end of file"},
        {"NS (", "syntax error, unexpected '(', expecting end of file"},
        {"NS NS", "syntax error, unexpected HOLDER, expecting end of file"},
        {"NS == 1 2", "syntax error, unexpected NUMBER, expecting end of file"},
        {"NS = 1", "syntax error, unexpected NUMBER, expecting end of file"},  // '=' is skipped
        {"NS == 1.5 NS", "syntax error, unexpected HOLDER, expecting end of file"},
        {"NS true", "syntax error, unexpected TRUE, expecting end of file"},
        {"NS false", "syntax error, unexpected FALSE, expecting end of file"},
        {"NS !", "syntax error, unexpected NEG, expecting end of file"},
        {"1Ki", "syntax error, unexpected HOLDER, expecting end of file"},
        {"NS==\"x\"y", "syntax error, unexpected HOLDER, expecting end of file"},
        {"TYPE =~ \"a\" \"b\"", "syntax error, unexpected STRING, expecting end of file"},
        {"\"a\" 'b", "syntax error, unexpected invalid token, expecting end of file"},
        {"'abc", "syntax error, unexpected invalid token"},
        {"NS == 'x", "syntax error, unexpected invalid token"},
        {"(NS NS", "syntax error, unexpected HOLDER"},
        {"(NS == 1 2)", "syntax error, unexpected NUMBER"},
        {"NS == (1 2)", "syntax error, unexpected NUMBER"},
        {")", "syntax error, unexpected ')'"},
        {"()", "syntax error, unexpected ')'"},
        {"==", "syntax error, unexpected EQ"},
        {"eq", "syntax error, unexpected EQ"},
        {"NS || ||", "syntax error, unexpected OR"},
        {"&& NS", "syntax error, unexpected AND"},
        {"< 1", "syntax error, unexpected LT"},
        {"<= 1", "syntax error, unexpected LE"},
        {"> 1", "syntax error, unexpected GT"},
        {">= 1", "syntax error, unexpected GE"},
        {"=~ 1", "syntax error, unexpected REG"},
        {"!~ 1", "syntax error, unexpected NREG"},
        {"NS 99999999999999999999K",
         "syntax error, unexpected INVALID_NUMBER, expecting end of file"},
    };
    for (const auto& [expr, message] : cases) EXPECT_EQ(parse_error(expr), message) << expr;
}

TEST(FilterParse, NumberAndRegexErrors) {
    const std::pair<const char*, const char*> cases[] = {
        {"99999999999999999999K",
         "\"99999999999999999999K\" token error: Numerical result out of range"},
        {"NS == 1Y", "\"1Y\" token error: Numerical result out of range"},
        {"16E", "\"16E\" token error: Numerical result out of range"},
        {"08K", "\"08K\" token error: Invalid argument"},  // base 0: "0" is octal
        {"NS =~ \"(\"", "Unmatched ( or \\("},
        {"TYPE =~ \"a{1\" ", "Unmatched \\{"},
        {"TYPE =~ \"*a\"", "Invalid preceding regular expression"},
        {"TYPE =~ \"+\"", "Invalid preceding regular expression"},
        // The pattern compiles as soon as its operand is complete, before later syntax errors.
        {"TYPE =~ \"[\" \"b\"", "Invalid regular expression"},
        {"TYPE =~ \"[\"  )", "Invalid regular expression"},
        {"(TYPE =~ \"[\" ", "Invalid regular expression"},
        {"TYPE == \"x\" =~ \"[\"", "Invalid regular expression"},
        {"TYPE =~ \"[\" == 1", "Invalid regular expression"},
        // No string on the right of =~: libsmartcols prints its NULL message.
        {"NS =~ NS", "(null)"},
        {"NS =~ 0", "(null)"},
        {"NS =~ false", "(null)"},
        {"NS =~ !TYPE", "(null)"},
    };
    for (const auto& [expr, message] : cases) EXPECT_EQ(parse_error(expr), message) << expr;
}

// bison's stack holds 10000 entries: 9996 parentheses around a name fit, 9997 do not.
TEST(FilterParse, StackLimitAsBison) {
    auto parens = [](int n) { return std::string(n, '(') + "NS" + std::string(n, ')'); };
    EXPECT_TRUE(Filter::parse(parens(9996)));
    EXPECT_EQ(parse_error(parens(9997)), "memory exhausted");
    EXPECT_TRUE(Filter::parse(std::string(9997, '!') + "NS"));
    EXPECT_EQ(parse_error(std::string(9998, '!') + "NS"), "memory exhausted");
}

TEST(FilterParse, HoldersAsWrittenUniqueInOrder) {
    auto f = Filter::parse("TYPE == 'net' && type != \"x\" || NS > PID && TYPE && !ns-x.y%z");
    ASSERT_TRUE(f) << f.error().context;
    EXPECT_EQ(f->holders(), (std::vector<std::string>{"TYPE", "type", "NS", "PID", "ns-x.y%z"}));
    // Keywords are all-lower or all-upper case only.
    auto k = Filter::parse("And and Or OR True");
    ASSERT_TRUE(k) << k.error().context;
    EXPECT_EQ(k->holders(), (std::vector<std::string>{"And", "Or", "True"}));
}

TEST(FilterParse, EmptyExpressionMatchesEverything) {
    auto f = Filter::parse("");
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->holders().empty());
    auto r = f->matches([](std::string_view) { return CellValue{}; });
    ASSERT_TRUE(r);
    EXPECT_TRUE(*r);
    EXPECT_TRUE(Filter::parse(std::string("\0NS >", 5)));  // util-linux sees a C string
}

// Characters that start no token are skipped; lsns copies them to stdout ("@" before the table).
TEST(FilterParse, SkippedCharactersAreEchoed) {
    auto f = Filter::parse("NS @ & | = ~ . _ \r");
    ASSERT_TRUE(f) << f.error().context;
    EXPECT_EQ(f->echoed(), "@&|=~._\r");
    auto q = Filter::parse("NS == \"x");  // an unterminated string: '"' skipped, x a column
    ASSERT_TRUE(q);
    EXPECT_EQ(q->echoed(), "\"");
    EXPECT_EQ(q->holders(), (std::vector<std::string>{"NS", "x"}));
}

TEST(FilterEval, ObservedWithLsns) {
    const Row mnt = mnt_row(), net = net_row(), kdev = kdev_row();
    expect_truth("TYPE == \"net\"", net, true);
    expect_truth("TYPE == \"net\"", mnt, false);
    expect_truth("TYPE eq 'net'", net, true);
    expect_truth("\"net\" == TYPE", net, true);
    expect_truth("TYPE == \" net \"", net, true);  // literals are trimmed
    expect_truth("TYPE == \"NET\"", net, false);
    expect_truth("TYPE < \"n\"", mnt, true);
    expect_truth("NPROCS > 10", mnt, true);
    expect_truth("NPROCS > 10", kdev, false);
    expect_truth("NPROCS < 1K", mnt, true);
    expect_truth("NPROCS > 69.5", mnt, true);
    expect_truth("NPROCS == 70.0", mnt, true);
    expect_truth("NETNSID == \"unassigned\"", net, true);
    expect_truth("NETNSID == \"unassigned\"", mnt, false);
    expect_truth("COMMAND =~ \"^kth\"", mnt, true);
    expect_truth("COMMAND =~ \"KTH\"", mnt, false);  // case-sensitive
    expect_truth("TYPE !~ \"t\"", mnt, false);
    expect_truth("NPROCS =~ \"^7\"", mnt, true);  // a number column matched as text
    expect_truth("PID < 100 && !(TYPE eq \"mnt\")", net, true);
    expect_truth("PID < 100 && !(TYPE eq \"mnt\")", mnt, false);
    expect_truth("NS >= 4026531833 and NS lt 4026531860", net, true);
}

TEST(FilterEval, BareOperandsAreTruthValues) {
    const Row mnt = mnt_row(), net = net_row(), kdev = kdev_row();
    expect_truth("NSFS", mnt, false);  // empty
    expect_truth("!NSFS", mnt, true);
    expect_truth("NETNSID", net, true);
    expect_truth("not NETNSID", mnt, true);
    expect_truth("PPID", mnt, false);  // 0
    expect_truth("PPID", kdev, true);
    expect_truth("1", mnt, true);
    expect_truth("0", mnt, false);
    expect_truth("\"abc\"", mnt, true);
    expect_truth("\"\"", mnt, false);
    expect_truth("\" \"", mnt, false);
    expect_truth("true", mnt, true);
    expect_truth("FALSE", mnt, false);
}

// "and" and "or" bind alike, left to right; "!" binds like a comparison, to its operand only.
TEST(FilterEval, Precedence) {
    const Row mnt = mnt_row();
    expect_truth("PID == 2 || TYPE == \"net\" && NPROCS < 5", mnt, false);
    expect_truth("PID == 2 || (TYPE == \"net\" && NPROCS < 5)", mnt, true);
    expect_truth("NPROCS < 5 && TYPE == \"net\" || PID == 2", mnt, true);
    expect_truth("!TYPE == \"mnt\"", mnt, true);  // (!TYPE) == "mnt": false == false
    expect_truth("!(TYPE == \"mnt\")", mnt, false);
    expect_truth("NPROCS > 10 == 1", mnt, true);  // (NPROCS > 10) == 1
    expect_truth("1 == 1 == 1", mnt, true);
    expect_truth("2 == 2 == 2", mnt, true);  // (2 == 2) == 2, compared as booleans
    expect_truth("2 == 2 == 0", mnt, false);
}

// The type of a comparison: a literal's beats a column's, else the left side's; a float beats a
// number. Cells convert first to their column's type.
TEST(FilterEval, TypeRules) {
    const Row mnt = mnt_row(), net = net_row(), kdev = kdev_row();
    expect_truth("NPROCS > \"10\"", mnt, true);  // compared as strings
    expect_truth("PID > \"3\"", kdev, false);    // "25" < "3"
    expect_truth("PID > 3", kdev, true);
    expect_truth("NPROCS == \"070\"", mnt, false);
    expect_truth("PID == \"2\"", mnt, true);
    expect_truth("1 == 1.0", mnt, true);
    expect_truth("\"1\" == 1", mnt, true);
    expect_truth("\"a\" == 1", mnt, false);
    expect_truth("2 > \"10\"", mnt, false);
    expect_truth("\"2\" > 10", mnt, true);
    expect_truth("\"1.5\" == 1.5", mnt, true);
    expect_truth("\"1e+06\" == 1000000.0", mnt, true);  // %Lg
    expect_truth("1.5 < \"nan\"", mnt, false);
    expect_truth("1.5 != \"nan\"", mnt, true);
    expect_truth("TYPE == true", mnt, false);
    expect_truth("NPROCS == true", mnt, true);
    expect_truth("PPID == false", mnt, true);
    expect_truth("PPID < true", kdev, false);
    expect_truth("true == \"yes\"", mnt, true);   // rpmatch()
    expect_truth("\"yes\" == true", mnt, false);  // compared as strings: "yes" != "true"
    expect_truth("010K == 8K", mnt, true);
    expect_truth("99999999999999999999 == 18446744073709551615", mnt, true);  // saturates
    expect_eval_error("TYPE == 5", mnt, EINVAL);
    expect_eval_error("TYPE > 5", mnt, EINVAL);
    expect_eval_error("1 == \"a\"", mnt, EINVAL);
    expect_eval_error("NETNSID == 5", net, EINVAL);
    expect_truth("NETNSID == 5", mnt, false);  // an empty cell converts to an empty number
    // No errno is set when =~ meets a non-string comparison; lsns prints "Success".
    expect_eval_error("1 =~ \"1\"", mnt, 0);
    expect_eval_error("NS =~ (TYPE == \"x\")", mnt, 0);
}

TEST(FilterEval, EmptyCells) {
    const Row mnt = mnt_row();
    expect_truth("NSFS == 0", mnt, false);
    expect_truth("NSFS != 0", mnt, false);
    expect_truth("NSFS < 1.5", mnt, false);
    expect_truth("NSFS == \"\"", mnt, false);  // empty sorts before every string
    expect_truth("NSFS != \"\"", mnt, true);
    expect_truth("NSFS != \"x\"", mnt, true);
    expect_truth("NSFS =~ \"^$\"", mnt, true);
    expect_truth("NSFS !~ \"x\"", mnt, true);
    // From libsmartcols' source (lsns never leaves a number cell empty): an empty number cell
    // fails number comparisons, but a converted copy of it is 0.
    Row r = mnt;
    r["PNS"] = empty_num();
    expect_truth("PNS == 0", r, false);
    expect_truth("PNS != 0", r, false);
    expect_truth("PNS", r, false);
    expect_truth("PNS < 1.5", r, true);
    expect_truth("PNS == \"0\"", r, true);
}

TEST(FilterEval, CellsAreReadLikeLiterals) {
    Row r = mnt_row();
    r["COMMAND"] = str("\"q 600");  // observed: argv[0] "\"q" shows as "q 600 in lsns
    expect_truth("COMMAND == 'q 600'", r, true);
    expect_truth("COMMAND =~ '^q'", r, true);
    r["COMMAND"] = str("'q'");  // from libsmartcols' source: a closing twin goes too
    expect_truth("COMMAND == \"q\"", r, true);
    r["COMMAND"] = str("  sleep 1 ");
    expect_truth("COMMAND == \"sleep 1\"", r, true);
    r["PID"] = num("abc");
    expect_eval_error("PID", r, EINVAL);
    expect_eval_error("PID == \"abc\"", r, EINVAL);  // converts to the column's type first
    r["PID"] = num("-5");
    expect_eval_error("PID > 1", r, ERANGE);
    r["FLAG"] = CellValue{"Yes", JsonType::kBoolean};
    expect_truth("FLAG", r, true);
    expect_truth("FLAG == 1", r, true);
}

TEST(FilterEval, ShortCircuitLooksUpOnlyWhatIsNeeded) {
    auto f = Filter::parse("TYPE == \"net\" && NETNSID == 5 || NPROCS");
    ASSERT_TRUE(f);
    std::vector<std::string> asked;
    Row mnt = mnt_row();
    auto r = f->matches([&](std::string_view h) {
        asked.emplace_back(h);
        return mnt.at(std::string(h));
    });
    ASSERT_TRUE(r);
    EXPECT_TRUE(*r);
    EXPECT_EQ(asked, (std::vector<std::string>{"TYPE", "NPROCS"}));
    expect_eval_error("TYPE == \"net\" && NETNSID == 5", net_row(), EINVAL);
}

// lsns 2.42 takes a 43000-link chain; neither parsing, evaluating nor freeing may recurse on it.
TEST(FilterEval, LongChainsAndDeepNesting) {
    std::string chain = "1";
    for (int i = 0; i < 43000; ++i) chain += "==1";
    expect_truth(chain, mnt_row(), true);
    std::string ands = "NS";
    for (int i = 0; i < 10000; ++i) ands += i % 2 ? " && NS" : " || !NSFS";
    expect_truth(ands, mnt_row(), true);
    std::string nested;
    for (int i = 0; i < 3000; ++i) nested += "(NS == ";
    nested += "NS" + std::string(3000, ')');
    expect_truth(nested, mnt_row(), true);  // NS == NS, then NS == true as booleans
    expect_truth(std::string(9997, '!') + "NSFS", mnt_row(), true);
}

// Random and mutated input must never crash (run under -fsanitize=address,undefined too), and
// every failure must carry util-linux's kind of message.
TEST(FilterFuzz, NeverCrashes) {
    const std::vector<std::string> pieces = {"NS",
                                             "TYPE",
                                             "NSFS",
                                             "PID",
                                             "FLAG",
                                             "1",
                                             "0",
                                             "1.5",
                                             "1K",
                                             "08K",
                                             "9999999999999999999999K",
                                             "\"net\"",
                                             "'x'",
                                             "\"[\"",
                                             "\"^k\"",
                                             "\"\"",
                                             "==",
                                             "!=",
                                             "<",
                                             ">=",
                                             "=~",
                                             "!~",
                                             "&&",
                                             "||",
                                             "!",
                                             "not",
                                             "and",
                                             "OR",
                                             "eq",
                                             "true",
                                             "FALSE",
                                             "(",
                                             ")",
                                             "(",
                                             ")",
                                             "\"",
                                             "'",
                                             "@",
                                             "=",
                                             "\n",
                                             "\t",
                                             " ",
                                             " ",
                                             " ",
                                             "-",
                                             "K",
                                             "iB",
                                             ".",
                                             "\xff",
                                             std::string(1, '\0')};
    std::mt19937 rng(20240601);
    Row row = mnt_row();
    row["FLAG"] = CellValue{"y", JsonType::kBoolean};
    int parsed = 0;
    for (int i = 0; i < 5000; ++i) {
        std::string expr;
        int n = 1 + static_cast<int>(rng() % 12);
        for (int j = 0; j < n; ++j) expr += pieces[rng() % pieces.size()];
        if (rng() % 4 == 0 && !expr.empty()) expr[rng() % expr.size()] = static_cast<char>(rng());
        auto f = Filter::parse(expr);
        if (!f) {
            EXPECT_EQ(f.error().code, EINVAL);
            EXPECT_FALSE(f.error().context.empty()) << expr;
            continue;
        }
        ++parsed;
        auto r = f->matches([&](std::string_view h) {
            auto it = row.find(std::string(h));
            return it == row.end() ? CellValue{} : it->second;
        });
        if (!r) {
            EXPECT_EQ(r.error().context, "failed to apply filter") << expr;
        }
    }
    EXPECT_GT(parsed, 500);  // the generator reaches the evaluator, not only the parser
}

}  // namespace
}  // namespace nsctl::output
