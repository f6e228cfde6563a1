// Differential test of the pattern-matching core. Random small graphs (with
// self-loops, parallel relationships and cycles) and random path patterns
// (repeated variables, both directions, variable lengths) are answered
//   - by a naive reference evaluator written here, which enumerates every
//     assignment of relationships under Cypher's rules (a relationship is used
//     at most once per MATCH, a repeated variable is the same node), and
//   - by the engine, in several plans that must agree: the pattern as one
//     path, split by commas, started from a variable bound beforehand, with a
//     path variable, with the adjacency cache on and off; and exists(P),
//     EXISTS { MATCH P } and the bare pattern predicate P.
// Any difference prints the graph, the query and both answers.
//
// AG_DIFF_CASES sets the number of graphs (default 60: a few seconds, also
// under sanitizers); bench/differential/run.sh runs thousands.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "engine/adjacency_cache.h"
#include "engine/database.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

const char* const kLabels[] = {"ArmedGroup", "Company"};
const char* const kTypes[] = {"ALLIED_WITH", "FIGHTS"};

struct Edge {
  int src, dst, type;
  std::string name;
};

struct Graph {
  std::vector<int> label;  // per node: index into kLabels
  std::vector<Edge> edges;
  std::string ToString() const {
    std::string s;
    for (size_t i = 0; i < label.size(); ++i)
      s += "n" + std::to_string(i) + ":" + kLabels[label[i]] + " ";
    for (const auto& e : edges)
      s += "\n  n" + std::to_string(e.src) + "-[" + e.name + ":" + kTypes[e.type] + "]->n" +
           std::to_string(e.dst);
    return s;
  }
};

enum class Dir { kRight, kLeft, kBoth };

struct NodeSlot {
  std::string var;  // empty: anonymous
  int label = -1;   // -1: none
};
struct RelSlot {
  std::string var;
  std::vector<int> types;  // empty: any
  Dir dir = Dir::kRight;
  bool var_length = false;
  int lo = 1, hi = 1;
};
struct Pattern {
  std::vector<NodeSlot> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelSlot> rels;
};

std::string NodeText(const NodeSlot& n, bool with_label = true) {
  std::string s = "(" + n.var;
  if (with_label && n.label >= 0) s += std::string(":") + kLabels[n.label];
  return s + ")";
}

std::string RelText(const RelSlot& r) {
  std::string in = r.var;
  for (size_t i = 0; i < r.types.size(); ++i)
    in += (i ? "|" : ":") + std::string(kTypes[r.types[i]]);
  if (r.var_length) in += "*" + std::to_string(r.lo) + ".." + std::to_string(r.hi);
  const std::string body = "[" + in + "]";
  switch (r.dir) {
    case Dir::kRight:
      return "-" + body + "->";
    case Dir::kLeft:
      return "<-" + body + "-";
    case Dir::kBoth:
      return "-" + body + "-";
  }
  return "";
}

// Pattern text for nodes [from, to] and the relationships between them.
std::string PathText(const Pattern& p, size_t from, size_t to,
                     const std::set<size_t>& no_label = {}) {
  std::string s = NodeText(p.nodes[from], !no_label.count(from));
  for (size_t i = from; i < to; ++i)
    s += RelText(p.rels[i]) + NodeText(p.nodes[i + 1], !no_label.count(i + 1));
  return s;
}

// ------------------------------------------------------------ the reference

class Reference {
 public:
  Reference(const Graph& g, const Pattern& p) : g_(g), p_(p), used_(g.edges.size(), false) {}

  // Every match, as (node per slot, edges per relationship slot).
  struct Match {
    std::vector<int> nodes;
    std::vector<std::vector<int>> rels;
  };
  std::vector<Match> All(int fixed_first = -1) {
    out_.clear();
    for (int n = 0; n < static_cast<int>(g_.label.size()); ++n) {
      if (fixed_first >= 0 && n != fixed_first) continue;
      cur_.nodes.assign(1, n);
      cur_.rels.clear();
      std::map<std::string, int> vars;
      if (!NodeOk(0, n, &vars)) continue;
      Step(0, vars);
    }
    return out_;
  }

