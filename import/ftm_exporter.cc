#include "import/ftm_exporter.h"

#include <nlohmann/json.hpp>

#include <map>
#include <unordered_map>

namespace actorgraph {

namespace {

using nlohmann::json;

std::string FtmId(const std::string& xid) {
  return xid.rfind("ftm:", 0) == 0 ? xid.substr(4) : xid;
}

std::string Schema(const Ontology& o, const Node& n) {
  for (const auto& l : n.labels) {
    if (o.IsA(l, "Person")) return "Person";
    if (o.IsA(l, "Company") || o.IsA(l, "PrivateMilitaryCompany")) return "Company";
    if (o.IsA(l, "Address")) return "Address";
  }
  for (const auto& l : n.labels)
    if (o.IsA(l, "Actor")) return "Organization";
  return "";
}

void Put(json* props, const char* key, const Value* v) {
  if (!v || v->is_null()) return;
  const std::string s = v->kind() == Value::Kind::kString ? v->as_string() : v->ToString();
  (*props)[key].push_back(s);
}

}  // namespace

Status ExportFtm(const ReadView& view, const Ontology& ontology, std::ostream& out) {
  std::unordered_map<NodeId, std::string> schema;  // exported nodes
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
    Node n;
    if (Status s = view.GetNode(id, &n); !s.ok()) {
      inner = s;
      return false;
    }
    const std::string sc = Schema(ontology, n);
    if (sc.empty()) return true;
    schema[id] = sc;
    json props = json::object();
    if (sc == "Address") {
      props["full"].push_back(n.name);
      Put(&props, "city", n.Prop("city"));
      Put(&props, "country", n.Prop("country"));
    } else {
      props["name"].push_back(n.name);
      for (const auto& a : n.aliases)
        props["alias"].push_back(a.name);
      Put(&props, "country", n.Prop("country"));
      Put(&props, "description", n.Prop("description"));
      Put(&props, "notes", n.Prop("notes"));
      Put(&props, "website", n.Prop("website"));
      if (sc == "Person") {
        Put(&props, "nationality", n.Prop("nationality"));
        Put(&props, "birthDate", n.Prop("birth_date"));
        Put(&props, "gender", n.Prop("gender"));
        Put(&props, "title", n.Prop("title"));
        Put(&props, "position", n.Prop("position"));
      } else if (sc == "Company") {
        Put(&props, "jurisdiction", n.Prop("jurisdiction"));
        Put(&props, "registrationNumber", n.Prop("registration_number"));
        Put(&props, "incorporationDate", n.Prop("incorporation_date"));
        Put(&props, "status", n.Prop("status"));
      }
      // Identifiers as properties, the FtM way.
      for (auto c = view.Adjacency(id, Direction::kOut, {"HAS_PHONE", "HAS_EMAIL"}); c->Valid();
           c->Next()) {
        Node ident;
        if (!view.GetNode(c->entry().other, &ident).ok()) continue;
        props[view.TypeName(c->entry().type_id) == "HAS_PHONE" ? "phone" : "email"].push_back(
            ident.name);
      }
      for (auto c = view.Adjacency(id, Direction::kOut, {"HAS_ADDRESS"}); c->Valid(); c->Next()) {
        Node ident;
        if (view.GetNode(c->entry().other, &ident).ok())
          props["addressEntity"].push_back(FtmId(ident.xid));
      }
    }
    out << json{{"id", FtmId(n.xid)}, {"schema", sc}, {"properties", props}}.dump() << '\n';
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);
  static const std::map<std::string, std::tuple<const char*, const char*, const char*>> kLinks = {
      {"OWNS", {"Ownership", "owner", "asset"}},
      {"DIRECTS", {"Directorship", "director", "organization"}},
      {"MEMBER_OF", {"Membership", "member", "organization"}},
      {"EMPLOYS", {"Employment", "employer", "employee"}},
      {"SANCTIONED", {"Sanction", "authority", "entity"}},
      {"HAS_ADDRESS", {"", "", ""}},
  };
  AG_RETURN_IF_ERROR(view.ForEachRel([&](const Relationship& r) {
    if (!schema.count(r.src) || !schema.count(r.dst)) return true;
    Node src, dst;
    if (!view.GetNode(r.src, &src).ok() || !view.GetNode(r.dst, &dst).ok()) return true;
    json props = json::object();
    std::string sc = "UnknownLink";
    const char* a = "subject";
    const char* b = "object";
    if (auto it = kLinks.find(r.type); it != kLinks.end()) {
      if (r.type == "HAS_ADDRESS") return true;  // written as addressEntity above
      std::tie(sc, a, b) = std::tuple<std::string, const char*, const char*>(
          std::get<0>(it->second), std::get<1>(it->second), std::get<2>(it->second));
    } else {
      props["role"].push_back(
          r.type == "RELATED_TO" && r.Prop("relation") ? r.Prop("relation")->ToString() : r.type);
    }
    if (sc == "Sanction") {
      props["authority"].push_back(src.name);
      Put(&props, "program", r.Prop("program"));
      if (!r.Prop("program")) Put(&props, "program", r.Prop("regime"));
    } else {
      props[a].push_back(FtmId(src.xid));
    }
    props[b].push_back(FtmId(dst.xid));
    Put(&props, "role", r.Prop("role"));
    Put(&props, "percentage", r.Prop("percentage"));
    if (r.valid.from) props["startDate"].push_back(r.valid.from->ToString());
    if (r.valid.to) props["endDate"].push_back(r.valid.to->ToString());
    out << json{{"id", FtmId(r.xid)}, {"schema", sc}, {"properties", props}}.dump() << '\n';
    return true;
  }));
  return Status::OK();
}

}  // namespace actorgraph
