// FollowTheMoney entity JSON lines (OCCRP Aleph, OpenSanctions): one entity
// per line, {"id", "schema", "properties": {prop: [values]}}.
//
// Thing schemata become nodes ("ftm:" + id); interval schemata
// (Ownership, Directorship, …) become relationships between them with
// their startDate/endDate. The file is read twice (things, then links) so a
// link may come before the entities it joins. address/phone/email values
// become shared identifier nodes; other schemata are counted and skipped.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>

#include "common/text_match.h"
#include "import/csv_drain.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/loose_date.h"

namespace actorgraph {

namespace {

using nlohmann::json;

const std::map<std::string, std::string>& ThingLabels() {
  static const std::map<std::string, std::string> m = {{"Person", "Person"},
                                                       {"Company", "Company"},
                                                       {"Organization", "Organization"},
                                                       {"LegalEntity", "Organization"},
                                                       {"PublicBody", "Organization"},
                                                       {"Position", "Position"},
                                                       {"Address", "Address"}};
  return m;
}

struct LinkSchema {
  const char* type;
  const char* src;  // FtM property naming the start
  const char* dst;
  const char* role_prop;  // copied into the relationship's role/relation, may be null
  const char* rel_prop;   // our property for it
};

const std::map<std::string, LinkSchema>& LinkSchemata() {
  static const std::map<std::string, LinkSchema> m = {
      {"Ownership", {"OWNS", "owner", "asset", nullptr, nullptr}},
      {"Directorship", {"DIRECTS", "director", "organization", "role", "role"}},
      {"Membership", {"MEMBER_OF", "member", "organization", "role", "role"}},
      {"Employment", {"EMPLOYS", "employer", "employee", "role", "role"}},
      {"Associate", {"RELATED_TO", "person", "associate", "relationship", "relation"}},
      {"Family", {"RELATED_TO", "person", "relative", "relationship", "relation"}},
      {"UnknownLink", {"RELATED_TO", "subject", "object", "role", "relation"}},
      {"Occupancy", {"MEMBER_OF", "holder", "post", nullptr, nullptr}},
      {"Sanction", {"SANCTIONED", "authority", "entity", "program", "program"}},
  };
  return m;
}

// The values of property `p` as strings (FtM values are lists of strings).
std::vector<std::string> Values(const json& props, const char* p) {
  std::vector<std::string> out;
  if (!props.contains(p)) return out;
  const json& v = props[p];
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v)
      if (e.is_string() && !e.get<std::string>().empty())
        out.push_back(e.get<std::string>());
      else if (e.is_number())
        out.push_back(e.dump());
  }
  return out;
}

std::string First(const json& props, const char* p) {
  auto v = Values(props, p);
  return v.empty() ? "" : v[0];
}

// A date property: the first value that reads as a date. Values that do
// not ("unknown", "20th century") go to `raw` for the caller to keep and
// warn about.
std::optional<PartialDate> DateProp(const json& props, const char* p,
                                    std::vector<std::string>* raw) {
  std::optional<PartialDate> out;
  for (const auto& v : Values(props, p)) {
    auto d = ParseLooseDate(v);
    if (!d)
      raw->push_back(v);
    else if (!out)
      out = d;
  }
  return out;
}

