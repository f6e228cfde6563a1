#include "import/resolve.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.h"
#include "common/text_match.h"
#include "common/words.h"
#include "import/name_normalize.h"

namespace actorgraph {

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Words are interned: one id per spelling key.
class Vocabulary {
 public:
  uint32_t Intern(const std::string& key) {
    auto [it, added] = ids_.emplace(key, uint32_t(keys_.size()));
    if (added) {
      keys_.push_back(key);
      df_.push_back(0);
    }
    return it->second;
  }
  const std::string& Key(uint32_t id) const { return keys_[id]; }
  void CountDocument(const std::vector<uint32_t>& distinct) {
    for (uint32_t t : distinct)
      ++df_[t];
    ++docs_;
  }
  // Rarity; every word equally rare when nothing was counted.
  double Idf(uint32_t id) const {
    if (docs_ == 0) return 1.0;
    return std::log((double(docs_) + 1.0) / (double(df_[id]) + 0.5));
  }
  size_t Df(uint32_t id) const { return df_[id]; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> keys_;
  std::vector<uint32_t> df_;
  size_t docs_ = 0;
};

double ClassFactor(WordClass c) {
  switch (c) {
    case WordClass::kNormal:
      return 1.0;
    case WordClass::kPatronymic:
      return 0.35;
    case WordClass::kHonorific:
      return 0.15;
    case WordClass::kGeneric:
      return 0.4;
    case WordClass::kLegalForm:
      return 0.05;
    case WordClass::kParticle:
      return 0.03;
  }
  return 1.0;
}

struct NameFeat {
  std::string text, latin, alias_key, initials;
  std::vector<uint32_t> toks;  // spelling keys, particles dropped
  std::vector<WordClass> cls;
  std::vector<uint32_t> sorted;  // distinct normal/patronymic words, sorted
  std::vector<uint32_t> all;     // distinct words, sorted
  bool derived = false;
};

NameFeat MakeNameFeat(const std::string& text, bool derived, Vocabulary* vocab) {
  NameFeat f;
  f.text = text;
  f.derived = derived;
  f.latin = LatinizeName(text);
  const auto words = SplitWords(f.latin);
  f.initials = Initials(words);
  f.alias_key = KnownAliasKey(f.latin);
  for (const auto& w : words) {
    const WordClass c = ClassifyWord(w);
    if (c == WordClass::kParticle) continue;
    f.toks.push_back(vocab->Intern(SpellingKey(w)));
    f.cls.push_back(c);
    if (c == WordClass::kNormal || c == WordClass::kPatronymic) f.sorted.push_back(f.toks.back());
  }
  f.all = f.toks;
  std::sort(f.all.begin(), f.all.end());
  f.all.erase(std::unique(f.all.begin(), f.all.end()), f.all.end());
  std::sort(f.sorted.begin(), f.sorted.end());
  f.sorted.erase(std::unique(f.sorted.begin(), f.sorted.end()), f.sorted.end());
  return f;
}

struct NameScore {
  double score = 0;
  const char* kind = "name";
  std::string why;        // empty for word overlap: see Why()
  double cx = 0, cy = 0;  // word overlap each way
  int distinctive = 0;    // distinctive (normal) words the two names share
};

// Built for the best pair only: formatting for every pair compared costs
// more than comparing them.
std::string Why(const NameScore& m) {
  if (!m.why.empty()) return m.why;
  char buf[96];
  std::snprintf(buf, sizeof buf, "words in common, weighted by rarity (%.0f%% / %.0f%%)",
                m.cx * 100, m.cy * 100);
  return buf;
}

// Word similarity from spelling keys: 1 when equal, partial for one or two
// letters apart in a long word, 0 otherwise.
double WordSim(const std::string& x, const std::string& y) {
  if (x == y) return 1.0;
  const size_t m = std::max(x.size(), y.size());
  if (std::min(x.size(), y.size()) < 4 || x[0] != y[0]) return 0;
  const int cap = m >= 8 ? 2 : 1;
  const int d = EditDistance(x, y, cap);
  if (d > cap) return 0;
  const double r = 1.0 - double(d) / double(m);
  return r >= 0.75 ? std::min(1.0, (r - 0.6) / 0.4) : 0;
}

NameScore CompareNames(const NameFeat& x, const NameFeat& y, const Vocabulary& vocab) {
  NameScore m;
  auto normal_count = [](const NameFeat& f) {
    int n = 0;
    for (auto c : f.cls)
      n += c == WordClass::kNormal;
    return n;
  };
  if (x.latin.empty() || y.latin.empty()) return m;
  if (x.latin == y.latin || x.toks == y.toks) {
    m.score = x.latin == y.latin ? 1.0 : 0.98;
    m.why = x.latin == y.latin ? "same name ignoring case, diacritics and script"
                               : "same name after transliteration";
    m.distinctive = std::min(normal_count(x), 2);
    return m;
  }
  if (!x.alias_key.empty() && x.alias_key == y.alias_key) {
    m.score = 0.95;
    m.kind = "alias";
    m.why = "known aliases of one actor (table entry '" + x.alias_key + "')";
    m.distinctive = 2;
    return m;
  }
  auto acronym = [](const NameFeat& s, const NameFeat& l) {
    return s.toks.size() == 1 && s.latin.size() >= 3 && s.latin.size() <= 8 &&
           s.latin.find(' ') == std::string::npos && s.latin == l.initials;
  };
  if (acronym(x, y) || acronym(y, x)) {
    m.score = 0.9;
    m.kind = "acronym";
    m.why = "acronym of the other name";
    m.distinctive = 2;
    return m;
  }
  // Soft word overlap weighted by rarity, both ways.
  auto cover = [&](const NameFeat& a, const NameFeat& b, int* distinct) {
    double total = 0, got = 0;
    for (size_t i = 0; i < a.toks.size(); ++i) {
      const double w = vocab.Idf(a.toks[i]) * ClassFactor(a.cls[i]);
      total += w;
      double best = 0;
      for (uint32_t t : b.toks) {
        best = std::max(best, t == a.toks[i] ? 1.0 : WordSim(vocab.Key(a.toks[i]), vocab.Key(t)));
        if (best == 1.0) break;
      }
      got += w * best;
      if (distinct && best >= 0.5 && a.cls[i] == WordClass::kNormal) ++*distinct;
    }
    return total > 0 ? got / total : 0.0;
  };
  int distinct = 0;
  const double cx = cover(x, y, &distinct), cy = cover(y, x, nullptr);
  // Mostly the weaker side: "Russia" is all of itself but little of
  // "Eximbank of Russia JSC".
  m.score = 0.15 * std::max(cx, cy) + 0.85 * std::min(cx, cy);
  if (cx > 0.999 && cy > 0.999) {
    m.score = 0.97;
    m.why = "same words in another order";
    m.distinctive = distinct;
    return m;
  }
  m.distinctive = distinct;
  m.cx = cx;
  m.cy = cy;
  return m;
}

// A State is an actor but neither a company nor a group: it matches
// States and places only.
enum KindFlag : uint8_t {
  kPersonK = 1,
  kActorK = 2,
  kPlaceK = 4,
  kEventK = 8,
  kOtherK = 16,
  kStateK = 32
};

struct Entity {
  NodeId id = 0;
  std::string xid, name;
  std::vector<std::string> labels;
  uint8_t kinds = 0;
  uint8_t side = 0;  // --between: 1 for A, 2 for B, 3 both
  std::vector<NameFeat> names;
  std::set<int> birth_years;
  std::set<std::string> birth_dates;  // full dates
  std::set<std::string> nationalities;
  std::string gender, country, date;
  bool has_coords = false;
  double lat = 0, lon = 0;
  std::vector<std::pair<std::string, std::string>> idents;  // (kind, value)
  std::vector<NodeId> parents, places, neighbours;          // sorted
};

void ValueStrings(const Value& v, std::vector<std::string>* out) {
  if (v.kind() == Value::Kind::kList) {
    for (const auto& e : v.as_list())
      ValueStrings(e, out);
  } else if (v.kind() == Value::Kind::kString) {
    out->push_back(v.as_string());
  } else if (!v.is_null()) {
    out->push_back(v.ToString());
  }
}

void Years(const std::string& s, std::set<int>* years, std::set<std::string>* dates) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((i > 0 && std::isdigit((unsigned char)s[i - 1])) || !std::isdigit((unsigned char)s[i]) ||
        !std::isdigit((unsigned char)s[i + 1]) || !std::isdigit((unsigned char)s[i + 2]) ||
        !std::isdigit((unsigned char)s[i + 3]) ||
        (i + 4 < s.size() && std::isdigit((unsigned char)s[i + 4])))
      continue;
    const int y = std::stoi(s.substr(i, 4));
    if (y < 1880 || y > 2030) continue;
    years->insert(y);
    if (i + 10 <= s.size() && s[i + 4] == '-' && s[i + 7] == '-') dates->insert(s.substr(i, 10));
  }
}

