#include "query/parser/lexer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "common/ascii.h"
#include "query/parser/syntax_error.h"
#include "query/parser/utf8.h"

namespace actorgraph::query {
namespace {

bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::vector<Token> Run() {
    while (true) {
      if (!SkipSpaceAndComments()) break;
      if (i_ >= s_.size()) {
        Push(TokenKind::kEnd, i_, "");
        break;
      }
      if (!LexToken()) break;
    }
    return std::move(tokens_);
  }

 private:
  // Line and column of `offset`; offsets must be asked in increasing order,
  // which keeps position tracking linear in the length of the text.
  SourcePos PosAt(size_t offset) {
    for (; scan_ < offset && scan_ < s_.size(); ++scan_) {
      const auto c = static_cast<unsigned char>(s_[scan_]);
      if (c == '\n') {
        ++line_, col_ = 1;
      } else if (!IsUtf8Continuation(c)) {
        ++col_;
      }
    }
    return SourcePos{line_, col_, static_cast<uint32_t>(offset)};
  }

  Token& Push(TokenKind kind, size_t start, std::string text) {
    Token t;
    t.kind = kind;
    t.pos = PosAt(start);
    t.length = static_cast<uint32_t>(i_ - start);
    t.text = std::move(text);
    tokens_.push_back(std::move(t));
    return tokens_.back();
  }

  // Ends the token stream with an error at `offset`. Returns false so callers
  // can `return Fail(...)`.
  bool Fail(size_t offset, std::string message) {
    Token t;
    t.kind = TokenKind::kError;
    t.pos = PosAt(offset);
    t.text = std::move(message);
    tokens_.push_back(std::move(t));
    return false;
  }

