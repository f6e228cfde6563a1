// UN reports, as PDF (text by poppler) or plain text (form feeds, if any,
// separate pages). The structure comes from UnReportParser; here it becomes
// the graph:
//  - a Document "doc:un:SYMBOL" (else "doc:un-report:FILE") with symbol,
//    date, title;
//  - for every paragraph and footnote, MENTIONS from the document to each
//    entity of the database it names (MentionMatcher), with the paragraph
//    number and the first sentence naming it, on the relationship and in
//    its claim;
//  - for every annex table row, the company or person it lists ("unr:SYMBOL:
//    NAME", or the entity the database already has under exactly that
//    name), its Address/Phone/Email as shared identifier nodes, and DIRECTS
//    and OWNS from its directors and owners.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "common/text_match.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/loose_date.h"
#include "import/mention_matcher.h"
#include "import/pdf_text.h"
#include "import/un_report_parser.h"

namespace actorgraph {

namespace {

std::vector<std::string> SplitList(const std::string& s, const char* seps) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = Trim(cur);
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::strchr(seps, s[i])) {
      flush();
    } else if (s.compare(i, 5, " and ") == 0) {
      flush();
      i += 4;
    } else {
      cur.push_back(s[i]);
    }
  }
  flush();
  return out;
}

bool LooksLikeCompany(const std::string& name) {
  if (name.size() > 300) return false;  // a name, not prose (and std::regex needs short input)
  static const std::regex re(
      R"(\b(LLC|Ltd|Limited|SARL|SA|SAS|SARLU|GmbH|Inc|Corp|Company|Co|Group|Holding|Holdings|JSC|OOO|LLP|FZE|FZCO|PLC|Trading|Services|Enterprises)\b\.?)",
      std::regex::icase);
  return std::regex_search(name, re);
}

// A share as tables write it: "51 %", "51%", "51.5 per cent", "0.51" (a
// fraction when there is no % and it is at most 1). The percentage, 0 to 100.
std::optional<double> ParseShare(const std::string& raw) {
  std::string t = Trim(raw);
  if (t.empty() || t.size() > 40) return std::nullopt;
  bool percent = false;
  for (const char* suffix : {"per cent", "percent", "%"}) {
    const size_t n = std::strlen(suffix);
    if (t.size() >= n && t.compare(t.size() - n, n, suffix) == 0) {
      t = Trim(t.substr(0, t.size() - n));
      percent = true;
      break;
    }
  }
  if (t.empty()) return std::nullopt;
  std::string num;
  bool dot = false;
  for (char c : t) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      num += c;
    } else if ((c == '.' || c == ',') && !dot && !num.empty()) {
      num += '.';
      dot = true;
    } else {
      return std::nullopt;
    }
  }
  if (num.empty() || num.back() == '.') return std::nullopt;
  double v = std::strtod(num.c_str(), nullptr);
  if (!percent && v <= 1.0) v *= 100;
  if (v < 0 || v > 100) return std::nullopt;
  return v;
}

// "John Doe (60%)": the owner and the share written after the name.
bool SplitInlineShare(const std::string& o, std::string* owner, double* pct) {
  if (o.empty() || o.back() != ')') return false;
  const size_t open = o.rfind('(');
  if (open == std::string::npos || o.find('%', open) == std::string::npos) return false;
  auto v = ParseShare(o.substr(open + 1, o.size() - open - 2));
  if (!v) return false;
  *owner = Trim(o.substr(0, open));
  *pct = *v;
  return !owner->empty();
}

// A date in a table: as ParseLooseDate reads it, or a month as registers
// write it, "11/2017" or "11.2017".
std::optional<PartialDate> TableDate(const std::string& raw) {
  if (auto d = ParseLooseDate(raw)) return d;
  const std::string t = Trim(raw);
  const size_t sep = t.find_first_of("/.");
  if (sep == std::string::npos || sep == 0 || sep > 2 || t.size() != sep + 5) return std::nullopt;
  for (size_t i = 0; i < t.size(); ++i)
    if (i != sep && !std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  const int month = std::stoi(t.substr(0, sep)), year = std::stoi(t.substr(sep + 1));
  if (month < 1 || month > 12) return std::nullopt;
  return ParseLooseDate(std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month));
}

// Longer rows are broken text, not a table row.
constexpr size_t kMaxRowChars = 100000;

