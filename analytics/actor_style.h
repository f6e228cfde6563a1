// How a kind of actor or thing looks in pictures: the kind is the first of a
// fixed list of labels (State, ArmedForce, …) that the node's labels descend
// from in the ontology, so user-defined sub-labels inherit their parent's look.
//
// Thread-safety: pure functions; the returned data is static.
#pragma once

#include <string>
#include <vector>

#include "engine/ontology.h"

namespace actorgraph::analytics {

struct KindStyle {
  const char* kind;   // "State", "ArmedGroup", … or "Other"
  const char* shape;  // a Graphviz shape
  const char* fill;   // #rrggbb
  const char* stroke;
};

const KindStyle& StyleFor(const Ontology& ontology, const std::vector<std::string>& labels);
// Every style, in legend order.
const std::vector<KindStyle>& AllStyles();

}  // namespace actorgraph::analytics
