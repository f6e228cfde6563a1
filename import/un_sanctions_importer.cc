// The UN Security Council Consolidated Sanctions List (XML), read with expat
// as a stream: one INDIVIDUAL or ENTITY element at a time.
//
// Each record becomes a node "un-sc:REFERENCE_NUMBER" (Person for
// INDIVIDUAL, Organization for ENTITY) with its names, aliases (all
// qualities; low-quality ones are also listed in `notes`), nationality,
// title, designation, date of birth, comments; addresses with a street or a
// city become shared Address nodes; and a SANCTIONED relationship from the
// Security Council, valid from LISTED_ON, with the regime (UN_LIST_TYPE) and
// the reference number.
#include <expat.h>

#include <fstream>
#include <memory>

#include "import/identifiers.h"
#include "import/importer.h"
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
  // <NATIONALITY><VALUE>x</VALUE></NATIONALITY>: the first VALUE.
  std::string Value1(const char* n) const {
    const Elem* k = Kid(n);
    return k ? k->KidText("VALUE") : "";
  }
};

class UnSanctionsImporter : public Importer {
 public:
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    for (const auto& f : files)
      AG_RETURN_IF_ERROR(File(f, sink));
    return Status::OK();
  }

 private:
  Status File(const std::string& f, ImportSink* sink) {
    AG_RETURN_IF_ERROR(sink->SetDocument(ImportSink::FileDocument(
        "un-sanctions", f, "UN Security Council Consolidated Sanctions List")));
    council_ =
        sink->UniqueByName("United Nations Security Council", "Actor")
            .value_or(
                sink->UniqueByName("UN Security Council", "Actor").value_or("un-security-council"));
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
    const std::string dataid = r.KidText("DATAID"), ref = r.KidText("REFERENCE_NUMBER");
    const std::string where = "line " + std::to_string(line_) + " (" + r.name + " " +
                              (ref.empty() ? "DATAID " + dataid : ref) + ")";
    const std::string raw = "<" + r.name + "> DATAID " + dataid + " REFERENCE_NUMBER " + ref;
    RecordWrites w;
    Status s = Map(r, person, dataid, ref, where, &w);
    return s.ok() ? sink_->Submit(&w, file_, where, raw) : sink_->Reject(file_, where, s, raw);
  }

  Status Map(const Elem& r, bool person, const std::string& dataid, const std::string& ref,
             const std::string& where, RecordWrites* w) {
    if (ref.empty() && dataid.empty())
      return Status::InvalidArgument("field 'REFERENCE_NUMBER': missing (and no DATAID)");
    Node n;
    n.xid = "un-sc:" + (ref.empty() ? "dataid-" + dataid : ref);
    n.labels = {person ? "Person" : "Organization"};
    for (const char* part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
      const std::string p = r.KidText(part);
      if (!p.empty()) n.name += (n.name.empty() ? "" : " ") + p;
    }
    if (n.name.empty()) return Status::InvalidArgument("field 'FIRST_NAME': no name");
    const std::string original = r.KidText("NAME_ORIGINAL_SCRIPT");
    if (!original.empty()) n.aliases.push_back({original, {}});
    std::string low;
    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_ALIAS" && k->name != "ENTITY_ALIAS") continue;
      const std::string a = k->KidText("ALIAS_NAME"), q = k->KidText("QUALITY");
      if (a.empty()) continue;
      n.aliases.push_back({a, {}});
      if (q == "Low") low += (low.empty() ? "" : "; ") + a;
    }
    ValueList ids;
    if (!ref.empty()) ids.push_back(Value(ref));
    if (!dataid.empty()) ids.push_back(Value("UN DATAID " + dataid));
    n.props.emplace_back("source_ids", Value(ids));
    const std::string comments = r.KidText("COMMENTS1");
    if (!comments.empty()) n.props.emplace_back("description", Value(comments));
    if (!low.empty()) n.props.emplace_back("notes", Value("Low-quality aliases: " + low));
    std::string country;
    if (person) {
      const std::string nat = r.Value1("NATIONALITY");
      if (!nat.empty()) n.props.emplace_back("nationality", Value(nat));
      const std::string title = r.Value1("TITLE");
      if (!title.empty()) n.props.emplace_back("title", Value(title));
      const std::string des = r.Value1("DESIGNATION");
      if (!des.empty()) n.props.emplace_back("position", Value(des));
      if (const Elem* dob = r.Kid("INDIVIDUAL_DATE_OF_BIRTH")) {
        std::string d = dob->KidText("DATE");
        if (d.empty()) d = dob->KidText("YEAR");
        if (!d.empty()) {
          auto pd = ParseLooseDate(d);
          if (!pd)
            return Status::InvalidArgument("field 'INDIVIDUAL_DATE_OF_BIRTH': '" + d +
                                           "' is not a date");
          n.props.emplace_back("birth_date", Value(*pd));
        }
      }
      country = nat;
    }
    w->Node(n);
    w->Claim({TargetKind::kNode, n.xid, "", {}, where, "", "", "", Stance::kAsserts});

    for (const auto& k : r.kids) {
      if (k->name != "INDIVIDUAL_ADDRESS" && k->name != "ENTITY_ADDRESS") continue;
      const std::string street = k->KidText("STREET"), city = k->KidText("CITY");
      if (street.empty() && city.empty()) continue;  // a bare country is no identifier
      std::string full;
      for (const char* part : {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"}) {
        const std::string p = k->KidText(part);
        if (!p.empty()) full += (full.empty() ? "" : ", ") + p;
      }
      bool ok = false;
      Node a = AddressNode(full, &ok);
      if (!ok) continue;
      if (!city.empty()) a.props.emplace_back("city", Value(city));
      const std::string c = k->KidText("COUNTRY");
      if (!c.empty()) a.props.emplace_back("country", Value(c));
      if (!street.empty()) a.props.emplace_back("street", Value(street));
      Relationship h;
      h.xid = "HAS_ADDRESS:" + n.xid + ":" + a.xid;
      h.type = "HAS_ADDRESS";
      w->SharedNode(a);
      w->Rel(h, n.xid, a.xid);
      w->Claim({TargetKind::kRel, h.xid, "", {}, where, "", "", "", Stance::kAsserts});
    }

    Node council;
    council.xid = council_;
    council.labels = {"Organization"};
    council.name = "United Nations Security Council";
    w->SharedNode(council);
    Relationship sanc;
    sanc.xid = n.xid + ":sanctioned";
    sanc.type = "SANCTIONED";
    const std::string regime = r.KidText("UN_LIST_TYPE");
    if (!regime.empty()) sanc.props.emplace_back("regime", Value(regime));
    if (!ref.empty()) sanc.props.emplace_back("reference", Value(ref));
    const std::string listed = r.KidText("LISTED_ON");
    if (!listed.empty()) {
      sanc.valid.from = ParseLooseDate(listed);
      if (!sanc.valid.from)
        return Status::InvalidArgument("field 'LISTED_ON': '" + listed + "' is not a date");
    }
    w->Rel(sanc, council_, n.xid);
    w->Claim({TargetKind::kRel, sanc.xid, "", {}, where, "", "", council_, Stance::kAsserts});
    return Status::OK();
  }

  ImportSink* sink_ = nullptr;
  XML_Parser parser_ = nullptr;
  std::string file_, council_;
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
