// The UN Security Council Consolidated Sanctions List (XML), read with expat
// as a stream: one INDIVIDUAL or ENTITY element at a time.
//
// Each record becomes a node "un-sc:REFERENCE_NUMBER" (Person for
// INDIVIDUAL, Organization for ENTITY; the reference number is the list's
// stable identity for the entry) with its names, aliases (all qualities,
// without duplicates; low-quality ones are also listed in `notes`), every
// nationality, title, designation and date of birth (exact, approximate,
// BETWEEN ranges), places of birth, gender and comments; identity documents
// become shared IdentityDocument nodes (HAS_IDENTIFIER); addresses with a
// street or a city become shared Address nodes; and a SANCTIONED
// relationship from the Security Council, valid from LISTED_ON, with the
// regime (UN_LIST_TYPE), the reference number and the update dates.
//
// A field that cannot be read costs that field only: its text is kept in a
// `…_raw` property and a warning names file, line and field.
#include <expat.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <memory>

#include "common/ascii.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/list_versions.h"
#include "import/loose_date.h"

namespace actorgraph {

namespace {

// A record's element tree (records are small).
struct Elem {
  std::string name;
  std::string text;
  std::vector<std::unique_ptr<Elem>> kids;
  Elem* parent = nullptr;
  const Elem* Kid(const char* n) const {
    for (const auto& k : kids)
      if (k->name == n) return k.get();
    return nullptr;
  }
  std::string KidText(const char* n) const {
    const Elem* k = Kid(n);
    return k ? Trim(k->text) : "";
  }
  // <NATIONALITY><VALUE>x</VALUE><VALUE>y</VALUE></NATIONALITY>: every
  // non-empty VALUE, once each.
  std::vector<std::string> Values(const char* n) const {
    std::vector<std::string> out;
    for (const auto& k : kids) {
      if (k->name != n) continue;
      for (const auto& v : k->kids) {
        const std::string t = Squeeze(v->text);
        if (v->name == "VALUE" && !t.empty() && std::find(out.begin(), out.end(), t) == out.end())
          out.push_back(t);
      }
    }
    return out;
  }
  // Trimmed, inner runs of spaces and line breaks made one space.
  static std::string Squeeze(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        space = !out.empty();
      } else {
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
      }
    }
    return out;
  }
  std::string KidSqueezed(const char* n) const {
    const Elem* k = Kid(n);
    return k ? Squeeze(k->text) : "";
  }
};

