#include "import/resolve.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/text_match.h"

namespace actorgraph {

namespace {

const std::set<std::string>& Particles() {
  static const std::set<std::string> s = {"al", "el",  "wal", "wa",  "ul", "at",  "ad", "ar", "as",
                                          "an", "bin", "ibn", "de",  "du", "des", "la", "le", "les",
                                          "of", "the", "and", "for", "et", "d",   "l"};
  return s;
}

// Words too common in organisation names to block on.
const std::set<std::string>& CommonWords() {
  static const std::set<std::string> s = {
      "group",    "company",       "limited",  "ltd",     "sarl",     "llc",      "inc",
      "corp",     "international", "trading",  "holding", "holdings", "services", "general",
      "national", "forces",        "army",     "front",   "movement", "mali",     "islamic",
      "islam",    "state",         "republic", "united",  "nations"};
  return s;
}

std::vector<std::string> Words(const std::string& folded) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) out.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Spelling variants of transliterated names collapse to one key.
std::string Translit(const std::string& word) {
  static const std::pair<const char*, const char*> kRules[] = {
      {"ee", "i"}, {"ou", "u"}, {"oo", "u"}, {"ph", "f"},  {"kh", "k"}, {"ck", "k"},
      {"q", "k"},  {"y", "i"},  {"dh", "d"}, {"sh", "ch"}, {"gh", "g"}, {"aa", "a"}};
  std::string s = word;
  for (const auto& [from, to] : kRules) {
    size_t p = 0;
    while ((p = s.find(from, p)) != std::string::npos) {
      s.replace(p, std::strlen(from), to);
      p += std::strlen(to);
    }
  }
  std::string out;
  for (char c : s)
    if (out.empty() || out.back() != c) out.push_back(c);
  return out;
}

std::string Compact(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words)
    s += w;
  return Translit(s);
}

std::string SortedKey(std::vector<std::string> words) {
  for (auto& w : words)
    w = Translit(w);
  std::sort(words.begin(), words.end());
  std::string s;
  for (const auto& w : words)
    s += w + " ";
  return s;
}

std::string Initials(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words)
    if (!Particles().count(w) && !w.empty()) s.push_back(w[0]);
  return s;
}

double Ratio(const std::string& a, const std::string& b) {
  const size_t m = std::max(a.size(), b.size());
  if (m == 0) return 0;
  const int cap = static_cast<int>(m / 2);
  const int d = EditDistance(a, b, cap);
  if (d > cap) return 0;
  double r = 1.0 - double(d) / double(m);
  if (m < 6) r *= 0.8;  // short names differ by little and mean a lot
  return r;
}

}  // namespace

double NameSimilarity(const std::string& a, const std::string& b, std::string* why) {
  const std::string fa = FoldName(a), fb = FoldName(b);
  if (fa.empty() || fb.empty()) return 0;
  if (fa == fb) {
    *why = "same name ignoring case and diacritics";
    return 1.0;
  }
  const auto wa = Words(fa), wb = Words(fb);
  const std::string ca = Compact(wa), cb = Compact(wb);
  if (ca == cb) {
    *why = "same name after transliteration";
    return 0.97;
  }
  if (SortedKey(wa) == SortedKey(wb)) {
    *why = "same words in another order";
    return 0.95;
  }
  const std::string ia = Initials(wa), ib = Initials(wb);
  if ((wa.size() == 1 && ib.size() >= 2 && wa[0] == ib) ||
      (wb.size() == 1 && ia.size() >= 2 && wb[0] == ia)) {
    *why = "acronym";
    return 0.85;
  }
  // Whole-string spelling, damped when the distinctive words differ:
  // "Malian armed forces" is not "Russian armed forces", but "Yevgeny
  // Prigozhin" is "Evgueni Prigojine" (every word has a close match).
  double r = Ratio(ca, cb);
  {
    std::vector<std::string> xa, xb;
    for (const auto& w : wa)
      if (!Particles().count(w)) xa.push_back(Translit(w));
    for (const auto& w : wb)
      if (!Particles().count(w)) xb.push_back(Translit(w));
    size_t matched = 0;
    for (const auto& x : xa)
      for (const auto& y : xb)
        if (Ratio(x, y) >= 0.65) {
          ++matched;
          break;
        }
    const size_t total = std::max(xa.size(), xb.size());
    if (total > 0) r *= 0.5 + 0.5 * double(matched) / double(total);
  }
  // Word overlap (after transliteration), for added or dropped words.
  std::set<std::string> sa, sb;
  for (const auto& w : wa)
    if (!Particles().count(w)) sa.insert(Translit(w));
  for (const auto& w : wb)
    if (!Particles().count(w)) sb.insert(Translit(w));
  size_t common = 0;
  for (const auto& w : sa)
    common += sb.count(w);
  const double jac =
      sa.empty() || sb.empty() ? 0 : double(common) / double(sa.size() + sb.size() - common);
  const double words = jac * 0.9;
  if (r >= words) {
    *why = "similar spelling (" + std::to_string(int(r * 100 + 0.5)) + "%)";
    return r;
  }
  *why = "shared words (" + std::to_string(common) + " of " +
         std::to_string(std::max(sa.size(), sb.size())) + ")";
  return words;
}

