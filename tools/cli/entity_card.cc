#include "tools/cli/entity_card.h"

#include <map>

#include "engine/entity_card_data.h"
#include "common/value.h"

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
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
    --cut;  // UTF-8 boundary
  return s.substr(0, cut) + "…";
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
  AG_ASSIGN_OR_RETURN(EntityCardData card, GatherEntityCard(view, id));
  const Node& n = card.node;
  out << n.name << "  [" << n.xid << "]\n";
  out << "  labels   ";
  for (size_t i = 0; i < n.labels.size(); ++i)
    out << (i ? ", " : "") << n.labels[i];
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

  if (!card.properties.empty()) {
    out << "\nProperties\n";
    for (const auto& p : card.properties) {
      out << "  " << p.name << ": " << (p.value.is_null() ? "(unknown)" : PropValue(p.value))
          << (p.contested ? "   [CONTESTED: sources disagree]" : "") << '\n';
      AG_RETURN_IF_ERROR(RenderClaims(view, p.claims, "      ", out));
    }
  }
  if (!card.about.empty()) {
    out << "\nClaims about this entity" << (card.about_contested ? "   [CONTESTED]" : "") << '\n';
    AG_RETURN_IF_ERROR(RenderClaims(view, card.about, "  ", out));
  }

  // Relationships grouped by type, outgoing then incoming, by start date.
  if (card.relationships.empty()) return Status::OK();
  out << "\nRelationships\n";
  const auto& rels = card.relationships;
  for (size_t i = 0; i < rels.size(); ++i) {
    if (i == 0 || rels[i].rel.type != rels[i - 1].rel.type) {
      size_t count = 0;
      while (i + count < rels.size() && rels[i + count].rel.type == rels[i].rel.type)
        ++count;
      out << "  " << rels[i].rel.type << " (" << count << ")\n";
    }
    const EntityRelationship& l = rels[i];
    out << "    " << (l.outgoing ? "→ " : "← ")
        << NodeLabel(view, l.outgoing ? l.rel.dst : l.rel.src) << "  " << l.rel.valid.ToString();
    for (const auto& [k, v] : l.rel.props)
      out << "  " << k << ": " << PropValue(v);
    if (l.contested) out << "   [CONTESTED]";
    if (l.about.empty()) out << "   [no source]";
    out << '\n';
    AG_RETURN_IF_ERROR(RenderClaims(view, l.about, "        ", out));
    for (const auto& c : l.on_props) {
      out << "        on " << c.property << ":\n";
      AG_RETURN_IF_ERROR(RenderClaims(view, {c}, "          ", out));
    }
  }
  return Status::OK();
}

}  // namespace actorgraph::cli
