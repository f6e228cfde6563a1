#include "server/http_entity.h"

#include "analytics/actor_style.h"
#include "engine/entity_card_data.h"
#include "engine/entity_history_data.h"
#include "engine/entity_lookup.h"
#include "engine/value_json.h"
#include "server/http_json.h"

namespace actorgraph::server {

using nlohmann::json;

namespace {

Result<NodeId> FindEntity(const ReadView& view, std::string_view id) {
  AG_ASSIGN_OR_RETURN(LookupResult r, LookupEntity(view, id));
  for (const auto& m : r.matches) {
    Node n;
    if (view.GetNode(m.node, &n).ok() && n.xid == id) return m.node;
  }
  if (r.matches.size() == 1) return r.matches[0].node;
  const std::string why = DescribeLookupFailure(view, id, r);
  if (r.matches.empty()) return Status::NotFound(why);
  return Status::InvalidArgument(why);
}

json StyleJson(const analytics::KindStyle& s) {
  return json{{"kind", s.kind}, {"shape", s.shape}, {"fill", s.fill}, {"stroke", s.stroke}};
}

json ClaimsJson(const ReadView& view, const std::vector<Claim>& claims) {
  json a = json::array();
  for (const auto& c : claims)
    a.push_back(HttpClaimJson(view, c));
  return a;
}

json Brief(const ReadView& view, NodeId id) {
  Node n;
  if (!view.GetNode(id, &n).ok()) return json{{"id", nullptr}, {"internal_id", id}};
  return json{{"id", n.xid}, {"name", n.name}, {"labels", n.labels}};
}

}  // namespace

Result<json> EntityCardJson(const Database& db, const ReadView& view, std::string_view id) {
  AG_ASSIGN_OR_RETURN(NodeId node, FindEntity(view, id));
  AG_ASSIGN_OR_RETURN(EntityCardData card, GatherEntityCard(view, node));
  json j = HttpNodeJson(view, card.node);
  j["style"] = StyleJson(analytics::StyleFor(db.ontology(), card.node.labels));
  j["as_of_txn"] = view.is_historical() ? json(view.as_of()) : json(nullptr);
  json props = json::array();
  for (const auto& p : card.properties)
    props.push_back(json{{"name", p.name},
                         {"value", ValueToJson(p.value)},
                         {"contested", p.contested},
                         {"claims", ClaimsJson(view, p.claims)}});
  j["property_claims"] = props;
  j["claims"] = ClaimsJson(view, card.about);
  j["contested"] = card.about_contested;
  json rels = json::array();
  for (const auto& l : card.relationships) {
    json r = HttpRelJson(view, l.rel);
    r["direction"] = l.outgoing ? "out" : "in";
    r["other"] = Brief(view, l.outgoing ? l.rel.dst : l.rel.src);
    r["claims"] = ClaimsJson(view, l.about);
    r["property_claims"] = ClaimsJson(view, l.on_props);
    rels.push_back(std::move(r));
  }
  j["relationships"] = rels;
  return j;
}

Result<json> EntityHistoryJson(const ReadView& view, std::string_view id) {
  AG_ASSIGN_OR_RETURN(NodeId node, FindEntity(view, id));
  AG_ASSIGN_OR_RETURN(EntityHistoryData events, GatherEntityHistory(view, node));
  json j = Brief(view, node);
  json txns = json::array();
  for (const auto& [txn, lines] : events) {
    json t{{"txn", txn}, {"changes", lines}};
    if (auto info = view.Txn(txn)) {
      t["time"] = info->ToTimestamp();
      t["description"] = info->description;
    }
    txns.push_back(std::move(t));
  }
  j["transactions"] = txns;
  return j;
}

json SchemaJson(const Database& db) {
  const Ontology& o = db.ontology();
  json labels = json::array();
  for (const auto& name : o.LabelNames()) {
    const LabelDef* d = o.Label(name);
    json props = json::object();
    if (d)
      for (const auto& [p, t] : d->properties)
        props[p] = t.ToString();
    labels.push_back(json{{"name", name},
                          {"parents", d ? json(d->parents) : json::array()},
                          {"properties", props},
                          {"style", StyleJson(analytics::StyleFor(o, {name}))}});
  }
  json types = json::array();
  for (const auto& name : o.RelTypeNames()) {
    const RelTypeDef* d = o.RelType(name);
    json props = json::object();
    if (d)
      for (const auto& [p, t] : d->properties)
        props[p] = t.ToString();
    types.push_back(json{{"name", name},
                         {"from", d ? json(d->from) : json::array()},
                         {"to", d ? json(d->to) : json::array()},
                         {"properties", props}});
  }
  json styles = json::array();
  for (const auto& s : analytics::AllStyles())
    styles.push_back(StyleJson(s));
  return json{{"open", o.open()},
              {"labels", labels},
              {"relationship_types", types},
              {"styles", styles},
              {"latest_txn", db.LastTxn()}};
}

}  // namespace actorgraph::server
