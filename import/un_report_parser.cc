#include "import/un_report_parser.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <regex>

#include "common/ascii.h"
#include "common/text_match.h"
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

namespace {

struct HeaderWord {
  const char* folded;
  ColumnRole role;
};

// Column names, most specific first: "registration date" is a date, not a
// registration number; "shareholder" an owner, "share" a share.
const HeaderWord kHeaderWords[] = {
    {"date of incorporation", ColumnRole::kDate},
    {"incorporation date", ColumnRole::kDate},
    {"date of registration", ColumnRole::kDate},
    {"registration date", ColumnRole::kDate},
    {"date incorporated", ColumnRole::kDate},
    {"date registered", ColumnRole::kDate},
    {"date of birth", ColumnRole::kDate},
    {"incorporated", ColumnRole::kDate},
    {"established", ColumnRole::kDate},
    {"date", ColumnRole::kDate},
    {"company name", ColumnRole::kCompany},
    {"company", ColumnRole::kCompany},
    {"companies", ColumnRole::kCompany},
    {"entity", ColumnRole::kCompany},
    {"entities", ColumnRole::kCompany},
    {"firm", ColumnRole::kCompany},
    {"organization", ColumnRole::kCompany},
    {"organisation", ColumnRole::kCompany},
    {"business", ColumnRole::kCompany},
    {"full name", ColumnRole::kPerson},
    {"person", ColumnRole::kPerson},
    {"individual", ColumnRole::kPerson},
    {"individuals", ColumnRole::kPerson},
    {"managing director", ColumnRole::kDirector},
    {"directors officers", ColumnRole::kDirector},
    {"director", ColumnRole::kDirector},
    {"directors", ColumnRole::kDirector},
    {"manager", ColumnRole::kDirector},
    {"beneficial owners", ColumnRole::kOwner},
    {"beneficial owner", ColumnRole::kOwner},
    {"shareholders", ColumnRole::kOwner},
    {"shareholder", ColumnRole::kOwner},
    {"ownership", ColumnRole::kOwner},
    {"owners", ColumnRole::kOwner},
    {"owner", ColumnRole::kOwner},
    {"percentage", ColumnRole::kShare},
    {"shareholding", ColumnRole::kShare},
    {"shares", ColumnRole::kShare},
    {"share", ColumnRole::kShare},
    {"stake", ColumnRole::kShare},
    {"registered address", ColumnRole::kAddress},
    {"registered office", ColumnRole::kAddress},
    {"addresses", ColumnRole::kAddress},
    {"address", ColumnRole::kAddress},
    {"telephone number", ColumnRole::kPhone},
    {"phone numbers", ColumnRole::kPhone},
    {"phone number", ColumnRole::kPhone},
    {"telephone", ColumnRole::kPhone},
    {"phone", ColumnRole::kPhone},
    {"tel", ColumnRole::kPhone},
    {"mobile", ColumnRole::kPhone},
    {"email address", ColumnRole::kEmail},
    {"emails", ColumnRole::kEmail},
    {"email", ColumnRole::kEmail},
    {"e mail", ColumnRole::kEmail},
    {"country of registration", ColumnRole::kCountry},
    {"jurisdiction", ColumnRole::kCountry},
    {"nationality", ColumnRole::kCountry},
    {"country", ColumnRole::kCountry},
    {"registration number", ColumnRole::kRegistration},
    {"registration no", ColumnRole::kRegistration},
    {"registration", ColumnRole::kRegistration},
    {"reg no", ColumnRole::kRegistration},
    {"type", ColumnRole::kType},
    {"position", ColumnRole::kRole},
    {"function", ColumnRole::kRole},
    {"title", ColumnRole::kRole},
    {"role", ColumnRole::kRole},
    {"names", ColumnRole::kName},
    {"name", ColumnRole::kName},
};

// The role of a folded column name that is exactly one of kHeaderWords.
ColumnRole ExactRole(const std::string& f) {
  for (const auto& w : kHeaderWords)
    if (f == w.folded) return w.role;
  return ColumnRole::kOther;
}

bool HasAlnum(const std::string& s) {
  for (unsigned char c : s)
    if (std::isalnum(c) || c >= 0x80) return true;
  return false;
}

}  // namespace