  char Peek(size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  // Returns false after a lexical error (an unterminated comment, bad UTF-8).
  bool SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++i_;
      } else if (c == '/' && Peek(1) == '/') {
        while (i_ < s_.size() && s_[i_] != '\n')
          ++i_;
      } else if (c == '/' && Peek(1) == '*') {
        const size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) return Fail(i_, "unterminated comment: missing '*/'");
        i_ = end + 2;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        uint32_t cp;
        const size_t len = DecodeUtf8(s_, i_, &cp);
        if (len == 0) return Fail(i_, "invalid UTF-8 in query text");
        if (!IsUnicodeSpace(cp)) return true;
        i_ += len;
      } else {
        return true;
      }
    }
    return true;
  }

  // Letters, digits, '_' and any non-space, non-ASCII code point. Returns the
  // byte length of the character at i_, 0 when it is not part of a word, or
  // npos after a UTF-8 error.
  size_t WordCharAt(size_t i, bool first) {
    if (i >= s_.size()) return 0;
    const char c = s_[i];
    if (IsAsciiAlpha(c) || c == '_' || (!first && IsDigit(c))) return 1;
    if (static_cast<unsigned char>(c) < 0x80) return 0;
    uint32_t cp;
    const size_t len = DecodeUtf8(s_, i, &cp);
    if (len == 0) return std::string_view::npos;
    return IsUnicodeSpace(cp) ? 0 : len;
  }

  // Consumes a word at i_; returns false after a UTF-8 error.
  bool ScanWord() {
    for (bool first = true;; first = false) {
      const size_t len = WordCharAt(i_, first);
      if (len == std::string_view::npos) return Fail(i_, "invalid UTF-8 in query text");
      if (len == 0) return true;
      i_ += len;
    }
  }

  bool LexToken() {
    const size_t start = i_;
    const char c = s_[i_];
    const size_t word = WordCharAt(i_, true);
    if (word == std::string_view::npos) return Fail(i_, "invalid UTF-8 in query text");
    if (word > 0) {
      if (!ScanWord()) return false;
      Push(TokenKind::kIdent, start, std::string(s_.substr(start, i_ - start)));
      return true;
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber();
    if (c == '\'' || c == '"') return LexString();
    if (c == '`') {
      std::string name;
      if (!LexQuotedName(&name)) return false;
      Push(TokenKind::kQuotedIdent, start, std::move(name));
      return true;
    }
    if (c == '$') return LexParameter();
    return LexPunctuation();
  }

  bool LexPunctuation() {
    const size_t start = i_;
    const char c = s_[i_];
    const char n = Peek(1);
    TokenKind kind;
    size_t len = 1;
    switch (c) {
      case '(':
        kind = TokenKind::kLParen;
        break;
      case ')':
        kind = TokenKind::kRParen;
        break;
      case '[':
        kind = TokenKind::kLBracket;
        break;
      case ']':
        kind = TokenKind::kRBracket;
        break;
      case '{':
        kind = TokenKind::kLBrace;
        break;
      case '}':
        kind = TokenKind::kRBrace;
        break;
      case ',':
        kind = TokenKind::kComma;
        break;
      case ';':
        kind = TokenKind::kSemicolon;
        break;
      case ':':
        kind = TokenKind::kColon;
        break;
      case '|':
        kind = TokenKind::kPipe;
        break;
      case '^':
        kind = TokenKind::kCaret;
        break;
      case '%':
        kind = TokenKind::kPercent;
        break;
      case '/':
        kind = TokenKind::kSlash;
        break;
      case '*':
        kind = TokenKind::kStar;
        break;
      case '-':
        kind = TokenKind::kMinus;
        break;
      case '.':
        kind = n == '.' ? TokenKind::kDotDot : TokenKind::kDot;
        len = n == '.' ? 2 : 1;
        break;
      case '+':
        kind = n == '=' ? TokenKind::kPlusEq : TokenKind::kPlus;
        len = n == '=' ? 2 : 1;
        break;
      case '=':
        kind = n == '~' ? TokenKind::kRegexMatch : TokenKind::kEq;
        len = n == '~' ? 2 : 1;
        break;
      case '<':
        // No '<-' token: "a<-1" is a comparison; the parser assembles arrows.
        kind = n == '=' ? TokenKind::kLe : n == '>' ? TokenKind::kNeq : TokenKind::kLt;
        len = (n == '=' || n == '>') ? 2 : 1;
        break;
      case '>':
        kind = n == '=' ? TokenKind::kGe : TokenKind::kGt;
        len = n == '=' ? 2 : 1;
        break;
      case '!':
        if (n != '=') return Fail(i_, "unexpected character '!' (did you mean '<>' or NOT?)");
        kind = TokenKind::kNeq;
        len = 2;
        break;
      default: {
        char buf[64];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7F) {
          std::snprintf(buf, sizeof buf, "unexpected character '%c'", c);
        } else {
          std::snprintf(buf, sizeof buf, "unexpected character U+%04X", u);
        }
        return Fail(i_, buf);
      }
    }
    i_ += len;
    Push(kind, start, std::string(s_.substr(start, len)));
    return true;
  }

  bool LexNumber() {
    const size_t start = i_;
    Token t;
    bool is_float = false;
    if (s_[i_] == '0' && (Peek(1) == 'x' || Peek(1) == 'X' || Peek(1) == 'o' || Peek(1) == 'O')) {
      const bool hex = Peek(1) == 'x' || Peek(1) == 'X';
      i_ += 2;
      const size_t digits = i_;
      while (i_ < s_.size() && (hex ? IsHexDigit(s_[i_]) : (s_[i_] >= '0' && s_[i_] <= '7'))) {
        Accumulate(&t, hex ? 16 : 8, HexValue(s_[i_]));
        ++i_;
      }
      if (i_ == digits)
        return Fail(start,
                    hex ? "hexadecimal literal without digits" : "octal literal without digits");
    } else {
      while (IsDigit(Peek()))
        Accumulate(&t, 10, s_[i_++] - '0');
      // "1..3" is a range, so a '.' belongs to the number only before a digit.
      if (Peek() == '.' && IsDigit(Peek(1))) {
        is_float = true;
        ++i_;
        while (IsDigit(Peek()))
          ++i_;
      }
      if (Peek() == 'e' || Peek() == 'E') {
        const size_t e = i_;
        ++i_;
        if (Peek() == '+' || Peek() == '-') ++i_;
        if (!IsDigit(Peek())) return Fail(e, "invalid exponent in number literal");
        while (IsDigit(Peek()))
          ++i_;
        is_float = true;
      }
      if (!is_float && i_ - start > 1 && s_[start] == '0') {
        return Fail(start, "leading zeros are not allowed in integers (write 0o17 for octal)");
      }
    }
    if (WordCharAt(i_, false) != 0) {  // "123abc", "0x1G"
      size_t end = i_;
      while (end < s_.size() && (IsAsciiAlpha(s_[end]) || IsDigit(s_[end]) || s_[end] == '_')) {
        ++end;
      }
      return Fail(start, "invalid number literal '" +
                             std::string(s_.substr(start, std::max(end, i_ + 1) - start)) + "'");
    }
    std::string text(s_.substr(start, i_ - start));
    if (is_float) {
      double v = 0;
      const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec == std::errc::result_out_of_range) {
        // Underflow rounds to zero; overflow would need infinity, which has no literal.
        const size_t e = text.find_first_of("eE");
        if (e == std::string::npos || text[e + 1] != '-') {
          return Fail(start, "float literal out of range: " + text);
        }
        v = 0;
      } else if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
        return Fail(start, "invalid number literal '" + text + "'");
      }
      Push(TokenKind::kFloat, start, std::move(text)).float_value = v;
    } else {
      Token& pushed = Push(TokenKind::kInteger, start, std::move(text));
      pushed.int_value = t.int_value;
      pushed.overflow = t.overflow;
    }
    return true;
  }

  static void Accumulate(Token* t, unsigned base, int digit) {
    if (t->int_value > (UINT64_MAX - static_cast<uint64_t>(digit)) / base) t->overflow = true;
    t->int_value = t->int_value * base + static_cast<uint64_t>(digit);
  }

  bool LexString() {
    const size_t start = i_;
    const char quote = s_[i_++];
    std::string out;
    while (true) {
      if (i_ >= s_.size()) return Fail(start, "unterminated string literal");
      const char c = s_[i_];
      if (c == quote) {
        ++i_;
        break;
      }
      if (c == '\\') {
        if (!LexEscape(&out)) return false;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x80) {
        out.push_back(c);
        ++i_;
        continue;
      }
      uint32_t cp;
      const size_t len = DecodeUtf8(s_, i_, &cp);
      if (len == 0) return Fail(i_, "invalid UTF-8 in string literal");
      out.append(s_.substr(i_, len));
      i_ += len;
    }
    Push(TokenKind::kString, start, std::move(out));
    return true;
  }

  // At a backslash inside a string.
  bool LexEscape(std::string* out) {
    const size_t at = i_;
    if (i_ + 1 >= s_.size()) return Fail(at, "unterminated string literal");
    const char e = s_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'n':
        out->push_back('\n');
        return true;
      case 't':
        out->push_back('\t');
        return true;
      case 'r':
        out->push_back('\r');
        return true;
      case 'b':
        out->push_back('\b');
        return true;
      case 'f':
        out->push_back('\f');
        return true;
      case '\\':
        out->push_back('\\');
        return true;
      case '\'':
        out->push_back('\'');
        return true;
      case '"':
        out->push_back('"');
        return true;
      case 'u':
      case 'U': {
        uint32_t cp;
        if (!HexEscape(at, e == 'u' ? 4 : 8, &cp)) return false;
        // A UTF-16 surrogate pair written as two \u escapes.
        if (cp >= 0xD800 && cp <= 0xDBFF && Peek() == '\\' && Peek(1) == 'u') {
          const size_t second = i_;
          i_ += 2;
          uint32_t low;
          if (!HexEscape(second, 4, &low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return Fail(at, "unpaired surrogate in \\u escape");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) return Fail(at, "unpaired surrogate in \\u escape");
        if (cp > 0x10FFFF) return Fail(at, "code point out of range in \\U escape");
        AppendUtf8(cp, out);
        return true;
      }
      default: {
        std::string shown = "\\";
        if (static_cast<unsigned char>(e) >= 0x20 && static_cast<unsigned char>(e) < 0x7F) {
          shown.push_back(e);
        }
        return Fail(at, "invalid escape sequence '" + shown + "' in string literal");
      }
    }
  }

  // Reads `digits` hex digits at i_ (after "\u"); `at` is the backslash.
  bool HexEscape(size_t at, int digits, uint32_t* cp) {
    *cp = 0;
    for (int k = 0; k < digits; ++k) {
      if (!IsHexDigit(Peek())) {
        return Fail(at, "invalid \\u escape: expected " + std::to_string(digits) + " hex digits");
      }
      *cp = *cp * 16 + static_cast<uint32_t>(HexValue(s_[i_++]));
    }
    return true;
  }

  // `name`, where `` stands for one backtick.
  bool LexQuotedName(std::string* out) {
    const size_t start = i_++;
    while (true) {
      if (i_ >= s_.size()) return Fail(start, "unterminated quoted name: missing '`'");
      const char c = s_[i_];
      if (c == '`') {
        if (Peek(1) != '`') break;
        out->push_back('`');
        i_ += 2;
        continue;
      }
      uint32_t cp;
      const size_t len = DecodeUtf8(s_, i_, &cp);
      if (len == 0) return Fail(i_, "invalid UTF-8 in quoted name");
      out->append(s_.substr(i_, len));
      i_ += len;
    }
    ++i_;
    if (out->empty()) return Fail(start, "empty quoted name ``");
    return true;
  }

  bool LexParameter() {
    const size_t start = i_++;
    std::string name;
    if (Peek() == '`') {
      if (!LexQuotedName(&name)) return false;
    } else if (IsDigit(Peek())) {
      while (IsDigit(Peek()))
        name.push_back(s_[i_++]);
    } else {
      const size_t word = WordCharAt(i_, true);
      if (word == std::string_view::npos) return Fail(i_, "invalid UTF-8 in query text");
      if (word == 0) return Fail(start, "expected a parameter name after '$'");
      if (!ScanWord()) return false;
      name = std::string(s_.substr(start + 1, i_ - start - 1));
    }
    Push(TokenKind::kParameter, start, std::move(name));
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::vector<Token> tokens_;
  size_t scan_ = 0;  // PosAt has counted lines and columns up to here
  uint32_t line_ = 1;
  uint32_t col_ = 1;
};

std::string Truncated(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && IsUtf8Continuation(static_cast<unsigned char>(s[cut])))
    --cut;
  return std::string(s.substr(0, cut)) + "...";
}

}  // namespace

