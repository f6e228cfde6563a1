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
  s = JavaTrim(s);
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  *is_integer = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!*is_integer) return std::nullopt;
  if (s[0] == '+') s.remove_prefix(1);  // from_chars takes '-' only
  int64_t v = 0;
  const auto [end, err] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (err != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace actorgraph::query::fn