ColumnRole RoleOfHeader(const std::string& cell) {
  if (cell.size() > 200) return ColumnRole::kOther;  // a name, not prose
  const std::string f = FoldName(cell);
  if (cell.find('%') != std::string::npos && (f.empty() || f == "in")) return ColumnRole::kShare;
  // Exact names first, then a name at the start or end ("Company name",
  // "Name of company", "Share (%)"), most specific first.
  if (ColumnRole r = ExactRole(f); r != ColumnRole::kOther) return r;
  for (const auto& w : kHeaderWords) {
    const std::string kw = w.folded;
    if (f.rfind(kw + " ", 0) == 0 ||
        (f.size() > kw.size() &&
         f.compare(f.size() - kw.size() - 1, std::string::npos, " " + kw) == 0))
      return w.role;
  }
  return ColumnRole::kOther;
}

std::vector<std::pair<size_t, std::string>> HeaderColumns(const std::string& line) {
  bool tabs = false;
  std::vector<std::pair<size_t, std::string>> out;
  for (const auto& [start, text] : SplitCells(line, &tabs)) {
    // The words of the cell, with their character positions.
    std::vector<std::pair<size_t, std::string>> words;
    size_t i = 0;
    while (i < text.size() && words.size() <= 12) {
      while (i < text.size() && text[i] == ' ')
        ++i;
      const size_t b = i;
      while (i < text.size() && text[i] != ' ')
        ++i;
      if (i > b) words.push_back({start + Utf8Len(text, b), text.substr(b, i - b)});
    }
    // Split into column names, longest first; a word without letters or
    // digits ("(%)") belongs to the name before it.
    std::vector<std::pair<size_t, std::string>> parts;
    bool all = !tabs && words.size() >= 2 && words.size() <= 12;
    for (size_t w = 0; all && w < words.size();) {
      if (!HasAlnum(words[w].second) && !parts.empty()) {
        parts.back().second += " " + words[w].second;
        ++w;
        continue;
      }
      size_t took = 0;
      for (size_t k = std::min<size_t>(4, words.size() - w); k >= 1 && !took; --k) {
        std::string phrase;
        for (size_t j = w; j < w + k; ++j)
          phrase += (j == w ? "" : " ") + words[j].second;
        if (ExactRole(FoldName(phrase)) != ColumnRole::kOther) {
          parts.push_back({words[w].first, phrase});
          took = k;
        }
      }
      if (!took) all = false;
      w += took;
    }
    if (all && parts.size() >= 2)
      out.insert(out.end(), parts.begin(), parts.end());
    else
      out.push_back({start, text});
  }
  return out;
}

bool EndsWithLegalForm(const std::string& name) {
  const size_t sp = name.find_last_of(' ');
  std::string last = name.substr(sp == std::string::npos ? 0 : sp + 1);
  while (!last.empty() && (last.back() == '.' || last.back() == ','))
    last.pop_back();
  for (auto& ch : last)
    ch = UpperAsciiChar(ch);
  for (const char* f :
       {"SARL", "SARLU", "SA",  "SAS",  "SASU",    "LTD",   "LIMITED", "LLC",     "LLP", "INC",
        "CORP", "GMBH",  "FZE", "FZCO", "FZ-LLC",  "JSC",   "OOO",     "PLC",     "AG",  "BV",
        "NV",   "SPA",   "SRL", "CO",   "COMPANY", "GROUP", "HOLDING", "HOLDINGS"})
    if (last == f) return true;
  return false;
}

