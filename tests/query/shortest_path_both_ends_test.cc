// ShortestPath between two bound nodes whose source is not shared with the
// next row searches from both ends. Checked against a breadth-first search
// the test runs itself on the graph it wrote: every pair gets a path exactly
// when one exists within the bounds, of the true length, made of steps that
// exist (in the pattern's direction, valid at the query's time), with and
// without the adjacency cache. A short search does not build the cache; a
// long one asks for it midway and goes on with it.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <random>
#include <set>

#include "engine/database.h"
#include "engine/write_txn.h"
#include "query/query_engine.h"
#include "tests/test_util.h"

namespace actorgraph::query {
namespace {

struct Edge {
  int from, to;
  bool old;  // valid 2010-2015; otherwise from 2016 on
};

class ShortestPathBothEndsTest : public ::testing::TestWithParam<bool> {
 protected:
  static constexpr int kNodes = 90;

  void SetUp() override {
    OpenOptions o;
    // Eager: the searches read the cache from their first step.
    o.adjacency_cache = GetParam() ? AdjacencyCacheMode::kEager : AdjacencyCacheMode::kOff;
    db_ = std::move(Database::Open(dir_.path(), o)).value();
    engine_ = std::make_unique<QueryEngine>(db_.get());
    std::mt19937 rng(11);
    std::string create = "CREATE ";
    for (int i = 0; i < kNodes; ++i) {
      // Some groups were dissolved in 2011: gone at 2012.
      create += (i ? ", " : "") + std::string("(n") + std::to_string(i) + ":ArmedGroup {id: 'n" +
                std::to_string(i) + "'" + (Dissolved(i) ? ", valid_to: '2011'" : "") + "})";
    }
    // The last few groups have no alliances: some pairs have no path.
    for (int k = 0; k < 220; ++k) {
      const int a = static_cast<int>(rng() % (kNodes - 6)),
                b = static_cast<int>(rng() % (kNodes - 6));
      if (a == b) continue;
      edges_.push_back({a, b, k % 3 != 0});
      create += ", (n" + std::to_string(a) + ")-[:ALLIED_WITH {valid_from: '" +
                (edges_.back().old ? "2010', valid_to: '2015'" : "2016'") + "}]->(n" +
                std::to_string(b) + ")";
    }
    auto r = engine_->Run(create);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  static bool Dissolved(int i) { return i % 13 == 5; }

  // The test's own BFS: hops from a to b, or -1. At 2012 only the old
  // alliances hold and dissolved groups cannot be passed through or reached.
  int Distance(int a, int b, bool directed, bool at_2012) const {
    std::map<int, int> dist{{a, 0}};
    std::deque<int> queue{a};
    while (!queue.empty()) {
      const int n = queue.front();
      queue.pop_front();
      if (n == b) return dist[n];
      for (const Edge& e : edges_) {
        if (at_2012 && !e.old) continue;
        int other = -1;
        if (e.from == n) other = e.to;
        if (!directed && e.to == n) other = e.from;
        if (other < 0 || dist.count(other) || (at_2012 && Dissolved(other))) continue;
        dist[other] = dist[n] + 1;
        queue.push_back(other);
      }
    }
    return -1;
  }

  // How many shortest paths (sequences of relationships) lead from a to b.
  uint64_t PathCount(int a, int b, bool directed, bool at_2012) const {
    std::map<int, int> dist{{a, 0}};
    std::map<int, uint64_t> ways{{a, 1}};
    std::deque<int> queue{a};
    while (!queue.empty()) {
      const int n = queue.front();
      queue.pop_front();
      for (const Edge& e : edges_) {
        if (at_2012 && !e.old) continue;
        for (int side = 0; side < (directed ? 1 : 2); ++side) {
          const int from = side ? e.to : e.from, to = side ? e.from : e.to;
          if (from != n || (at_2012 && Dissolved(to))) continue;
          if (!dist.count(to)) {
            dist[to] = dist[n] + 1;
            queue.push_back(to);
          }
          if (dist[to] == dist[n] + 1) ways[to] += ways[n];
        }
      }
    }
    return dist.count(b) ? ways[b] : 0;
  }

  // Rows of `q`, each cell as text.
  std::vector<std::vector<std::string>> Rows(const std::string& q) {
    std::vector<std::vector<std::string>> out;
    auto c = engine_->Run(q);
    EXPECT_TRUE(c.ok()) << q << ": " << c.status().ToString();
    if (!c.ok()) return out;
    std::vector<std::vector<Value>> rows;
    while (true) {
      auto more = (*c)->Next(1000, &rows);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
    }
    for (const auto& row : rows) {
      out.emplace_back();
      for (const auto& v : row)
        out.back().push_back(v.ToString());
    }
    return out;
  }
  std::string Plan(const std::string& q) {
    auto c = engine_->Run("EXPLAIN " + q);
    return c.ok() ? (*c)->PlanText() : c.status().ToString();
  }

  // Checks one row (a, b, hops, steps) against the graph: steps are
  // "[from, to, old]" per relationship, in path order.
  void CheckPath(const std::vector<std::string>& row, bool directed, bool at_2012) {
    ASSERT_EQ(row.size(), 4u);
    const int a = std::stoi(row[0].substr(2)), b = std::stoi(row[1].substr(2));
    const int hops = std::stoi(row[2]);
    EXPECT_EQ(hops, Distance(a, b, directed, at_2012)) << row[0] << " -> " << row[1];
    // Walk the steps: each leaves the node the previous one reached.
    std::string steps = row[3];
    int at = a, count = 0;
    for (size_t pos = 0; (pos = steps.find("['n", pos)) != std::string::npos; ++count) {
      const size_t mid = steps.find("', 'n", pos);
      const size_t end = steps.find("', ", mid + 5);
      const int from = std::stoi(steps.substr(pos + 3, mid - pos - 3));
      const int to = std::stoi(steps.substr(mid + 5, end - mid - 5));
      const bool old = steps.compare(end + 3, 4, "true") == 0;
      if (at_2012) {
        EXPECT_TRUE(old) << "a step not valid at 2012: " << steps;
      }
      if (from == at) {
        at = to;
      } else {
        EXPECT_FALSE(directed) << "a step against the arrow: " << steps;
        EXPECT_EQ(to, at) << "steps do not connect: " << steps;
        at = from;
      }
      if (at_2012 && at != b) {
        EXPECT_FALSE(Dissolved(at)) << steps;
      }
      pos = end;
    }
    EXPECT_EQ(count, hops) << steps;
    EXPECT_EQ(at, b) << steps;
  }

  void CheckAllPairs(bool directed, bool at_2012, int max_hops) {
    const std::string prefix = at_2012 ? "FOR VALID_TIME AS OF '2012-01-01' " : "";
    const std::string arrow = directed ? "->" : "-";
    int found = 0, none = 0;
    std::mt19937 rng(3);
    for (int i = 0; i < 70; ++i) {
      const int a = static_cast<int>(rng() % kNodes), b = static_cast<int>(rng() % kNodes);
      if (a == b || (at_2012 && (Dissolved(a) || Dissolved(b)))) continue;
      const std::string q = prefix + "MATCH (a {id: 'n" + std::to_string(a) + "'}), (b {id: 'n" +
                            std::to_string(b) + "'}) MATCH p = shortestPath((a)-[:ALLIED_WITH*1.." +
                            std::to_string(max_hops) + "]" + arrow +
                            "(b)) RETURN a.id, b.id, length(p), [r IN relationships(p) | "
                            "[startNode(r).id, endNode(r).id, r.valid_to IS NOT NULL]]";
      if (i == 0) {
        const std::string plan = Plan(q);
        ASSERT_NE(plan.find("ShortestPath"), std::string::npos) << plan;
        ASSERT_EQ(plan.find("FromSource"), std::string::npos) << plan;
      }
      const auto rows = Rows(q);
      const int truth = Distance(a, b, directed, at_2012);
      if (truth < 0 || truth > max_hops) {
        EXPECT_TRUE(rows.empty()) << q << " gave a path; the test's own search none";
        ++none;
        continue;
      }
      ASSERT_EQ(rows.size(), 1u) << q;
      CheckPath(rows[0], directed, at_2012);
      ++found;
    }
    // The sample holds both outcomes.
    EXPECT_GT(found, 5);
    EXPECT_GT(none, 0);
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<QueryEngine> engine_;
  std::vector<Edge> edges_;
};

TEST_P(ShortestPathBothEndsTest, AnyDirection) {
  CheckAllPairs(false, false, 12);
}
TEST_P(ShortestPathBothEndsTest, AlongTheArrows) {
  CheckAllPairs(true, false, 12);
}
TEST_P(ShortestPathBothEndsTest, WithinFewHops) {
  CheckAllPairs(false, false, 3);
}
TEST_P(ShortestPathBothEndsTest, UnderATimeFilter) {
  CheckAllPairs(false, true, 12);
}
TEST_P(ShortestPathBothEndsTest, DirectedUnderATimeFilter) {
  CheckAllPairs(true, true, 12);
}

// allShortestPaths from both ends: every shortest path, each once, each
// made of steps that exist.
TEST_P(ShortestPathBothEndsTest, AllShortestPathsAreEveryOneOfThem) {
  for (bool at_2012 : {false, true}) {
    const std::string prefix = at_2012 ? "FOR VALID_TIME AS OF '2012-01-01' " : "";
    std::mt19937 rng(5);
    int several = 0;
    for (int i = 0; i < 60; ++i) {
      const int a = static_cast<int>(rng() % kNodes), b = static_cast<int>(rng() % kNodes);
      if (a == b || (at_2012 && (Dissolved(a) || Dissolved(b)))) continue;
      const auto rows = Rows(prefix + "MATCH (a {id: 'n" + std::to_string(a) + "'}), (b {id: 'n" +
                             std::to_string(b) +
                             "'}) MATCH p = allShortestPaths((a)-[:ALLIED_WITH*1..12]-(b)) "
                             "RETURN a.id, b.id, length(p), [r IN relationships(p) | "
                             "[startNode(r).id, endNode(r).id, r.valid_to IS NOT NULL, id(r)]]");
      EXPECT_EQ(rows.size(), PathCount(a, b, false, at_2012)) << a << " - " << b;
      std::set<std::string> distinct;
      for (const auto& row : rows) {
        CheckPath(row, false, at_2012);
        distinct.insert(row[3]);
      }
      EXPECT_EQ(distinct.size(), rows.size()) << "a path came twice";
      several += rows.size() > 1;
    }
    EXPECT_GT(several, 3) << "the sample needs pairs with several shortest paths";
  }
}

// Rows whose sources change from one row to the next (each searched from
// both ends, one row read ahead) against the same pairs one by one.
TEST_P(ShortestPathBothEndsTest, ChangingSourcesRowByRow) {
  const std::string q =
      "MATCH (a:ArmedGroup), (b {id: 'n7'}) MATCH p = shortestPath((a)-[:ALLIED_WITH*..10]-(b)) "
      "RETURN a.id, b.id, length(p), [r IN relationships(p) | "
      "[startNode(r).id, endNode(r).id, r.valid_to IS NOT NULL]]";
  const std::string plan = Plan(q);
  ASSERT_EQ(plan.find("FromSource"), std::string::npos) << plan;
  const auto rows = Rows(q);
  ASSERT_GT(rows.size(), 10u);
  std::set<std::string> sources;
  for (const auto& row : rows) {
    sources.insert(row[0]);
    CheckPath(row, false, false);
  }
  EXPECT_EQ(sources.size(), rows.size());
  int reachable = 0;
  for (int i = 0; i < kNodes; ++i) {
    const int d = Distance(i, 7, false, false);
    reachable += d > 0 && d <= 10;
  }
  EXPECT_EQ(static_cast<int>(rows.size()), reachable);
}

// On demand (kOn), a search of a few steps reads the store and leaves the
// cache unbuilt; one that expands thousands of nodes builds it midway, and the
// rest of the search reads it: from both ends and with one end open.
TEST(ShortestPathBothEndsCache, BuiltOnlyForALongSearch) {
  testing::TempDir dir;
  auto db =
      std::move(Database::Open(dir.path(), {.adjacency_cache = AdjacencyCacheMode::kOn})).value();
  QueryEngine engine(db.get());
  auto run = [&](const std::string& q) {
    auto c = engine.Run(q);
    EXPECT_TRUE(c.ok()) << q << ": " << c.status().ToString();
    std::vector<std::vector<Value>> rows;
    while (c.ok()) {
      auto more = (*c)->Next(1000, &rows);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
    }
    return rows.size() == 1 ? rows[0][0].ToString() : std::to_string(rows.size()) + " rows";
  };
  // A chain of n groups (a pair at its ends: about n expansions from both
  // ends together) and a hub with n leaves (an open-ended search two hops
  // out expands every leaf), written through the store's API: quick under
  // the sanitizers too.
  const int n = 5000;
  {
    auto txn = db->BeginWrite("a chain and a star");
    auto put_node = [&](const std::string& xid) {
      Node node;
      node.xid = node.name = xid;
      node.labels = {"ArmedGroup"};
      EXPECT_TRUE(txn->PutNode(&node).ok());
      return node.id;
    };
    auto put_rel = [&](const std::string& xid, NodeId src, NodeId dst) {
      Relationship r;
      r.xid = xid;
      r.type = "ALLIED_WITH";
      r.src = src;
      r.dst = dst;
      EXPECT_TRUE(txn->PutRel(&r).ok());
    };
    NodeId prev = put_node("c0");
    for (int i = 1; i < n; ++i) {
      const NodeId c = put_node("c" + std::to_string(i));
      put_rel("cr" + std::to_string(i), prev, c);
      prev = c;
    }
    const NodeId hub = put_node("hub");
    for (int i = 0; i < n; ++i)
      put_rel("hr" + std::to_string(i), hub, put_node("leaf" + std::to_string(i)));
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_EQ(run("MATCH (a {id: 'c10'}), (b {id: 'c13'}) "
                "MATCH p = shortestPath((a)-[*..20000]-(b)) RETURN length(p)"),
            "3");
  // With one end open (ShortestPathsFromSource) too.
  EXPECT_EQ(run("MATCH (a {id: 'c10'}) MATCH p = shortestPath((a)-[*..3]-(o)) RETURN count(*)"),
            "6");
  EXPECT_EQ(db->Read()->CachedAdjacency(/*heavy=*/false), nullptr);
  EXPECT_EQ(run("MATCH (a {id: 'hub'}) MATCH p = shortestPath((a)-[*..2]-(o)) RETURN count(*)"),
            std::to_string(n));
  EXPECT_NE(db->Read()->CachedAdjacency(/*heavy=*/false), nullptr);
  // A write: the cache is of an older transaction until a search asks again.
  run("CREATE (:ArmedGroup {id: 'lone'})");
  EXPECT_EQ(db->Read()->CachedAdjacency(/*heavy=*/false), nullptr);
  EXPECT_EQ(run("MATCH (a {id: 'c0'}), (b {id: 'c" + std::to_string(n - 1) +
                "'}) MATCH p = shortestPath((a)-[*..20000]-(b)) RETURN length(p)"),
            std::to_string(n - 1));
  EXPECT_NE(db->Read()->CachedAdjacency(/*heavy=*/false), nullptr);
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutAdjacencyCache, ShortestPathBothEndsTest, ::testing::Bool());

}  // namespace
}  // namespace actorgraph::query
