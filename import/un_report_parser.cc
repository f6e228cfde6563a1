#include "import/un_report_parser.h"

#include <cstdlib>
#include <cstring>
#include <regex>

#include "engine/text_match.h"
#include "import/loose_date.h"
#include "import/text_input.h"

namespace actorgraph {

namespace {

const std::regex& SymbolRe() {
  static const std::regex re(R"(\b((?:S|A|E)/(?:[A-Z]+/)?[0-9]+(?:/[A-Za-z0-9.\-]+)*))");
  return re;
}

// "   12.  Text": indent, number (up to `max_digits` digits), what follows.
// `dot`: the number ends with '.' ("12.") rather than a space (footnotes).
// Hand-written rather than std::regex, which recurses per character and
// must not see a line of unbounded length.
bool NumberedLine(const std::string& line, size_t max_digits, bool dot, int* indent, int* number,
                  std::string* rest) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ')
    ++i;
  const size_t digits = i;
  while (i < line.size() && i - digits < max_digits + 1 &&
         std::isdigit(static_cast<unsigned char>(line[i])))
    ++i;
  if (i == digits || i - digits > max_digits) return false;
  const size_t end_digits = i;
  if (dot) {
    if (i >= line.size() || line[i] != '.') return false;
    ++i;
  }
  const size_t space = i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
    ++i;
  if (i == space || i >= line.size()) return false;
  *indent = static_cast<int>(digits);
  *number = std::stoi(line.substr(digits, end_digits - digits));
  *rest = line.substr(i);
  return true;
}

// "II. Findings", "A. Mali": a heading (roman numeral or a capital A-H, a
// dot, a capitalised title of at most about a hundred characters).
bool HeadingLine(const std::string& line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ')
    ++i;
  const size_t start = i;
  while (i < line.size() && i - start < 6 && std::strchr("IVX", line[i]) && line[i] != '\0')
    ++i;
  if (i == start) {
    if (i < line.size() && line[i] >= 'A' && line[i] <= 'H') ++i;
  } else if (i - start > 5) {
    return false;
  }
  if (i == start || i >= line.size() || line[i] != '.') return false;
  ++i;
  const size_t space = i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
    ++i;
  if (i == space || i >= line.size() || !std::isupper(static_cast<unsigned char>(line[i])))
    return false;
  return line.size() - i <= 101;
}

size_t Utf8Len(const std::string& s, size_t upto) {
  size_t n = 0;
  for (size_t i = 0; i < upto && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

void Append(std::string* to, const std::string& more) {
  if (more.empty()) return;
  if (to->empty()) {
    *to = more;
  } else if (to->back() == '-' && to->size() > 1 &&
             std::isalpha(static_cast<unsigned char>((*to)[to->size() - 2])) &&
             std::islower(static_cast<unsigned char>(more[0]))) {
    to->pop_back();  // "mer-" + "cenaries"
    *to += more;
  } else {
    *to += " " + more;
  }
}

// Running heads, page numbers and job numbers that poppler puts in the text.
// A real page's foot often holds several side by side ("2/12      24-16001",
// "24-16001 (E)    150924", "*2416001*"), so every block of the line must
// be furniture.
bool IsFurnitureBlock(const std::string& t) {
  if (t.size() > 60) return false;  // and std::regex never sees long input
  static const std::regex re(
      R"(^(\d{1,4}/\d{1,4}|\d{2}-\d{5}(\s*\(E\).*)?|\(E\)|\d{6}|\*\d{7}\*|Page \d+|\d{1,4})$)");
  if (std::regex_match(t, re)) return true;
  std::smatch m;
  return std::regex_match(t, m, SymbolRe());
}

bool IsPageFurniture(const std::string& t) {
  if (IsFurnitureBlock(t)) return true;
  bool tabs = false;
  auto blocks = SplitCells(t, &tabs);
  if (blocks.size() < 2) return false;
  for (const auto& b : blocks)
    if (!IsFurnitureBlock(b.second)) return false;
  return true;
}

}  // namespace

std::vector<std::pair<size_t, std::string>> SplitCells(const std::string& line, bool* tabs) {
  std::vector<std::pair<size_t, std::string>> cells;
  *tabs = line.find('\t') != std::string::npos;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i >= line.size()) break;
    const size_t start = i;
    size_t end = i;
    while (end < line.size()) {
      if (line[end] == '\t') break;
      if (line[end] == ' ' && end + 1 < line.size() && line[end + 1] == ' ') break;
      ++end;
    }
    cells.push_back({Utf8Len(line, start), Trim(line.substr(start, end - start))});
    i = end;
  }
  return cells;
}

