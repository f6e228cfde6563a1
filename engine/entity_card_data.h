// EntityCardData: what a snapshot knows about one entity, gathered once for
// every way of showing it: the terminal card (tools/cli/entity_card.cc) and
// the HTTP API's JSON (server/http_entity.cc). Names, properties with the
// claims behind them, claims about the entity itself, and every relationship
// with its interval and claims.
//
// Thread-safety: pure functions of the view.
#pragma once

#include <string>
#include <vector>

#include "engine/read_view.h"

namespace actorgraph {

struct EntityProperty {
  std::string name;
  Value value;                // null when only claims name the property
  std::vector<Claim> claims;  // claims on this property
  bool contested = false;     // sources assert and deny, or give another value
};

struct EntityRelationship {
  Relationship rel;
  bool outgoing = true;
  std::vector<Claim> about;     // claims about the relationship itself
  std::vector<Claim> on_props;  // claims on one of its properties
  bool contested = false;       // `about` asserts and denies
};

struct EntityCardData {
  Node node;
  std::vector<EntityProperty> properties;  // by name
  std::vector<Claim> about;                // claims about the entity itself
  bool about_contested = false;
  // By type, outgoing before incoming, then by start date.
  std::vector<EntityRelationship> relationships;
};

Result<EntityCardData> GatherEntityCard(const ReadView& view, NodeId id);

// True when some claims assert and some deny.
bool ClaimsContested(const std::vector<Claim>& claims);

}  // namespace actorgraph