namespace {

struct Entity {
  NodeId id;
  std::string xid, name;
  std::vector<std::string> names, labels;
};

bool IsIdentifier(const Ontology& o, const std::vector<std::string>& labels) {
  for (const auto& l : labels)
    if (o.IsA(l, "Identifier")) return true;
  return false;
}
bool IsDocument(const Ontology& o, const std::vector<std::string>& labels) {
  for (const auto& l : labels)
    if (o.IsA(l, "Document")) return true;
  return false;
}

// Person and non-person actors are different kinds of thing.
bool Compatible(const Ontology& o, const Entity& a, const Entity& b) {
  auto person = [&](const Entity& e) {
    for (const auto& l : e.labels)
      if (o.IsA(l, "Person")) return true;
    return false;
  };
  return person(a) == person(b);
}

}  // namespace

Result<std::vector<DuplicateCandidate>> FindDuplicates(const ReadView& view,
                                                       const Ontology& ontology,
                                                       const ResolveOptions& options) {
  std::vector<Entity> ents;
  std::unordered_map<NodeId, size_t> index;
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
    Node n;
    if (Status s = view.GetNode(id, &n); !s.ok()) {
      inner = s;
      return false;
    }
    if (!options.label.empty()) {
      bool fits = false;
      for (const auto& l : n.labels)
        fits |= ontology.IsA(l, options.label);
      if (!fits) return true;
    } else if (IsIdentifier(ontology, n.labels) || IsDocument(ontology, n.labels)) {
      return true;
    }
    Entity e{id, n.xid, n.name, {n.name}, n.labels};
    for (const auto& a : n.aliases)
      e.names.push_back(a.name);
    if (e.names.size() > 12) e.names.resize(12);
    index[id] = ents.size();
    ents.push_back(std::move(e));
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);

  // Blocking keys.
  std::unordered_map<std::string, std::vector<uint32_t>> blocks;
  for (uint32_t i = 0; i < ents.size(); ++i) {
    std::set<std::string> keys;
    for (const auto& name : ents[i].names) {
      const auto words = Words(FoldName(name));
      if (words.empty()) continue;
      keys.insert("k:" + Compact(words));
      for (const auto& w : words) {
        const std::string t = Translit(w);
        if (t.size() >= 4 && !CommonWords().count(w)) keys.insert("w:" + t);
      }
      const std::string ini = Initials(words);
      if (words.size() == 1 && words[0].size() >= 2 && words[0].size() <= 6)
        keys.insert("a:" + words[0]);
      if (words.size() >= 3 && ini.size() >= 2) keys.insert("a:" + ini);
    }
    for (const auto& k : keys)
      blocks[k].push_back(i);
  }
  std::unordered_set<uint64_t> pairs;
  auto add_pair = [&](uint32_t x, uint32_t y) {
    if (x == y) return;
    if (x > y) std::swap(x, y);
    pairs.insert((uint64_t(x) << 32) | y);
  };
  for (const auto& [k, members] : blocks) {
    if (members.size() < 2 || members.size() > options.max_block) continue;
    for (size_t i = 0; i < members.size(); ++i)
      for (size_t j = i + 1; j < members.size(); ++j)
        add_pair(members[i], members[j]);
  }

  // Neighbours, split into identifiers and others, with their degrees.
  struct Neigh {
    std::map<NodeId, std::string> idents;  // id -> "phone +223…"
    std::set<NodeId> others;
  };
  std::unordered_map<NodeId, Neigh> neigh_cache;
  std::unordered_map<NodeId, size_t> degree_cache;
  std::unordered_map<NodeId, Node> node_cache;
  auto node_of = [&](NodeId id) -> const Node* {
    auto it = node_cache.find(id);
    if (it == node_cache.end()) {
      Node n;
      if (!view.GetNode(id, &n).ok()) return nullptr;
      it = node_cache.emplace(id, std::move(n)).first;
    }
    return &it->second;
  };
  auto degree = [&](NodeId id) {
    auto it = degree_cache.find(id);
    if (it != degree_cache.end()) return it->second;
    std::set<NodeId> others;
    for (auto c = view.Adjacency(id, Direction::kBoth); c->Valid(); c->Next()) {
      const Node* o = node_of(c->entry().other);
      if (o && !IsDocument(ontology, o->labels)) others.insert(c->entry().other);
    }
    degree_cache[id] = others.size();
    return others.size();
  };
  auto neighbours = [&](NodeId id) -> const Neigh& {
    auto it = neigh_cache.find(id);
    if (it != neigh_cache.end()) return it->second;
    Neigh n;
    for (auto c = view.Adjacency(id, Direction::kBoth); c->Valid(); c->Next()) {
      const Node* o = node_of(c->entry().other);
      if (!o || IsDocument(ontology, o->labels)) continue;
      if (IsIdentifier(ontology, o->labels))
        n.idents[o->id] = o->labels[0] + " " + o->name;
      else
        n.others.insert(o->id);
    }
    return neigh_cache.emplace(id, std::move(n)).first->second;
  };

  // Pairs that share an identifier, unless too many share it.
  for (uint32_t i = 0; i < ents.size(); ++i)
    for (const auto& [ident, what] : neighbours(ents[i].id).idents) {
      if (degree(ident) > options.max_block) continue;
      for (auto c = view.Adjacency(ident, Direction::kIn); c->Valid(); c->Next())
        if (auto it = index.find(c->entry().other); it != index.end()) add_pair(i, it->second);
    }

  std::vector<DuplicateCandidate> out;
  for (uint64_t p : pairs) {
    const Entity& a = ents[p >> 32];
    const Entity& b = ents[p & 0xffffffffu];
    DuplicateCandidate c;
    c.a = a.id;
    c.b = b.id;
    c.a_xid = a.xid;
    c.b_xid = b.xid;
    c.a_name = a.name;
    c.b_name = b.name;
    std::string best_why, best_pair;
    for (const auto& x : a.names)
      for (const auto& y : b.names) {
        std::string why;
        const double s = NameSimilarity(x, y, &why);
        if (s > c.name_score) {
          c.name_score = s;
          best_why = why;
          best_pair = "'" + x + "' / '" + y + "'";
        }
      }
    if (c.name_score > 0) c.evidence.push_back("names " + best_pair + ": " + best_why);
    const Neigh& na = neighbours(a.id);
    const Neigh& nb = neighbours(b.id);
    double ident = 0;
    for (const auto& [id, what] : na.idents) {
      if (!nb.idents.count(id)) continue;
      const size_t d = std::max<size_t>(2, degree(id));
      ident += 2.0 / double(d);
      c.evidence.push_back("shared " + what + " (" + std::to_string(d) + " entities have it" +
                           (d > 5 ? ": weak evidence)" : ")"));
    }
    c.identifier_score = std::min(1.0, ident);
    double neigh = 0;
    size_t shared = 0;
    for (NodeId id : na.others) {
      if (!nb.others.count(id) || id == a.id || id == b.id) continue;
      neigh += 1.0 / std::log2(1.0 + double(std::max<size_t>(2, degree(id))));
      ++shared;
    }
    c.neighbour_score = std::min(1.0, 0.5 * neigh);
    if (shared) c.evidence.push_back(std::to_string(shared) + " shared neighbour(s)");
    const double nw = c.name_score > 0.5 ? 0.85 * (c.name_score - 0.5) / 0.5 : 0;
    c.score = 1.0 - (1.0 - nw) * (1.0 - 0.6 * c.identifier_score) * (1.0 - 0.3 * c.neighbour_score);
    if (!Compatible(ontology, a, b)) {
      c.score *= 0.6;
      c.evidence.push_back("one is a person and the other is not");
    }
    if (c.score >= options.min_score) out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.score != y.score ? x.score > y.score : x.a_xid + x.b_xid < y.a_xid + y.b_xid;
  });
  if (out.size() > options.limit) out.resize(options.limit);
  return out;
}

}  // namespace actorgraph