ColumnRole RoleOfHeader(const std::string& cell) {
  const std::string f = FoldName(cell);
  auto is = [&](std::initializer_list<const char*> kws) {
    for (const char* k : kws) {
      const std::string kw = k;
      if (f == kw || f.rfind(kw + " ", 0) == 0 ||
          (f.size() > kw.size() &&
           f.compare(f.size() - kw.size() - 1, std::string::npos, " " + kw) == 0))
        return true;
    }
    return false;
  };
  if (is({"company", "companies", "entity", "entities", "firm", "organization", "organisation",
          "business", "company name"}))
    return ColumnRole::kCompany;
  if (is({"person", "individual", "individuals", "full name"})) return ColumnRole::kPerson;
  if (is({"director", "directors", "manager", "managing director", "directors officers"}))
    return ColumnRole::kDirector;
  if (is({"owner", "owners", "shareholder", "shareholders", "beneficial owner", "beneficial owners",
          "ownership"}))
    return ColumnRole::kOwner;
  if (is({"address", "addresses", "registered address", "registered office"}))
    return ColumnRole::kAddress;
  if (is({"phone", "telephone", "tel", "mobile", "phone number", "telephone number",
          "phone numbers"}))
    return ColumnRole::kPhone;
  if (is({"email", "e mail", "email address", "emails"})) return ColumnRole::kEmail;
  if (is({"country", "jurisdiction", "nationality", "country of registration"}))
    return ColumnRole::kCountry;
  if (is({"registration", "registration number", "reg no", "registration no"}))
    return ColumnRole::kRegistration;
  if (is({"type"})) return ColumnRole::kType;
  if (is({"role", "position", "function", "title"})) return ColumnRole::kRole;
  if (is({"name", "names"})) return ColumnRole::kName;
  return ColumnRole::kOther;
}

void UnReportParser::EmitHeader() {
  if (header_done_) return;
  header_done_ = true;
  ReportHeader h;
  std::smatch m;
  for (const auto& l : header_lines_) {
    if (l.size() > 300) continue;  // no header line; and std::regex needs short input
    if (h.symbol.empty() && std::regex_search(l, m, SymbolRe())) h.symbol = m[1];
    if (h.date.empty()) {
      static const std::regex date(
          R"(\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b)");
      if (std::regex_search(l, m, date)) h.date = m[0];
    }
  }
  static const std::regex skip(
      R"(^(United Nations|Security Council|General Assembly|Human Rights Council|Economic and Social Council|Distr\.?:?.*|Original:.*|Agenda item.*|.*[Ss]ession.*|English|French|Arabic|Spanish|Russian|Chinese|\*.*)$)");
  bool in_title = false;
  for (const auto& raw : header_lines_) {
    const std::string l = Trim(raw);
    if (l.empty()) {
      if (in_title) break;
      continue;
    }
    if (l.size() > 300) break;  // prose, not a title
    const bool is_symbol =
        std::regex_search(l, m, SymbolRe()) && m[0].length() + 4 >= static_cast<long>(l.size());
    const bool is_date =
        !h.date.empty() && l.find(h.date) != std::string::npos && l.size() < h.date.size() + 12;
    if (is_symbol || is_date || std::regex_match(l, skip) || l.size() < 4) {
      if (in_title) break;
      continue;
    }
    Append(&h.title, l);
    in_title = true;
  }
  if (cb_.header) cb_.header(h);
}

void UnReportParser::EmitParagraph() {
  if (in_para_ && cb_.paragraph) cb_.paragraph(para_);
  in_para_ = false;
}

