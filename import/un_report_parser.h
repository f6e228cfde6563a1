// UnReportParser: the structure of a UN report's text, fed line by line (as
// poppler extracts a PDF page, or as a plain-text file holds it):
//
//  - the header before paragraph 1: the document symbol (S/2023/123,
//    A/HRC/52/CRP.1), the first full date ("3 August 2023") and the title
//    (the first lines that are not the symbol, the date, the organ or the
//    distribution notes);
//  - numbered paragraphs ("12. Text…"), each from its number to the next
//    paragraph, heading ("II. Findings", "A. Mali") or annex; numbers must
//    follow one another, so "2022. " at a line start is not paragraph 2022;
//  - footnotes ("12 See S/2022/…" at a line start, numbered in sequence),
//    which end at a blank line or page break and interrupt, without
//    ending, the paragraph around them; their references glued to the
//    paragraph text ("Moura.12") are taken out of it;
//  - page furniture is dropped: running heads (the symbol), page numbers
//    ("3/45"), job numbers ("24-16001 (E) 150924", "*2416001*"), alone or
//    side by side on one line;
//  - after an "Annex" heading, tables whose header row names columns such
//    as Company/Name, Address, Phone/Telephone, Email, Director, Owner,
//    Country, Registration, Type, Role, Share, Date. The columns are the
//    header's word positions (a header cell of several words is split where
//    each part is a column name of its own: "Company Jurisdiction Share"),
//    so that cells one space apart split too ("… SARL Mali"): a word of a
//    row belongs to the last column that starts at or before it (one
//    character's slack, two after a gap of two spaces or more), or to the tab
//    column in tab-separated tables; a row with an empty first column
//    continues the row above (wrapped cells); a footnote letter after a
//    cell's text ("unknown a", "Mali (b)") is taken out as the row's mark;
//  - notes under a table ("Note: …", "Source: …", "* …", "a …" footnote
//    lines, "Registered-agent address also on file for: …"), up to the next
//    blank line, each with the table it follows and its footnote letter.
//
// Thread-safety: one thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace actorgraph {

struct ReportHeader {
  std::string symbol, date, title;  // date as written ("3 August 2023")
};

struct ReportParagraph {
  std::string number;  // "12", or "footnote 3"
  std::string text;
  int page = 0;
  bool footnote = false;
};

// Column roles of an annex table.
enum class ColumnRole {
  kCompany,
  kPerson,
  kName,
  kAddress,
  kPhone,
  kEmail,
  kDirector,
  kOwner,
  kCountry,
  kRegistration,
  kType,
  kRole,
  kShare,  // a share or percentage held ("51 %", "0.51")
  kDate,   // incorporation, registration or birth date
  kOther
};

struct TableRow {
  std::string annex;  // "I", "2", or "" for an unnumbered annex
  int page = 0;
  uint64_t line = 0;  // line of the text (within the page for PDFs)
  std::map<ColumnRole, std::string> cells;
  std::string raw;  // the row's text, wrapped lines included
  int table = 0;    // the table's number in the report, from 1
  // Footnote letters set after a cell ("unknown a", "Mali (b)"), taken out
  // of the cell; the note under the table with that letter is about the row.
  std::vector<std::string> marks;
};

// A note under a table: what it says, and the table it follows.
struct TableNote {
  std::string annex;
  int page = 0;
  uint64_t line = 0;
  int table = 0;
  std::string text;  // wrapped lines joined
  std::string mark;  // "a" for a note that starts with footnote letter a
};

class UnReportParser {
 public:
  struct Callbacks {
    std::function<void(const ReportHeader&)> header;  // once, before anything else
    std::function<void(const ReportParagraph&)> paragraph;
    std::function<void(const TableRow&)> row;
    std::function<void(const TableNote&)> note;  // after the rows of its table
  };
  explicit UnReportParser(Callbacks cb) : cb_(std::move(cb)) {}

  void Line(const std::string& line, int page, uint64_t line_no);
  void PageBreak();
  void Finish();

 private:
  void EmitHeader();
  void EmitParagraph();
  void EmitFootnote();
  void EmitRow();
  void EmitNote();
  bool TryTableHeader(const std::string& line);
  void TableLine(const std::string& line, uint64_t line_no);
  std::string StripFootnoteMarks(const std::string& t);

  Callbacks cb_;
  int page_ = 0;
  bool header_done_ = false;
  std::vector<std::string> header_lines_;
  int last_para_ = 0, last_fn_ = 0;
  int last_mark_ = 0;  // the last footnote reference taken out of a paragraph
  // The left margin of numbered paragraphs, learnt from the first one (PDF
  // layouts indent them anywhere from 0 to 20 spaces or more); -1 until then.
  int margin_ = -1;
  ReportParagraph para_, fn_;
  bool in_para_ = false, in_fn_ = false;
  // Annex tables.
  bool in_annex_ = false;
  std::string annex_;
  struct Col {
    size_t start;
    ColumnRole role;
  };
  std::vector<Col> cols_;  // empty: not in a table
  bool tabs_ = false;
  TableRow row_;
  bool in_row_ = false;
  int table_ = 0;                // tables seen
  bool blank_in_table_ = false;  // a blank line since the last table line
  TableNote note_;
  bool in_note_ = false;
};

// Cells of a table line: (start column in characters, text).
std::vector<std::pair<size_t, std::string>> SplitCells(const std::string& line, bool* tabs);
ColumnRole RoleOfHeader(const std::string& cell);
// The columns of a header line: (start in characters, name). Cells two or
// more spaces apart; a cell of several words is split further where every
// part is a column name ("Company Jurisdiction Share (%)").
std::vector<std::pair<size_t, std::string>> HeaderColumns(const std::string& line);
// Does a company name end in a legal form ("… SARL", "… Ltd.")?
bool EndsWithLegalForm(const std::string& name);
// Is this line (trimmed) the start of a note under a table?
bool IsTableNoteStart(const std::string& t);

}  // namespace actorgraph