 private:
  bool NodeOk(size_t slot, int n, std::map<std::string, int>* vars) const {
    const NodeSlot& s = p_.nodes[slot];
    if (s.label >= 0 && g_.label[n] != s.label) return false;
    if (s.var.empty()) return true;
    auto [it, fresh] = vars->emplace(s.var, n);
    return fresh || it->second == n;
  }
  bool TypeOk(const RelSlot& r, const Edge& e) const {
    return r.types.empty() || std::find(r.types.begin(), r.types.end(), e.type) != r.types.end();
  }
  // The node reached over edge e from `from`, or -1. A self-loop counts once.
  int Other(const RelSlot& r, const Edge& e, int from) const {
    switch (r.dir) {
      case Dir::kRight:
        return e.src == from ? e.dst : -1;
      case Dir::kLeft:
        return e.dst == from ? e.src : -1;
      case Dir::kBoth:
        return e.src == from ? e.dst : (e.dst == from ? e.src : -1);
    }
    return -1;
  }
  void Step(size_t rel, const std::map<std::string, int>& vars) {
    if (rel == p_.rels.size()) {
      out_.push_back(cur_);
      return;
    }
    const RelSlot& r = p_.rels[rel];
    std::vector<int> walk;
    Walk(rel, r, cur_.nodes.back(), 0, &walk, vars);
  }
  void Walk(size_t rel, const RelSlot& r, int at, int len, std::vector<int>* walk,
            const std::map<std::string, int>& vars) {
    const int lo = r.var_length ? r.lo : 1, hi = r.var_length ? r.hi : 1;
    if (len >= lo) {
      std::map<std::string, int> v2 = vars;
      if (NodeOk(rel + 1, at, &v2)) {
        cur_.nodes.push_back(at);
        cur_.rels.push_back(*walk);
        Step(rel + 1, v2);
        cur_.nodes.pop_back();
        cur_.rels.pop_back();
      }
    }
    if (len == hi) return;
    for (int e = 0; e < static_cast<int>(g_.edges.size()); ++e) {
      if (used_[e] || !TypeOk(r, g_.edges[e])) continue;
      const int next = Other(r, g_.edges[e], at);
      if (next < 0) continue;
      used_[e] = true;
      walk->push_back(e);
      Walk(rel, r, next, len + 1, walk, vars);
      walk->pop_back();
      used_[e] = false;
    }
  }

  const Graph& g_;
  const Pattern& p_;
  std::vector<bool> used_;
  Match cur_;
  std::vector<Match> out_;
};

// ------------------------------------------------------------ generation

Graph RandomGraph(std::mt19937& rng) {
  Graph g;
  const int n = 2 + static_cast<int>(rng() % 5);
  for (int i = 0; i < n; ++i)
    g.label.push_back(static_cast<int>(rng() % 2));
  const int m = static_cast<int>(rng() % 9);
  for (int k = 0; k < m; ++k) {
    Edge e{static_cast<int>(rng() % n), static_cast<int>(rng() % n), static_cast<int>(rng() % 2),
           ""};
    if (rng() % 6 == 0) e.dst = e.src;         // more self-loops than chance gives
    if (!g.edges.empty() && rng() % 6 == 0) {  // a parallel relationship
      e.src = g.edges.back().src;
      e.dst = g.edges.back().dst;
    }
    e.name = "e" + std::to_string(k);
    g.edges.push_back(e);
  }
  return g;
}

// `anonymous`: only the first node is named (a); for predicates.
Pattern RandomPattern(std::mt19937& rng, bool anonymous) {
  Pattern p;
  const int len = 1 + static_cast<int>(rng() % 3);
  const char* const names[] = {"a", "b", "c", "d"};
  int named = 0;
  for (int i = 0; i <= len; ++i) {
    NodeSlot n;
    if (i == 0) {
      n.var = "a";
      named = 1;
    } else if (rng() % 3 == 0) {
      n.var = names[rng() % named];  // a repeated variable: a cycle
    } else if (!anonymous && rng() % 4 != 0) {
      n.var = names[std::min(named, 3)];
      named = std::min(named + 1, 4);
    } else if (anonymous && rng() % 4 == 0) {
      n.var = "a";
    }
    if (rng() % 4 == 0) n.label = static_cast<int>(rng() % 2);
    p.nodes.push_back(n);
  }
  for (int i = 0; i < len; ++i) {
    RelSlot r;
    if (!anonymous && rng() % 2 == 0) r.var = "r" + std::to_string(i);
    const int t = static_cast<int>(rng() % 4);
    if (t == 1) r.types = {0};
    if (t == 2) r.types = {1};
    if (t == 3) r.types = {0, 1};
    r.dir = static_cast<Dir>(rng() % 3);
    if (rng() % 4 == 0) {
      r.var_length = true;
      r.lo = static_cast<int>(rng() % 2);
      r.hi = r.lo + static_cast<int>(rng() % 3);
      if (r.hi == 0) r.hi = 1;
    }
    p.rels.push_back(r);
  }
  return p;
}

// ------------------------------------------------------------ running

using Rows = std::multiset<std::string>;

std::string Quote(const std::string& s) {
  return "'" + s + "'";
}

