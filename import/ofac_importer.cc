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
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "common/ascii.h"
#include "common/text_match.h"
#include "import/csv_drain.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/list_versions.h"
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
    AG_ASSIGN_OR_RETURN(
        bool older, OlderThanStoredVersions(sink->txn()->base(), ofac_, sink->options().published));
    sink->set_add_only(older);
    for (const auto& f : sdn)
      AG_RETURN_IF_ERROR(Each(f, sink, &OfacImporter::Sdn));
    for (const auto& f : alt)
      AG_RETURN_IF_ERROR(Each(f, sink, &OfacImporter::Alt));
    for (const auto& f : add)
      AG_RETURN_IF_ERROR(Each(f, sink, &OfacImporter::Add));
    AG_RETURN_IF_ERROR(Links(sdn, sink));
    // The sdn files of one import are one version of the list (its CSV
    // states no date: --published gives it).
    if (!version_) return Status::OK();
    std::vector<StoredListVersion> same_txn;
    return version_->Finish(sink->txn(), "--published", &same_txn).WithContext(sdn.front());
  }

 private:
  using Handler = Status (OfacImporter::*)(const CsvRecord&, const std::string&, const std::string&,
                                           ImportSink*, RecordWrites*);

  Status Each(const std::string& f, ImportSink* sink, Handler h) {
    AG_RETURN_IF_ERROR(sink->SetFileDocument("ofac", f, "OFAC SDN list (CSV)"));
    std::ifstream in(f, std::ios::binary);
    LineReader lines(&in, sink->options().encoding, sink->bytes_counter());
    CsvReader csv(&lines);
    return DrainCsv(f, &lines, &csv, sink, [&](const CsvRecord& rec) {
      if (rec.fields.size() == 1 && rec.fields[0].empty()) return Status::OK();
      const std::string where = "line " + std::to_string(rec.line);
      RecordWrites w;
      entry_.reset();
      shown_name_.reset();
      shown_rel_.reset();
      const uint64_t rejected = sink->rejected();
      Status s = (this->*h)(rec, f, where, sink, &w);
      AG_RETURN_IF_ERROR(s.ok() ? sink->Submit(&w, f, where, rec.raw)
                                : sink->Reject(f, where, s, rec.raw));
      if (sink->rejected() != rejected) return Status::OK();
      if (entry_) {
        if (!version_)
          version_.emplace(ofac_, sink->options().published, sink->document(),
                           sink->options().grade);
        version_->Add(std::move(*entry_));
      }
      // alt.csv and add.csv rows add to the entry of their sdn record.
      ListEntry* e = nullptr;
      if (version_ && shown_name_ && (e = version_->Find(shown_name_->first)))
        e->names.push_back(shown_name_->second);
      if (version_ && shown_rel_ && (e = version_->Find(shown_rel_->first)))
        e->rels.push_back(shown_rel_->second);
      return Status::OK();
    });
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

  // The types of identity document and registration number OFAC writes as
  // "TYPE NUMBER (COUNTRY) [issued DATE] [expires DATE]"; longest first
  // where one begins another.
  static const std::vector<std::string>& IdTypes() {
    static const std::vector<std::string> kTypes = {"Passport",
                                                    "Diplomatic Passport",
                                                    "National ID No.",
                                                    "Cedula No.",
                                                    "NIT #",
                                                    "C.U.R.P.",
                                                    "R.F.C.",
                                                    "Tax ID No.",
                                                    "Registration Number",
                                                    "Registration ID",
                                                    "Identification Number",
                                                    "D.N.I.",
                                                    "RUC #",
                                                    "Government Gazette Number",
                                                    "Company Number",
                                                    "Commercial Registry Number",
                                                    "V.A.T. Number",
                                                    "Business Registration Number",
                                                    "Business Registration Document #",
                                                    "Trade License No.",
                                                    "Driver's License No.",
                                                    "RIF #",
                                                    "C.R. No.",
                                                    "Folio Mercantil No.",
                                                    "Matricula Mercantil No",
                                                    "SSN",
                                                    "Personal ID Card",
                                                    "Residency Number",
                                                    "Birth Certificate Number",
                                                    "Electoral Registry No.",
                                                    "Citizen's Card Number",
                                                    "Public Security and Immigration No.",
                                                    "Travel Document Number",
                                                    "Identification Document",
                                                    "Chamber of Commerce Number",
                                                    "Legal Entity Number",
                                                    "Stateless Person ID Card",
                                                    "Refugee ID Card",
                                                    "Italian Fiscal Code",
                                                    "Fiscal Code",
                                                    "Turkish Identification Number",
                                                    "D-U-N-S Number",
                                                    "License",
                                                    "Serial No.",
                                                    "Kenyan ID No.",
                                                    "Pasaporte",
                                                    "CUIT",
                                                    "Credencial electoral",
                                                    "Immigration No.",
                                                    "US FEIN",
                                                    "Phone ID No."};
    return kTypes;
  }

  // Remarks are items separated by ';' ("DOB 10 Dec 1948; nationality Korea,
  // North; Passport 123 (Iran)."); each item is read on its own, so one
  // that cannot be understood costs that item only.
  static std::vector<std::string> Items(const std::string& remarks) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= remarks.size(); ++i) {
      if (i < remarks.size() && remarks[i] != ';') continue;
      std::string item = Trim(remarks.substr(start, i - start));
      if (i == remarks.size() && !item.empty() && item.back() == '.')
        item.pop_back();  // the list's full stop
      if (!item.empty()) out.push_back(item);
      start = i + 1;
    }
    return out;
  }

  static bool StartsWith(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
  }
  static std::string After(const std::string& s, size_t n) {
    std::string t = Trim(s.substr(std::min(n, s.size())));
    if (!t.empty() && t[0] == ':') t = Trim(t.substr(1));
    return t;
  }
  static std::string Unquote(std::string t) {
    t = Trim(t);
    while (!t.empty() && (t.back() == '.' || t.back() == ','))
      t.pop_back();
    if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') t = t.substr(1, t.size() - 2);
    return Trim(t);
  }
  static void AddUnique(std::vector<std::string>* v, const std::string& s) {
    if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
  }
  static ValueList Strings(const std::vector<std::string>& v) {
    ValueList out;
    for (const auto& s : v)
      out.push_back(Value(s));
    return out;
  }
  static std::optional<int64_t> Int(std::string t) {
    t.erase(std::remove(t.begin(), t.end(), ','), t.end());
    t = Trim(t);
    if (t.empty() || t.size() > 15 || t.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoll(t);
  }

  Status Sdn(const CsvRecord& r, const std::string& f, const std::string& where, ImportSink* sink,
             RecordWrites* w) {
    std::string ent;
    AG_RETURN_IF_ERROR(EntNum(r, 12, &ent));
    const std::string name = Clean(r.fields[1]), type = Clean(r.fields[2]);
    if (name.empty()) return Status::InvalidArgument("column 2 (SDN_Name): empty");
    const bool person = type == "individual", vessel = type == "vessel",
               aircraft = type == "aircraft";
    auto warn = [&](const std::string& field, const std::string& raw, const std::string& why) {
      sink->FieldWarning(f, where, field, raw, why);
    };
    Node n;
    n.xid = "ofac:" + ent;
    n.labels = {person ? "Person" : vessel ? "Vessel" : aircraft ? "Aircraft" : "Organization"};
    n.name = name;
    auto add_alias = [&](const std::string& a) {
      if (a.empty() || a == n.name) return;
      for (const auto& have : n.aliases)
        if (have.name == a) return;
      n.aliases.push_back({a, {}});
    };
    // "LASTNAME, First" is also findable as "First LASTNAME".
    if (const size_t comma = name.find(", "); person && comma != std::string::npos)
      add_alias(name.substr(comma + 2) + " " + name.substr(0, comma));
    const std::string remarks = Clean(r.fields[11]);

    ValueList dates, approx, ranges;
    std::vector<std::string> dates_raw, places, nationalities, notes, websites;
    std::string gender, founded_raw;
    struct Ident {
      Node node;
      Relationship rel;
    };
    std::vector<Ident> idents;
    std::vector<std::pair<Node, std::string>> contacts;  // node, rel type
    auto contact = [&](Node c, const char* rel) {
      for (const auto& [have, t] : contacts)
        if (have.xid == c.xid) return;
      contacts.push_back({std::move(c), rel});
    };
    for (std::string item : Items(remarks)) {
      if (StartsWith(item, "alt. ")) item = Trim(item.substr(5));
      if (StartsWith(item, "a.k.a.") || StartsWith(item, "f.k.a.") || StartsWith(item, "n.k.a.")) {
        std::string a = item.substr(6);
        if (!a.empty() && a[0] == ',') a.erase(0, 1);
        add_alias(Unquote(a));
      } else if (StartsWith(item, "DOB ")) {
        const std::string d = After(item, 4);
        auto st = ParseDateStatement(d);
        if (!st) {
          AddUnique(&dates_raw, d);
          warn("DOB", d, "not a date");
        } else if (st->range()) {
          ranges.push_back(Value::Map({{"approximate", Value(st->approximate)},
                                       {"from", Value(st->from)},
                                       {"to", Value(*st->to)}}));
        } else {
          const Value v(st->from);
          if (std::find(dates.begin(), dates.end(), v) == dates.end()) dates.push_back(v);
          if (st->approximate && std::find(approx.begin(), approx.end(), v) == approx.end())
            approx.push_back(v);
        }
      } else if (StartsWith(item, "POB ")) {
        AddUnique(&places, After(item, 4));
      } else if (StartsWith(item, "nationality ")) {
        AddUnique(&nationalities, After(item, 12));
      } else if (StartsWith(item, "citizen ")) {
        AddUnique(&nationalities, After(item, 8));
      } else if (StartsWith(item, "Gender ")) {
        const std::string g = LowerAscii(After(item, 7));
        if (g == "male" || g == "female")
          gender = g;
        else
          warn("Gender", After(item, 7), "not male or female");
      } else if (StartsWith(item, "Email Address ")) {
        bool ok = false;
        Node e = EmailNode(After(item, 14), &ok);
        if (ok)
          contact(std::move(e), "HAS_EMAIL");
        else
          warn("Email Address", After(item, 14), "not an email address");
      } else if (StartsWith(item, "Telephone") || StartsWith(item, "Phone") ||
                 StartsWith(item, "Fax") || StartsWith(item, "Tel.")) {
        // "Telephone No. X", "Telephone: X", "Phone Number X", "Fax: X".
        size_t at = item.find_first_of("+0123456789");
        const std::string raw = at == std::string::npos ? item : item.substr(at);
        bool ok = false;
        // No country from the entry's nationality: a national's numbers
        // abroad are not theirs to prefix, and one number must be one node
        // whichever entry states it.
        Node p = PhoneNode(raw, "", &ok);
        if (ok)
          contact(std::move(p), "HAS_PHONE");
        else
          warn("Telephone", item, "not a phone number");
      } else if (StartsWith(item, "Website ")) {
        AddUnique(&websites, After(item, 8));
      } else if (StartsWith(item, "Linked To")) {
        const std::string target = Unquote(After(item, 9));
        if (!target.empty()) pending_.push_back({n.xid, target, f, where});
      } else if (StartsWith(item, "Organization Established Date ")) {
        const std::string d = After(item, 30);
        if (auto pd = ParseLooseDate(d))
          n.props.emplace_back("founded", Value(*pd));
        else
          founded_raw = d, warn("Organization Established Date", d, "not a date");
      } else if (StartsWith(item, "Organization Type")) {
        n.props.emplace_back("org_type", Value(After(item, 17)));
      } else if (vessel && StartsWith(item, "Vessel Registration Identification ")) {
        std::string imo = After(item, 35);
        if (StartsWith(imo, "IMO ")) imo = Trim(imo.substr(4));
        n.props.emplace_back("imo", Value(imo));
      } else if (vessel && StartsWith(item, "MMSI ")) {
        n.props.emplace_back("mmsi", Value(After(item, 5)));
      } else if (vessel && StartsWith(item, "Vessel Year of Build ")) {
        if (auto y = Int(After(item, 21)))
          n.props.emplace_back("build_year", Value(*y));
        else
          warn("Vessel Year of Build", After(item, 21), "not a year");
      } else if (aircraft && StartsWith(item, "Aircraft ")) {
        static const std::pair<const char*, const char*> kAircraft[] = {
            {"Aircraft Construction Number (also called L/N or S/N or F/N) ",
             "construction_number"},
            {"Aircraft Manufacturer's Serial Number (MSN) ", "serial_number"},
            {"Aircraft Model ", "model"},
            {"Aircraft Operator ", "operator"},
            {"Aircraft Tail Number ", "tail_number"}};
        for (const auto& [prefix, prop] : kAircraft)
          if (StartsWith(item, prefix))
            n.props.emplace_back(prop, Value(After(item, std::string(prefix).size())));
        if (StartsWith(item, "Aircraft Manufacture Date ")) {
          const std::string d = After(item, 26);
          if (auto pd = ParseLooseDate(d))
            n.props.emplace_back("manufacture_date", Value(*pd));
          else
            warn("Aircraft Manufacture Date", d, "not a date");
        }
      } else {
        // Identity documents and registration numbers.
        const std::string* hit = nullptr;
        for (const auto& t : IdTypes())
          if (StartsWith(item, t + " ") && (!hit || t.size() > hit->size())) hit = &t;
        if (!hit) continue;  // other items stay in the description
        std::string rest = After(item, hit->size()), number, country, tail;
        const size_t open = rest.find('(');
        if (open != std::string::npos && rest.find(')', open) != std::string::npos) {
          const size_t close = rest.find(')', open);
          number = Trim(rest.substr(0, open));
          country = Trim(rest.substr(open + 1, close - open - 1));
          tail = Trim(rest.substr(close + 1));
        } else {
          const size_t cut = std::min(rest.find(" issued "), rest.find(" expires "));
          number = Trim(rest.substr(0, cut));
          tail = cut == std::string::npos ? "" : Trim(rest.substr(cut + 1));
        }
        std::string compact;
        for (char c : number)
          if (std::isalnum(static_cast<unsigned char>(c))) compact.push_back(UpperAsciiChar(c));
        bool ok = false;
        Node d = IdentityDocumentNode(compact, country, *hit, &ok);
        if (!ok) {
          warn(*hit, item, "no document number");
          continue;
        }
        for (auto& [k, v] : d.props)
          if (k == "raw") v = Value(number);  // as written, not compacted
        Relationship h;
        h.xid = "HAS_IDENTIFIER:" + n.xid + ":" + d.xid;
        h.type = "HAS_IDENTIFIER";
        h.props.emplace_back("document_type", Value(*hit));
        if (StartsWith(tail, "issued ")) {
          std::string when = Trim(tail.substr(7));
          const size_t ex = when.find(" expires ");
          if (ex != std::string::npos) when = Trim(when.substr(0, ex));
          if (auto pd = ParseLooseDate(when))
            h.props.emplace_back("issued", Value(*pd));
          else
            h.props.emplace_back("issued_raw", Value(when));
        }
        if (!tail.empty()) h.props.emplace_back("note", Value(tail));
        bool dup = false;
        for (const auto& have : idents)
          dup |= have.rel.xid == h.xid;
        if (!dup) idents.push_back({std::move(d), std::move(h)});
      }
    }
    if (person) {
      if (!dates.empty()) {
        n.props.emplace_back("birth_date", dates[0]);
        n.props.emplace_back("birth_dates", Value(dates));
      }
      if (!approx.empty()) n.props.emplace_back("birth_dates_approximate", Value(approx));
      if (!ranges.empty()) n.props.emplace_back("birth_date_ranges", Value(ranges));
      if (!dates_raw.empty()) n.props.emplace_back("birth_date_raw", Value(Strings(dates_raw)));
      if (!places.empty()) n.props.emplace_back("birth_places", Value(Strings(places)));
      if (!nationalities.empty()) {
        n.props.emplace_back("nationality", Value(nationalities[0]));
        n.props.emplace_back("nationalities", Value(Strings(nationalities)));
      }
      if (!gender.empty()) n.props.emplace_back("gender", Value(gender));
      const std::string title = Clean(r.fields[4]);
      if (!title.empty()) {
        n.props.emplace_back("title", Value(title));
        n.props.emplace_back("position", Value(title));
      }
    } else if (!nationalities.empty()) {
      n.props.emplace_back("country", Value(nationalities[0]));
    }
    if (!websites.empty()) n.props.emplace_back("website", Value(websites[0]));
    if (!founded_raw.empty()) notes.push_back("Established: " + founded_raw);
    if (vessel) {
      const std::pair<int, const char*> kCols[] = {
          {5, "call_sign"}, {6, "vessel_type"}, {9, "flag"}, {10, "owner"}};
      for (const auto& [col, prop] : kCols) {
        const std::string v = Clean(r.fields[col]);
        if (!v.empty()) n.props.emplace_back(prop, Value(v));
      }
      const std::pair<int, const char*> kInts[] = {{7, "tonnage"}, {8, "gross_tonnage"}};
      for (const auto& [col, prop] : kInts) {
        const std::string v = Clean(r.fields[col]);
        if (v.empty()) continue;
        if (auto i = Int(v)) {
          n.props.emplace_back(prop, Value(*i));
        } else {
          notes.push_back(std::string(prop) + ": " + v);
          warn(prop, v, "not a number");
        }
      }
    }
    if (!type.empty() && !person && !vessel && !aircraft)
      n.props.emplace_back("org_type", Value(type));
    if (!remarks.empty()) n.props.emplace_back("description", Value(remarks));
    std::string note_text;
    for (const auto& t : notes)
      note_text += (note_text.empty() ? "" : "\n") + t;
    if (!note_text.empty()) n.props.emplace_back("notes", Value(note_text));
    n.props.emplace_back("source_ids", Value(ValueList{Value("OFAC SDN " + ent)}));
    w->Node(n);
    w->Claim({TargetKind::kNode, n.xid, "", {}, where, "", "", "", Stance::kAsserts});

    for (auto& [c, type] : contacts) {
      Relationship h;
      h.xid = std::string(type) + ":" + n.xid + ":" + c.xid;
      h.type = type;
      w->SharedNode(c);
      w->Rel(h, n.xid, c.xid);
      w->Claim({TargetKind::kRel, h.xid, "", {}, where, "", "", "", Stance::kAsserts});
    }
    for (auto& d : idents) {
      w->SharedNode(d.node);
      w->Rel(d.rel, n.xid, d.node.xid);
      w->Claim({TargetKind::kRel, d.rel.xid, "", {}, where, "", "", "", Stance::kAsserts});
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
    // The SANCTIONED relationship itself is written by the list version
    // (import/list_versions.h), which dates it from the versions that show it.
    entry_ = ListEntry{n.xid, s.props, std::nullopt, where, ShortHash(r.raw)};
    entry_->names.push_back(n.name);
    for (const auto& a : n.aliases)
      entry_->names.push_back(a.name);
    for (const auto& [c, type] : contacts)
      entry_->rels.push_back(std::string(type) + ":" + n.xid + ":" + c.xid);
    for (const auto& d : idents)
      entry_->rels.push_back(d.rel.xid);
    entry_->values = n.props;
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
    shown_name_ = {n.xid, alias};
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
    shown_rel_ = {"ofac:" + ent, h.xid};
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
      AG_RETURN_IF_ERROR(sink->SetFileDocument("ofac", p.file, "OFAC SDN list (CSV)"));
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
      // Part of the entry's record, not a record of its own.
      AG_RETURN_IF_ERROR(sink->Submit(&w, p.file, p.where + " (Linked To)",
                                      "Linked To: " + p.target, /*counts_as_record=*/false));
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
  std::optional<ListEntry> entry_;  // the listing of the sdn record being read
  // What the alt or add record being read adds to an entry: (entity, value).
  std::optional<std::pair<std::string, std::string>> shown_name_, shown_rel_;
  std::optional<ListVersionRecorder> version_;
};

}  // namespace

std::unique_ptr<Importer> MakeOfacImporter() {
  return std::make_unique<OfacImporter>();
}

}  // namespace actorgraph