std::string IdentKind(const std::string& key) {
  static const char* kKinds[] = {
      "passport",     "national_id", "nationalid", "id_number", "identification",
      "registration", "imo",         "mmsi",       "tax",       "inn",
      "ogrn",         "vat",         "swift",      "bic",       "email",
      "phone",        "document",    "identifier", "call_sign", "license"};
  if (key == "source_ids") return "";
  for (const char* k : kKinds)
    if (key.find(k) != std::string::npos) return k;
  return "";
}

// Normalised identifier values: digits of a phone, lower-case email, else
// the upper-case alphanumeric runs that hold a digit ("Jordan 654781" ->
// "654781").
void IdentValues(const std::string& kind, const std::string& raw, std::vector<std::string>* out) {
  if (kind == "phone" || kind == "Phone") {
    std::string d;
    for (char c : raw)
      if (std::isdigit((unsigned char)c)) d.push_back(c);
    if (d.size() >= 7) out->push_back(d.size() > 9 ? d.substr(d.size() - 9) : d);
    return;
  }
  if (kind == "email" || kind == "Email") {
    std::string e;
    for (char c : raw)
      if (!std::isspace((unsigned char)c)) e.push_back(LowerAsciiChar(c));
    if (e.find('@') != std::string::npos) out->push_back(e);
    return;
  }
  std::string run;
  auto flush = [&] {
    bool digit = false;
    for (char c : run)
      digit |= std::isdigit((unsigned char)c) != 0;
    if (digit && run.size() >= 5) out->push_back(run);
    run.clear();
  };
  for (char c : raw) {
    if (std::isalnum((unsigned char)c))
      run.push_back(UpperAsciiChar(c));
    else if (c != '-' && c != '.')
      flush();
  }
  flush();
}

