// Parser: syntax errors say where (line, column, caret) and what was expected.
#include <gtest/gtest.h>

#include <string>

#include "query/parser/parser.h"
#include "query/parser/syntax_error.h"

namespace actorgraph::query {
namespace {

std::string ErrorOf(std::string_view text) {
  auto r = Parse(text);
  EXPECT_FALSE(r.ok()) << text << " parsed";
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  return r.status().message();
}

// Only the first line: "syntax error at line L, column C: ...".
std::string Headline(std::string_view text) {
  const std::string m = ErrorOf(text);
  return m.substr(0, m.find('\n'));
}

TEST(ParserErrorTest, MessageHasPositionSourceLineAndCaret) {
  EXPECT_EQ(ErrorOf("MATCH (n)\nMATCH (a:Actor AND a.name = 'x')\nRETURN a"),
            "syntax error at line 2, column 16: expected ')' but found 'AND'\n"
            "  MATCH (a:Actor AND a.name = 'x')\n"
            "                 ^");
}

TEST(ParserErrorTest, EndOfInput) {
  EXPECT_EQ(ErrorOf("MATCH (a"),
            "syntax error at line 1, column 9: expected ')' but found end of input\n"
            "  MATCH (a\n"
            "          ^");
  EXPECT_EQ(Headline(""),
            "syntax error at line 1, column 1: expected a clause such as MATCH, "
            "CREATE or RETURN but found end of input");
  EXPECT_EQ(Headline("RETURN"),
            "syntax error at line 1, column 7: expected an expression but found end of input");
  EXPECT_EQ(Headline("RETURN 1 +"),
            "syntax error at line 1, column 11: expected an expression but found end of input");
  EXPECT_EQ(Headline("RETURN [1, 2"),
            "syntax error at line 1, column 13: expected ',' or ']' but found end of input");
  EXPECT_EQ(Headline("RETURN CASE WHEN a THEN b"),
            "syntax error at line 1, column 26: expected WHEN, ELSE or END but found end of input");
}

TEST(ParserErrorTest, WrongClauseKeyword) {
  EXPECT_EQ(ErrorOf("MATCH (n) RETRUN n"),
            "syntax error at line 1, column 11: expected a clause such as MATCH, CREATE or RETURN "
            "but found 'RETRUN'\n"
            "  MATCH (n) RETRUN n\n"
            "            ^");
  EXPECT_EQ(Headline("SELECT * FROM t"),
            "syntax error at line 1, column 1: expected a clause such as MATCH, CREATE or RETURN "
            "but found 'SELECT'");
  EXPECT_EQ(Headline("RETURN 1 RETURN 2"),
            "syntax error at line 1, column 10: expected UNION, ';' or end of input but found "
            "'RETURN'");
  EXPECT_EQ(
      Headline("RETURN 1; RETURN 2"),
      "syntax error at line 1, column 11: expected end of input after ';' but found 'RETURN'");
}

TEST(ParserErrorTest, PatternMistakes) {
  EXPECT_EQ(Headline("MATCH (a)-(b) RETURN a"),
            "syntax error at line 1, column 11: expected '[' or '-' but found '('");
  EXPECT_EQ(Headline("MATCH (a)-[r:T->(b) RETURN a"),
            "syntax error at line 1, column 15: expected ']' but found '-'");
  // An empty length range is legal openCypher (it matches nothing).
  EXPECT_TRUE(Parse("MATCH (a)-[*3..1]->(b) RETURN a").ok());
  EXPECT_EQ(Headline("MATCH (a)-[* SHORTEST]-(b)-->(c) RETURN c"),
            "syntax error at line 1, column 14: SHORTEST needs a pattern with exactly one "
            "relationship, such as (a)-[* SHORTEST 1..5]-(b)");
  EXPECT_EQ(Headline("MATCH shortestPath((a)-[* SHORTEST]-(b)) RETURN b"),
            "syntax error at line 1, column 27: SHORTEST inside shortestPath(...): write one or "
            "the other");
  EXPECT_EQ(Headline("MATCH p = shortestPath((a)-->(b)-->(c)) RETURN p"),
            "syntax error at line 1, column 11: shortestPath needs a pattern with exactly one "
            "relationship, such as (a)-[*..5]-(b)");
  EXPECT_EQ(Headline("MATCH a RETURN a"),
            "syntax error at line 1, column 7: expected '(' to start a node pattern but found 'a'");
}

TEST(ParserErrorTest, ReservedWordsAsNames) {
  EXPECT_EQ(Headline("MATCH (end) RETURN end"),
            "syntax error at line 1, column 8: expected a variable but found reserved word 'end' "
            "(write `end` to use it as a name)");
  EXPECT_EQ(Headline("RETURN 1 AS order"),
            "syntax error at line 1, column 13: expected an alias but found reserved word 'order' "
            "(write `order` to use it as a name)");
  EXPECT_EQ(Headline("MATCH (n) WHERE RETURN n"),
            "syntax error at line 1, column 17: expected an expression but found 'RETURN'");
}

TEST(ParserErrorTest, ClauseStructure) {
  EXPECT_EQ(Headline("CREATE (a) MATCH (b) RETURN b"),
            "syntax error at line 1, column 12: WITH is required between CREATE and MATCH");
  EXPECT_EQ(Headline("MATCH (n)"),
            "syntax error at line 1, column 10: a query cannot end with MATCH: finish it with "
            "RETURN or an updating clause");
  EXPECT_EQ(Headline("MATCH (n) WITH n.x RETURN 1"),
            "syntax error at line 1, column 16: an expression in WITH must be aliased (use AS)");
  EXPECT_EQ(Headline("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a"),
            "syntax error at line 1, column 35: UNION and UNION ALL cannot be mixed in one query");
  EXPECT_EQ(Headline("MATCH (n) SET n RETURN n"),
            "syntax error at line 1, column 17: expected '.', '=', '+=' or ':' but found 'RETURN'");
  EXPECT_EQ(Headline("RETURN s STARTS 'x'"),
            "syntax error at line 1, column 17: expected WITH but found string 'x'");
  EXPECT_EQ(Headline("MATCH (n) RETURN COUNT { (n)-->() RETURN n }"),
            "syntax error at line 1, column 35: expected '}' (COUNT { } takes one pattern and an "
            "optional WHERE; clauses such as WITH and RETURN inside it are not supported) but "
            "found 'RETURN'");
  EXPECT_EQ(Headline("CALL { MATCH (n) RETURN n RETURN 1"),
            "syntax error at line 1, column 27: expected UNION or '}' but found 'RETURN'");
  EXPECT_EQ(Headline("RETURN {a 1}"),
            "syntax error at line 1, column 11: expected ':' but found '1'");
}

TEST(ParserErrorTest, QueryOptions) {
  EXPECT_EQ(Headline("FOR VALID_TIME AS OF 1 FOR VALID_TIME AS OF 2 RETURN 1"),
            "syntax error at line 1, column 24: FOR VALID_TIME given more than once");
  EXPECT_EQ(Headline("WITH MIN GRADE 'Z9' RETURN 1"),
            "syntax error at line 1, column 16: invalid grade 'Z9': expected a source reliability "
            "A-F followed by an information credibility 1-6, e.g. 'B2'");
  EXPECT_EQ(Headline("FOR VALID_TIME BETWEEN 1 AND 2 RETURN 1"),
            "syntax error at line 1, column 16: expected AS OF or FROM but found 'BETWEEN'");
  EXPECT_EQ(Headline("FOR SYSTEM_TIME AS 1 RETURN 1"),
            "syntax error at line 1, column 20: expected OF but found '1'");
}

TEST(ParserErrorTest, LexicalErrors) {
  EXPECT_EQ(ErrorOf("RETURN 'abc"),
            "syntax error at line 1, column 8: unterminated string literal\n"
            "  RETURN 'abc\n"
            "         ^");
  EXPECT_EQ(Headline(R"(RETURN 'a\qb')"),
            "syntax error at line 1, column 10: invalid escape sequence '\\q' in string literal");
  EXPECT_EQ(Headline(R"(RETURN '\u12')"),
            "syntax error at line 1, column 9: invalid \\u escape: expected 4 hex digits");
  EXPECT_EQ(Headline(R"(RETURN '\uD800')"),
            "syntax error at line 1, column 9: unpaired surrogate in \\u escape");
  EXPECT_EQ(Headline("RETURN 'a\xFF'"),
            "syntax error at line 1, column 10: invalid UTF-8 in string literal");
  EXPECT_EQ(Headline("RETURN 'a\xC3'"),
            "syntax error at line 1, column 10: invalid UTF-8 in string literal");
  EXPECT_EQ(Headline("RETURN \xE2\x82"),
            "syntax error at line 1, column 8: invalid UTF-8 in query text");
  EXPECT_EQ(Headline("RETURN 1 /* open"),
            "syntax error at line 1, column 10: unterminated comment: missing '*/'");
  EXPECT_EQ(Headline("RETURN `abc"),
            "syntax error at line 1, column 8: unterminated quoted name: missing '`'");
  EXPECT_EQ(Headline("RETURN $"),
            "syntax error at line 1, column 8: expected a parameter name after '$'");
  EXPECT_EQ(
      Headline("RETURN 1 ! 2"),
      "syntax error at line 1, column 10: unexpected character '!' (did you mean '<>' or NOT?)");
  EXPECT_EQ(Headline("RETURN 1 # 2"),
            "syntax error at line 1, column 10: unexpected character '#'");
  EXPECT_EQ(Headline("RETURN 12abc"),
            "syntax error at line 1, column 8: invalid number literal '12abc'");
  EXPECT_EQ(Headline("RETURN 0x"),
            "syntax error at line 1, column 8: hexadecimal literal without digits");
  EXPECT_EQ(Headline("RETURN 017"),
            "syntax error at line 1, column 8: leading zeros are not allowed in integers (write "
            "0o17 for octal)");
  EXPECT_EQ(Headline("RETURN 1e"),
            "syntax error at line 1, column 9: invalid exponent in number literal");
  EXPECT_EQ(Headline("RETURN 1e999"),
            "syntax error at line 1, column 8: float literal out of range: 1e999");
}

TEST(ParserErrorTest, EarliestErrorWins) {
  // A syntax error before a lexical error is the one reported.
  EXPECT_EQ(Headline("RETURN (1 2 'unterminated"),
            "syntax error at line 1, column 11: expected ')' but found '2'");
  EXPECT_EQ(Headline("RETURN ) 'unterminated"),
            "syntax error at line 1, column 8: expected an expression but found ')'");
  // A lexical error reached by the parser is reported as itself.
  EXPECT_EQ(Headline("RETURN 1 + 'unterminated"),
            "syntax error at line 1, column 12: unterminated string literal");
}

TEST(ParserErrorTest, IntegersOutOfRange) {
  EXPECT_EQ(Headline("RETURN 9223372036854775808"),
            "syntax error at line 1, column 8: integer out of range: 9223372036854775808");
  EXPECT_EQ(Headline("RETURN -9223372036854775809"),
            "syntax error at line 1, column 8: integer out of range: -9223372036854775809");
  EXPECT_EQ(Headline("RETURN 99999999999999999999999"),
            "syntax error at line 1, column 8: integer out of range: 99999999999999999999999");
  EXPECT_EQ(Headline("RETURN 0xFFFFFFFFFFFFFFFFFF"),
            "syntax error at line 1, column 8: integer out of range: 0xFFFFFFFFFFFFFFFFFF");
  EXPECT_EQ(Headline("MATCH (a)-[*1..99999999999999999999]->(b) RETURN a"),
            "syntax error at line 1, column 16: integer out of range: 99999999999999999999");
}

TEST(ParserErrorTest, CaretFollowsTabsAndMultibyteCharacters) {
  EXPECT_EQ(ErrorOf("MATCH (n)\n\tWHERE n.x = 'é' +\nRETURN n"),
            "syntax error at line 3, column 1: expected an expression but found 'RETURN'\n"
            "  RETURN n\n"
            "  ^");
  EXPECT_EQ(ErrorOf("\tRETURN 'été' ++"),
            "syntax error at line 1, column 17: expected an expression but found end of input\n"
            "  \tRETURN 'été' ++\n"
            "  \t               ^");
}

TEST(ParserErrorTest, LongLinesAreWindowed) {
  const std::string text = "RETURN " + std::string(200, 'a').insert(0, "[") + ", ) ]";
  const std::string m = ErrorOf(text);
  const size_t nl = m.find('\n');
  const std::string line = m.substr(nl + 1, m.find('\n', nl + 1) - nl - 1);
  const std::string caret = m.substr(m.rfind('\n') + 1);
  EXPECT_LE(line.size(), 2 + 3 + 100 + 3u);
  EXPECT_EQ(line.substr(0, 5), "  ...");
  EXPECT_EQ(line[caret.size() - 1], ')');  // the caret sits under the offending ')'
  EXPECT_EQ(caret.back(), '^');
}

TEST(ParserErrorTest, NestingDepthIsBounded) {
  auto nested = [](int depth) {
    return "RETURN " + std::string(depth, '(') + "1" + std::string(depth, ')');
  };
  EXPECT_TRUE(Parse(nested(200)).ok());
  EXPECT_EQ(Headline(nested(100000)),
            "syntax error at line 1, column 508: query nested too deeply (the limit is 500 "
            "levels)");
  std::string lists = "RETURN " + std::string(5000, '[') + std::string(5000, ']');
  EXPECT_NE(ErrorOf(lists).find("nested too deeply"), std::string::npos);
  std::string nots = "RETURN ";
  for (int k = 0; k < 5000; ++k)
    nots += "NOT ";
  EXPECT_NE(ErrorOf(nots + "true").find("nested too deeply"), std::string::npos);
  std::string minus = "RETURN " + std::string(5000, '-') + "1";
  EXPECT_NE(ErrorOf(minus).find("nested too deeply"), std::string::npos);
  // A long flat chain builds a deep tree too, so it is bounded as well.
  std::string sum = "RETURN 1";
  for (int k = 0; k < 5000; ++k)
    sum += " + 1";
  EXPECT_NE(ErrorOf(sum).find("nested too deeply"), std::string::npos);
  std::string props = "RETURN n";
  for (int k = 0; k < 5000; ++k)
    props += ".p";
  EXPECT_NE(ErrorOf(props).find("nested too deeply"), std::string::npos);
  std::string exists = "MATCH (n) WHERE ";
  for (int k = 0; k < 1000; ++k)
    exists += "EXISTS { MATCH (n) WHERE ";
  EXPECT_NE(ErrorOf(exists + "true").find("nested too deeply"), std::string::npos);
  // The limit is an option.
  ParseOptions small;
  small.max_depth = 10;
  EXPECT_FALSE(Parse(nested(12), small).ok());
  EXPECT_TRUE(Parse(nested(5), small).ok());
}

TEST(ParserErrorTest, OversizedTextIsRefused) {
  ParseOptions small;
  small.max_length = 16;
  auto r = Parse("MATCH (n) RETURN n, n, n", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "query text too long: 24 bytes (the limit is 16)");
}

TEST(ParserErrorTest, SyntaxErrorHelper) {
  const Status s = SyntaxError("ab\ncd", SourcePos{2, 2, 4}, "boom");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "syntax error at line 2, column 2: boom\n  cd\n   ^");
  EXPECT_EQ(CaretSnippet("abc", SourcePos{1, 4, 3}), "  abc\n     ^");
}

}  // namespace
}  // namespace actorgraph::query