class FtmImporter : public Importer {
 public:
  int passes() const override { return 2; }

  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    for (int pass = 1; pass <= 2; ++pass) {
      for (const auto& f : files) {
        AG_RETURN_IF_ERROR(sink->SetFileDocument("ftm", f, "FollowTheMoney entities"));
        std::ifstream in(f, std::ios::binary);
        if (!in) return Status::IOError(f + ": cannot open");
        LineReader lines(&in, sink->options().encoding, sink->bytes_counter());
        std::string line;
        while (lines.Next(&line)) {
          if (Trim(line).empty()) continue;
          AG_RETURN_IF_ERROR(Line(pass, f, lines.line_no(), line, sink));
        }
        if (!lines.status().ok()) return lines.status().WithContext(f);
        if (pass == 1) WarnIfTranscoded(f, lines, sink);
      }
    }
    if (skipped_)
      sink->Warn(std::to_string(skipped_) + " entities of other schemata skipped (" +
                 skipped_names_ + ")");
    return Status::OK();
  }

 private:
  Status Line(int pass, const std::string& file, uint64_t line_no, const std::string& line,
              ImportSink* sink) {
    const std::string where = "line " + std::to_string(line_no);
    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      if (pass == 2) return Status::OK();  // rejected in pass 1
      return sink->Reject(
          file, where,
          Status::InvalidArgument("column " + std::to_string(e.byte) + ": invalid JSON"), line);
    }
    if (!j.is_object() || !j.contains("id") || !j["id"].is_string() || !j.contains("schema") ||
        !j["schema"].is_string()) {
      if (pass == 2) return Status::OK();
      return sink->Reject(
          file, where, Status::InvalidArgument("field 'id' or 'schema': missing or not a string"),
          line);
    }
    const std::string schema = j["schema"].get<std::string>();
    const std::string id = "ftm:" + j["id"].get<std::string>();
    const json props =
        j.contains("properties") && j["properties"].is_object() ? j["properties"] : json::object();
    RecordWrites w;
    Status s;
    if (ThingLabels().count(schema)) {
      if (pass == 2) {
        // Links to Address entities, which may come later in the file.
        for (const auto& v : Values(props, "addressEntity")) {
          Relationship r;
          r.xid = "HAS_ADDRESS:" + id + ":ftm:" + v;
          r.type = "HAS_ADDRESS";
          w.Rel(r, id, "ftm:" + v);
          w.Claim({TargetKind::kRel, r.xid, "", {}, where, "", "", "", Stance::kAsserts});
        }
        if (w.empty()) return Status::OK();
        // Part of the entity's record (counted in pass 1).
        return sink->Submit(&w, file, where + " (addressEntity)", line,
                            /*counts_as_record=*/false);
      }
      s = Thing(schema, id, props, where, &w);
    } else if (LinkSchemata().count(schema)) {
      if (pass != 2) return Status::OK();
      s = Link(schema, id, props, where, &w);
    } else {
      s = Status::OK();
    }
    for (const auto& [field, raw] : warnings_)
      sink->FieldWarning(file, where, "properties." + field, raw, "not a date or number");
    warnings_.clear();
    if (!ThingLabels().count(schema) && !LinkSchemata().count(schema)) {
      if (pass == 1) {
        ++skipped_;
        if (skipped_names_.find(schema) == std::string::npos && skipped_names_.size() < 200)
          skipped_names_ += (skipped_names_.empty() ? "" : ", ") + schema;
      }
      return Status::OK();
    }
    if (!s.ok()) return sink->Reject(file, where, s, line);
    return sink->Submit(&w, file, where, line);
  }

  // Values that could not be read, with their field, for the caller to warn.
  void Unread(const char* field, const std::vector<std::string>& raw) {
    for (const auto& r : raw)
      warnings_.push_back({field, r});
  }
  std::vector<std::pair<std::string, std::string>> warnings_;

  Status Thing(const std::string& schema, const std::string& id, const json& p,
               const std::string& where, RecordWrites* w) {
    Node n;
    n.xid = id;
    n.labels = {ThingLabels().at(schema)};
    std::vector<std::string> names = Values(p, "name");
    if (schema == "Address") {
      const std::string full = First(p, "full");
      if (names.empty() && !full.empty()) names.push_back(full);
      bool ok = false;
      Node a = AddressNode(full.empty() ? names.empty() ? "" : names[0] : full, &ok);
      if (ok) n.props = a.props;
    }
    if (names.empty()) return Status::InvalidArgument("field 'properties.name': no name");
    n.name = names[0];
    for (size_t i = 1; i < names.size(); ++i)
      n.aliases.push_back({names[i], {}});
    for (const char* a : {"alias", "weakAlias", "previousName"})
      for (const auto& v : Values(p, a))
        n.aliases.push_back({v, {}});
    auto set = [&](const char* ours, const std::string& v) {
      if (!v.empty()) n.props.emplace_back(ours, Value(v));
    };
    std::vector<std::string> unread;
    auto list = [&](const char* ours, const std::vector<std::string>& vs) {
      std::vector<std::string> seen;
      ValueList l;
      for (const auto& v : vs)
        if (std::find(seen.begin(), seen.end(), v) == seen.end()) {
          seen.push_back(v);
          l.push_back(Value(v));
        }
      if (!l.empty()) n.props.emplace_back(ours, Value(l));
    };
    if (schema != "Address") {
      set("country", First(p, "country").empty() ? First(p, "jurisdiction") : First(p, "country"));
      set("description",
          First(p, "description").empty() ? First(p, "summary") : First(p, "description"));
      std::string notes;
      for (const auto& v : Values(p, "notes"))
        notes += (notes.empty() ? "" : "\n") + v;
      set("notes", notes);
      set("website", First(p, "website"));
    }
    if (schema == "Person") {
      set("nationality", First(p, "nationality"));
      list("nationalities", Values(p, "nationality"));
      set("gender", First(p, "gender"));
      set("title", First(p, "title"));
      list("titles", Values(p, "title"));
      set("position", First(p, "position"));
      list("positions", Values(p, "position"));
      // Every birth date, at its precision; placeholders ("unknown", "20th
      // century") stay as text beside them.
      ValueList dates, approx, ranges;
      for (const auto& v : Values(p, "birthDate")) {
        auto st = ParseDateStatement(v);
        if (!st) {
          unread.push_back(v);
        } else if (st->range()) {
          ranges.push_back(Value::Map({{"approximate", Value(st->approximate)},
                                       {"from", Value(st->from)},
                                       {"to", Value(*st->to)}}));
        } else {
          if (std::find(dates.begin(), dates.end(), Value(st->from)) == dates.end())
            dates.push_back(Value(st->from));
          if (st->approximate) approx.push_back(Value(st->from));
        }
      }
      if (!dates.empty()) {
        n.props.emplace_back("birth_date", dates[0]);
        n.props.emplace_back("birth_dates", Value(dates));
      }
      if (!approx.empty()) n.props.emplace_back("birth_dates_approximate", Value(approx));
      if (!ranges.empty()) n.props.emplace_back("birth_date_ranges", Value(ranges));
      list("birth_date_raw", unread);
      Unread("birthDate", unread);
      unread.clear();
      list("birth_places", Values(p, "birthPlace"));
    } else if (schema == "Company") {
      set("jurisdiction", First(p, "jurisdiction"));
      set("registration_number", First(p, "registrationNumber"));
      set("status", First(p, "status"));
      set("sector", First(p, "sector"));
      if (auto d = DateProp(p, "incorporationDate", &unread))
        n.props.emplace_back("incorporation_date", Value(*d));
      Unread("incorporationDate", unread);
      for (const auto& u : unread)
        n.props.emplace_back("notes", Value("Incorporated: " + u));
      unread.clear();
    }
    const std::string country = First(p, "country");
    w->Node(n);
    w->Claim({TargetKind::kNode, id, "", {}, where, "", "", "", Stance::kAsserts});
    if (schema == "Address") return Status::OK();
    auto link = [&](Node ident, const char* type) {
      Relationship r;
      r.xid = std::string(type) + ":" + id + ":" + ident.xid;
      r.type = type;
      w->SharedNode(ident);
      w->Rel(r, id, ident.xid);
      w->Claim({TargetKind::kRel, r.xid, "", {}, where, "", "", "", Stance::kAsserts});
    };
    bool ok = false;
    for (const auto& v : Values(p, "phone")) {
      Node ph = PhoneNode(v, country, &ok);
      if (ok) link(ph, "HAS_PHONE");
    }
    for (const auto& v : Values(p, "email")) {
      Node em = EmailNode(v, &ok);
      if (ok) link(em, "HAS_EMAIL");
    }
    for (const auto& v : Values(p, "address")) {
      Node ad = AddressNode(v, &ok);
      if (ok) link(ad, "HAS_ADDRESS");
    }
    return Status::OK();
  }

  Status Link(const std::string& schema, const std::string& id, const json& p,
              const std::string& where, RecordWrites* w) {
    const LinkSchema& ls = LinkSchemata().at(schema);
    Relationship r;
    r.xid = id;
    r.type = ls.type;
    std::string dst = First(p, ls.dst);
    if (dst.empty())
      return Status::InvalidArgument("field 'properties." + std::string(ls.dst) + "': missing");
    std::string src;
    if (schema == "Sanction") {
      // The authority is a name in FtM; it becomes a shared node.
      std::string authority = First(p, "authority");
      if (authority.empty()) authority = "Unknown sanctioning authority";
      Node a;
      a.xid = "ftm-authority:" + Slug(authority);
      a.labels = {"Organization"};
      a.name = authority;
      w->SharedNode(a);
      src = a.xid;
      const std::string reason = First(p, "reason");
      if (!reason.empty()) r.props.emplace_back("description", Value(reason));
    } else {
      src = First(p, ls.src);
      if (src.empty())
        return Status::InvalidArgument("field 'properties." + std::string(ls.src) + "': missing");
      src = "ftm:" + src;
    }
    if (ls.role_prop) {
      std::string role = First(p, ls.role_prop);
      if (!role.empty()) r.props.emplace_back(ls.rel_prop, Value(role));
    }
    std::string unread_text;
    if (schema == "Ownership") {
      std::string pct = First(p, "percentage");
      if (!pct.empty()) {
        const std::string raw = pct;
        if (pct.back() == '%') pct.pop_back();
        char* end = nullptr;
        const double v = std::strtod(pct.c_str(), &end);
        if (!pct.empty() && end == pct.c_str() + pct.size()) {
          r.props.emplace_back("percentage", Value(v));
        } else {
          Unread("percentage", {raw});
          unread_text += "percentage " + raw + "; ";
        }
      }
    }
    if (schema == "Family" && r.props.empty()) r.props.emplace_back("relation", Value("family"));
    if (schema == "Associate" && r.props.empty())
      r.props.emplace_back("relation", Value("associate"));
    if (schema == "Occupancy") r.props.emplace_back("role", Value("holder"));
    std::vector<std::string> unread;
    r.valid.from = DateProp(p, "startDate", &unread);
    Unread("startDate", unread);
    for (const auto& u : unread)
      unread_text += "from " + u + "; ";
    unread.clear();
    r.valid.to = DateProp(p, "endDate", &unread);
    Unread("endDate", unread);
    for (const auto& u : unread)
      unread_text += "to " + u + "; ";
    if (r.valid.to && r.valid.from && *r.valid.to == *r.valid.from) r.valid.to.reset();
    if (r.valid.to && r.valid.from && *r.valid.to < *r.valid.from) {
      Unread("endDate", {r.valid.to->ToString() + " (before startDate)"});
      unread_text += "to " + r.valid.to->ToString() + "; ";
      r.valid.to.reset();
    }
    if (!unread_text.empty() && r.type != "OWNS" && r.type != "SANCTIONED")
      r.props.emplace_back("description", Value("As written: " + unread_text));
    w->Rel(r, src, "ftm:" + dst);
    w->Claim({TargetKind::kRel, id, "", {}, where, "", "", "", Stance::kAsserts});
    return Status::OK();
  }

  uint64_t skipped_ = 0;
  std::string skipped_names_;
};

}  // namespace

std::unique_ptr<Importer> MakeFtmImporter() {
  return std::make_unique<FtmImporter>();
}

}  // namespace actorgraph