std::string Gender(const std::string& raw) {
  const std::string g = LatinizeName(raw);
  if (g == "m" || g == "male" || g == "man" || g == "masculin") return "male";
  if (g == "f" || g == "female" || g == "woman" || g == "feminin") return "female";
  return "";
}

bool IsUnder(const Ontology& o, const std::vector<std::string>& labels, const char* what) {
  for (const auto& l : labels)
    if (o.IsA(l, what)) return true;
  return false;
}

double Km(double la1, double lo1, double la2, double lo2) {
  const double r = 6371.0, d2r = M_PI / 180.0;
  const double dla = (la2 - la1) * d2r, dlo = (lo2 - lo1) * d2r;
  const double h =
      std::sin(dla / 2) * std::sin(dla / 2) +
      std::cos(la1 * d2r) * std::cos(la2 * d2r) * std::sin(dlo / 2) * std::sin(dlo / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(h)));
}

bool SharesWord(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) return true;
    if (a[i] < b[j])
      ++i;
    else
      ++j;
  }
  return false;
}

size_t SharedCount(const std::vector<NodeId>& a, const std::vector<NodeId>& b) {
  size_t n = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++n;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return n;
}

}  // namespace

double NameSimilarity(const std::string& a, const std::string& b, std::string* why) {
  Vocabulary vocab;
  double best = 0;
  for (const auto& fa : NameForms(a))
    for (const auto& fb : NameForms(b)) {
      const NameScore m = CompareNames(MakeNameFeat(fa.text, fa.derived, &vocab),
                                       MakeNameFeat(fb.text, fb.derived, &vocab), vocab);
      double s = m.score * (fa.derived || fb.derived ? 0.97 : 1.0);
      if (s > best) {
        best = s;
        *why = Why(m);
      }
    }
  return best;
}

