#include "import/loose_date.h"

#include <cctype>
#include <regex>
#include <string>

namespace actorgraph {

namespace {

int MonthFromName(std::string name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  for (auto& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
  if (digits(0, 4) &&
      (t.size() == 4 || (t[4] == '-' && digits(5, 2) &&
                         (t.size() == 7 || (t.size() >= 10 && t[7] == '-' && digits(8, 2) &&
                                            (t.size() == 10 || t[10] == 'T')))))) {
    const int y = std::stoi(t.substr(0, 4));
    const int mo = t.size() >= 7 ? std::stoi(t.substr(5, 2)) : 0;
    const int d = t.size() >= 10 ? std::stoi(t.substr(8, 2)) : 0;
    return Make(y, mo, d);
  }
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
