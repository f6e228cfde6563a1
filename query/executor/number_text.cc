#include "query/executor/number_text.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

namespace actorgraph::query::fn {

namespace {

std::string_view JavaTrim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ')
    s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ')
    s.remove_suffix(1);
  return s;
}

bool IsDigit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

// The length of the numeral at the start of `s` (no sign, no suffix), or 0
// when `s` does not start with one.
size_t NumeralLength(std::string_view s) {
  const bool hex = s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  size_t i = hex ? 2 : 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < s.size() && IsDigit(s[i], hex))
      ++i;
    return i - from;
  };
  size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return 0;
  // Decimal: an optional exponent; hexadecimal: a binary one, required.
  const char e = hex ? 'p' : 'e', E = hex ? 'P' : 'E';
  if (i < s.size() && (s[i] == e || s[i] == E)) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t from = i;
    while (i < s.size() && IsDigit(s[i], false))
      ++i;
    if (i == from) return 0;
  } else if (hex) {
    return 0;
  }
  return i;
}

}  // namespace

std::optional<double> ParseFloatText(std::string_view s) {
  s = JavaTrim(s);
  std::string_view rest = s;
  bool negative = false;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
  }
  if (rest == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (rest == "Infinity")
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  const size_t n = NumeralLength(rest);
  if (n == 0) return std::nullopt;
  const bool suffix =
      rest.size() == n + 1 && std::string_view("fFdD").find(rest[n]) != std::string_view::npos;
  if (rest.size() != n && !suffix) return std::nullopt;
  // strtod reads the validated text (sign and numeral) exactly.
  const std::string text(s.substr(0, s.size() - (suffix ? 1 : 0)));
  return std::strtod(text.c_str(), nullptr);
}

std::optional<int64_t> ParseIntegerText(std::string_view s, bool* is_integer) {
  // On the path of toInteger(n.id) for every row: one pass over the digits.
  s = JavaTrim(s);
  const bool negative = !s.empty() && s[0] == '-';
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  uint64_t v = 0;
  for (char c : digits) {
    const unsigned d = static_cast<unsigned char>(c) - '0';
    if (d > 9) {
      *is_integer = false;
      return std::nullopt;
    }
    v = v * 10 + d;  // wraps past 19 digits: those are checked below
  }
  *is_integer = !digits.empty();
  if (!*is_integer) return std::nullopt;
  if (digits.size() > 18) {  // may exceed 64 bits: from_chars checks the range
    int64_t exact = 0;
    const std::string text = (negative ? "-" : "") + std::string(digits);
    const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), exact);
    if (err != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return exact;
  }
  return negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
}

}  // namespace actorgraph::query::fn