// The names RETURN lists, in order: node variables, then relationship ones.
std::vector<std::string> ReturnNames(const Pattern& p) {
  std::vector<std::string> out;
  for (const auto& n : p.nodes)
    if (!n.var.empty() && std::find(out.begin(), out.end(), n.var) == out.end())
      out.push_back(n.var);
  for (const auto& r : p.rels)
    if (!r.var.empty()) out.push_back(r.var);
  return out;
}

std::string ReturnClause(const Pattern& p, bool path) {
  std::string s = " RETURN ";
  bool first = true;
  auto add = [&](const std::string& item) {
    s += (first ? "" : ", ") + item;
    first = false;
  };
  for (const auto& n : p.nodes)
    if (!n.var.empty() && s.find(" " + n.var + ".id AS") == std::string::npos)
      add(n.var + ".id AS " + n.var);
  for (const auto& r : p.rels) {
    if (r.var.empty()) continue;
    add(r.var_length ? "[x IN " + r.var + " | x.description] AS " + r.var
                     : r.var + ".description AS " + r.var);
  }
  if (path) {
    add("[x IN relationships(p) | x.description] AS pr");
    add("[x IN nodes(p) | x.id] AS pn");
  }
  if (first) add("1 AS one");
  return s;
}

std::string ListText(const std::vector<std::string>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i)
    s += (i ? ", " : "") + Quote(items[i]);
  return s + "]";
}

Rows ReferenceRows(const Graph& g, const Pattern& p, bool path) {
  Rows rows;
  Reference ref(g, p);
  for (const auto& m : ref.All()) {
    std::vector<std::string> cells;
    std::set<std::string> seen;
    for (size_t i = 0; i < p.nodes.size(); ++i)
      if (!p.nodes[i].var.empty() && seen.insert(p.nodes[i].var).second)
        cells.push_back(Quote("n" + std::to_string(m.nodes[i])));
    std::vector<std::string> all_rels, all_nodes{"n" + std::to_string(m.nodes[0])};
    for (size_t i = 0; i < p.rels.size(); ++i) {
      std::vector<std::string> names;
      int at = m.nodes[i];
      for (int e : m.rels[i]) {
        names.push_back(g.edges[e].name);
        const Edge& ed = g.edges[e];
        at = ed.src == at ? ed.dst : ed.src;
        all_nodes.push_back("n" + std::to_string(at));
      }
      all_rels.insert(all_rels.end(), names.begin(), names.end());
      if (p.rels[i].var.empty()) continue;
      cells.push_back(p.rels[i].var_length ? ListText(names) : Quote(names.at(0)));
    }
    if (path) {
      cells.push_back(ListText(all_rels));
      cells.push_back(ListText(all_nodes));
    }
    if (cells.empty()) cells.push_back("1");
    std::string row;
    for (size_t i = 0; i < cells.size(); ++i)
      row += (i ? " | " : "") + cells[i];
    rows.insert(row);
  }
  return rows;
}

class DifferentialTest : public ::testing::Test {
 protected:
  // Loads `g` into two databases, with the adjacency cache on and off;
  // queries run on the first until SetCache(false).
  void Load(const Graph& g) {
    dir_ = std::make_unique<testing::TempDir>();
    std::string create = "CREATE ";
    for (size_t i = 0; i < g.label.size(); ++i)
      create += (i ? ", " : "") + std::string("(n") + std::to_string(i) + ":" +
                kLabels[g.label[i]] + " {id: 'n" + std::to_string(i) + "', name: 'N" +
                std::to_string(i) + "'})";
    for (const auto& e : g.edges)
      create += ", (n" + std::to_string(e.src) + ")-[:" + kTypes[e.type] + " {description: '" +
                e.name + "'}]->(n" + std::to_string(e.dst) + ")";
    for (int on = 0; on < 2; ++on) {
      engines_[on].reset();
      dbs_[on].reset();
      OpenOptions o;
      o.in_memory = true;
      o.adjacency_cache = on ? AdjacencyCacheMode::kOn : AdjacencyCacheMode::kOff;
      dbs_[on] = std::move(Database::Open(dir_->path() + (on ? "/on" : "/off"), o)).value();
      engines_[on] = std::make_unique<QueryEngine>(dbs_[on].get());
      auto r = engines_[on]->Run(create);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    SetCache(true);
  }

  void SetCache(bool on) { engine_ = engines_[on].get(); }

  // Rows as text; an error becomes one row starting "error:".
  Rows Run(const std::string& q) {
    Rows out;
    auto c = engine_->Run(q);
    if (!c.ok()) return {"error: " + c.status().ToString()};
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(1000, &rows);
      if (!more.ok()) return {"error: " + more.status().ToString()};
      if (!*more) break;
    }
    for (const auto& row : rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i)
        line += (i ? " | " : "") + row[i].ToString();
      out.insert(line);
    }
    return out;
  }

  static std::string Show(const Rows& rows) {
    std::string s;
    for (const auto& r : rows)
      s += "\n    " + r;
    return s.empty() ? "\n    (no rows)" : s;
  }

  testing::TempDir base_;
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<Database> dbs_[2];  // [1]: with the adjacency cache
  std::unique_ptr<QueryEngine> engines_[2];
  QueryEngine* engine_ = nullptr;
};

