// Google Benchmark suite for the engine's hot paths. One synthetic graph
// (companies, persons, addresses; OWNS, DIRECTS, HAS_ADDRESS) is bulk-loaded
// once into a temporary database; each benchmark reads it.
//
//   build/bench/engine/engine_bench [--benchmark_filter=Adjacency]
//   AG_BENCH_NODES=200000 build/bench/engine/engine_bench   # a bigger graph
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "analytics/projection.h"
#include "engine/adjacency_cache.h"
#include "engine/bulk_loader.h"
#include "engine/database.h"
#include "engine/read_view.h"
#include "query/query_engine.h"

namespace ag = actorgraph;
namespace fs = std::filesystem;

namespace {

size_t NumNodes() {
  const char* e = std::getenv("AG_BENCH_NODES");
  return e ? std::strtoull(e, nullptr, 10) : 20000;
}

fs::path TempPath(const std::string& what) {
  std::random_device rd;
  return fs::temp_directory_path() / ("ag-engine-bench-" + what + "-" + std::to_string(rd()));
}

// Loads n nodes (half companies, a third persons, the rest addresses) and
// about 4n relationships. Returns node ids in load order.
std::vector<ag::NodeId> LoadGraph(ag::Database* db, size_t n, uint64_t seed = 42) {
  auto l = ag::BulkLoader::Begin(db, "bench graph");
  if (!l.ok()) std::abort();
  std::mt19937_64 rng(seed);
  std::vector<ag::NodeId> ids, companies, persons, addresses;
  for (size_t i = 0; i < n; ++i) {
    ag::Node node;
    node.xid = "n" + std::to_string(i);
    const int kind = i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2;
    node.labels = {kind == 0 ? "Company" : kind == 1 ? "Person" : "Address"};
    node.name = (kind == 0 ? "Company " : kind == 1 ? "Person " : "Street ") + std::to_string(i);
    if (kind == 0) node.props = {{"jurisdiction", ag::Value(i % 7 ? "PA" : "VG")}};
    auto id = (*l)->AddNode(node);
    if (!id.ok()) std::abort();
    ids.push_back(*id);
    (kind == 0 ? companies : kind == 1 ? persons : addresses).push_back(*id);
  }
  auto pick = [&](const std::vector<ag::NodeId>& v) {
    // Skewed: low indexes are popular.
    std::uniform_real_distribution<double> u(0, 1);
    return v[static_cast<size_t>(v.size() * u(rng) * u(rng))];
  };
  size_t k = 0;
  auto rel = [&](const char* type, ag::NodeId s, ag::NodeId d) {
    ag::Relationship r;
    r.xid = "r" + std::to_string(k++);
    r.type = type;
    r.src = s;
    r.dst = d;
    r.valid.from = ag::PartialDate::Year(2010 + static_cast<int>(k % 15));
    if (!(*l)->AddRel(r).ok()) std::abort();
  };
  for (size_t i = 0; i < n; ++i) rel("OWNS", pick(companies), pick(companies));
  for (size_t i = 0; i < n; ++i) rel("DIRECTS", pick(persons), pick(companies));
  for (size_t i = 0; i < n; ++i) rel("HAS_ADDRESS", pick(companies), pick(addresses));
  for (size_t i = 0; i < n; ++i) rel("OWNS", pick(persons), pick(companies));
  if (!(*l)->Finish().ok()) std::abort();
  return ids;
}

struct Shared {
  fs::path dir = TempPath("shared");
  std::unique_ptr<ag::Database> db;
  std::vector<ag::NodeId> ids;
  Shared() {
    auto d = ag::Database::Open(dir.string());
    if (!d.ok()) std::abort();
    db = std::move(d).value();
    ids = LoadGraph(db.get(), NumNodes());
    (void)db->Flush();
  }
  ~Shared() {
    db.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Shared& G() {
  static Shared s;
  return s;
}

void BM_AdjacencyRocksDb(benchmark::State& state) {
  auto view = G().db->Read();
  size_t i = 0, edges = 0;
  for (auto _ : state) {
    const ag::NodeId n = G().ids[(i++ * 7919) % G().ids.size()];
    for (auto c = view->AdjacencyById(n, ag::Direction::kBoth, {}); c->Valid(); c->Next()) {
      benchmark::DoNotOptimize(c->entry().other);
      ++edges;
    }
  }
  state.counters["edges/s"] = benchmark::Counter(double(edges), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AdjacencyRocksDb);

void BM_AdjacencyCache(benchmark::State& state) {
  auto view = G().db->Read();
  auto snap = view->CachedAdjacency();
  if (!snap) {
    state.SkipWithError("no cache");
    return;
  }
  size_t i = 0, edges = 0;
  for (auto _ : state) {
    const ag::NodeId n = G().ids[(i++ * 7919) % G().ids.size()];
    for (const auto& e : snap->Out(n)) benchmark::DoNotOptimize(e.other), ++edges;
    for (const auto& e : snap->In(n)) benchmark::DoNotOptimize(e.other), ++edges;
  }
  state.counters["edges/s"] = benchmark::Counter(double(edges), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AdjacencyCache);

void BM_AdjacencyCacheBuild(benchmark::State& state) {
  auto view = G().db->Read();
  for (auto _ : state) {
    ag::AdjacencyCache fresh(ag::AdjacencyCacheMode::kOn, size_t{1} << 40);
    benchmark::DoNotOptimize(fresh.Get(*view));
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(NumNodes() * 4));
}
BENCHMARK(BM_AdjacencyCacheBuild)->Unit(benchmark::kMillisecond);

void BM_FindByName(benchmark::State& state) {
  auto view = G().db->Read();
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = (i++ * 6007) % NumNodes();
    const int kind = k % 6 < 3 ? 0 : k % 6 < 5 ? 1 : 2;
    auto r = view->FindByName((kind == 0 ? "company " : kind == 1 ? "person " : "street ") +
                              std::to_string(k));
    if (!r.ok() || r->size() != 1) state.SkipWithError("name not found");
  }
}
BENCHMARK(BM_FindByName);

void BM_FindByXid(benchmark::State& state) {
  auto view = G().db->Read();
  size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(view->FindNode("n" + std::to_string((i++ * 6007) % NumNodes())));
}
BENCHMARK(BM_FindByXid);

void BM_PropertyIndexSeek(benchmark::State& state) {
  auto view = G().db->Read();
  size_t found = 0;
  for (auto _ : state) {
    auto r = view->FindByProperty("jurisdiction", ag::Value("VG"));
    found += r.ok() ? r->size() : 0;
  }
  state.counters["nodes/s"] = benchmark::Counter(double(found), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PropertyIndexSeek)->Unit(benchmark::kMillisecond);

void RunQuery(benchmark::State& state, const std::string& text) {
  ag::query::QueryEngine engine(G().db.get());
  for (auto _ : state) {
    auto c = engine.Run(text);
    if (!c.ok()) {
      state.SkipWithError(c.status().ToString().c_str());
      return;
    }
    std::vector<std::vector<ag::Value>> rows;
    while (true) {
      auto more = (*c)->Next(4096, &rows);
      if (!more.ok() || !*more) break;
    }
    benchmark::DoNotOptimize(rows.size());
  }
}

void BM_QueryExpandAggregate(benchmark::State& state) {
  RunQuery(state, "MATCH (c:Company)-[r]->(x) RETURN type(r) AS t, count(*) AS n");
}
BENCHMARK(BM_QueryExpandAggregate)->Unit(benchmark::kMillisecond);

void BM_QueryTwoHopDistinct(benchmark::State& state) {
  RunQuery(state, "MATCH (c:Company {id: 'n0'})--()--(x) RETURN count(DISTINCT x) AS n");
}
BENCHMARK(BM_QueryTwoHopDistinct)->Unit(benchmark::kMillisecond);

void BM_QueryShortestPath(benchmark::State& state) {
  RunQuery(state,
           "MATCH (a {id: 'n3'}), (b {id: 'n1001'}) MATCH p = shortestPath((a)-[*..8]-(b)) "
           "RETURN length(p)");
}
BENCHMARK(BM_QueryShortestPath)->Unit(benchmark::kMillisecond);

// One search from the bound end to every company within 8 hops
// (ShortestPathsFromSource), against one row per company asking for its path.
void BM_QueryShortestPathsFromSource(benchmark::State& state) {
  RunQuery(state, "MATCH (a {id: 'n3'})-[:HAS_ADDRESS* SHORTEST 1..8]-(o:Company) RETURN count(*)");
}
BENCHMARK(BM_QueryShortestPathsFromSource)->Unit(benchmark::kMillisecond);

void BM_QueryShortestPathsPairwise(benchmark::State& state) {
  RunQuery(state,
           "MATCH (a {id: 'n3'}), (o:Company) MATCH p = shortestPath((a)-[:HAS_ADDRESS*1..8]-(o)) "
           "RETURN count(*)");
}
BENCHMARK(BM_QueryShortestPathsPairwise)->Unit(benchmark::kMillisecond);

// Relationships per type from the kept counts, against the same question
// spelled so that it scans.
void BM_QueryRelCountFromStore(benchmark::State& state) {
  RunQuery(state, "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n");
}
BENCHMARK(BM_QueryRelCountFromStore)->Unit(benchmark::kMillisecond);

void BM_QueryRelCountScan(benchmark::State& state) {
  RunQuery(state, "MATCH ()-[r]->() WHERE r IS NOT NULL RETURN type(r) AS t, count(*) AS n");
}
BENCHMARK(BM_QueryRelCountScan)->Unit(benchmark::kMillisecond);

// Property reads of the same records by repeated statements (the shared
// record cache serves them after the first run).
void BM_QueryPropertyReads(benchmark::State& state) {
  RunQuery(state, "MATCH (c:Company {id: 'n0'})-[r]-(x) RETURN count(x.name) AS n");
}
BENCHMARK(BM_QueryPropertyReads)->Unit(benchmark::kMillisecond);

void BM_Projection(benchmark::State& state) {
  auto view = G().db->Read();
  ag::analytics::ProjectionSpec spec;
  spec.types = {"OWNS"};
  for (auto _ : state) {
    auto p = ag::analytics::Projection::Build(*view, G().db->ontology(), spec);
    if (!p.ok()) {
      state.SkipWithError(p.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize((*p)->num_edges());
  }
}
BENCHMARK(BM_Projection)->Unit(benchmark::kMillisecond);

void BM_BulkLoad(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    const fs::path dir = TempPath("load");
    auto db = ag::Database::Open(dir.string());
    if (!db.ok()) std::abort();
    state.ResumeTiming();
    LoadGraph(db->get(), n, 7);
    state.PauseTiming();
    db->reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(n * 5));  // nodes + rels
}
BENCHMARK(BM_BulkLoad)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
