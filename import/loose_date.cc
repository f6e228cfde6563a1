#include "import/loose_date.h"

#include <cctype>
#include <regex>
#include <string>

#include "common/ascii.h"

namespace actorgraph {

namespace {

int MonthFromName(std::string name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  name = LowerAscii(name);
  if (name.size() < 3) return 0;
  // French month names, as francophone reports write them.
  static const std::pair<const char*, int> kFrench[] = {
      {"janvier", 1},   {"fevrier", 2},  {"février", 2},   {"mars", 3},      {"avril", 4},
      {"mai", 5},       {"juin", 6},     {"juillet", 7},   {"aout", 8},      {"août", 8},
      {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"decembre", 12}, {"décembre", 12}};
  for (const auto& [f, m] : kFrench)
    if (name == f) return m;
  for (int i = 0; i < 12; ++i)
    if (name.compare(0, 3, kMonths[i]) == 0) return i + 1;
  return 0;
}

std::optional<PartialDate> Make(int y, int m, int d) {
  if (y < 1000 || y > 2999) return std::nullopt;
  if (m == 0) return PartialDate::Year(y);
  if (m < 1 || m > 12) return std::nullopt;
  if (d == 0) return PartialDate::Month(y, m);
  if (d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return PartialDate::Day(y, m, d);
}

}  // namespace

std::optional<PartialDate> ParseLooseDate(std::string_view in) {
  std::string t(in);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
    t.pop_back();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
    t.erase(0, 1);
  if (t.empty()) return std::nullopt;
  // Fast path for plain ISO dates (most rows of most files).
  auto digits = [&](size_t pos, size_t n) {
    for (size_t i = pos; i < pos + n; ++i)
      if (i >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    return true;
  };
  // xs:date may carry a zone ("2015-04-14-04:00", "2015-04-14Z"): the day
  // is the day the source states, whatever its zone.
  auto zone = [&](size_t pos) {
    if (pos == t.size()) return true;
    if (t.size() - pos == 1) return t[pos] == 'Z';
    return t.size() - pos == 6 && (t[pos] == '+' || t[pos] == '-') && digits(pos + 1, 2) &&
           t[pos + 3] == ':' && digits(pos + 4, 2);
  };
  if (digits(0, 4) &&
      (t.size() == 4 || (t[4] == '-' && digits(5, 2) &&
                         (t.size() == 7 || (t.size() >= 10 && t[7] == '-' && digits(8, 2) &&
                                            (zone(10) || t[10] == 'T')))))) {
    const int y = std::stoi(t.substr(0, 4));
    const int mo = t.size() >= 7 ? std::stoi(t.substr(5, 2)) : 0;
    const int d = t.size() >= 10 ? std::stoi(t.substr(8, 2)) : 0;
    return Make(y, mo, d);
  }
  // The forms below are short; longer text is no date (and std::regex
  // recurses per character, so it must never see unbounded input).
  if (t.size() > 40) return std::nullopt;
  static const std::regex iso(R"(^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$)");
  static const std::regex dmy_num(R"(^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$)");
  static const std::regex dmy_name(
      R"(^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-zéû]+)\.?,?[ -](\d{4})$)");
  static const std::regex mdy_name(R"(^([A-Za-zéû]+)\.? (\d{1,2}),? (\d{4})$)");
  static const std::regex my_name(R"(^([A-Za-zéû]+)\.?[ -](\d{4})$)");
  std::smatch m;
  if (std::regex_match(t, m, iso))
    return Make(std::stoi(m[1]), m[2].matched ? std::stoi(m[2]) : 0,
                m[3].matched ? std::stoi(m[3]) : 0);
  if (std::regex_match(t, m, dmy_num))
    return Make(std::stoi(m[3]), std::stoi(m[2]), std::stoi(m[1]));
  if (std::regex_match(t, m, dmy_name)) {
    const int mo = MonthFromName(m[2]);
    if (!mo) return std::nullopt;
    return Make(std::stoi(m[3]), mo, std::stoi(m[1]));
  }
  if (std::regex_match(t, m, mdy_name)) {
    const int mo = MonthFromName(m[1]);
    if (!mo) return std::nullopt;
    return Make(std::stoi(m[3]), mo, std::stoi(m[2]));
  }
  if (std::regex_match(t, m, my_name)) {
    const int mo = MonthFromName(m[1]);
    if (!mo) return std::nullopt;
    return Make(std::stoi(m[2]), mo, 0);
  }
  return std::nullopt;
}

std::optional<DateStatement> ParseDateStatement(std::string_view in) {
  std::string t(in);
  while (!t.empty() && (std::isspace(static_cast<unsigned char>(t.back())) || t.back() == '.'))
    t.pop_back();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
    t.erase(0, 1);
  if (t.empty() || t.size() > 80) return std::nullopt;
  std::string lower = LowerAscii(t);
  DateStatement out;
  for (const char* p : {"circa ", "approximately ", "approx. ", "about ", "ca. ", "c. "}) {
    const size_t n = std::char_traits<char>::length(p);
    if (lower.compare(0, n, p) == 0) {
      out.approximate = true;
      t.erase(0, n), lower.erase(0, n);
      break;
    }
  }
  std::string a = t, b;
  auto split = [&](const std::string& sep, size_t from) {
    const size_t at = lower.find(sep, from);
    if (at == std::string::npos) return false;
    a = t.substr(from, at - from), b = t.substr(at + sep.size());
    return true;
  };
  if (lower.compare(0, 8, "between ") == 0) {
    if (!split(" and ", 8)) return std::nullopt;
  } else if (!split(" to ", 0) && !split(" - ", 0)) {
    // "1979-1982": two years joined by a dash.
    if (t.size() == 9 && t[4] == '-' && ParseLooseDate(t.substr(0, 4)) &&
        ParseLooseDate(t.substr(5)))
      a = t.substr(0, 4), b = t.substr(5);
  }
  auto first = ParseLooseDate(a);
  // "Between Aug. and Sep. 1977", "12 to 15 March 2001": the first end
  // borrows what the second states after its first word.
  if (!first && !b.empty()) {
    const std::string tail = b.substr(b.find(' ') == std::string::npos ? b.size() : b.find(' '));
    if (!tail.empty() && ParseLooseDate(b)) first = ParseLooseDate(a + tail);
  }
  if (!first) return std::nullopt;
  out.from = *first;
  if (!b.empty()) {
    auto second = ParseLooseDate(b);
    if (!second) return std::nullopt;
    if (*second < *first) return std::nullopt;
    if (!(*second == *first)) out.to = *second;
  }
  return out;
}

std::optional<PartialDate> FindDateInText(std::string_view text) {
  static const std::regex re(
      R"(\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b)");
  std::string s(text);
  std::smatch m;
  if (std::regex_search(s, m, re))
    return Make(std::stoi(m[3]), MonthFromName(m[2]), std::stoi(m[1]));
  return std::nullopt;
}

}  // namespace actorgraph