int Cases() {
  const char* e = std::getenv("AG_DIFF_CASES");
  return e ? std::max(1, std::atoi(e)) : 60;
}

TEST_F(DifferentialTest, PatternsAgreeWithTheReferenceInEveryPlan) {
  std::mt19937 rng(20261205);
  int compared = 0, failures = 0;
  for (int c = 0; c < Cases() && failures < 5; ++c) {
    const Graph g = RandomGraph(rng);
    Load(g);
    for (int q = 0; q < 4 && failures < 5; ++q) {
      const Pattern p = RandomPattern(rng, false);
      const Rows want = ReferenceRows(g, p, false), want_path = ReferenceRows(g, p, true);
      const std::string ret = ReturnClause(p, false);
      std::vector<std::pair<std::string, const Rows*>> plans;
      plans.push_back({"MATCH " + PathText(p, 0, p.rels.size()) + ret, &want});
      plans.push_back(
          {"MATCH p = " + PathText(p, 0, p.rels.size()) + ReturnClause(p, true), &want_path});
      // Split by a comma at an interior node, which gets a name if it has none.
      if (p.rels.size() >= 2) {
        Pattern q2 = p;
        const size_t at = 1 + rng() % (p.rels.size() - 1);
        if (q2.nodes[at].var.empty()) q2.nodes[at].var = "s";
        plans.push_back(
            {"MATCH " + PathText(q2, 0, at) + ", " + PathText(q2, at, p.rels.size(), {at}) + ret,
             &want});
      }
      // Each named node bound first, so that the expansion starts there.
      for (const auto& name : ReturnNames(p)) {
        if (name[0] == 'r') continue;
        plans.push_back({"MATCH (" + name + ") MATCH p = " + PathText(p, 0, p.rels.size()) +
                             ReturnClause(p, true),
                         &want_path});
      }
      for (bool cache : {true, false}) {
        SetCache(cache);
        for (const auto& [query, expected] : plans) {
          ++compared;
          const Rows got = Run(query);
          if (got != *expected) {
            ++failures;
            ADD_FAILURE() << "adjacency cache " << (cache ? "on" : "off")
                          << "\n  graph: " << g.ToString() << "\n  query: " << query
                          << "\n  engine:" << Show(got) << "\n  reference:" << Show(*expected);
          }
        }
      }
    }
  }
  EXPECT_GT(compared, Cases());
}

TEST_F(DifferentialTest, ExistsFormsAgreeWithTheReference) {
  std::mt19937 rng(5122026);
  int failures = 0;
  for (int c = 0; c < Cases() && failures < 5; ++c) {
    const Graph g = RandomGraph(rng);
    Load(g);
    for (int q = 0; q < 3 && failures < 5; ++q) {
      const Pattern p = RandomPattern(rng, true);
      Rows want, want_not;
      for (int n = 0; n < static_cast<int>(g.label.size()); ++n) {
        Reference ref(g, p);
        (ref.All(n).empty() ? want_not : want).insert("'n" + std::to_string(n) + "'");
      }
      const std::string pat = PathText(p, 0, p.rels.size());
      const std::vector<std::pair<std::string, const Rows*>> forms = {
          {"MATCH (a) WHERE exists(" + pat + ") RETURN a.id", &want},
          {"MATCH (a) WHERE EXISTS { MATCH " + pat + " } RETURN a.id", &want},
          {"MATCH (a) WHERE " + pat + " RETURN a.id", &want},
          {"MATCH (a) WHERE NOT exists(" + pat + ") RETURN a.id", &want_not},
          {"MATCH (a) WHERE NOT EXISTS { MATCH " + pat + " } RETURN a.id", &want_not},
      };
      for (const auto& [query, expected] : forms) {
        const Rows got = Run(query);
        if (got != *expected) {
          ++failures;
          ADD_FAILURE() << "graph: " << g.ToString() << "\n  query: " << query
                        << "\n  engine:" << Show(got) << "\n  reference:" << Show(*expected);
        }
      }
    }
  }
}

}  // namespace
}  // namespace actorgraph::query