namespace {

// The footnote letter a note starts with ("a The Panel …", "b) …"), or "".
std::string NoteMark(const std::string& t) {
  if (t.size() > 2 && t[0] >= 'a' && t[0] <= 'z' && (t[1] == ' ' || t[1] == ')' || t[1] == '.'))
    return std::string(1, t[0]);
  return "";
}

// Takes footnote letters off the end of a cell of two words or more:
// "unknown a", "Mali (b)", "Gulf Bullion FZE a,b". A one-word cell keeps
// its text (a lone "a" may be the cell).
void TakeMarks(std::string* cell, std::vector<std::string>* marks) {
  const size_t sp = cell->find_last_of(' ');
  if (sp == std::string::npos || sp == 0) return;
  std::string last = cell->substr(sp + 1);
  if (last.size() >= 3 && last.front() == '(' && last.back() == ')')
    last = last.substr(1, last.size() - 2);
  std::vector<std::string> got;
  for (size_t i = 0; i < last.size(); i += 2) {
    if (last[i] < 'a' || last[i] > 'z') return;
    if (i + 1 < last.size() && last[i + 1] != ',') return;
    got.emplace_back(1, last[i]);
  }
  if (got.empty()) return;
  cell->erase(sp);
  while (!cell->empty() && (cell->back() == ' ' || cell->back() == ','))
    cell->pop_back();
  for (auto& g : got)
    if (std::find(marks->begin(), marks->end(), g) == marks->end()) marks->push_back(g);
}

}  // namespace

