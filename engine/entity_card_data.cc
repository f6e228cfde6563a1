#include "engine/entity_card_data.h"

#include <algorithm>
#include <map>

namespace actorgraph {

bool ClaimsContested(const std::vector<Claim>& claims) {
  bool asserts = false, denies = false;
  for (const auto& c : claims)
    (c.stance == Stance::kDenies ? denies : asserts) = true;
  return asserts && denies;
}

Result<EntityCardData> GatherEntityCard(const ReadView& view, NodeId id) {
  EntityCardData card;
  AG_RETURN_IF_ERROR(view.GetNode(id, &card.node));
  AG_ASSIGN_OR_RETURN(std::vector<Claim> claims, view.Claims(TargetKind::kNode, id));
  std::map<std::string, std::vector<Claim>> by_prop;
  for (auto& c : claims)
    by_prop[c.property].push_back(c);

  // Stored properties, and properties only claims name.
  std::map<std::string, Value> shown(card.node.props.begin(), card.node.props.end());
  for (const auto& [p, cs] : by_prop)
    if (!p.empty() && !shown.count(p)) shown[p] = Value();
  for (const auto& [p, v] : shown) {
    EntityProperty prop{p, v, {}, false};
    auto it = by_prop.find(p);
    if (it != by_prop.end()) {
      prop.claims = it->second;
      prop.contested = ClaimsContested(it->second);
      for (const auto& c : it->second)
        if (c.value && !(*c.value == v)) prop.contested = true;
    }
    card.properties.push_back(std::move(prop));
  }
  if (auto it = by_prop.find(""); it != by_prop.end()) {
    card.about = it->second;
    card.about_contested = ClaimsContested(card.about);
  }

  auto cur = view.Adjacency(id, Direction::kBoth);
  for (; cur->Valid(); cur->Next()) {
    EntityRelationship l;
    if (!view.GetRel(cur->entry().rel, &l.rel).ok()) continue;
    l.outgoing = cur->entry().dir == Direction::kOut;
    card.relationships.push_back(std::move(l));
  }
  AG_RETURN_IF_ERROR(cur->status());
  std::stable_sort(card.relationships.begin(), card.relationships.end(),
                   [](const EntityRelationship& a, const EntityRelationship& b) {
                     if (a.rel.type != b.rel.type) return a.rel.type < b.rel.type;
                     if (a.outgoing != b.outgoing) return a.outgoing;
                     auto key = [](const EntityRelationship& l) {
                       return l.rel.valid.from ? l.rel.valid.from->Pack() : 0u;
                     };
                     return key(a) < key(b);
                   });
  for (auto& l : card.relationships) {
    AG_ASSIGN_OR_RETURN(std::vector<Claim> rc, view.Claims(TargetKind::kRel, l.rel.id));
    for (auto& c : rc)
      (c.property.empty() ? l.about : l.on_props).push_back(std::move(c));
    l.contested = ClaimsContested(l.about);
  }
  return card;
}

}  // namespace actorgraph
