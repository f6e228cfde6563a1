// Lexer: splits query text into tokens. Keywords are not separate token kinds:
// they are identifiers that the parser compares case-insensitively, which lets
// labels, property keys and map keys be any word (n.order, {end: 1}).
//
// Thread-safety: pure functions; a Token refers to no external storage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "query/parser/source_pos.h"

namespace actorgraph::query {

enum class TokenKind : uint8_t {
  kEnd,          // end of input (always the last token)
  kError,        // a lexical error; `text` holds the message (always the last token)
  kIdent,        // a word: name or keyword
  kQuotedIdent,  // `backtick quoted`, never a keyword; `text` is unescaped
  kInteger,      // `int_value` (may exceed int64: the parser decides, see `overflow`)
  kFloat,        // `float_value`
  kString,       // `text` is decoded (escapes resolved, valid UTF-8)
  kParameter,    // $name or $0; `text` is the name without '$'
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kComma,
  kDot,
  kDotDot,
  kColon,
  kSemicolon,
  kPipe,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kCaret,
  kEq,
  kNeq,
  kLt,
  kLe,
  kGt,
  kGe,
  kRegexMatch,
  kPlusEq,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  SourcePos pos;
  uint32_t length = 0;  // bytes of source text the token spans
  std::string text;     // see TokenKind; for punctuation and words the source text
  uint64_t int_value = 0;
  bool overflow = false;  // integer literal does not fit in uint64
  double float_value = 0;
};

// Tokenizes `text`. Never fails: a lexical error ends the vector with a kError
// token at the offending position, so the parser can report whichever error
// comes first in the text. Otherwise the last token is kEnd.
std::vector<Token> Lex(std::string_view text);

// For callers that only want tokens: the kError token becomes a syntax error.
Result<std::vector<Token>> Tokenize(std::string_view text);

// How a token is named in "expected X but found Y" messages: 'WHERE', ')',
// end of input, string 'abc', integer 42.
std::string DescribeToken(const Token& t);

// openCypher's reserved words (ALL, AND, AS, ..., YIELD), case-insensitive:
// usable as labels, types and property keys, but as names only in backticks.
bool IsReservedWord(std::string_view word);

// Case-insensitive keyword test (ASCII); quoted identifiers never match.
bool IsKeyword(const Token& t, std::string_view upper_keyword);

}  // namespace actorgraph::query
