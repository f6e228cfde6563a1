#include "import/native_exporter.h"

#include <nlohmann/json.hpp>

#include <map>

#include "engine/ontology.h"
#include "engine/value_json.h"

namespace actorgraph {

using nlohmann::json;

namespace {

json IntervalJson(json rec, const ValidInterval& iv) {
  if (iv.from) rec["valid_from"] = iv.from->ToString();
  if (iv.to) rec["valid_to"] = iv.to->ToString();
  if (iv.to_latest) rec["valid_to_latest"] = iv.to_latest->ToString();
  return rec;
}

// Properties typed `date` by the ontology are written as plain strings, the
// way people write them; elsewhere dates keep the {"$date": …} form.
json PropsJson(const ValueMap& props, const std::function<const PropertyType*(const std::string&)>& type_of) {
  json o = json::object();
  for (const auto& [k, v] : props) {
    const PropertyType* t = type_of(k);
    const bool plain = t && (t->kind == PropertyType::Kind::kDate ||
                             (t->kind == PropertyType::Kind::kList && t->element &&
                              t->element->kind == PropertyType::Kind::kDate));
    o[k] = ValueToJson(v, plain);
  }
  return o;
}

class Exporter {
 public:
  Exporter(const ReadView& view, const Ontology& ontology, std::ostream& out)
      : view_(view), ontology_(ontology), out_(out) {}

  Status Run() {
    // Documents first, so that a reader streaming the file meets sources
    // before the claims that cite them (the loader does not need it).
    std::vector<NodeId> docs, others;
    AG_RETURN_IF_ERROR(view_.ForEachNode([&](NodeId id) {
      Node n;
      if (!view_.GetNode(id, &n).ok()) return true;
      bool is_doc = false;
      for (const auto& l : n.labels) is_doc |= ontology_.IsA(l, "Document");
      (is_doc ? docs : others).push_back(id);
      return true;
    }));
    for (auto* list : {&docs, &others})
      for (NodeId id : *list) AG_RETURN_IF_ERROR(WriteNode(id));
    Status inner;
    AG_RETURN_IF_ERROR(view_.ForEachRel([&](const Relationship& r) {
      inner = WriteRel(r);
      return inner.ok();
    }));
    return inner;
  }

 private:
  Result<std::string> Xid(NodeId id) {
    if (auto it = xids_.find(id); it != xids_.end()) return it->second;
    Node n;
    AG_RETURN_IF_ERROR(view_.GetNode(id, &n));
    xids_[id] = n.xid;
    return n.xid;
  }

  Status AddClaims(json* rec, TargetKind kind, uint64_t target,
                   const std::function<const PropertyType*(const std::string&)>& type_of) {
    AG_ASSIGN_OR_RETURN(std::vector<Claim> claims, view_.Claims(kind, target));
    for (const Claim& c : claims) {
      json cj;
      cj["id"] = c.xid;
      AG_ASSIGN_OR_RETURN(cj["source"], Xid(c.source));
      if (!c.locator.empty()) cj["locator"] = c.locator;
      if (!c.quote.empty()) cj["quote"] = c.quote;
      if (c.claimant) {
        AG_ASSIGN_OR_RETURN(cj["claimant"], Xid(*c.claimant));
      }
      cj["stance"] = StanceName(c.stance);
      if (c.grade) cj["grade"] = c.grade->ToString();
      if (!c.note.empty()) cj["note"] = c.note;
      if (c.value) {
        const PropertyType* t = type_of(c.property);
        cj["value"] = ValueToJson(*c.value, t && t->kind == PropertyType::Kind::kDate);
      }
      if (c.property.empty())
        (*rec)["claims"].push_back(std::move(cj));
      else
        (*rec)["prop_claims"][c.property].push_back(std::move(cj));
    }
    return Status::OK();
  }

  Status WriteNode(NodeId id) {
    Node n;
    AG_RETURN_IF_ERROR(view_.GetNode(id, &n));
    xids_[id] = n.xid;
    json rec;
    rec["kind"] = "node";
    rec["id"] = n.xid;
    rec["labels"] = n.labels;
    rec["name"] = n.name;
    if (!n.aliases.empty()) {
      json aliases = json::array();
      for (const auto& a : n.aliases) {
        if (a.valid.unbounded())
          aliases.push_back(a.name);
        else
          aliases.push_back(IntervalJson(json{{"name", a.name}}, a.valid));
      }
      rec["aliases"] = std::move(aliases);
    }
    auto type_of = [&](const std::string& p) { return ontology_.NodeProperty(n.labels, p); };
    if (!n.props.empty()) rec["props"] = PropsJson(n.props, type_of);
    rec = IntervalJson(std::move(rec), n.valid);
    AG_RETURN_IF_ERROR(AddClaims(&rec, TargetKind::kNode, id, type_of));
    out_ << rec.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return out_ ? Status::OK() : Status::IOError("write failed");
  }

  Status WriteRel(const Relationship& r) {
    json rec;
    rec["kind"] = "rel";
    rec["id"] = r.xid;
    rec["type"] = r.type;
    AG_ASSIGN_OR_RETURN(rec["src"], Xid(r.src));
    AG_ASSIGN_OR_RETURN(rec["dst"], Xid(r.dst));
    auto type_of = [&](const std::string& p) { return ontology_.RelProperty(r.type, p); };
    if (!r.props.empty()) rec["props"] = PropsJson(r.props, type_of);
    rec = IntervalJson(std::move(rec), r.valid);
    AG_RETURN_IF_ERROR(AddClaims(&rec, TargetKind::kRel, r.id, type_of));
    out_ << rec.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    return out_ ? Status::OK() : Status::IOError("write failed");
  }

  const ReadView& view_;
  const Ontology& ontology_;
  std::ostream& out_;
  std::map<NodeId, std::string> xids_;
};

}  // namespace

Status ExportNative(const ReadView& view, const Ontology& ontology, std::ostream& out) {
  return Exporter(view, ontology, out).Run();
}

}  // namespace actorgraph