void UnReportParser::EmitFootnote() {
  if (in_fn_ && cb_.paragraph) cb_.paragraph(fn_);
  in_fn_ = false;
}

void UnReportParser::EmitRow() {
  if (in_row_ && cb_.row) cb_.row(row_);
  in_row_ = false;
}

void UnReportParser::PageBreak() {
  EmitFootnote();
  ++page_;
}

bool UnReportParser::TryTableHeader(const std::string& line) {
  bool tabs = false;
  auto cells = SplitCells(line, &tabs);
  if (cells.size() < 2) return false;
  std::vector<Col> cols;
  int known = 0;
  bool has_subject = false;
  for (size_t i = 0; i < cells.size(); ++i) {
    const ColumnRole r = RoleOfHeader(cells[i].second);
    if (r != ColumnRole::kOther) ++known;
    has_subject |= r == ColumnRole::kCompany || r == ColumnRole::kPerson || r == ColumnRole::kName;
    cols.push_back({tabs ? i : cells[i].first, r});
  }
  if (!has_subject || known < 2) return false;
  EmitRow();
  cols_ = std::move(cols);
  tabs_ = tabs;
  return true;
}

void UnReportParser::TableLine(const std::string& line, uint64_t line_no) {
  bool tabs = false;
  auto cells = SplitCells(line, &tabs);
  if (cells.empty()) return;  // blank lines inside tables
  // Prose after the table: one long cell from the margin.
  if (cells.size() == 1 && cells[0].first <= cols_[0].start && cells[0].second.size() > 60 &&
      !tabs_) {
    EmitRow();
    cols_.clear();
    return;
  }
  // Which column each cell falls under.
  std::map<ColumnRole, std::string> got;
  bool first_col = false;
  for (size_t i = 0; i < cells.size(); ++i) {
    size_t col = 0;
    if (tabs_) {
      // Tab-separated: by position, counting empty cells between tabs.
      col = std::min(i, cols_.size() - 1);
    } else {
      for (size_t c = 0; c < cols_.size(); ++c)
        if (cols_[c].start <= cells[i].first + 2) col = c;
    }
    if (col == 0) first_col = true;
    auto& slot = got[cols_[col].role];
    slot += (slot.empty() ? "" : " ") + cells[i].second;
  }
  if (tabs_) {
    // Recount with empty cells kept: split on every tab.
    got.clear();
    first_col = false;
    size_t start = 0, col = 0;
    while (start <= line.size() && col < cols_.size()) {
      size_t end = line.find('\t', start);
      if (end == std::string::npos) end = line.size();
      const std::string v = Trim(line.substr(start, end - start));
      if (!v.empty()) {
        if (col == 0) first_col = true;
        auto& slot = got[cols_[col].role];
        slot += (slot.empty() ? "" : " ") + v;
      }
      ++col;
      start = end + 1;
    }
  }
  if (first_col || !in_row_) {
    EmitRow();
    row_ = TableRow();
    row_.annex = annex_;
    row_.page = page_;
    row_.line = line_no;
    row_.cells = std::move(got);
    row_.raw = Trim(line);
    in_row_ = true;
    return;
  }
  // A wrapped row: cells continue the row above.
  for (auto& [role, v] : got) {
    auto& slot = row_.cells[role];
    const bool list = role == ColumnRole::kPhone || role == ColumnRole::kEmail ||
                      role == ColumnRole::kDirector || role == ColumnRole::kOwner;
    slot += slot.empty() ? v : (list ? "; " : " ") + v;
  }
  row_.raw += "\n" + Trim(line);
}

