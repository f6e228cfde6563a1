// Lexer: token kinds, values and positions.
#include "query/parser/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace actorgraph::query {
namespace {

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<TokenKind> kinds;
  for (const Token& t : Lex(text))
    kinds.push_back(t.kind);
  return kinds;
}

using K = TokenKind;

TEST(LexerTest, RangesAreNotFloats) {
  EXPECT_EQ(Kinds("*1..3"),
            (std::vector<K>{K::kStar, K::kInteger, K::kDotDot, K::kInteger, K::kEnd}));
  EXPECT_EQ(Kinds("*..3"), (std::vector<K>{K::kStar, K::kDotDot, K::kInteger, K::kEnd}));
  EXPECT_EQ(Kinds("1.5 .5 1e3 1"),
            (std::vector<K>{K::kFloat, K::kFloat, K::kFloat, K::kInteger, K::kEnd}));
  EXPECT_EQ(Kinds("a.b"), (std::vector<K>{K::kIdent, K::kDot, K::kIdent, K::kEnd}));
}

TEST(LexerTest, ArrowsAreAssembledByTheParser) {
  EXPECT_EQ(Kinds("<--"), (std::vector<K>{K::kLt, K::kMinus, K::kMinus, K::kEnd}));
  EXPECT_EQ(Kinds("-->"), (std::vector<K>{K::kMinus, K::kMinus, K::kGt, K::kEnd}));
  EXPECT_EQ(Kinds("a<-1"), (std::vector<K>{K::kIdent, K::kLt, K::kMinus, K::kInteger, K::kEnd}));
  EXPECT_EQ(Kinds("<> <= >= =~ += != ="), (std::vector<K>{K::kNeq, K::kLe, K::kGe, K::kRegexMatch,
                                                          K::kPlusEq, K::kNeq, K::kEq, K::kEnd}));
}

TEST(LexerTest, Values) {
  auto tokens = Lex("0x10 0o10 10 2.5 'a\\tb' `x``y` $p $1 MATCH");
  ASSERT_EQ(tokens.size(), 10u);
  EXPECT_EQ(tokens[0].int_value, 16u);
  EXPECT_EQ(tokens[1].int_value, 8u);
  EXPECT_EQ(tokens[2].int_value, 10u);
  EXPECT_EQ(tokens[3].float_value, 2.5);
  EXPECT_EQ(tokens[4].text, "a\tb");
  EXPECT_EQ(tokens[5].kind, K::kQuotedIdent);
  EXPECT_EQ(tokens[5].text, "x`y");
  EXPECT_EQ(tokens[6].text, "p");
  EXPECT_EQ(tokens[7].text, "1");
  EXPECT_TRUE(IsKeyword(tokens[8], "MATCH"));
  EXPECT_FALSE(IsKeyword(tokens[5], "MATCH"));
  auto big = Lex("18446744073709551616");
  EXPECT_TRUE(big[0].overflow);
  EXPECT_FALSE(Lex("18446744073709551615")[0].overflow);
}

TEST(LexerTest, Positions) {
  auto tokens = Lex("a\n  é b /* x\ny */ c");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].pos, (SourcePos{1, 1, 0}));
  EXPECT_EQ(tokens[1].pos, (SourcePos{2, 3, 4}));
  EXPECT_EQ(tokens[1].length, 2u);
  EXPECT_EQ(tokens[2].pos, (SourcePos{2, 5, 7}));
  EXPECT_EQ(tokens[3].pos, (SourcePos{3, 6, 19}));
  EXPECT_EQ(tokens[4].kind, K::kEnd);
}

TEST(LexerTest, UnicodeSpacesSeparateWords) {
  // A no-break space between two words, as pasted from a document.
  EXPECT_EQ(Kinds("MATCH\xC2\xA0(n)"),
            (std::vector<K>{K::kIdent, K::kLParen, K::kIdent, K::kRParen, K::kEnd}));
}

TEST(LexerTest, ErrorsEndTheStream) {
  auto tokens = Lex("a 'open");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].kind, K::kError);
  EXPECT_EQ(tokens[1].text, "unterminated string literal");
  EXPECT_EQ(tokens[1].pos.column, 3u);
  auto r = Tokenize("a 'open");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "syntax error at line 1, column 3: unterminated string literal\n  a 'open\n    ^");
  EXPECT_TRUE(Tokenize("a b").ok());
}

TEST(LexerTest, ReservedWords) {
  EXPECT_TRUE(IsReservedWord("match"));
  EXPECT_TRUE(IsReservedWord("Descending"));
  EXPECT_FALSE(IsReservedWord("count"));
  EXPECT_FALSE(IsReservedWord("matches"));
  EXPECT_FALSE(IsReservedWord(""));
}

TEST(LexerTest, DescribeToken) {
  auto tokens = Lex("WHERE ) 'abc' $p `q`");
  EXPECT_EQ(DescribeToken(tokens[0]), "'WHERE'");
  EXPECT_EQ(DescribeToken(tokens[1]), "')'");
  EXPECT_EQ(DescribeToken(tokens[2]), "string 'abc'");
  EXPECT_EQ(DescribeToken(tokens[3]), "'$p'");
  EXPECT_EQ(DescribeToken(tokens[4]), "`q`");
  EXPECT_EQ(DescribeToken(tokens[5]), "end of input");
}

}  // namespace
}  // namespace actorgraph::query