// A document number stated only in prose ("Tunisian passport number L
// 191609 issued on 28 Feb. 1996", "SSN 156-92-9858 (United States of
// America)", "04643632 issued on 18 Jun. 1999"): the word after "number",
// "no.", "SSN", "card" or "code:" (with a one-letter series before it, or a
// prefix ending in '-'), or a first word with digits. Empty when none.
std::string NumberInNote(const std::string& note) {
  std::vector<std::string> w;
  for (size_t i = 0; i < note.size();) {
    while (i < note.size() && std::isspace(static_cast<unsigned char>(note[i])))
      ++i;
    const size_t start = i;
    while (i < note.size() && !std::isspace(static_cast<unsigned char>(note[i])))
      ++i;
    if (i > start) w.push_back(note.substr(start, i - start));
  }
  auto digits = [](const std::string& t) {
    return std::any_of(t.begin(), t.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  auto at = [&](size_t k) -> std::string {
    if (k >= w.size()) return "";
    std::string t = w[k];
    while (!t.empty() && std::strchr(",;.)", t.back()))
      t.pop_back();
    if (digits(t)) return t;
    // "L 191609", "DE- 473900": a short prefix, then the digits.
    if (k + 1 < w.size() && t.size() <= 3 && digits(w[k + 1])) {
      std::string next = w[k + 1];
      while (!next.empty() && std::strchr(",;.)", next.back()))
        next.pop_back();
      return t + " " + next;
    }
    return "";
  };
  if (!w.empty() && digits(w[0])) return at(0);
  for (size_t k = 0; k + 1 < w.size(); ++k) {
    const std::string f = LowerAscii(w[k]);
    if (f == "number" || f == "no." || f == "ssn" || f == "card" || f == "code:" || f == "no.:") {
      const std::string n = at(k + 1);
      if (!n.empty()) return n;
    }
  }
  return "";
}

ValueList Strings(const std::vector<std::string>& v) {
  ValueList out;
  for (const auto& s : v)
    out.push_back(Value(s));
  return out;
}

// "Kandahar, Kandahar Province, Afghanistan" from the parts that are there.
std::string JoinParts(const Elem& e, std::initializer_list<const char*> parts) {
  std::string out;
  for (const char* p : parts) {
    const std::string t = e.KidSqueezed(p);
    if (!t.empty()) out += (out.empty() ? "" : ", ") + t;
  }
  return out;
}

class UnSanctionsImporter : public Importer {
 public:
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    // Each file is one version of the list (import/list_versions.h).
    std::vector<StoredListVersion> same_txn;
    for (const auto& f : files) {
      AG_RETURN_IF_ERROR(File(f, sink));
      std::optional<PartialDate> date =
          sink->options().published ? sink->options().published : generated_;
      ListVersionRecorder version(council_, date, sink->document(), sink->options().grade);
      for (auto& e : entries_)
        version.Add(std::move(e));
      entries_.clear();
      AG_RETURN_IF_ERROR(version.Finish(sink->txn(), "--published", &same_txn).WithContext(f));
    }
    return Status::OK();
  }

 private:
  Status File(const std::string& f, ImportSink* sink) {
    AG_RETURN_IF_ERROR(sink->SetFileDocument("un-sanctions", f,
                                             "UN Security Council Consolidated Sanctions List"));
    council_ =
        sink->UniqueByName("United Nations Security Council", "Actor")
            .value_or(
                sink->UniqueByName("UN Security Council", "Actor").value_or("un-security-council"));
    generated_.reset();
    entries_.clear();
    sink->set_add_only(false);
    std::ifstream in(f, std::ios::binary);
    if (!in) return Status::IOError(f + ": cannot open");
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate(nullptr),
                                                                        &XML_ParserFree);
    parser_ = parser.get();
    sink_ = sink;
    file_ = f;
    status_ = Status::OK();
    root_.reset();
    cur_ = nullptr;
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Start, &End);
    XML_SetCharacterDataHandler(parser_, &Text);
    char buf[1 << 16];
    for (;;) {
      in.read(buf, sizeof buf);
      const std::streamsize n = in.gcount();
      *sink->bytes_counter() += static_cast<uint64_t>(n);
      const bool last = n < static_cast<std::streamsize>(sizeof buf);
      if (XML_Parse(parser_, buf, static_cast<int>(n), last) == XML_STATUS_ERROR) {
        if (!status_.ok()) return status_;
        return Status::InvalidArgument(
            f + ":" + std::to_string(XML_GetCurrentLineNumber(parser_)) + ":" +
            std::to_string(XML_GetCurrentColumnNumber(parser_)) +
            ": invalid XML: " + XML_ErrorString(XML_GetErrorCode(parser_)));
      }
      if (last) break;
    }
    return status_;
  }

  static void Start(void* self_, const XML_Char* name, const XML_Char** attrs) {
    auto* self = static_cast<UnSanctionsImporter*>(self_);
    const std::string n = name;
    if (!self->root_) {
      // The list's own date: <CONSOLIDATED_LIST dateGenerated="2018-10-29T19:09:49.856-04:00">.
      if (n == "CONSOLIDATED_LIST") {
        for (const XML_Char** a = attrs; a && a[0]; a += 2)
          if (std::string(a[0]) == "dateGenerated")
            self->generated_ = ParseLooseDate(std::string(a[1]).substr(0, 10));
        const auto date =
            self->sink_->options().published ? self->sink_->options().published : self->generated_;
        auto older = OlderThanStoredVersions(self->sink_->txn()->base(), self->council_, date);
        if (!older.ok()) {
          self->status_ = older.status();
          XML_StopParser(self->parser_, XML_FALSE);
          return;
        }
        self->sink_->set_add_only(*older);
      }
      if (n != "INDIVIDUAL" && n != "ENTITY") return;
      self->root_ = std::make_unique<Elem>();
      self->root_->name = n;
      self->cur_ = self->root_.get();
      self->line_ = XML_GetCurrentLineNumber(self->parser_);
      return;
    }
    auto e = std::make_unique<Elem>();
    e->name = n;
    e->parent = self->cur_;
    self->cur_->kids.push_back(std::move(e));
    self->cur_ = self->cur_->kids.back().get();
  }

  static void Text(void* self_, const XML_Char* s, int len) {
    auto* self = static_cast<UnSanctionsImporter*>(self_);
    if (self->cur_) self->cur_->text.append(s, static_cast<size_t>(len));
  }

  static void End(void* self_, const XML_Char*) {
    auto* self = static_cast<UnSanctionsImporter*>(self_);
    if (!self->cur_) return;
    if (self->cur_ != self->root_.get()) {
      self->cur_ = self->cur_->parent;
      return;
    }
    Status s = self->Record(*self->root_);
    self->root_.reset();
    self->cur_ = nullptr;
    if (!s.ok()) {
      self->status_ = s;
      XML_StopParser(self->parser_, XML_FALSE);
    }
  }

  Status Record(const Elem& r) {
    const bool person = r.name == "INDIVIDUAL";
    const std::string dataid = r.KidSqueezed("DATAID"), ref = r.KidSqueezed("REFERENCE_NUMBER");
    const std::string where = "line " + std::to_string(line_) + " (" + r.name + " " +
                              (ref.empty() ? "DATAID " + dataid : ref) + ")";
    const std::string raw = "<" + r.name + "> DATAID " + dataid + " REFERENCE_NUMBER " + ref;
    RecordWrites w;
    entry_.reset();
    const uint64_t rejected = sink_->rejected();
    Status s = Map(r, person, dataid, ref, where, &w);
    AG_RETURN_IF_ERROR(s.ok() ? sink_->Submit(&w, file_, where, raw)
                              : sink_->Reject(file_, where, s, raw));
    if (entry_ && sink_->rejected() == rejected) {
      entry_->digest = ShortHash(Digest(r));
      entries_.push_back(std::move(*entry_));
    }
    return Status::OK();
  }

  // The record's whole content, for telling a changed entry between versions.
  static std::string Digest(const Elem& e) {
    std::string out = "<" + e.name + ">" + Elem::Squeeze(e.text);
    for (const auto& k : e.kids)
      out += Digest(*k);
    return out + "</>";
  }

  // A field that cannot be read: the record keeps going.
  void Warn(const std::string& where, const std::string& field, const std::string& raw,
            const std::string& why) {
    sink_->FieldWarning(file_, where, field, raw, why);
  }

  Status Map(const Elem& r, bool person, const std::string& dataid, const std::string& ref,
             const std::string& where, RecordWrites* w) {
    if (ref.empty() && dataid.empty())
      return Status::InvalidArgument("field 'REFERENCE_NUMBER': missing (and no DATAID)");
    Node n;
    n.xid = "un-sc:" + (ref.empty() ? "dataid-" + dataid : ref);
    n.labels = {person ? "Person" : "Organization"};
    for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
      const std::string p = r.KidSqueezed(part);
      if (!p.empty()) n.name += (n.name.empty() ? "" : " ") + p;
    }
    if (n.name.empty()) return Status::InvalidArgument("field 'FIRST_NAME': no name");
    auto add_alias = [&](const std::string& a) {
      if (a.empty() || a == n.name) return;
      for (const auto& have : n.aliases)
        if (have.name == a) return;
      n.aliases.push_back({a, {}});
    };
    add_alias(r.KidSqueezed("NAME_ORIGINAL_SCRIPT"));
    std::vector<std::string> notes;
    std::string low;
    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_ALIAS" && k->name != "ENTITY_ALIAS") continue;
      const std::string a = k->KidSqueezed("ALIAS_NAME"), q = k->KidSqueezed("QUALITY");
      if (a.empty()) continue;
      add_alias(a);
      if (q == "Low" && low.find(a) == std::string::npos) low += (low.empty() ? "" : "; ") + a;
      // An alias may come with the birth details it was used with.
      const std::string born =
          JoinParts(*k, {"DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"});
      const std::string note = k->KidSqueezed("NOTE");
      if (!born.empty() || !note.empty())
        notes.push_back("Alias " + a + ":" + (born.empty() ? "" : " born " + born) +
                        (note.empty() ? "" : (born.empty() ? " " : "; ") + note));
    }
    ValueList ids;
    if (!ref.empty()) ids.push_back(Value(ref));
    if (!dataid.empty()) ids.push_back(Value("UN DATAID " + dataid));
    n.props.emplace_back("source_ids", Value(ids));
    const std::string comments = r.KidSqueezed("COMMENTS1");
    if (!comments.empty()) n.props.emplace_back("description", Value(comments));
    if (!low.empty()) notes.insert(notes.begin(), "Low-quality aliases: " + low);
    std::string note_text;
    for (const auto& t : notes)
      note_text += (note_text.empty() ? "" : "\n") + t;
    if (!note_text.empty()) n.props.emplace_back("notes", Value(note_text));
    std::string country;
    if (person) {
      const auto nats = r.Values("NATIONALITY");
      if (!nats.empty()) {
        n.props.emplace_back("nationality", Value(nats[0]));
        n.props.emplace_back("nationalities", Value(Strings(nats)));
        country = nats[0];
      }
      const auto titles = r.Values("TITLE");
      if (!titles.empty()) {
        n.props.emplace_back("title", Value(titles[0]));
        n.props.emplace_back("titles", Value(Strings(titles)));
      }
      const auto des = r.Values("DESIGNATION");
      if (!des.empty()) {
        n.props.emplace_back("position", Value(des[0]));
        n.props.emplace_back("positions", Value(Strings(des)));
      }
      const std::string gender = LowerAscii(r.KidSqueezed("GENDER"));
      if (gender == "male" || gender == "female")
        n.props.emplace_back("gender", Value(gender));
      else if (!gender.empty() && gender != "unknown")
        Warn(where, "GENDER", r.KidSqueezed("GENDER"), "not male, female or unknown");
      BirthDates(r, where, &n);
      std::vector<std::string> places;
      for (const auto& k : r.kids) {
        if (k->name != "INDIVIDUAL_PLACE_OF_BIRTH") continue;
        std::string p = JoinParts(*k, {"CITY", "STATE_PROVINCE", "COUNTRY"});
        const std::string note = k->KidSqueezed("NOTE");
        if (!note.empty()) p += (p.empty() ? "" : " (") + note + (p.empty() ? "" : ")");
        if (!p.empty() && std::find(places.begin(), places.end(), p) == places.end())
          places.push_back(p);
      }
      if (!places.empty()) n.props.emplace_back("birth_places", Value(Strings(places)));
    }
    std::vector<std::string> bare_places, documents_raw;
    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_ADDRESS" && k->name != "ENTITY_ADDRESS") continue;
      if (!k->KidSqueezed("STREET").empty() || !k->KidSqueezed("CITY").empty()) continue;
      std::string p = JoinParts(*k, {"STATE_PROVINCE", "ZIP_CODE", "COUNTRY"});
      const std::string note = k->KidSqueezed("NOTE");
      if (!note.empty()) p += (p.empty() ? "" : " (") + note + (p.empty() ? "" : ")");
      if (!p.empty() && std::find(bare_places.begin(), bare_places.end(), p) == bare_places.end())
        bare_places.push_back(p);
    }
    if (!bare_places.empty()) n.props.emplace_back("locations", Value(Strings(bare_places)));

    // Identity documents: shared nodes by number and issuing country.
    struct Doc {
      Node node;
      Relationship rel;
    };
    std::vector<Doc> docs;
    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_DOCUMENT" && k->name != "ENTITY_DOCUMENT") continue;
      const std::string type = k->KidSqueezed("TYPE_OF_DOCUMENT"),
                        type2 = k->KidSqueezed("TYPE_OF_DOCUMENT2"),
                        number = k->KidSqueezed("NUMBER"), note = k->KidSqueezed("NOTE");
      std::string issuer = k->KidSqueezed("ISSUING_COUNTRY");
      if (issuer.empty()) issuer = k->KidSqueezed("COUNTRY_OF_ISSUE");
      if (type.empty() && type2.empty() && number.empty() && note.empty()) continue;
      bool ok = false;
      // Some entries give the number inside the second type ("Afghan national
      // identification card (tazkira) number 44323").
      std::string stated = number;
      if (stated.empty()) stated = NumberInNote(type2);
      if (stated.empty()) stated = NumberInNote(note);
      Node d = IdentityDocumentNode(stated, issuer, type, &ok);
      if (!ok) {
        const std::string all =
            JoinParts(*k, {"TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY",
                           "COUNTRY_OF_ISSUE", "DATE_OF_ISSUE", "CITY_OF_ISSUE", "NOTE"});
        documents_raw.push_back(all);
        Warn(where, k->name, all, "no document number");
        continue;
      }
      Relationship h;
      h.xid = "HAS_IDENTIFIER:" + n.xid + ":" + d.xid;
      h.type = "HAS_IDENTIFIER";
      const std::string shown_type = !type2.empty() && type2 != type ? type2 : type;
      if (!shown_type.empty()) h.props.emplace_back("document_type", Value(shown_type));
      const std::string issued = k->KidSqueezed("DATE_OF_ISSUE");
      if (!issued.empty()) {
        if (auto pd = ParseLooseDate(issued)) {
          h.props.emplace_back("issued", Value(*pd));
        } else {
          h.props.emplace_back("issued_raw", Value(issued));
          Warn(where, "DATE_OF_ISSUE", issued, "not a date");
        }
      }
      const std::string city = k->KidSqueezed("CITY_OF_ISSUE");
      if (!city.empty()) h.props.emplace_back("issued_in", Value(city));
      if (!note.empty()) h.props.emplace_back("note", Value(note));
      bool dup = false;
      for (const auto& have : docs)
        dup |= have.rel.xid == h.xid;
      if (!dup) docs.push_back({std::move(d), std::move(h)});
    }
    if (!documents_raw.empty())
      n.props.emplace_back("documents_raw", Value(Strings(documents_raw)));
    w->Node(n);
    w->Claim({TargetKind::kNode, n.xid, "", {}, where, "", "", "", Stance::kAsserts});
    for (auto& d : docs) {
      w->SharedNode(d.node);
      w->Rel(d.rel, n.xid, d.node.xid);
      w->Claim({TargetKind::kRel, d.rel.xid, "", {}, where, "", "", "", Stance::kAsserts});
    }

    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_ADDRESS" && k->name != "ENTITY_ADDRESS") continue;
      const std::string street = k->KidSqueezed("STREET"), city = k->KidSqueezed("CITY");
      if (street.empty() && city.empty()) continue;  // a bare country is no identifier
      const std::string full =
          JoinParts(*k, {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"});
      bool ok = false;
      Node a = AddressNode(full, &ok);
      if (!ok) continue;
      if (!city.empty()) a.props.emplace_back("city", Value(city));
      const std::string c = k->KidSqueezed("COUNTRY");
      if (!c.empty()) a.props.emplace_back("country", Value(c));
      if (!street.empty()) a.props.emplace_back("street", Value(street));
      const std::string zip = k->KidSqueezed("ZIP_CODE");
      if (!zip.empty()) a.props.emplace_back("postal_code", Value(zip));
      Relationship h;
      h.xid = "HAS_ADDRESS:" + n.xid + ":" + a.xid;
      h.type = "HAS_ADDRESS";
      w->SharedNode(a);
      w->Rel(h, n.xid, a.xid);
      w->Claim({TargetKind::kRel,
                h.xid,
                "",
                {},
                where,
                k->KidSqueezed("NOTE"),
                "",
                "",
                Stance::kAsserts});
    }

    Node council;
    council.xid = council_;
    council.labels = {"Organization"};
    council.name = "United Nations Security Council";
    w->SharedNode(council);
    Relationship sanc;
    sanc.xid = n.xid + ":sanctioned";
    sanc.type = "SANCTIONED";
    const std::string regime = r.KidSqueezed("UN_LIST_TYPE");
    if (!regime.empty()) sanc.props.emplace_back("regime", Value(regime));
    if (!ref.empty()) sanc.props.emplace_back("reference", Value(ref));
    const std::string listed = r.KidSqueezed("LISTED_ON");
    if (!listed.empty()) {
      sanc.valid.from = ParseLooseDate(listed);
      if (!sanc.valid.from) {
        sanc.props.emplace_back("listed_on_raw", Value(listed));
        Warn(where, "LISTED_ON", listed, "not a date");
      }
    }
    ValueList updated;
    std::vector<std::string> updated_raw;
    for (const auto& u : r.Values("LAST_DAY_UPDATED")) {
      if (auto pd = ParseLooseDate(u)) {
        updated.push_back(Value(*pd));
      } else {
        updated_raw.push_back(u);
        Warn(where, "LAST_DAY_UPDATED", u, "not a date");
      }
    }
    if (!updated.empty()) sanc.props.emplace_back("updated", Value(updated));
    if (!updated_raw.empty()) sanc.props.emplace_back("updated_raw", Value(Strings(updated_raw)));
    // The SANCTIONED relationship itself is written by the list version
    // (import/list_versions.h): from LISTED_ON, to the version that drops it.
    std::sort(sanc.props.begin(), sanc.props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    entry_ = ListEntry{n.xid, sanc.props, sanc.valid.from, where, ""};
    entry_->names.push_back(n.name);
    for (const auto& a : n.aliases)
      entry_->names.push_back(a.name);
    entry_->rels = w->RelIdsFrom(n.xid);
    entry_->values = n.props;
    return Status::OK();
  }

  // Every INDIVIDUAL_DATE_OF_BIRTH: EXACT and APPROXIMATELY dates (DATE or
  // YEAR) at their precision, BETWEEN ranges (FROM_YEAR, TO_YEAR), and the
  // text of what is no date (a NOTE such as "30-35 years old").
  void BirthDates(const Elem& r, const std::string& where, Node* n) {
    ValueList dates, approx, ranges;
    std::vector<std::string> raw;
    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_DATE_OF_BIRTH") continue;
      const std::string type = UpperAscii(k->KidSqueezed("TYPE_OF_DATE"));
      const std::string note = k->KidSqueezed("NOTE");
      const bool approximate = type == "APPROXIMATELY" || note.find("pprox") != std::string::npos;
      const std::string from = k->KidSqueezed("FROM_YEAR"), to = k->KidSqueezed("TO_YEAR");
      std::string d = k->KidSqueezed("DATE");
      if (d.empty()) d = k->KidSqueezed("YEAR");
      if (type == "BETWEEN" || (!from.empty() && !to.empty())) {
        auto f = ParseLooseDate(from), t = ParseLooseDate(to);
        if (f && t && !(*t < *f)) {
          ranges.push_back(Value::Map(
              {{"approximate", Value(approximate)}, {"from", Value(*f)}, {"to", Value(*t)}}));
        } else {
          raw.push_back("between " + from + " and " + to);
          Warn(where, "INDIVIDUAL_DATE_OF_BIRTH", from + " to " + to, "not a range of years");
        }
        continue;
      }
      // Some entries give the date only in the note ("August 1961").
      if (d.empty() && ParseDateStatement(note)) d = note;
      if (d.empty()) {
        if (!note.empty()) {
          raw.push_back(note);
          Warn(where, "INDIVIDUAL_DATE_OF_BIRTH", note, "a note, not a date");
        }
        continue;
      }
      auto st = ParseDateStatement(d);
      if (!st) {
        raw.push_back(d);
        Warn(where, "INDIVIDUAL_DATE_OF_BIRTH", d, "not a date");
        continue;
      }
      if (st->range()) {
        ranges.push_back(Value::Map({{"approximate", Value(approximate || st->approximate)},
                                     {"from", Value(st->from)},
                                     {"to", Value(*st->to)}}));
        continue;
      }
      const Value v(st->from);
      if (std::find(dates.begin(), dates.end(), v) == dates.end()) dates.push_back(v);
      if ((approximate || st->approximate) &&
          std::find(approx.begin(), approx.end(), v) == approx.end())
        approx.push_back(v);
    }
    if (!dates.empty()) {
      n->props.emplace_back("birth_date", dates[0]);
      n->props.emplace_back("birth_dates", Value(dates));
    }
    if (!approx.empty()) n->props.emplace_back("birth_dates_approximate", Value(approx));
    if (!ranges.empty()) n->props.emplace_back("birth_date_ranges", Value(ranges));
    if (!raw.empty()) n->props.emplace_back("birth_date_raw", Value(Strings(raw)));
  }

  ImportSink* sink_ = nullptr;
  XML_Parser parser_ = nullptr;
  std::string file_, council_;
  std::optional<PartialDate> generated_;  // the file's dateGenerated
  std::optional<ListEntry> entry_;        // the listing of the record being read
  std::vector<ListEntry> entries_;        // the listings of the file so far
  Status status_;
  std::unique_ptr<Elem> root_;
  Elem* cur_ = nullptr;
  uint64_t line_ = 0;
};

}  // namespace

std::unique_ptr<Importer> MakeUnSanctionsImporter() {
  return std::make_unique<UnSanctionsImporter>();
}

}  // namespace actorgraph