void UnReportParser::Line(const std::string& raw, int page, uint64_t line_no) {
  if (page > page_) {
    EmitFootnote();
    page_ = page;
  }
  std::string line = raw;
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
    line.pop_back();
  const std::string t = Trim(line);
  if (t.empty()) {
    EmitFootnote();
    if (!header_done_) header_lines_.push_back("");
    return;
  }
  if (header_done_ && IsPageFurniture(t)) return;
  static const std::regex annex_re(R"(^(?:Annex|ANNEX)(?:es|ES)?(?:\s+([IVXLC]+|\d+))?\b.*$)");
  std::smatch m;
  if (t.size() < 120 && std::regex_match(t, m, annex_re)) {
    EmitHeader();
    EmitParagraph();
    EmitFootnote();
    EmitRow();
    cols_.clear();
    in_annex_ = true;
    annex_ = m[1].matched ? std::string(m[1]) : "";
    return;
  }
  if (in_annex_) {
    if (TryTableHeader(line)) return;
    if (!cols_.empty()) TableLine(line, line_no);
    return;
  }
  int indent = 0, n = 0;
  std::string rest;
  // A paragraph starts at the margin of the others (any margin: the first
  // paragraph sets it), with the next number.
  if (NumberedLine(line, 7, true, &indent, &n, &rest) &&
      (margin_ < 0 || std::abs(indent - margin_) <= 8)) {
    if (n == last_para_ + 1 || (last_para_ == 0 && n <= 5)) {
      EmitHeader();
      EmitParagraph();
      EmitFootnote();
      last_para_ = n;
      margin_ = indent;
      para_ = ReportParagraph();
      para_.number = std::to_string(n);
      para_.text = StripFootnoteMarks(Trim(rest));
      para_.page = page_;
      in_para_ = true;
      return;
    }
  }
  if (!header_done_) {
    // Header lines often hold several blocks side by side ("Security
    // Council      Distr.: General"): keep each block as its own line.
    bool tabs = false;
    auto cells = SplitCells(line, &tabs);
    for (const auto& c : cells)
      header_lines_.push_back(c.second);
    if (cells.empty()) header_lines_.push_back("");
    return;
  }
  if (NumberedLine(line, 3, false, &indent, &n, &rest) && n == last_fn_ + 1 &&
      (margin_ < 0 || std::abs(indent - margin_) <= 8)) {
    // "12 March 2023 …" at a line start is a date, not footnote 12.
    const std::string r = Trim(rest);
    const size_t sp = r.find(' ');
    if (!ParseLooseDate(r.substr(0, sp == std::string::npos ? 0 : sp) + " 2000")) {
      EmitFootnote();
      last_fn_ = n;
      fn_ = ReportParagraph();
      fn_.number = "footnote " + std::to_string(n);
      fn_.text = Trim(rest);
      fn_.page = page_;
      fn_.footnote = true;
      in_fn_ = true;
      return;
    }
  }
  if (HeadingLine(line)) {
    EmitParagraph();
    EmitFootnote();
    return;
  }
  if (in_fn_) {
    Append(&fn_.text, t);
  } else if (in_para_) {
    Append(&para_.text, StripFootnoteMarks(t));
  }
}

// Footnote references come out of poppler as digits glued to the text
// ("in Moura.3 The Panel", "the village12"). They are taken out of the
// paragraph (so that quotes read cleanly and sentences split) only when the
// number is the next one or two footnotes expected, which keeps "2.5 million"
// and "G5 Sahel" intact in all but rare cases.
std::string UnReportParser::StripFootnoteMarks(const std::string& t) {
  // A letter or closing punctuation, then one to three digits, then a space
  // or the end (a hand-written scan: paragraphs may be very long).
  auto mark_before = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || std::strchr(".,;:)]\"'", c) || c == 0x9d || c == 0x99;
  };
  std::string out;
  size_t from = 0;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (!mark_before(static_cast<unsigned char>(t[i])) || t[i] == '\0') continue;
    size_t j = i + 1;
    while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j])))
      ++j;
    const size_t len = j - (i + 1);
    if (len < 1 || len > 3 || (j < t.size() && !std::isspace(static_cast<unsigned char>(t[j]))))
      continue;
    const int n = std::stoi(t.substr(i + 1, len));
    const int expected = std::max(last_fn_, last_mark_) + 1;
    if (n != expected && n != expected + 1) continue;
    out.append(t, from, i + 1 - from);
    from = j;
    last_mark_ = n;
    i = j - 1;
  }
  out.append(t, from, std::string::npos);
  return out;
}

void UnReportParser::Finish() {
  EmitHeader();
  EmitParagraph();
  EmitFootnote();
  EmitRow();
}

}  // namespace actorgraph