bool IsTableNoteStart(const std::string& t) {
  auto starts = [&](const char* p) {
    const size_t n = std::strlen(p);
    if (t.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
      if (LowerAsciiChar(t[i]) != p[i]) return false;
    return true;
  };
  for (const char* p :
       {"note:", "notes:", "source:", "sources:", "abbreviations:", "*", "\xe2\x80\xa0" /* † */})
    if (starts(p)) return true;
  // A footnote letter: "a  Registered in …", "b The Panel …".
  if (t.size() > 2 && t[0] >= 'a' && t[0] <= 'z' && (t[1] == ' ' || t[1] == ')' || t[1] == '.')) {
    size_t i = 2;
    while (i < t.size() && t[i] == ' ')
      ++i;
    if (i < t.size() && std::isupper(static_cast<unsigned char>(t[i]))) return true;
  }
  // "Registered-agent address also on file for: …" (searched in the first
  // 300 characters only).
  const std::string head = FoldName(t.substr(0, 300));
  return head.find("also on file for") != std::string::npos;
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

void UnReportParser::EmitNote() {
  if (in_note_ && cb_.note) cb_.note(note_);
  in_note_ = false;
}

void UnReportParser::PageBreak() {
  EmitFootnote();
  ++page_;
}

bool UnReportParser::TryTableHeader(const std::string& line) {
  if (line.size() > 1000) return false;  // prose or a broken line, not a header
  bool tabs = false;
  auto cells = SplitCells(line, &tabs);
  if (!tabs) cells = HeaderColumns(line);
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
  EmitNote();
  cols_ = std::move(cols);
  tabs_ = tabs;
  ++table_;
  return true;
}

void UnReportParser::TableLine(const std::string& line, uint64_t line_no) {
  bool tabs = false;
  auto cells = SplitCells(line, &tabs);
  if (cells.empty()) return;  // blank lines inside tables
  // A note under the table ends it.
  if (!tabs_ && (IsTableNoteStart(Trim(line)) &&
                 (cells[0].first <= cols_[0].start + 2 ||
                  FoldName(line.substr(0, 400)).find("also on file for") != std::string::npos))) {
    EmitRow();
    cols_.clear();
    note_ = TableNote();
    note_.annex = annex_;
    note_.page = page_;
    note_.line = line_no;
    note_.table = table_;
    note_.text = Trim(line);
    note_.mark = NoteMark(note_.text);
    in_note_ = true;
    return;
  }
  // Prose after the table: one long cell from the margin.
  if (cells.size() == 1 && cells[0].first <= cols_[0].start && cells[0].second.size() > 60 &&
      !tabs_) {
    EmitRow();
    cols_.clear();
    return;
  }
  // Which column each word falls under: the last column that starts at or
  // before it, so that words one space apart split where the header says
  // ("Sahel Gold SARL Mali" under "Company" and "Jurisdiction"). After a gap
  // of two spaces or more a word may start up to two characters early, after
  // one space one character early (poppler's alignment is not exact, and a
  // word that crosses a column's start is that column's: cells do not
  // overlap in the page).
  std::map<ColumnRole, std::string> got;
  bool first_col = false;
  if (!tabs_) {
    size_t i = 0, chars = 0, prev_end = 0;
    while (i < line.size()) {
      size_t gap = 0;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
        ++chars;
        ++gap;
      }
      if (i >= line.size()) break;
      const size_t b = i, word_start = chars;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
        ++i;
      }
      const size_t slack = (gap >= 2 || prev_end == 0) ? 2 : 1;
      size_t col = 0;
      for (size_t c = 0; c < cols_.size(); ++c)
        if (cols_[c].start <= word_start + slack) col = c;
      if (col == 0) first_col = true;
      auto& slot = got[cols_[col].role];
      slot.append(slot.empty() ? "" : " ").append(line, b, i - b);
      prev_end = chars;
    }
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
  // A line with only the first column, right under a row with more, is
  // that row's first cell wrapped ("Kidal Transport and" / "Logistics SA").
  // A name that ends in a legal form ("… SARL") is complete: the line is a
  // row of its own.
  const bool wrapped_first = first_col && got.size() == 1 && in_row_ && !blank_in_table_ &&
                             row_.cells.size() >= 2 && !tabs_ &&
                             !EndsWithLegalForm(row_.cells[cols_[0].role]);
  blank_in_table_ = false;
  if (wrapped_first) {
    auto& slot = row_.cells[cols_[0].role];
    TakeMarks(&got.begin()->second, &row_.marks);
    Append(&slot, got.begin()->second);
    row_.raw += "\n" + Trim(line);
    return;
  }
  if (first_col || !in_row_) {
    EmitRow();
    row_ = TableRow();
    row_.annex = annex_;
    row_.page = page_;
    row_.line = line_no;
    row_.cells = std::move(got);
    for (auto& [role, v] : row_.cells)
      TakeMarks(&v, &row_.marks);
    row_.raw = Trim(line);
    row_.table = table_;
    in_row_ = true;
    return;
  }
  // A wrapped row: cells continue the row above.
  for (auto& [role, v] : got) {
    TakeMarks(&v, &row_.marks);
    if (v.empty()) continue;
    auto& slot = row_.cells[role];
    const bool list = role == ColumnRole::kPhone || role == ColumnRole::kEmail ||
                      role == ColumnRole::kDirector || role == ColumnRole::kOwner ||
                      role == ColumnRole::kShare;
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
    EmitNote();
    blank_in_table_ = true;
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
    EmitNote();
    cols_.clear();
    in_annex_ = true;
    annex_ = m[1].matched ? std::string(m[1]) : "";
    return;
  }
  if (in_annex_) {
    if (TryTableHeader(line)) return;
    if (in_note_) {
      // A note runs to the next blank line; another note may follow.
      if (IsTableNoteStart(t)) {
        const int table = note_.table;
        EmitNote();
        note_ = TableNote();
        note_.annex = annex_;
        note_.page = page_;
        note_.line = line_no;
        note_.table = table;
        note_.text = t;
        note_.mark = NoteMark(t);
        in_note_ = true;
      } else {
        Append(&note_.text, t);
      }
      return;
    }
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
  EmitNote();
}

}  // namespace actorgraph
