#include "analytics/actor_style.h"

namespace actorgraph::analytics {

const std::vector<KindStyle>& AllStyles() {
  // Order matters: a node that is both State and Location draws as a State.
  static const std::vector<KindStyle> kStyles = {
      {"State", "box3d", "#9ecae1", "#2b6c9e"},
      {"ArmedForce", "hexagon", "#6baed6", "#1f4e79"},
      {"ArmedGroup", "octagon", "#fc9272", "#a50f15"},
      {"PrivateMilitaryCompany", "invhouse", "#fdae6b", "#a63603"},
      {"Operation", "cds", "#bcbddc", "#54278f"},
      {"Company", "component", "#fee391", "#8c6d00"},
      {"Person", "ellipse", "#c7e9c0", "#31753a"},
      {"Organization", "box", "#e5d8bd", "#7f6a3f"},
      {"Actor", "box", "#eeeeee", "#555555"},
      {"Event", "diamond", "#f4a6c8", "#9e1f63"},
      {"Location", "house", "#ccebc5", "#3f7f3f"},
      {"Document", "note", "#ffffff", "#777777"},
      {"Identifier", "cylinder", "#f0f0f0", "#777777"},
      {"Other", "box", "#ffffff", "#999999"},
  };
  return kStyles;
}

const KindStyle& StyleFor(const Ontology& ontology, const std::vector<std::string>& labels) {
  const auto& styles = AllStyles();
  for (const KindStyle& s : styles)
    for (const std::string& l : labels)
      if (ontology.HasLabel(l) && ontology.HasLabel(s.kind) && ontology.IsA(l, s.kind)) return s;
  return styles.back();
}

}  // namespace actorgraph::analytics
