// The US Treasury OFAC SDN list in its CSV form: sdn.csv (12 columns, no
// header), with add.csv (addresses, 6 columns) and alt.csv (aliases, 5
// columns) when given; files are told apart by their column count and sdn
// files are read first. "-0-" means empty.
//
// Each SDN entry becomes "ofac:ENT_NUM" (Person for individuals, else
// Organization) with a SANCTIONED relationship from OFAC naming the
// programs. From the remarks: "a.k.a. 'X'" (and f.k.a., n.k.a.) become
// aliases, "DOB …", "nationality …", "Gender …" properties, phone numbers and
// emails shared identifier nodes, and "Linked To: X." a RELATED_TO link to
// the entry (or known entity) named X. The targets of links are found by a
// second read of the sdn files, so memory does not hold the list.
#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "engine/text_match.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/loose_date.h"

namespace actorgraph {

namespace {

std::string Clean(const std::string& s) {
  const std::string t = Trim(s);
  return t == "-0-" ? "" : t;
}

class OfacImporter : public Importer {
 public:
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    std::vector<std::string> sdn, alt, add;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) return Status::IOError(f + ": cannot open");
      uint64_t ignored = 0;
      LineReader lines(&in, sink->options().encoding, &ignored);
      CsvReader csv(&lines);
      CsvRecord rec;
      if (!csv.Next(&rec)) return Status::InvalidArgument(f + ": empty file");
      switch (rec.fields.size()) {
        case 12:
          sdn.push_back(f);
          break;
        case 5:
          alt.push_back(f);
          break;
        case 6:
          add.push_back(f);
          break;
        default:
          return Status::InvalidArgument(f + ":" + std::to_string(rec.line) + ": " +
                                         std::to_string(rec.fields.size()) +
                                         " columns: not an OFAC sdn (12), alt (5) or add (6) file");
      }
    }
    ofac_ = sink->UniqueByName("Office of Foreign Assets Control", "Actor").value_or("us-ofac");
    for (const auto& f : sdn)
      AG_RETURN_IF_ERROR(Each(f, sink, &OfacImporter::Sdn));
    for (const auto& f : alt)
      AG_RETURN_IF_ERROR(Each(f, sink, &OfacImporter::Alt));
    for (const auto& f : add)
      AG_RETURN_IF_ERROR(Each(f, sink, &OfacImporter::Add));
    return Links(sdn, sink);
  }

 private:
  using Handler = Status (OfacImporter::*)(const CsvRecord&, const std::string&, const std::string&,
                                           ImportSink*, RecordWrites*);

  Status Each(const std::string& f, ImportSink* sink, Handler h) {
    Node doc = ImportSink::FileDocument("ofac", f, "OFAC SDN list (CSV)");
    AG_RETURN_IF_ERROR(sink->SetDocument(doc));
    std::ifstream in(f, std::ios::binary);
    LineReader lines(&in, sink->options().encoding, sink->bytes_counter());
    CsvReader csv(&lines);
    CsvRecord rec;
    while (csv.Next(&rec)) {
      if (rec.fields.size() == 1 && rec.fields[0].empty()) continue;
      const std::string where = "line " + std::to_string(rec.line);
      RecordWrites w;
      Status s = (this->*h)(rec, f, where, sink, &w);
      AG_RETURN_IF_ERROR(s.ok() ? sink->Submit(&w, f, where, rec.raw)
                                : sink->Reject(f, where, s, rec.raw));
    }
    if (!csv.status().ok() && csv.error_line())
      AG_RETURN_IF_ERROR(
          sink->Reject(f, "line " + std::to_string(csv.error_line()), csv.status(), rec.raw));
    else if (!csv.status().ok())
      return csv.status().WithContext(f);
    if (lines.transcoded_lines())
      sink->Warn(f + ": " + std::to_string(lines.transcoded_lines()) +
                 " lines were not UTF-8 and were read as Latin-1 (first: line " +
                 std::to_string(lines.first_transcoded_line()) + ")");
    return Status::OK();
  }

  static Status EntNum(const CsvRecord& r, size_t want, std::string* ent) {
    if (r.fields.size() != want)
      return Status::InvalidArgument("expected " + std::to_string(want) + " columns, found " +
                                     std::to_string(r.fields.size()));
    *ent = Trim(r.fields[0]);
    if (ent->empty() || ent->find_first_not_of("0123456789") != std::string::npos)
      return Status::InvalidArgument("column 1 (ent_num): '" + *ent + "' is not a number");
    return Status::OK();
  }

  Status Sdn(const CsvRecord& r, const std::string& f, const std::string& where, ImportSink* sink,
             RecordWrites* w) {
    std::string ent;
    AG_RETURN_IF_ERROR(EntNum(r, 12, &ent));
    const std::string name = Clean(r.fields[1]), type = Clean(r.fields[2]);
    if (name.empty()) return Status::InvalidArgument("column 2 (SDN_Name): empty");
    const bool person = type == "individual";
    Node n;
    n.xid = "ofac:" + ent;
    n.labels = {person ? "Person" : "Organization"};
    n.name = name;
    // "LASTNAME, First" is also findable as "First LASTNAME".
    if (const size_t comma = name.find(", "); person && comma != std::string::npos)
      n.aliases.push_back({name.substr(comma + 2) + " " + name.substr(0, comma), {}});
    const std::string remarks = Clean(r.fields[11]);
    static const std::regex aka(R"((?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.),?\s*'([^']+)')");
    const bool has_aka = remarks.find(".k.a.") != std::string::npos;
    for (std::sregex_iterator it(remarks.begin(), remarks.end(), aka), end; has_aka && it != end;
         ++it)
      n.aliases.push_back({(*it)[1], {}});
    std::smatch m;
    static const std::regex dob(
        R"(DOB ((?:circa )?[0-9]{1,2} [A-Za-z]{3} [0-9]{4}|[A-Za-z]{3} [0-9]{4}|[0-9]{4}))");
    if (person && remarks.find("DOB ") != std::string::npos && std::regex_search(remarks, m, dob)) {
      std::string d = m[1];
      if (d.rfind("circa ", 0) == 0) d.erase(0, 6);
      if (auto pd = ParseLooseDate(d)) n.props.emplace_back("birth_date", Value(*pd));
    }
    static const std::regex nat(R"([Nn]ationality ([A-Z][A-Za-z ]+?)[;.])");
    std::string country;
    if (remarks.find("ationality ") != std::string::npos && std::regex_search(remarks, m, nat)) {
      country = m[1];
      if (person)
        n.props.emplace_back("nationality", Value(country));
      else
        n.props.emplace_back("country", Value(country));
    }
    static const std::regex gender(R"(Gender (Male|Female))");
    if (person && remarks.find("Gender ") != std::string::npos &&
        std::regex_search(remarks, m, gender))
      n.props.emplace_back("gender", Value(std::string(m[1])));
    const std::string title = Clean(r.fields[4]);
    if (person && !title.empty()) n.props.emplace_back("title", Value(title));
    if (!type.empty() && !person) n.props.emplace_back("org_type", Value(type));
    if (!remarks.empty()) n.props.emplace_back("description", Value(remarks));
    n.props.emplace_back("source_ids", Value(ValueList{Value("OFAC SDN " + ent)}));
    w->Node(n);
    w->Claim({TargetKind::kNode, n.xid, "", {}, where, "", "", "", Stance::kAsserts});

    auto ident = [&](Node id, const char* type) {
      Relationship h;
      h.xid = std::string(type) + ":" + n.xid + ":" + id.xid;
      h.type = type;
      w->SharedNode(id);
      w->Rel(h, n.xid, id.xid);
      w->Claim({TargetKind::kRel, h.xid, "", {}, where, "", "", "", Stance::kAsserts});
    };
    static const std::regex email(R"(Email Address ([^\s;]+))");
    const bool has_email = remarks.find("Email Address ") != std::string::npos;
    for (std::sregex_iterator it(remarks.begin(), remarks.end(), email), end;
         has_email && it != end; ++it) {
      bool ok = false;
      Node e = EmailNode((*it)[1].str(), &ok);
      if (ok) ident(e, "HAS_EMAIL");
    }
    static const std::regex phone(
        R"((?:Phone|Telephone|Tel\.?) (?:Number )?([+0-9][0-9 ()./-]{4,}[0-9]))");
    const bool has_phone =
        remarks.find("Tel") != std::string::npos || remarks.find("Phone") != std::string::npos;
    for (std::sregex_iterator it(remarks.begin(), remarks.end(), phone), end;
         has_phone && it != end; ++it) {
      bool ok = false;
      Node p = PhoneNode((*it)[1].str(), country, &ok);
      if (ok) ident(p, "HAS_PHONE");
    }

    Node ofac;
    ofac.xid = ofac_;
    ofac.labels = {"Organization"};
    ofac.name = "Office of Foreign Assets Control (OFAC)";
    ofac.aliases = {{"OFAC", {}}, {"US Treasury OFAC", {}}};
    w->SharedNode(ofac);
    Relationship s;
    s.xid = n.xid + ":sanctioned";
    s.type = "SANCTIONED";
    std::string program = Clean(r.fields[3]);
    program.erase(
        std::remove_if(program.begin(), program.end(), [](char c) { return c == '[' || c == ']'; }),
        program.end());
    if (!program.empty()) s.props.emplace_back("program", Value(Trim(program)));
    s.props.emplace_back("reference", Value("SDN " + ent));
    w->Rel(s, ofac_, n.xid);
    w->Claim({TargetKind::kRel, s.xid, "", {}, where, "", "", ofac_, Stance::kAsserts});

    static const std::regex linked(R"(Linked To: ([^;]+?)\.?\s*(?:;|$))");
    const bool has_link = remarks.find("Linked To: ") != std::string::npos;
    for (std::sregex_iterator it(remarks.begin(), remarks.end(), linked), end;
         has_link && it != end; ++it)
      pending_.push_back({n.xid, (*it)[1].str(), f, where});
    return Status::OK();
  }

  Status Alt(const CsvRecord& r, const std::string&, const std::string&, ImportSink* sink,
             RecordWrites* w) {
    std::string ent;
    AG_RETURN_IF_ERROR(EntNum(r, 5, &ent));
    const std::string alias = Clean(r.fields[3]);
    if (alias.empty()) return Status::InvalidArgument("column 4 (alt_name): empty");
    auto id = sink->FindNode("ofac:" + ent);
    Node n;
    if (!id || !sink->txn()->GetNode(*id, &n).ok())
      return Status::NotFound("column 1 (ent_num): no SDN entry " + ent);
    bool have = n.name == alias;
    for (const auto& a : n.aliases)
      have |= a.name == alias;
    if (!have) n.aliases.push_back({alias, {}});
    n.xid = "ofac:" + ent;
    w->Node(n);
    return Status::OK();
  }

  Status Add(const CsvRecord& r, const std::string&, const std::string& where, ImportSink* sink,
             RecordWrites* w) {
    std::string ent;
    AG_RETURN_IF_ERROR(EntNum(r, 6, &ent));
    if (!sink->FindNode("ofac:" + ent))
      return Status::NotFound("column 1 (ent_num): no SDN entry " + ent);
    std::string full;
    for (int i : {2, 3, 4}) {
      const std::string p = Clean(r.fields[i]);
      if (!p.empty()) full += (full.empty() ? "" : ", ") + p;
    }
    if (Clean(r.fields[2]).empty() && Clean(r.fields[3]).empty()) return Status::OK();
    bool ok = false;
    Node a = AddressNode(full, &ok);
    if (!ok) return Status::OK();
    const std::string country = Clean(r.fields[4]);
    if (!country.empty()) a.props.emplace_back("country", Value(country));
    Relationship h;
    h.xid = "HAS_ADDRESS:ofac:" + ent + ":" + a.xid;
    h.type = "HAS_ADDRESS";
    w->SharedNode(a);
    w->Rel(h, "ofac:" + ent, a.xid);
    w->Claim({TargetKind::kRel, h.xid, "", {}, where, "", "", "", Stance::kAsserts});
    return Status::OK();
  }

  // "Linked To:" targets, found by name in the sdn files, then the database.
  Status Links(const std::vector<std::string>& sdn, ImportSink* sink) {
    if (pending_.empty()) return Status::OK();
    std::map<std::string, std::string> by_name;  // folded target name -> ofac id
    for (const auto& p : pending_)
      by_name[FoldName(p.target)] = "";
    for (const auto& f : sdn) {
      std::ifstream in(f, std::ios::binary);
      uint64_t ignored = 0;
      LineReader lines(&in, sink->options().encoding, &ignored);
      CsvReader csv(&lines);
      CsvRecord rec;
      while (csv.Next(&rec)) {
        if (rec.fields.size() != 12) continue;
        auto it = by_name.find(FoldName(Clean(rec.fields[1])));
        if (it != by_name.end() && it->second.empty()) it->second = "ofac:" + Trim(rec.fields[0]);
      }
    }
    uint64_t unresolved = 0;
    std::string example;
    for (const auto& p : pending_) {
      std::string target = by_name[FoldName(p.target)];
      if (target.empty()) target = sink->UniqueByName(p.target, "Actor").value_or("");
      if (target.empty()) {
        if (!unresolved++) example = p.target;
        continue;
      }
      AG_RETURN_IF_ERROR(
          sink->SetDocument(ImportSink::FileDocument("ofac", p.file, "OFAC SDN list (CSV)")));
      RecordWrites w;
      Relationship l;
      l.xid = p.from + ":linked-to:" + target;
      l.type = "RELATED_TO";
      l.props.emplace_back("relation", Value("linked to"));
      w.Rel(l, p.from, target);
      w.Claim({TargetKind::kRel,
               l.xid,
               "",
               {},
               p.where,
               "Linked To: " + p.target,
               "",
               "",
               Stance::kAsserts});
      AG_RETURN_IF_ERROR(
          sink->Submit(&w, p.file, p.where + " (Linked To)", "Linked To: " + p.target));
    }
    if (unresolved)
      sink->Warn(std::to_string(unresolved) + " 'Linked To' names matched no entry (e.g. '" +
                 example + "')");
    return Status::OK();
  }

  struct Pending {
    std::string from, target, file, where;
  };
  std::vector<Pending> pending_;
  std::string ofac_;
};

}  // namespace

std::unique_ptr<Importer> MakeOfacImporter() {
  return std::make_unique<OfacImporter>();
}

}  // namespace actorgraph
