#include "tools/cli/entity_card.h"

#include <map>

#include "engine/value.h"

namespace actorgraph::cli {

namespace {

std::string NodeLabel(const ReadView& view, NodeId id) {
  Node n;
  if (!view.GetNode(id, &n).ok()) return "#" + std::to_string(id);
  return n.name + " (" + n.xid + ")";
}

std::string Shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return s.substr(0, cut) + "…";
}

bool Contested(const std::vector<Claim>& claims) {
  bool asserts = false, denies = false;
  for (const auto& c : claims) (c.stance == Stance::kDenies ? denies : asserts) = true;
  return asserts && denies;
}

std::string PropValue(const Value& v) {
  return v.kind() == Value::Kind::kString ? v.as_string() : v.ToString();
}

}  // namespace

Status RenderClaims(const ReadView& view, const std::vector<Claim>& claims,
                    const std::string& indent, std::ostream& out) {
  for (const Claim& c : claims) {
    Node source;
    std::string src = view.GetNode(c.source, &source).ok() ? source.name : "?";
    out << indent << (c.stance == Stance::kDenies ? "DENIES " : "asserts") << ' '
        << (c.grade ? c.grade->ToString() : "--") << "  ";
    if (c.value) out << "value " << PropValue(*c.value) << "  ";
    out << Shorten(src, 60);
    if (!c.locator.empty()) out << ", " << c.locator;
    if (c.claimant) out << "  — " << NodeLabel(view, *c.claimant);
    out << '\n';
    if (!c.quote.empty()) out << indent << "          “" << Shorten(c.quote, 160) << "”\n";
    if (!c.note.empty()) out << indent << "          note: " << Shorten(c.note, 160) << '\n';
  }
  return Status::OK();
}

Status RenderEntityCard(const ReadView& view, NodeId id, std::ostream& out) {
  Node n;
  AG_RETURN_IF_ERROR(view.GetNode(id, &n));
  out << n.name << "  [" << n.xid << "]\n";
  out << "  labels   ";
  for (size_t i = 0; i < n.labels.size(); ++i) out << (i ? ", " : "") << n.labels[i];
  out << '\n';
  if (!n.aliases.empty()) {
    out << "  aliases  ";
    for (size_t i = 0; i < n.aliases.size(); ++i) {
      out << (i ? "; " : "") << n.aliases[i].name;
      if (!n.aliases[i].valid.unbounded()) out << " " << n.aliases[i].valid.ToString();
    }
    out << '\n';
  }
  if (!n.valid.unbounded()) out << "  valid    " << n.valid.ToString() << '\n';
  if (view.is_historical()) out << "  (as of transaction " << view.as_of() << ")\n";

  AG_ASSIGN_OR_RETURN(std::vector<Claim> claims, view.Claims(TargetKind::kNode, id));
  std::map<std::string, std::vector<Claim>> by_prop;
  for (auto& c : claims) by_prop[c.property].push_back(c);

  if (!n.props.empty() || by_prop.size() > (by_prop.count("") ? 1u : 0u)) {
    out << "\nProperties\n";
    std::map<std::string, Value> shown(n.props.begin(), n.props.end());
    for (const auto& [p, cs] : by_prop)
      if (!p.empty() && !shown.count(p)) shown[p] = Value();
    for (const auto& [p, v] : shown) {
      auto it = by_prop.find(p);
      bool disputed = false;
      if (it != by_prop.end()) {
        disputed = Contested(it->second);
        for (const auto& c : it->second)
          if (c.value && !(*c.value == v)) disputed = true;
      }
      out << "  " << p << ": " << (v.is_null() ? "(unknown)" : PropValue(v))
          << (disputed ? "   [CONTESTED: sources disagree]" : "") << '\n';
      if (it != by_prop.end()) AG_RETURN_IF_ERROR(RenderClaims(view, it->second, "      ", out));
    }
  }
  if (by_prop.count("")) {
    out << "\nClaims about this entity" << (Contested(by_prop[""]) ? "   [CONTESTED]" : "")
        << '\n';
    AG_RETURN_IF_ERROR(RenderClaims(view, by_prop[""], "  ", out));
  }

  // Relationships grouped by type, outgoing then incoming, by start date.
  struct Line {
    Relationship rel;
    bool outgoing;
  };
  std::map<std::string, std::vector<Line>> groups;
  auto cur = view.Adjacency(id, Direction::kBoth);
  for (; cur->Valid(); cur->Next()) {
    Relationship r;
    if (!view.GetRel(cur->entry().rel, &r).ok()) continue;
    groups[r.type].push_back({std::move(r), cur->entry().dir == Direction::kOut});
  }
  AG_RETURN_IF_ERROR(cur->status());
  if (groups.empty()) return Status::OK();
  out << "\nRelationships\n";
  for (auto& [type, lines] : groups) {
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
      if (a.outgoing != b.outgoing) return a.outgoing;
      auto key = [](const Line& l) { return l.rel.valid.from ? l.rel.valid.from->Pack() : 0u; };
      return key(a) < key(b);
    });
    out << "  " << type << " (" << lines.size() << ")\n";
    for (const Line& l : lines) {
      AG_ASSIGN_OR_RETURN(std::vector<Claim> rc, view.Claims(TargetKind::kRel, l.rel.id));
      std::vector<Claim> about, on_props;
      for (auto& c : rc) (c.property.empty() ? about : on_props).push_back(c);
      out << "    " << (l.outgoing ? "→ " : "← ")
          << NodeLabel(view, l.outgoing ? l.rel.dst : l.rel.src) << "  "
          << l.rel.valid.ToString();
      for (const auto& [k, v] : l.rel.props) out << "  " << k << ": " << PropValue(v);
      if (Contested(about)) out << "   [CONTESTED]";
      if (about.empty()) out << "   [no source]";
      out << '\n';
      AG_RETURN_IF_ERROR(RenderClaims(view, about, "        ", out));
      if (!on_props.empty()) {
        for (const auto& c : on_props) {
          out << "        on " << c.property << ":\n";
          AG_RETURN_IF_ERROR(RenderClaims(view, {c}, "          ", out));
        }
      }
    }
  }
  return Status::OK();
}

}  // namespace actorgraph::cli
