// The plan cache (query/plan_cache.h): a repeated text reuses its plan, a
// change to what plans read makes them stale, a plan is used by one run at a
// time, and results are the same with and without it.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "query/executor/node_array_pool.h"
#include "query/plan_cache.h"
#include "tests/query/query_fixture.h"

namespace actorgraph {
namespace {

// test.val() :: (v): yields the number it was made with.
class Val : public query::Procedure {
 public:
  explicit Val(int64_t v) : v_(v) {
    sig_.name = "test.val";
    sig_.outputs = {"v"};
  }
  const query::ProcedureSignature& signature() const override { return sig_; }
  Status Call(const query::ProcedureContext&, const std::vector<Value>&,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    emit({Value(v_)});
    return Status::OK();
  }

 private:
  query::ProcedureSignature sig_;
  int64_t v_;
};

class PlanCacheTest : public testing::QueryFixture {
 protected:
  void SetUp() override {
    adjacency_cache_ = AdjacencyCacheMode::kEager;  // plans hold snapshots
    Open(true);
    // These tests count hits: a run slowed by a loaded machine or a sanitizer
    // must still be returned (the limit itself is tested below).
    engine_->plan_cache().SetMaxCachedRun(std::chrono::hours(1));
    ASSERT_EQ(Run("CREATE (a:P {id: 'a', n: 1})-[:R]->(b:P {id: 'b', n: 2}),"
                  " (b)-[:R]->(c:P {id: 'c', n: 3}), (c)-[:R]->(d:P {id: 'd', n: 4}),"
                  " (a)-[:S]->(c), (e:Q {id: 'e', n: 5})-[:R]->(a)"),
              "");
  }
  query::PlanCache::Stats Stats() { return engine_->plan_cache().stats(); }
};

TEST_F(PlanCacheTest, ARepeatedTextHitsAndReadsItsParametersPerRun) {
  const std::string q = "MATCH (x:P {id: $id})-[:R]->(y) RETURN y.id";
  const auto before = Stats();
  EXPECT_EQ(Run(q, {{"id", Value("a")}}), "'b'\n");
  EXPECT_EQ(Run(q, {{"id", Value("b")}}), "'c'\n");
  EXPECT_EQ(Run(q, {{"id", Value("d")}}), "");
  const auto after = Stats();
  EXPECT_EQ(after.misses - before.misses, 1u);
  EXPECT_EQ(after.hits - before.hits, 2u);
  EXPECT_EQ(after.plans, before.plans + 1);
  // Another text (even one space) is another plan.
  EXPECT_EQ(Run(q + " ", {{"id", Value("a")}}), "'b'\n");
  EXPECT_EQ(Stats().misses - before.misses, 2u);
}

TEST_F(PlanCacheTest, ARunBusierThanTheLimitIsNotKept) {
  const std::string q = "MATCH (x:P)-[:R]->(y) RETURN count(y)";
  engine_->plan_cache().SetMaxCachedRun(std::chrono::steady_clock::duration::zero());
  auto before = Stats();
  EXPECT_EQ(Run(q), "3\n");
  EXPECT_EQ(Run(q), "3\n");
  EXPECT_EQ(Stats().hits, before.hits);
  EXPECT_EQ(Stats().plans, before.plans);
  engine_->plan_cache().SetMaxCachedRun(std::chrono::hours(1));
  EXPECT_EQ(Run(q), "3\n");
  EXPECT_EQ(Run(q), "3\n");
  EXPECT_EQ(Stats().hits, before.hits + 1);
}

TEST_F(PlanCacheTest, ACachedPlanSeesLaterWrites) {
  // The adjacency snapshot an operator held at the last run is of an older
  // transaction: the next run must not keep it, even when its context lands
  // at the old context's address.
  const std::string q = "MATCH (x {id: 'a'})-[:R]->(y) RETURN count(y)";
  EXPECT_EQ(Run(q), "1\n");
  EXPECT_EQ(Run(q), "1\n");
  ASSERT_EQ(Run("MATCH (a {id: 'a'}), (d {id: 'd'}) CREATE (a)-[:R]->(d)"), "");
  EXPECT_EQ(Run(q), "2\n");
  EXPECT_EQ(Run(q), "2\n");
  const std::string v =
      "MATCH p = (x {id: 'e'})-[:R*1..6]->(y) WHERE NOT (y)-[:R]->() "
      "RETURN y.id, min(length(p))";
  EXPECT_EQ(Run(v), "'d' | 2\n");
  ASSERT_EQ(Run("MATCH (d {id: 'd'}) CREATE (d)-[:R]->(:P {id: 'f'})"), "");
  EXPECT_EQ(Run(v), "'f' | 3\n");
  // Write and read in turns: contexts and views come and go at few addresses.
  for (int i = 3; i < 40; ++i) {
    ASSERT_EQ(Run("MATCH (a {id: 'a'}) CREATE (a)-[:R]->(:P)"), "");
    ASSERT_EQ(Run(q), std::to_string(i) + "\n");
  }
}

TEST_F(PlanCacheTest, ALabelCreatedAfterPlanningIsFound) {
  const std::string q = "MATCH (n:Fresh) RETURN count(n)";
  EXPECT_EQ(Run(q), "0\n");
  EXPECT_EQ(Run(q), "0\n");
  ASSERT_EQ(Run("CREATE (:Fresh {id: 'z'})-[:NEWTYPE]->(:Fresh)"), "");
  EXPECT_EQ(Run(q), "2\n");
  EXPECT_EQ(Run("MATCH ()-[r:NEWTYPE]->() RETURN count(r)"), "1\n");
}

TEST_F(PlanCacheTest, AGroupingByNodeStartsAfreshEachRun) {
  // The node-group array of an aggregation is kept from run to run (by the
  // engine's NodeArrayPool, for any statement of the same database size):
  // the entries one run wrote must not name groups in the next.
  const std::vector<std::string> texts = {
      "MATCH (x {id: $id})-[:R*1..3]->(y) RETURN y.id AS y, count(*) AS n ORDER BY y",
      "MATCH (x {id: $id})-[:R*1..3]->(y) RETURN y, count(*) AS n ORDER BY n, y.id",
      "MATCH (x {id: $id})-[:R|S]->(y)<-[]-(z) RETURN z.id AS z, count(DISTINCT y) AS n "
      "ORDER BY z"};
  auto run_all = [&] {
    std::string out;
    for (const auto& t : texts)
      for (const char* id : {"a", "e", "b", "c", "a", "e", "d", "a"})
        out += Run(t, {{"id", Value(id)}}) + "--\n";
    return out;
  };
  EXPECT_EQ(Run(texts[0], {{"id", Value("e")}}), "'a' | 1\n'b' | 1\n'c' | 1\n");
  const std::string with_cache = run_all();
  EXPECT_GT(engine_->node_arrays().idle(), 0u);  // the arrays went round
  engine_->plan_cache().SetLimits(0, 0);
  engine_->node_arrays().SetLimit(0);  // every run on fresh pages
  EXPECT_EQ(engine_->node_arrays().idle(), 0u);
  EXPECT_EQ(with_cache, run_all());
  EXPECT_EQ(with_cache.find("error"), std::string::npos) << with_cache;
}

TEST_F(PlanCacheTest, RegisteringAProcedureMakesPlansStale) {
  engine_->procedures().Register(std::make_unique<Val>(1));
  const std::string q = "CALL test.val() YIELD v RETURN v";
  EXPECT_EQ(Run(q), "1\n");
  EXPECT_EQ(Run(q), "1\n");
  // Replaces (and destroys) the procedure the cached plan points at.
  engine_->procedures().Register(std::make_unique<Val>(2));
  const auto before = Stats();
  EXPECT_EQ(Run(q), "2\n");
  EXPECT_EQ(Stats().hits, before.hits);
  EXPECT_EQ(Run(q), "2\n");
  EXPECT_EQ(Stats().hits, before.hits + 1);
}

TEST_F(PlanCacheTest, TheRowLimitIsPartOfTheKey) {
  const std::string q = "MATCH (n:P) RETURN n.id ORDER BY n.id";
  query::RunOptions ro;
  ro.row_limit = 2;
  auto c = engine_->Run(q, ro);
  ASSERT_TRUE(c.ok());
  std::vector<std::vector<Value>> rows;
  auto more = (*c)->Next(100, &rows);
  EXPECT_FALSE(more.ok());  // more than the limit
  c->reset();
  EXPECT_EQ(Run(q), "'a'\n'b'\n'c'\n'd'\n");
  EXPECT_EQ(Run(q), "'a'\n'b'\n'c'\n'd'\n");
}

TEST_F(PlanCacheTest, FailedAndAbandonedRunsDoNotSpoilThePlan) {
  const std::string q = "UNWIND range(1, $n) AS i RETURN 10 / (i - $k) AS x";
  std::string r = Run(q, {{"n", Value(int64_t{5})}, {"k", Value(int64_t{3})}});
  EXPECT_NE(r.find("error"), std::string::npos) << r;
  EXPECT_EQ(Run(q, {{"n", Value(int64_t{2})}, {"k", Value(int64_t{0})}}), "10\n5\n");
  {
    // Read three rows of 1000 and drop the cursor.
    query::RunOptions ro;
    ro.params = {{"n", Value(int64_t{1000})}, {"k", Value(int64_t{-1})}};
    auto c = engine_->Run(q, ro);
    ASSERT_TRUE(c.ok());
    std::vector<std::vector<Value>> rows;
    ASSERT_TRUE((*c)->Next(3, &rows).ok());
    EXPECT_EQ(rows.size(), 3u);
  }
  EXPECT_EQ(Run(q, {{"n", Value(int64_t{3})}, {"k", Value(int64_t{0})}}), "10\n5\n3\n");
}

TEST_F(PlanCacheTest, ProfileCountsOneRunOnly) {
  const std::string q = "PROFILE MATCH (n:P) RETURN n.id";
  // The plan text without the times.
  auto rows_only = [](std::string p) {
    return std::regex_replace(p, std::regex(", [0-9.]+ ms"), "");
  };
  std::string p1, p2;
  Run(q, {}, &p1);
  Run(q, {}, &p2);
  EXPECT_EQ(rows_only(p1), rows_only(p2));
  EXPECT_NE(p2.find("NodeByLabelScan  :P   [rows 4"), std::string::npos) << p2;
}

TEST_F(PlanCacheTest, ResultsAreTheSameWithoutTheCache) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> queries = {
      {"MATCH (x {id: $id})-[:R]->(y) RETURN y.id", {"a", "b", "e", "zz"}},
      {"MATCH (x {id: $id})-[*1..3]-(y) RETURN DISTINCT y.id ORDER BY y.id", {"a", "c", "e"}},
      {"MATCH p = (x {id: $id})<-[:R*1..6]-(o) WHERE NOT ()-[:R]->(o) "
       "RETURN o.id, min(length(p)) AS hops",
       {"a", "b", "d", "e"}},
      {"MATCH (x:P) WHERE x.id >= $id OPTIONAL MATCH (x)-[:S]->(s) RETURN x.id, s.id "
       "ORDER BY x.id",
       {"a", "c"}},
      {"MATCH (x) WHERE EXISTS { MATCH (x)-[:R]->(:P {id: $id}) } RETURN x.id", {"a", "b", "c"}},
      {"MATCH (x {id: $id}) RETURN [(x)-[:R]->(y) | y.id] AS out, "
       "size([(x)<-[]-() | 1]) AS ins",
       {"a", "c"}},
      {"MATCH (x:P) RETURN x.id AS i UNION MATCH (x {id: $id}) RETURN x.id AS i", {"e", "a"}},
      {"MATCH (x:P)-[r]->(y) WITH type(r) AS t, count(*) AS n WHERE n > 0 RETURN t, n "
       "ORDER BY t LIMIT $id",
       {}},
      {"CALL { MATCH (x {id: $id}) RETURN x.n AS n } RETURN n * 2", {"a", "d"}},
      {"MATCH (a {id: 'a'}), (b {id: $id}) MATCH p = shortestPath((a)-[*]-(b)) "
       "RETURN length(p)",
       {"b", "d", "e"}},
  };
  auto run_all = [&] {
    std::string out;
    for (int rep = 0; rep < 3; ++rep)
      for (const auto& [q, ids] : queries) {
        if (ids.empty()) {
          for (int64_t lim : {1, 2})
            out += Run(q, {{"id", Value(lim)}}) + "--\n";
          continue;
        }
        for (const auto& id : ids)
          out += Run(q, {{"id", Value(id)}}) + "--\n";
      }
    return out;
  };
  const std::string with_cache = run_all();
  EXPECT_GT(Stats().hits, 2 * queries.size());
  engine_->plan_cache().SetLimits(0, 0);
  const auto before = Stats();
  const std::string without = run_all();
  EXPECT_EQ(Stats().hits, before.hits);
  EXPECT_EQ(with_cache, without);
  EXPECT_EQ(without.find("error"), std::string::npos) << without;
}

TEST_F(PlanCacheTest, APlanIsUsedByOneRunAtATime) {
  // Two cursors of one text open at once: each has its own plan.
  const std::string q = "UNWIND range(1, $n) AS i RETURN i";
  query::RunOptions a, b;
  a.params = {{"n", Value(int64_t{3})}};
  b.params = {{"n", Value(int64_t{5})}};
  Run(q, {{"n", Value(int64_t{1})}});  // cached
  auto ca = engine_->Run(q, a);
  auto cb = engine_->Run(q, b);
  ASSERT_TRUE(ca.ok() && cb.ok());
  std::vector<std::vector<Value>> ra, rb;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*ca)->Next(1, &ra).ok());
    ASSERT_TRUE((*cb)->Next(1, &rb).ok());
  }
  EXPECT_EQ(ra.size(), 3u);
  EXPECT_EQ(rb.size(), 5u);
  ca->reset();
  cb->reset();
  EXPECT_EQ(Stats().plans, 2u);  // both went back

  // Many threads, one text, different parameters.
  const std::string t = "MATCH (x {id: $id})-[:R*1..3]->(y) RETURN count(DISTINCT y) AS n";
  const std::map<std::string, std::string> expect = {
      {"a", "3\n"}, {"b", "2\n"}, {"c", "1\n"}, {"d", "0\n"}, {"e", "3\n"}};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int th = 0; th < 6; ++th)
    threads.emplace_back([&, th] {
      for (int i = 0; i < 300; ++i) {
        const std::string id(1, static_cast<char>('a' + (th + i) % 5));
        query::RunOptions ro;
        ro.params = {{"id", Value(id)}};
        auto c = engine_->Run(t, ro);
        if (!c.ok()) {
          ++wrong;
          continue;
        }
        std::vector<std::vector<Value>> rows;
        while (true) {
          auto more = (*c)->Next(100, &rows);
          if (!more.ok()) {
            ++wrong;
            break;
          }
          if (!*more) break;
        }
        if (rows.size() != 1 || rows[0][0].ToString() + "\n" != expect.at(id)) ++wrong;
      }
    });
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(Stats().plans, 2u + query::PlanCache::kMaxIdlePerText);
}

