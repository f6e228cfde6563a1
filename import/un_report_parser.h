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
//    Country, Registration, Type, Role: columns are separated by a tab or
//    by two or more spaces; a cell belongs to the header column it starts
//    under; a row with an empty first column continues the row above
//    (wrapped cells).
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
  kOther
};

struct TableRow {
  std::string annex;  // "I", "2", or "" for an unnumbered annex
  int page = 0;
  uint64_t line = 0;  // line of the text (within the page for PDFs)
  std::map<ColumnRole, std::string> cells;
  std::string raw;  // the row's text, wrapped lines included
};

class UnReportParser {
 public:
  struct Callbacks {
    std::function<void(const ReportHeader&)> header;  // once, before anything else
    std::function<void(const ReportParagraph&)> paragraph;
    std::function<void(const TableRow&)> row;
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
};

// Cells of a table line: (start column in characters, text).
std::vector<std::pair<size_t, std::string>> SplitCells(const std::string& line, bool* tabs);
ColumnRole RoleOfHeader(const std::string& cell);

}  // namespace actorgraph