class UnReportImporter : public Importer {
 public:
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    auto m = MentionMatcher::Build(sink->txn()->base(), sink->ontology());
    if (!m.ok()) return m.status();
    matcher_ = std::move(m).value();
    for (const auto& f : files)
      AG_RETURN_IF_ERROR(File(f, sink));
    return Status::OK();
  }

 private:
  Status File(const std::string& f, ImportSink* sink) {
    sink_ = sink;
    file_ = f;
    status_ = Status::OK();
    paragraphs_ = rows_ = 0;
    symbol_.clear();
    subjects_.clear();
    marked_.clear();
    UnReportParser parser(
        {[&](const ReportHeader& h) { Header(h); }, [&](const ReportParagraph& p) { Paragraph(p); },
         [&](const TableRow& r) { Row(r); }, [&](const TableNote& n) { Note(n); }});
    if (LooksLikePdf(f)) {
      AG_RETURN_IF_ERROR(ForEachPdfPage(f, [&](int page, const std::string& text) {
        *sink->bytes_counter() += text.size();
        size_t start = 0;
        uint64_t n = 0;
        while (start <= text.size() && status_.ok()) {
          size_t end = text.find('\n', start);
          if (end == std::string::npos) end = text.size();
          parser.Line(text.substr(start, end - start), page, ++n);
          start = end + 1;
        }
        parser.PageBreak();
        return status_;
      }));
    } else {
      AG_RETURN_IF_ERROR(CheckLooksLikeText(f));
      std::ifstream in(f, std::ios::binary);
      if (!in) return Status::IOError(f + ": cannot open");
      LineReader lines(&in, sink->options().encoding, sink->bytes_counter());
      std::string line;
      int page = 1;
      while (status_.ok() && lines.Next(&line)) {
        size_t ff;
        while ((ff = line.find('\f')) != std::string::npos) {
          parser.Line(line.substr(0, ff), page, lines.line_no());
          parser.PageBreak();
          ++page;
          line.erase(0, ff + 1);
        }
        parser.Line(line, page, lines.line_no());
      }
      AG_RETURN_IF_ERROR(lines.status().WithContext(f));
      if (lines.transcoded_lines())
        sink->Warn(f + ": " + std::to_string(lines.transcoded_lines()) +
                   " lines were not UTF-8 and were read as Latin-1");
    }
    if (status_.ok()) parser.Finish();
    if (status_.ok() && paragraphs_ == 0 && rows_ == 0)
      return Status::InvalidArgument(
          f + ":1: not a UN report: no numbered paragraph (\"1. …\") and no annex table found");
    return status_;
  }

  // Input that is no report text (empty, binary, XML or HTML) is an error
  // before anything is written.
  static Status CheckLooksLikeText(const std::string& f) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return Status::IOError(f + ": cannot open");
    char buf[4096];
    in.read(buf, sizeof buf);
    const std::string head(buf, static_cast<size_t>(in.gcount()));
    const size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos)
      return Status::InvalidArgument(f + ":1: not a UN report: the file is empty");
    size_t control = 0;
    for (unsigned char c : head)
      control += c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f');
    if (control > 0 && (head.find('\0') != std::string::npos || control * 20 > head.size()))
      return Status::InvalidArgument(f + ":1: not a UN report: binary data (not text or PDF)");
    if (head[first] == '<')
      return Status::InvalidArgument(f + ":1: not a UN report: XML or HTML markup");
    return Status::OK();
  }

  void Header(const ReportHeader& h) {
    auto doc = ImportSink::FileDocument("un-report", file_, "UN report");
    if (!doc.ok()) {
      status_ = doc.status();
      return;
    }
    Node d = std::move(*doc);
    if (!h.symbol.empty()) {
      // A report is its symbol, whichever file (PDF or text) carried it.
      d.xid = "doc:un:" + h.symbol;
      std::erase_if(d.props,
                    [](const auto& p) { return p.first == "sha256" || p.first == "bytes"; });
      d.props.emplace_back("symbol", Value(h.symbol));
      symbol_ = h.symbol;
    } else {
      symbol_ = Slug(d.name, 60);
    }
    if (!h.title.empty()) d.props.emplace_back("title", Value(h.title));
    if (auto date = ParseLooseDate(h.date)) d.props.emplace_back("date", Value(*date));
    d.props.emplace_back("publisher", Value("United Nations"));
    d.name = !h.title.empty() ? (h.symbol.empty() ? h.title : h.symbol + ": " + h.title)
                              : (h.symbol.empty() ? d.name : h.symbol);
    status_ = sink_->SetDocument(d);
  }

  void Paragraph(const ReportParagraph& p) {
    ++paragraphs_;
    if (!status_.ok()) return;
    const std::string where = p.footnote ? p.number : "para " + p.number;
    RecordWrites w;
    std::set<std::string> done;
    for (const auto& sentence : SplitSentences(p.text)) {
      for (const auto& m : matcher_->Find(sentence)) {
        if (!done.insert(m.xid).second) continue;
        const std::string quote = sentence.size() > 600 ? sentence.substr(0, 600) + "…" : sentence;
        Relationship r;
        r.xid = "mentions:" + sink_->document() + ":" +
                (p.footnote ? "fn" + p.number.substr(9) : "p" + p.number) + ":" + m.xid;
        r.type = "MENTIONS";
        r.props = {{"paragraph", Value(p.number)}, {"quote", Value(quote)}};
        w.Rel(r, sink_->document(), m.xid);
        w.Claim({TargetKind::kRel, r.xid, "", {}, where, quote, "", "", Stance::kAsserts});
      }
    }
    if (w.empty()) return;
    status_ = sink_->Submit(&w, file_, where + " (page " + std::to_string(p.page) + ")", p.text);
  }

  // A name from a table: the entity the database knows by exactly that
  // name, or one this report defines.
  std::string Entity(const std::string& name, const std::string& label, RecordWrites* w,
                     const std::string& where, const std::string& quote, ValueMap props = {}) {
    if (auto known = sink_->UniqueByName(name, label)) return *known;
    Node n;
    n.xid = "unr:" + symbol_ + ":" + Slug(name, 100);
    n.labels = {label};
    n.name = name;
    n.props = std::move(props);
    w->Node(n);
    w->Claim({TargetKind::kNode, n.xid, "", {}, where, quote, "", "", Stance::kAsserts});
    return n.xid;
  }

  void Row(const TableRow& row) {
    ++rows_;
    if (!status_.ok()) return;
    const std::string where = "annex" + (row.annex.empty() ? "" : " " + row.annex) + ", page " +
                              std::to_string(row.page) + ", line " + std::to_string(row.line);
    auto cell = [&](ColumnRole r) {
      auto it = row.cells.find(r);
      return it == row.cells.end() ? std::string() : it->second;
    };
    std::string name = cell(ColumnRole::kCompany);
    bool company = !name.empty();
    const std::string person_cell =
        !cell(ColumnRole::kPerson).empty() ? cell(ColumnRole::kPerson) : cell(ColumnRole::kName);
    if (name.empty()) {
      name = person_cell;
      const std::string type = FoldName(cell(ColumnRole::kType));
      company = type.empty() ? (LooksLikeCompany(name) || !cell(ColumnRole::kDirector).empty() ||
                                !cell(ColumnRole::kOwner).empty())
                             : type.find("individual") == std::string::npos &&
                                   type.find("person") == std::string::npos;
    }
    RecordWrites w;
    if (row.raw.size() > kMaxRowChars) {
      status_ =
          sink_->Reject(file_, where,
                        Status::InvalidArgument("a table row of " + std::to_string(row.raw.size()) +
                                                " characters: not a row"),
                        row.raw.substr(0, 200) + "…");
      return;
    }
    if (name.empty()) {
      status_ = sink_->Reject(
          file_, where, Status::InvalidArgument("no name in the row's first column"), row.raw);
      return;
    }
    const std::string quote = row.raw.size() > 600 ? row.raw.substr(0, 600) : row.raw;
    const std::string country = cell(ColumnRole::kCountry);
    ValueMap props;
    if (company) {
      if (!country.empty()) props.emplace_back("jurisdiction", Value(country));
      if (!cell(ColumnRole::kRegistration).empty())
        props.emplace_back("registration_number", Value(cell(ColumnRole::kRegistration)));
    } else {
      if (!country.empty()) props.emplace_back("nationality", Value(country));
      if (!cell(ColumnRole::kRole).empty())
        props.emplace_back("position", Value(cell(ColumnRole::kRole)));
    }
    // A date column: the company's incorporation, the person's birth, at the
    // precision written; a date that is none stays in the row's quote.
    if (const std::string date = cell(ColumnRole::kDate); !date.empty()) {
      if (auto d = TableDate(date))
        props.emplace_back(company ? "incorporation_date" : "birth_date", Value(*d));
      else
        sink_->FieldWarning(file_, where, "Date", date, "not a date");
    }
    const std::string subject =
        Entity(name, company ? "Company" : "Person", &w, where, quote, props);
    subjects_[row.table][FoldName(name)] = subject;
    for (const auto& m : row.marks)
      marked_[row.table][m].insert(subject);
    auto rel = [&](const std::string& type, const std::string& src, const std::string& dst,
                   ValueMap rp = {}) {
      Relationship r;
      r.xid = type + ":" + src + ":" + dst;
      r.type = type;
      r.props = std::move(rp);
      w.Rel(r, src, dst);
      w.Claim({TargetKind::kRel, r.xid, "", {}, where, quote, "", "", Stance::kAsserts});
    };
    // The country for phone numbers without a code: the country column, else
    // the address's last part.
    std::string phone_country = country;
    const std::string address = cell(ColumnRole::kAddress);
    if (phone_country.empty() && !address.empty()) {
      const size_t comma = address.rfind(',');
      phone_country = Trim(comma == std::string::npos ? address : address.substr(comma + 1));
    }
    bool ok = false;
    if (!address.empty()) {
      Node a = AddressNode(address, &ok);
      if (ok) {
        w.SharedNode(a);
        rel("HAS_ADDRESS", subject, a.xid);
      }
    }
    for (const auto& v : SplitList(cell(ColumnRole::kPhone), ";,/\n")) {
      Node p = PhoneNode(v, phone_country, &ok);
      if (!ok) continue;
      w.SharedNode(p);
      rel("HAS_PHONE", subject, p.xid);
    }
    for (const auto& v : SplitList(cell(ColumnRole::kEmail), ";, \n")) {
      Node e = EmailNode(v, &ok);
      if (!ok) continue;
      w.SharedNode(e);
      rel("HAS_EMAIL", subject, e.xid);
    }
    if (company) {
      for (const auto& d : SplitList(cell(ColumnRole::kDirector), ";\n")) {
        const std::string who =
            Entity(d, LooksLikeCompany(d) ? "Company" : "Person", &w, where, quote);
        rel("DIRECTS", who, subject, {{"role", Value("director")}});
      }
      // Owners, each with its share: written after the name ("(60 %)"), or in
      // a Share column, one share per owner in the same order.
      const auto owners = SplitList(cell(ColumnRole::kOwner), ";\n");
      const auto shares = SplitList(cell(ColumnRole::kShare), ";\n");
      if (!shares.empty() && shares.size() != owners.size())
        sink_->FieldWarning(file_, where, "Share", cell(ColumnRole::kShare),
                            std::to_string(shares.size()) + " shares for " +
                                std::to_string(owners.size()) + " owners");
      for (size_t i = 0; i < owners.size(); ++i) {
        std::string owner = owners[i];
        ValueMap rp;
        double pct = 0;
        if (SplitInlineShare(owners[i], &owner, &pct)) {
          rp.emplace_back("percentage", Value(pct));
        } else if (shares.size() == owners.size()) {
          if (auto v = ParseShare(shares[i])) {
            rp.emplace_back("percentage", Value(*v));
            rp.emplace_back("description", Value("share as written: " + shares[i]));
          } else {
            rp.emplace_back("description", Value("share as written: " + shares[i]));
            sink_->FieldWarning(file_, where, "Share", shares[i], "not a share");
          }
        }
        const std::string who =
            Entity(owner, LooksLikeCompany(owner) ? "Company" : "Person", &w, where, quote);
        rel("OWNS", who, subject, rp);
      }
    }
    status_ = sink_->Submit(&w, file_, where, row.raw);
  }

  // A note under a table: a claim, quoting it, on each row it names
  // ("… also on file for: A SARL, B Ltd") or that carries its footnote
  // letter ("unknown a" above "a The Panel could not confirm …"), else on
  // the report itself.
  void Note(const TableNote& n) {
    if (!status_.ok()) return;
    const std::string where = "annex" + (n.annex.empty() ? "" : " " + n.annex) + ", page " +
                              std::to_string(n.page) + ", line " + std::to_string(n.line) +
                              ", note under table " + std::to_string(n.table);
    const std::string quote = n.text.size() > 600 ? n.text.substr(0, 600) + "…" : n.text;
    std::set<std::string> targets;
    const auto& rows = subjects_[n.table];
    const size_t colon = n.text.find(':');
    if (colon != std::string::npos && colon < 200) {
      for (std::string name : SplitList(n.text.substr(colon + 1, 20000), ";,\n")) {
        while (!name.empty() && (name.back() == '.' || name.back() == ' '))
          name.pop_back();
        auto it = rows.find(FoldName(name));
        if (it != rows.end()) targets.insert(it->second);
      }
    }
    if (!n.mark.empty()) {
      auto table = marked_.find(n.table);
      if (table != marked_.end())
        if (auto it = table->second.find(n.mark); it != table->second.end())
          targets.insert(it->second.begin(), it->second.end());
    }
    if (targets.empty()) targets.insert(sink_->document());
    RecordWrites w;
    for (const auto& t : targets)
      w.Claim({TargetKind::kNode,
               t,
               "",
               {},
               where,
               quote,
               "note under the table",
               "",
               Stance::kAsserts});
    status_ = sink_->Submit(&w, file_, where, n.text);
  }

  // Per table, the subjects of its rows by folded name.
  std::map<int, std::map<std::string, std::string>> subjects_;
  // Per table and footnote letter, the subjects of the rows marked with it.
  std::map<int, std::map<std::string, std::set<std::string>>> marked_;
  std::unique_ptr<MentionMatcher> matcher_;
  ImportSink* sink_ = nullptr;
  std::string file_, symbol_;
  Status status_;
  uint64_t paragraphs_ = 0, rows_ = 0;  // in the current file
};

}  // namespace

std::unique_ptr<Importer> MakeUnReportImporter() {
  return std::make_unique<UnReportImporter>();
}

}  // namespace actorgraph