std::vector<Token> Lex(std::string_view text) {
  return Lexer(text).Run();
}

Result<std::vector<Token>> Tokenize(std::string_view text) {
  std::vector<Token> tokens = Lex(text);
  if (tokens.back().kind == TokenKind::kError) {
    return SyntaxError(text, tokens.back().pos, tokens.back().text);
  }
  return tokens;
}

std::string DescribeToken(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kError:
      return "invalid input";
    case TokenKind::kString:
      return "string '" + Truncated(t.text, 30) + "'";
    case TokenKind::kQuotedIdent:
      return "`" + Truncated(t.text, 30) + "`";
    case TokenKind::kParameter:
      return "'$" + Truncated(t.text, 30) + "'";
    default:
      return "'" + Truncated(t.text, 30) + "'";
  }
}

bool IsReservedWord(std::string_view word) {
  static constexpr std::string_view kReserved[] = {
      "ALL",      "AND",    "AS",     "ASC",    "ASCENDING",  "BY",     "CALL",     "CASE",
      "CONTAINS", "CREATE", "DELETE", "DESC",   "DESCENDING", "DETACH", "DISTINCT", "ELSE",
      "END",      "ENDS",   "EXISTS", "FALSE",  "IN",         "IS",     "LIMIT",    "MATCH",
      "MERGE",    "NOT",    "NULL",   "ON",     "OPTIONAL",   "OR",     "ORDER",    "REMOVE",
      "RETURN",   "SET",    "SKIP",   "STARTS", "THEN",       "TRUE",   "UNION",    "UNWIND",
      "WHEN",     "WHERE",  "WITH",   "XOR",    "YIELD"};
  for (std::string_view r : kReserved) {
    if (EqualsIgnoreAsciiCase(r, word)) return true;
  }
  return false;
}

bool IsKeyword(const Token& t, std::string_view upper_keyword) {
  return t.kind == TokenKind::kIdent && EqualsIgnoreAsciiCase(t.text, upper_keyword);
}

}  // namespace actorgraph::query