TEST_F(PlanCacheTest, TheCacheIsBounded) {
  engine_->plan_cache().SetLimits(3, 1 << 20);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(Run("RETURN " + std::to_string(i) + " AS x"), std::to_string(i) + "\n");
  EXPECT_EQ(Stats().plans, 3u);
  auto before = Stats();
  Run("RETURN 9 AS x");  // among the last three
  EXPECT_EQ(Stats().hits, before.hits + 1);
  Run("RETURN 0 AS x");  // evicted long ago
  EXPECT_EQ(Stats().hits, before.hits + 1);

  // A byte bound below one plan keeps none.
  engine_->plan_cache().SetLimits(100, 64);
  EXPECT_EQ(Stats().plans, 0u);
  Run("RETURN 1 AS x");
  Run("RETURN 1 AS x");
  EXPECT_EQ(Stats().plans, 0u);
  EXPECT_EQ(Stats().bytes, 0u);

  // The byte bound counts estimates: a few plans fit in 3 of them.
  engine_->plan_cache().SetLimits(100, 1 << 20);
  Run("RETURN 1 AS x");
  const size_t one = Stats().bytes;
  ASSERT_GT(one, 0u);
  engine_->plan_cache().SetLimits(100, one * 3 + one / 2);
  for (int i = 10; i < 20; ++i)
    Run("RETURN " + std::to_string(i) + " AS x");
  EXPECT_LE(Stats().bytes, one * 3 + one / 2);
  EXPECT_GE(Stats().plans, 1u);
  EXPECT_LE(Stats().plans, 3u);
}

}  // namespace
}  // namespace actorgraph