std::string SourceOf(const std::string& xid) {
  const size_t c = xid.find(':');
  return c == std::string::npos || c == 0 ? "local" : xid.substr(0, c);
}

bool FromSource(const std::string& xid, const std::string& source) {
  const std::string s = SourceOf(xid);
  return s == source || (s.size() > source.size() && s.compare(0, source.size(), source) == 0 &&
                         s[source.size()] == '-');
}

Result<std::vector<DuplicateCandidate>> FindDuplicates(const ReadView& view,
                                                       const Ontology& ontology,
                                                       const ResolveOptions& options,
                                                       ResolveStats* stats) {
  ResolveStats local_stats;
  if (!stats) stats = &local_stats;
  *stats = {};
  auto t0 = Clock::now();
  const bool between = !options.source_a.empty();
  Vocabulary vocab;
  std::vector<Entity> ents;
  std::unordered_map<NodeId, uint32_t> index;
  std::unordered_map<uint32_t, std::string> type_names;
  std::unordered_map<NodeId, std::pair<std::string, std::string>> ident_nodes;  // id -> kind, value
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
    Node n;
    if (Status s = view.GetNode(id, &n); !s.ok()) {
      inner = s;
      return false;
    }
    if (IsUnder(ontology, n.labels, "Identifier") || IsUnder(ontology, n.labels, "Document"))
      return true;
    if (!options.label.empty()) {
      bool fits = false;
      for (const auto& l : n.labels)
        fits |= ontology.IsA(l, options.label);
      if (!fits) return true;
    }
    Entity e;
    if (between) {
      e.side = uint8_t((FromSource(n.xid, options.source_a) ? 1 : 0) |
                       (FromSource(n.xid, options.source_b) ? 2 : 0));
      if (!e.side) return true;
    }
    e.id = id;
    e.xid = n.xid;
    e.name = n.name;
    e.labels = n.labels;
    if (IsUnder(ontology, n.labels, "Person"))
      e.kinds |= kPersonK;
    else if (IsUnder(ontology, n.labels, "State"))
      e.kinds |= kStateK | kPlaceK;
    else if (IsUnder(ontology, n.labels, "Actor"))
      e.kinds |= kActorK;
    if (IsUnder(ontology, n.labels, "Location")) e.kinds |= kPlaceK;
    if (IsUnder(ontology, n.labels, "Event")) e.kinds |= kEventK;
    if (!e.kinds) e.kinds = kOtherK;
    // Events are compared by date, place and participants: their names are
    // often generated ("Battles in Mopti") and say nothing.
    std::vector<std::string> names;
    if (!(e.kinds & kEventK)) {
      names.push_back(n.name);
      for (const auto& a : n.aliases)
        names.push_back(a.name);
    }
    std::set<std::string> seen;
    for (const auto& nm : names)
      for (const auto& f : NameForms(nm)) {
        if (e.names.size() >= 24) break;
        NameFeat feat = MakeNameFeat(f.text, f.derived, &vocab);
        if (feat.latin.empty() || !seen.insert(feat.latin).second) continue;
        e.names.push_back(std::move(feat));
      }
    for (const auto& [key, value] : n.props) {
      std::vector<std::string> vs;
      ValueStrings(value, &vs);
      if (key == "birth_date" || key == "date_of_birth" || key == "dob" || key == "birthDate" ||
          key == "birth_dates") {
        for (const auto& v : vs)
          Years(v, &e.birth_years, &e.birth_dates);
      } else if (key == "nationality" || key == "citizenship" || key == "nationalities") {
        for (const auto& v : vs)
          if (auto l = LatinizeName(v); !l.empty()) e.nationalities.insert(l);
      } else if (key == "gender" || key == "sex") {
        if (!vs.empty()) e.gender = Gender(vs[0]);
      } else if (key == "country") {
        if (!vs.empty()) e.country = LatinizeName(vs[0]);
      } else if (key == "date" && (e.kinds & kEventK)) {
        if (!vs.empty()) e.date = vs[0];
      } else if (key == "lat" && value.is_number()) {
        e.lat = value.as_number();
        e.has_coords = true;
      } else if (key == "lon" && value.is_number()) {
        e.lon = value.as_number();
      } else if (options.use_identifiers) {
        const std::string kind = IdentKind(key);
        if (kind.empty()) continue;
        for (const auto& v : vs) {
          std::vector<std::string> out;
          IdentValues(kind, v, &out);
          for (auto& x : out)
            e.idents.emplace_back(kind, std::move(x));
        }
      }
    }
    index[id] = uint32_t(ents.size());
    ents.push_back(std::move(e));
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);
  stats->entities = ents.size();

  // Neighbourhoods: identifiers, the places that contain a place, an
  // event's places, and the rest.
  std::unordered_map<NodeId, uint32_t> neighbour_degree;
  for (auto& e : ents) {
    for (auto c = view.Adjacency(e.id, Direction::kBoth); c->Valid(); c->Next()) {
      const AdjEntry& a = c->entry();
      auto tn = type_names.find(a.type_id);
      if (tn == type_names.end())
        tn = type_names.emplace(a.type_id, view.TypeName(a.type_id)).first;
      const std::string& type = tn->second;
      if (type == "LOCATED_IN" && a.dir == Direction::kOut) {
        e.parents.push_back(a.other);
        continue;
      }
      if (type == "OCCURRED_AT" && a.dir == Direction::kOut) {
        e.places.push_back(a.other);
        continue;
      }
      if (type.rfind("HAS_", 0) == 0) {
        auto it = ident_nodes.find(a.other);
        if (it == ident_nodes.end()) {
          Node o;
          std::pair<std::string, std::string> kv;
          if (view.GetNode(a.other, &o).ok() && IsUnder(ontology, o.labels, "Identifier")) {
            kv.first = o.labels.empty() ? "Identifier" : o.labels[0];
            const Value* norm = o.Prop("normalized");
            kv.second = norm && norm->kind() == Value::Kind::kString ? norm->as_string() : o.name;
          }
          it = ident_nodes.emplace(a.other, std::move(kv)).first;
        }
        if (!it->second.first.empty()) {
          if (!options.use_identifiers) continue;
          std::vector<std::string> out;
          if (it->second.first == "Address") {
            out.push_back("#" + std::to_string(a.other));
          } else {
            IdentValues(it->second.first, it->second.second, &out);
          }
          for (auto& x : out)
            e.idents.emplace_back(it->second.first, std::move(x));
          continue;
        }
      }
      e.neighbours.push_back(a.other);
    }
    for (auto* v : {&e.parents, &e.places, &e.neighbours}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (NodeId n : e.neighbours)
      ++neighbour_degree[n];
    std::sort(e.idents.begin(), e.idents.end());
    e.idents.erase(std::unique(e.idents.begin(), e.idents.end()), e.idents.end());
  }
  // Rarity of words: each entity counts a word once.
  for (const auto& e : ents) {
    std::vector<uint32_t> distinct;
    for (const auto& f : e.names)
      distinct.insert(distinct.end(), f.toks.begin(), f.toks.end());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    vocab.CountDocument(distinct);
  }
  stats->load_seconds = Since(t0);
  t0 = Clock::now();

  // Blocking.
  std::unordered_map<std::string, std::vector<uint32_t>> blocks;
  std::unordered_map<std::string, uint32_t> ident_degree;
  for (uint32_t i = 0; i < ents.size(); ++i) {
    const Entity& e = ents[i];
    std::set<std::string> keys;
    if (e.kinds & kEventK) {
      if (!e.date.empty()) keys.insert("e:" + e.date);
    } else {
      for (const auto& f : e.names) {
        if (!f.alias_key.empty()) keys.insert("a:" + f.alias_key);
        if (!f.initials.empty()) keys.insert("t:" + f.initials);
        std::vector<uint32_t> strong;
        for (size_t k = 0; k < f.toks.size(); ++k) {
          if (f.cls[k] != WordClass::kNormal && f.cls[k] != WordClass::kPatronymic) continue;
          const std::string& key = vocab.Key(f.toks[k]);
          if (key.size() < 3) continue;
          keys.insert("t:" + key);
          if (strong.size() < 6) strong.push_back(f.toks[k]);
        }
        std::sort(strong.begin(), strong.end());
        for (size_t x = 0; x < strong.size(); ++x)
          for (size_t y = x + 1; y < strong.size(); ++y)
            if (strong[x] != strong[y])
              keys.insert("p:" + vocab.Key(strong[x]) + " " + vocab.Key(strong[y]));
      }
    }
    for (const auto& [kind, value] : e.idents)
      keys.insert("i:" + kind + ":" + value);
    for (const auto& k : keys)
      blocks[k].push_back(i);
  }
  for (const auto& [k, members] : blocks)
    if (k[0] == 'i') ident_degree[k.substr(2)] = uint32_t(members.size());
  std::unordered_set<uint64_t> pairs;
  for (const auto& [k, members] : blocks) {
    if (members.size() < 2) continue;
    if (members.size() > options.max_block) {
      ++stats->blocks_too_common;
      continue;
    }
    ++stats->blocks_used;
    for (size_t i = 0; i < members.size(); ++i)
      for (size_t j = i + 1; j < members.size(); ++j) {
        uint32_t x = members[i], y = members[j];
        if (between && !(((ents[x].side & 1) && (ents[y].side & 2)) ||
                         ((ents[x].side & 2) && (ents[y].side & 1))))
          continue;
        if (x > y) std::swap(x, y);
        pairs.insert((uint64_t(x) << 32) | y);
      }
  }
  stats->candidate_pairs = pairs.size();
  stats->block_seconds = Since(t0);
  t0 = Clock::now();

  // Containment between places, through LOCATED_IN (a few levels).
  auto contains = [&](const Entity& area, const Entity& place) {
    std::vector<NodeId> frontier = place.parents;
    std::set<NodeId> seen;
    for (int depth = 0; depth < 8 && !frontier.empty(); ++depth) {
      std::vector<NodeId> next;
      for (NodeId p : frontier) {
        if (p == area.id) return true;
        if (!seen.insert(p).second) continue;
        auto it = index.find(p);
        if (it != index.end())
          next.insert(next.end(), ents[it->second].parents.begin(), ents[it->second].parents.end());
      }
      frontier = std::move(next);
    }
    return false;
  };

  std::vector<DuplicateCandidate> out;
  for (uint64_t p : pairs) {
    const Entity* pa = &ents[p >> 32];
    const Entity* pb = &ents[p & 0xffffffffu];
    if (between && !(pa->side & 1)) std::swap(pa, pb);  // --between A B: A's side first
    const Entity& a = *pa;
    const Entity& b = *pb;
    if ((a.kinds & kPlaceK) && (b.kinds & kPlaceK) && (contains(a, b) || contains(b, a))) continue;
    DuplicateCandidate c;
    std::vector<Evidence>& ev = c.evidence;
    double pos = 1.0;  // product of (1 - p) over evidence for
    double neg = 1.0;  // product of factors against
    auto add_for = [&](const char* kind, std::string detail, double w) {
      pos *= 1.0 - w;
      ev.push_back({kind, std::move(detail), w});
    };
    auto add_against = [&](const char* kind, std::string detail, double factor) {
      neg *= factor;
      ev.push_back({kind, std::move(detail), -(1.0 - factor)});
    };
    const bool events = (a.kinds & kEventK) && (b.kinds & kEventK);
    size_t name_evidence = SIZE_MAX;
    bool name_capped = false;
    NameScore name_best;
    const NameFeat *bx = nullptr, *by = nullptr;
    const bool people = (a.kinds & kPersonK) && (b.kinds & kPersonK);
    if (events) {
      if (!a.date.empty() && !b.date.empty()) {
        if (a.date != b.date) continue;
        add_for("date", "same date " + a.date, 0.25);
      }
      if (SharedCount(a.places, b.places))
        add_for("place", "same place", 0.3);
      else if (!a.places.empty() && !b.places.empty())
        add_against("place", "different places", 0.4);
    } else {
      NameScore best;
      for (const auto& x : a.names)
        for (const auto& y : b.names) {
          // Names with no word, alias entry or acronym in common cannot
          // score; skip them before the word-by-word comparison.
          const bool related = (!x.alias_key.empty() && x.alias_key == y.alias_key) ||
                               (x.toks.size() == 1 && !y.initials.empty()) ||
                               (y.toks.size() == 1 && !x.initials.empty()) ||
                               SharesWord(x.all, y.all);
          if (!related) continue;
          NameScore m = CompareNames(x, y, vocab);
          if (x.derived || y.derived) m.score *= 0.97;
          if (m.score > best.score || (m.score == best.score && m.distinctive > best.distinctive)) {
            best = std::move(m);
            bx = &x;
            by = &y;
          }
        }
      c.name_score = best.score;
      // Steep under 0.9: names that share only part of their words are
      // weak evidence until something else agrees.
      double base = best.score >= 0.9 ? best.score : best.score * best.score / 0.9;
      const bool capped = people && best.distinctive < 2 && best.score > 0;
      if (capped) base = std::min(base, 0.3);
      if (best.score > 0) {
        pos *= 1.0 - std::min(base, 0.97);
        ev.push_back({best.kind, "", std::min(base, 0.97)});  // detail: when proposed
        name_evidence = ev.size() - 1;
        name_capped = capped;
        name_best = std::move(best);
      }
    }
    // Identifiers.
    for (const auto& id : a.idents) {
      if (!std::binary_search(b.idents.begin(), b.idents.end(), id)) continue;
      const uint32_t d = std::max<uint32_t>(2, ident_degree[id.first + ":" + id.second]);
      const bool weak = id.first == "Address";
      const double w = weak ? std::min(0.5, 1.0 / d) : (d <= 3 ? 0.9 : 0.9 * 3.0 / d);
      add_for("identifier",
              (weak ? std::string("same address") : id.first + " " + id.second) + " (" +
                  std::to_string(d) + " entities have it)",
              w);
    }
    // Birth dates, gender, nationality.
    if (!a.birth_years.empty() && !b.birth_years.empty()) {
      int gap = 1000;
      for (int x : a.birth_years)
        for (int y : b.birth_years)
          gap = std::min(gap, std::abs(x - y));
      bool same_day = false;
      for (const auto& d : a.birth_dates)
        same_day |= b.birth_dates.count(d) > 0;
      if (same_day)
        add_for("birth_date", "same date of birth", 0.5);
      else if (gap == 0)
        add_for("birth_date", "same year of birth", 0.25);
      else if (gap == 1)
        add_for("birth_date", "years of birth one apart", 0.05);
      else
        add_against("birth_date", "years of birth " + std::to_string(gap) + " or more apart",
                    gap > 3 ? 0.25 : 0.5);
    }
    if (!a.gender.empty() && !b.gender.empty()) {
      if (a.gender != b.gender) add_against("gender", a.gender + " / " + b.gender, 0.3);
    }
    if (!a.nationalities.empty() && !b.nationalities.empty()) {
      bool shared = false;
      for (const auto& n : a.nationalities)
        shared |= b.nationalities.count(n) > 0;
      if (shared)
        add_for("nationality", "same nationality", 0.1);
      else
        add_against("nationality", "no nationality in common", 0.85);
    }
    // Type.
    if (!(a.kinds & b.kinds)) {
      auto what = [](const Entity& e) { return e.labels.empty() ? std::string("?") : e.labels[0]; };
      add_against("type", what(a) + " / " + what(b) + ": different kinds of thing", 0.3);
    }
    // Places: distance and country.
    if ((a.kinds & kPlaceK) && (b.kinds & kPlaceK)) {
      if (a.has_coords && b.has_coords) {
        const double km = Km(a.lat, a.lon, b.lat, b.lon);
        if (km > 50)
          add_against("location", std::to_string(int(km)) + " km apart", 0.3);
        else if (km < 10)
          add_for("location", "within 10 km", 0.3);
      } else if (!a.country.empty() && !b.country.empty() && a.country != b.country) {
        add_against("location", "in different countries", 0.3);
      }
    }
    // Shared neighbours, each by how rare it is.
    {
      double w = 0;
      size_t shared = 0;
      for (size_t i = 0, j = 0; i < a.neighbours.size() && j < b.neighbours.size();) {
        if (a.neighbours[i] == b.neighbours[j]) {
          const NodeId n = a.neighbours[i];
          if (n != a.id && n != b.id) {
            w += 1.0 / std::log2(1.0 + std::max<double>(2.0, neighbour_degree[n]));
            ++shared;
          }
          ++i;
          ++j;
        } else if (a.neighbours[i] < b.neighbours[j]) {
          ++i;
        } else {
          ++j;
        }
      }
      if (shared) {
        const double p = events ? std::min(0.45, 0.35 * w) : std::min(0.3, 0.2 * w);
        add_for("neighbours", std::to_string(shared) + " shared neighbour(s)", p);
      }
    }
    c.score = (1.0 - pos) * neg;
    if (c.score < options.min_score) continue;
    if (name_evidence != SIZE_MAX && bx) {
      std::string& d = ev[name_evidence].detail;
      d = "'" + bx->text + "' / '" + by->text + "': " + Why(name_best);
      if (name_capped)
        d += "; only one distinctive name in common (a given name or nom de guerre alone "
             "does not identify a person)";
    }
    c.a = a.id;
    c.b = b.id;
    c.a_xid = a.xid;
    c.b_xid = b.xid;
    c.a_name = a.name;
    c.b_name = b.name;
    c.a_labels = a.labels;
    c.b_labels = b.labels;
    std::stable_sort(ev.begin(), ev.end(), [](const Evidence& x, const Evidence& y) {
      return std::abs(x.weight) > std::abs(y.weight);
    });
    for (auto& e : ev)
      e.weight = std::round(e.weight * 1000) / 1000;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.score != y.score ? x.score > y.score : x.a_xid + x.b_xid < y.a_xid + y.b_xid;
  });
  stats->proposed = out.size();
  if (options.limit && out.size() > options.limit) out.resize(options.limit);
  stats->score_seconds = Since(t0);
  return out;
}

}  // namespace actorgraph
