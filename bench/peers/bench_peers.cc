// `ag_bench_peers DATA_DIR DB_PATH [REPS]`: the actorgraph side
// of the peers benchmark (../shared/peers, bench/peers/actorgraph_run). Loads
// the generated CSVs with the bulk loader, then runs the ten queries, each
// once as a warm-up and REPS timed times, and prints the JSON lines of the
// runner contract on stdout (logs on stderr).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "common/partial_date.h"
#include "engine/bulk_loader.h"
#include "engine/database.h"
#include "import/sha256.h"
#include "query/query_engine.h"

namespace actorgraph::bench {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The canonical text of a result value (common.mjs canon()).
std::string Canon(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return "";
    case Value::Kind::kInt:
      return std::to_string(v.as_int());
    case Value::Kind::kString:
      return v.as_string();
    case Value::Kind::kDate:
      return v.as_date().ToString();
    case Value::Kind::kFloat: {
      const double d = v.as_float();
      if (d == static_cast<double>(static_cast<int64_t>(d))) return std::to_string(int64_t(d));
      return v.ToString();
    }
    default:
      return v.ToString();
  }
}

std::string Checksum(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      if (i) line += '\t';
      line += Canon(r[i]);
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  Sha256 h;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) h.Update("\n", 1);
    h.Update(lines[i].data(), lines[i].size());
  }
  return h.HexDigest().substr(0, 16);
}

void Emit(const json& j) {
  std::cout << j.dump() << '\n' << std::flush;
}

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// CPU time used so far by the calling thread, in ms.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Precondition: `xs` is not empty.
double Median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const size_t mid = xs.size() / 2;
  return xs.size() % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}
double Round3(double x) {
  return std::round(x * 1000) / 1000;
}

// ---------------------------------------------------------------- loading

// Splits `line` at commas into *out (cleared first; its capacity is reused
// from row to row).
void SplitCsv(std::string_view line, std::vector<std::string_view>* out) {
  out->clear();
  const char* p = line.data();
  const char* const end = p + line.size();
  for (;;) {
    const char* c = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(end - p)));
    if (!c) {
      out->emplace_back(p, static_cast<size_t>(end - p));
      return;
    }
    out->emplace_back(p, static_cast<size_t>(c - p));
    p = c + 1;
  }
}

// One read of the whole file (an istreambuf_iterator copied it a character
// at a time, growing the string: a tenth of the parse thread's time).
Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary | std::ios::ate);
  if (!in) return Status::IOError("cannot read " + p.string());
  const std::streamoff size = in.tellg();
  if (size < 0) return Status::IOError("cannot read " + p.string());
  std::string s(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(s.data(), size)) return Status::IOError("cannot read " + p.string());
  return s;
}

// Calls fn(fields) for every data line of a CSV file (the header is skipped).
template <typename Fn>
Status ForEachCsvRow(const fs::path& path, Fn fn) {
  AG_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const char* p = static_cast<const char*>(std::memchr(text.data(), '\n', text.size()));
  if (!p) return Status::OK();
  ++p;
  const char* const end = text.data() + text.size();
  std::vector<std::string_view> fields;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) nl = end;
    std::string_view line(p, static_cast<size_t>(nl - p));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      SplitCsv(line, &fields);
      AG_RETURN_IF_ERROR(fn(fields));
    }
    p = nl + 1;
  }
  return Status::OK();
}

// AG_BENCH_INDEX_ALL=1: every node property indexed, the engine's default.
bool IndexAll() {
  const char* e = std::getenv("AG_BENCH_INDEX_ALL");
  return e && std::string_view(e) == "1";
}

std::string OntologyType(const std::string& t) {
  if (t == "INT64") return "int";
  if (t == "DOUBLE") return "float";
  if (t == "DATE") return "date";
  return "string";
}

// The benchmark's own ontology: one label per node file, one relationship
// type per type with the union of its end labels, the columns as properties.
// Nodes are looked up by their key (`id`, the external id, always indexed),
// as in the other engines, which index their primary keys only: the other
// columns are `unindexed` unless `index_all` (AG_BENCH_INDEX_ALL=1, the
// engine's default of indexing every property).
std::string OntologyFromSchema(const json& schema, bool index_all) {
  std::string out = "# generated from the peers benchmark's schema.json\n";
  std::set<std::string> node_columns;
  for (const auto& n : schema["nodes"]) {
    out += "label " + n["label"].get<std::string>() + " {";
    for (const auto& c : n["columns"]) {
      const std::string name = c[0];
      if (name == "id" || name == "name") continue;
      out += " " + name + ": " + OntologyType(c[1]);
      node_columns.insert(name);
    }
    out += " }\n";
  }
  if (!index_all && !node_columns.empty()) {
    out += "unindexed";
    for (const auto& c : node_columns)
      out += (c == *node_columns.begin() ? " " : ", ") + c;
    out += "\n";
  }
  struct RelDef {
    std::set<std::string> from, to;
    std::map<std::string, std::string> props;
  };
  std::map<std::string, RelDef> rels;
  for (const auto& r : schema["rels"]) {
    RelDef& d = rels[r["type"].get<std::string>()];
    d.from.insert(r["from"].get<std::string>());
    d.to.insert(r["to"].get<std::string>());
    for (const auto& c : r["columns"]) {
      const std::string name = c[0];
      if (name == "src" || name == "dst" || name == "valid_from" || name == "valid_to") continue;
      d.props[name] = OntologyType(c[1]);
    }
  }
  for (const auto& [type, d] : rels) {
    auto join = [](const std::set<std::string>& s) {
      std::string j;
      for (const auto& x : s)
        j += (j.empty() ? "" : "|") + x;
      return j;
    };
    out += "relationship " + type + " from " + join(d.from) + " to " + join(d.to) + " {";
    for (const auto& [k, t] : d.props)
      out += " " + k + ": " + t;
    out += " }\n";
  }
  return out;
}

// A column's schema type, decided once per file rather than per field.
enum class ColType { kInt, kDouble, kDate, kString };

ColType ColTypeOf(const std::string& t) {
  if (t == "INT64") return ColType::kInt;
  if (t == "DOUBLE") return ColType::kDouble;
  if (t == "DATE") return ColType::kDate;
  return ColType::kString;
}

Result<int64_t> ParseInt(std::string_view field) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || end != field.data() + field.size())
    return Status::InvalidArgument("reading the benchmark data: bad integer '" +
                                   std::string(field) + "'");
  return v;
}

Result<Value> TypedValue(std::string_view field, ColType type) {
  if (field.empty()) return Value();
  switch (type) {
    case ColType::kInt: {
      AG_ASSIGN_OR_RETURN(int64_t v, ParseInt(field));
      return Value(v);
    }
    case ColType::kDouble: {
      double d = 0;
      const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), d);
      if (ec != std::errc() || end != field.data() + field.size())
        return Status::InvalidArgument("reading the benchmark data: bad number '" +
                                       std::string(field) + "'");
      return Value(d);
    }
    case ColType::kDate: {
      AG_ASSIGN_OR_RETURN(PartialDate d, PartialDate::Parse(field));
      return Value(d);
    }
    case ColType::kString:
      break;
  }
  return Value(std::string(field));
}

struct LoadResult {
  std::unique_ptr<Database> db;
  BulkLoadStats stats;
};

// Parsed rows travel from the parsing thread to the loading thread in chunks.
struct ParsedChunk {
  std::vector<Node> nodes;
  std::vector<Relationship> rels;  // src/dst: the ids the loader will give
};

// A bounded queue of chunks between one producer and one consumer.
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t max_chunks) : max_(max_chunks) {}
  // Blocks while the queue is full; false once the consumer has stopped.
  bool Push(ParsedChunk chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return q_.size() < max_ || stopped_; });
    if (stopped_) return false;
    q_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }
  // Blocks while the queue is empty and open; nullopt at the end.
  std::optional<ParsedChunk> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return std::nullopt;
    ParsedChunk c = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return c;
  }
  void Close() {  // producer: no more chunks
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  void Stop() {  // consumer: no more wanted
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }

 private:
  const size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ParsedChunk> q_;
  bool closed_ = false, stopped_ = false;
};

// Parses the node and relationship CSVs into chunks. Node ids are predicted
// (the bulk loader numbers nodes 1, 2, ... in the order they are added), so
// relationships can be resolved without waiting for the loader.
Status ParsePeers(const fs::path& data, const json& schema, ChunkQueue* queue) {
  constexpr size_t kChunkRows = 4096;
  uint64_t total_nodes = 0;
  for (const auto& n : schema["nodes"])
    total_nodes += n.value("count", 0);
  // gen.py numbers nodes 0..N-1 across labels: a vector indexed by the
  // benchmark id (0 = none) holds them in 8 bytes each, where a hash map took
  // about 40 and a probe per relationship end. Other ids go to the map.
  const uint64_t dense_limit = 2 * total_nodes + 1024;
  std::vector<NodeId> dense_ids(total_nodes);
  std::unordered_map<int64_t, NodeId> sparse_ids;
  auto set_id = [&](int64_t xid, NodeId id) {
    if (xid >= 0 && static_cast<uint64_t>(xid) < dense_limit) {
      if (static_cast<uint64_t>(xid) >= dense_ids.size())
        dense_ids.resize(
            std::min<uint64_t>(dense_limit, std::max<uint64_t>(2 * dense_ids.size(), xid + 1)));
      dense_ids[xid] = id;
    } else {
      sparse_ids[xid] = id;
    }
  };
  auto find_id = [&](int64_t xid) -> NodeId {
    if (xid >= 0 && static_cast<uint64_t>(xid) < dense_limit)
      return static_cast<uint64_t>(xid) < dense_ids.size() ? dense_ids[xid] : 0;
    auto it = sparse_ids.find(xid);
    return it == sparse_ids.end() ? 0 : it->second;
  };
  NodeId next_id = 1;
  ParsedChunk chunk;
  bool in_rels = false;
  // A chunk holds nodes first, then relationships: reserve for the kind being
  // read so that push_back never moves the rows.
  auto fresh_chunk = [&] {
    chunk = ParsedChunk();
    if (in_rels)
      chunk.rels.reserve(kChunkRows);
    else
      chunk.nodes.reserve(kChunkRows);
  };
  fresh_chunk();
  auto flush = [&]() -> Status {
    if (chunk.nodes.empty() && chunk.rels.empty()) return Status::OK();
    if (!queue->Push(std::move(chunk))) return Status::Cancelled("load stopped");
    fresh_chunk();
    return Status::OK();
  };
  // Fallback names for labels without a name column.
  static const char* kNameColumns[] = {"name", "title", "street", "number", "email"};
  for (const auto& nf : schema["nodes"]) {
    const std::string label = nf["label"];
    std::vector<std::pair<std::string, ColType>> cols;
    for (const auto& c : nf["columns"])
      cols.emplace_back(c[0], ColTypeOf(c[1]));
    int name_col = -1;
    for (const char* want : kNameColumns) {
      for (size_t i = 0; i < cols.size() && name_col < 0; ++i)
        if (cols[i].first == want) name_col = static_cast<int>(i);
      if (name_col >= 0) break;
    }
    AG_RETURN_IF_ERROR(ForEachCsvRow(
        data / nf["file"].get<std::string>(),
        [&](const std::vector<std::string_view>& f) -> Status {
          if (f.size() != cols.size()) return Status::InvalidArgument("bad CSV row in " + label);
          Node n;
          n.labels = {label};
          n.xid = std::string(f[0]);
          n.name = name_col >= 0 && !f[name_col].empty() ? std::string(f[name_col]) : n.xid;
          n.props.reserve(cols.size() - 1);
          for (size_t i = 1; i < cols.size(); ++i) {
            if (cols[i].first == "name") continue;
            AG_ASSIGN_OR_RETURN(Value v, TypedValue(f[i], cols[i].second));
            if (!v.is_null()) n.props.emplace_back(cols[i].first, std::move(v));
          }
          AG_ASSIGN_OR_RETURN(int64_t xid, ParseInt(f[0]));
          set_id(xid, next_id++);
          chunk.nodes.push_back(std::move(n));
          return chunk.nodes.size() >= kChunkRows ? flush() : Status::OK();
        }));
  }
  AG_RETURN_IF_ERROR(flush());
  in_rels = true;
  fresh_chunk();
  uint64_t counter = 0;
  // What a relationship column holds, decided once per file.
  enum class Role { kSrc, kDst, kFrom, kTo, kProp };
  for (const auto& rf : schema["rels"]) {
    const std::string type = rf["type"];
    std::vector<std::pair<std::string, ColType>> cols;
    std::vector<Role> roles;
    for (const auto& c : rf["columns"]) {
      cols.emplace_back(c[0], ColTypeOf(c[1]));
      const std::string& name = cols.back().first;
      roles.push_back(name == "src"          ? Role::kSrc
                      : name == "dst"        ? Role::kDst
                      : name == "valid_from" ? Role::kFrom
                      : name == "valid_to"   ? Role::kTo
                                             : Role::kProp);
    }
    AG_RETURN_IF_ERROR(
        ForEachCsvRow(data / rf["file"].get<std::string>(),
                      [&](const std::vector<std::string_view>& f) -> Status {
                        if (f.size() != cols.size())
                          return Status::InvalidArgument("bad CSV row in " + type);
                        Relationship r;
                        r.type = type;
                        char xid[24];
                        xid[0] = 'e';
                        r.xid.assign(xid, std::to_chars(xid + 1, xid + sizeof xid, ++counter).ptr);
                        for (size_t i = 0; i < cols.size(); ++i) {
                          switch (roles[i]) {
                            case Role::kSrc:
                            case Role::kDst: {
                              AG_ASSIGN_OR_RETURN(int64_t x, ParseInt(f[i]));
                              const NodeId id = find_id(x);
                              if (id == 0) return Status::NotFound("no node " + std::string(f[i]));
                              (roles[i] == Role::kSrc ? r.src : r.dst) = id;
                              break;
                            }
                            case Role::kFrom:
                            case Role::kTo: {
                              if (f[i].empty()) continue;
                              AG_ASSIGN_OR_RETURN(PartialDate d, PartialDate::Parse(f[i]));
                              // The benchmark's intervals are closed [from, to]; ours are
                              // closed-open: the day after `to` is the exclusive end.
                              if (roles[i] == Role::kFrom)
                                r.valid.from = d;
                              else
                                r.valid.to = PartialDate::FromDayNumber(d.last_day() + 1);
                              break;
                            }
                            case Role::kProp: {
                              AG_ASSIGN_OR_RETURN(Value v, TypedValue(f[i], cols[i].second));
                              if (!v.is_null()) r.props.emplace_back(cols[i].first, std::move(v));
                              break;
                            }
                          }
                        }
                        chunk.rels.push_back(std::move(r));
                        return chunk.rels.size() >= kChunkRows ? flush() : Status::OK();
                      }));
  }
  return flush();
}

// Two threads: this one encodes rows with the bulk loader (which is
// single-threaded) while another parses the CSVs ahead of it.
Result<LoadResult> LoadPeers(const fs::path& data, const std::string& db_path, const json& schema,
                             size_t bulk_memory_mb) {
  OpenOptions oo;
  oo.ontology_text = OntologyFromSchema(schema, IndexAll());
  AG_ASSIGN_OR_RETURN(auto db, Database::Open(db_path, oo));
  AG_ASSIGN_OR_RETURN(auto loader,
                      BulkLoader::Begin(db.get(), "bench-peers load " + data.string(),
                                        {.memory_budget_bytes = bulk_memory_mb << 20}));
  ChunkQueue queue(16);
  Status parsed;
  std::thread parser([&] {
    try {
      parsed = ParsePeers(data, schema, &queue);
    } catch (const std::exception& e) {  // std::stoll and friends on bad fields
      parsed = Status::InvalidArgument(std::string("reading the benchmark data: ") + e.what());
    }
    queue.Close();
  });
  Status loaded;
  NodeId expected = 1;
  std::chrono::steady_clock::duration parser_wait{};  // this thread waiting for rows
  while (loaded.ok()) {
    const auto t_pop = std::chrono::steady_clock::now();
    std::optional<ParsedChunk> chunk = queue.Pop();
    parser_wait += std::chrono::steady_clock::now() - t_pop;
    if (!chunk) break;
    for (Node& n : chunk->nodes) {
      Result<NodeId> id = loader->AddNode(std::move(n));
      if (!id.ok())
        loaded = id.status();
      else if (*id != expected++)
        loaded = Status::Internal("node ids out of step with the parser");
      if (!loaded.ok()) break;
    }
    for (size_t i = 0; loaded.ok() && i < chunk->rels.size(); ++i)
      loaded = loader->AddRel(std::move(chunk->rels[i])).status();
  }
  queue.Stop();
  parser.join();
  std::cerr << "waited for the parser "
            << std::chrono::duration<double, std::milli>(parser_wait).count() << " ms\n";
  AG_RETURN_IF_ERROR(loaded);
  AG_RETURN_IF_ERROR(parsed);
  AG_RETURN_IF_ERROR(loader->Finish().status());
  LoadResult out;
  out.stats = loader->stats();
  loader.reset();
  out.db = std::move(db);
  return out;
}

uint64_t DiskSize(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return 0;
  if (!fs::is_directory(p, ec)) return fs::file_size(p, ec);
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(p, ec))
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  return n;
}

// ---------------------------------------------------------------- queries
// Our text per query id. The benchmark's intervals are closed; the loader
// stored valid_to + 1 day (closed-open), so "valid_to >= d" reads "> d".
const std::map<std::string, std::string>& QueryTexts() {
  static const std::map<std::string, std::string> kTexts = {
      {"Q1",
       "MATCH (a:ArmedGroup {id: $actor})-[r]-(n)\n"
       "WHERE valid_from(r) <= $date AND (valid_to(r) IS NULL OR valid_to(r) > $date)\n"
       "RETURN DISTINCT type(r) AS type, toInteger(n.id) AS neighbour"},
      {"Q2",
       "MATCH (c:Company {id: $company})--()--(x)\n"
       "WHERE x <> c\n"
       "RETURN count(DISTINCT x) AS n"},
      {"Q3",
       "MATCH (a:Person {id: $person_a}), (b:Person {id: $person_b})\n"
       "MATCH p = shortestPath((a)-[*1..8]-(b))\n"
       "RETURN length(p) AS hops"},
      {"Q4",
       "MATCH (c:Company {id: $company})-[:HAS_ADDRESS|HAS_PHONE|HAS_EMAIL]->(i)"
       "<-[:HAS_ADDRESS|HAS_PHONE|HAS_EMAIL]-(o:Company)\n"
       "WHERE o <> c\n"
       "RETURN toInteger(o.id) AS company, count(DISTINCT i) AS shared"},
      {"Q5",
       "MATCH (c:Company {id: $company})-[:HAS_ADDRESS|HAS_PHONE|HAS_EMAIL* SHORTEST "
       "1..8]-(o:Company)\n"
       "WHERE o <> c\n"
       "RETURN DISTINCT toInteger(o.id) AS company"},
      {"Q6",
       "MATCH p = (c:Company {id: $owned})<-[:OWNS*1..6]-(o)\n"
       "WHERE NOT ()-[:OWNS]->(o)\n"
       "RETURN toInteger(o.id) AS owner, min(length(p)) AS hops"},
      {"Q7",
       "MATCH (g:ArmedGroup {id: $armed_group})-[p:PARTICIPATED_IN]->(e:Event)\n"
       "WHERE p.role = 'perpetrator'\n"
       "RETURN e.date.year AS year, e.event_type AS event_type, count(*) AS events,\n"
       "       sum(e.fatalities) AS fatalities"},
      {"Q8",
       "MATCH (f:ArmedForce {id: $armed_force})-[a:ALLIED_WITH]-(x)\n"
       "WHERE valid_from(a) <= $date_to AND (valid_to(a) IS NULL OR valid_to(a) > $date_from)\n"
       "RETURN DISTINCT toInteger(x.id) AS ally"},
      {"Q9",
       "MATCH (p:Person)-[:DIRECTS]->(c:Company)\n"
       "WITH p, count(DISTINCT c) AS k WHERE k > 1\n"
       "MATCH (p)-[:DIRECTS]->(c:Company)\n"
       "RETURN toInteger(c.id) AS company, count(DISTINCT p) AS shared\n"
       "ORDER BY shared DESC, company LIMIT 10"},
      {"Q10", "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"},
  };
  return kTexts;
}

// Parameters: node ids become our external ids (strings), dates dates.
Value ParamValue(const std::string& name, const json& v) {
  if (v.is_number_integer()) return Value(std::to_string(v.get<int64_t>()));
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (name.find("date") != std::string::npos)
      if (auto d = PartialDate::Parse(s); d.ok()) return Value(*d);
    return Value(s);
  }
  if (v.is_number_float()) return Value(v.get<double>());
  return Value();
}

Result<std::vector<std::vector<Value>>> RunOnce(query::QueryEngine& engine, const std::string& text,
                                                const query::RunOptions& ro) {
  AG_ASSIGN_OR_RETURN(auto cursor, engine.Run(text, ro));
  std::vector<std::vector<Value>> rows;
  while (true) {
    AG_ASSIGN_OR_RETURN(bool more, cursor->Next(4096, &rows));
    if (!more) break;
  }
  return rows;
}

int Fail(const Status& s) {
  std::cerr << "ag_bench_peers: " << s.ToString() << '\n';
  return 1;
}

// Prints the load's statistics (stderr) and figures (JSON lines).
void ReportLoad(const BulkLoadStats& st, double load_ms, const std::string& db_path) {
  const std::string E = "actorgraph";
  std::cerr << "loaded " << st.nodes << " nodes, " << st.relationships << " relationships, "
            << st.keys << " keys in " << load_ms << " ms (" << st.runs << " runs of "
            << (st.run_bytes >> 20) << " MiB; sort " << st.sort_ms << " ms, spill " << st.spill_ms
            << " ms, stream " << st.stream_ms << " ms; waited for spills " << st.spill_wait_ms
            << " ms, for the stream " << st.stream_wait_ms << " ms; merge+write " << st.write_ms
            << " ms in " << st.merge_ms << " ms wall, " << st.sst_files << " files; ingest "
            << st.ingest_ms << " ms)\n";
  std::cerr << "SST bytes:";
  for (const auto& [family, bytes] : st.sst_bytes_by_family)
    std::cerr << ' ' << family << '=' << bytes;
  std::cerr << '\n';
  Emit({{"engine", E}, {"metric", "load_ms"}, {"value", Round3(load_ms)}});
  Emit({{"engine", E},
        {"metric", "db_bytes"},
        {"value", DiskSize(db_path) + DiskSize(db_path + ".wal")}});
}

// `bulk_memory_mb`: the bulk loader's sort budget (AG_BULK_MEMORY_MB, as
// the CLI's --bulk-memory-mb).
int RunBenchPeers(const std::vector<std::string>& args, size_t bulk_memory_mb) {
  const fs::path data = args[0];
  const std::string db_path = args[1];
  const int reps = args.size() > 2 ? std::max(1, std::stoi(args[2])) : 5;
  const std::string E = "actorgraph";
  json schema, queries;
  try {
    schema = json::parse(std::ifstream(data / "schema.json"));
    queries = json::parse(std::ifstream(data / "queries.json"));
  } catch (const std::exception& e) {
    return Fail(Status::InvalidArgument(std::string("reading the benchmark data: ") + e.what()));
  }
  Emit({{"engine", E}, {"metric", "version"}, {"value", "actorgraph 0.1.0"}});
  // AG_REUSE=1 opens a database an earlier run left at DB_PATH instead of
  // loading again (for profiling queries; no load figures are printed then).
  std::unique_ptr<Database> db;
  if (std::getenv("AG_REUSE") && fs::exists(db_path)) {
    OpenOptions oo;
    oo.ontology_text = OntologyFromSchema(schema, IndexAll());
    auto opened = Database::Open(db_path, oo);
    if (!opened.ok()) return Fail(opened.status());
    db = std::move(*opened);
    std::cerr << "reusing the database at " << db_path << " (AG_REUSE)\n";
  } else {
    std::error_code ec;
    fs::remove_all(db_path, ec);
    fs::remove(db_path + ".wal", ec);
    const auto t0 = std::chrono::steady_clock::now();
    auto loaded = LoadPeers(data, db_path, schema, bulk_memory_mb);
    if (!loaded.ok()) return Fail(loaded.status());
    const double load_ms = Ms(std::chrono::steady_clock::now() - t0);
    db = std::move(loaded->db);
    ReportLoad(loaded->stats, load_ms, db_path);
  }

  query::QueryEngine engine(db.get());
  const auto& texts = QueryTexts();
  for (const auto& q : queries["queries"]) {
    const std::string id = q["id"];
    // AG_BENCH_ONLY=Q1,Q9 runs only those (for profiling).
    if (const char* only = std::getenv("AG_BENCH_ONLY"))
      if (("," + std::string(only) + ",").find("," + id + ",") == std::string::npos) continue;
    json line = {{"engine", E}, {"query", id}};
    auto t = texts.find(id);
    if (t == texts.end()) {
      line["error"] = "no actorgraph text for this query";
      Emit(line);
      continue;
    }
    query::RunOptions ro;
    for (auto it = q["params"].begin(); it != q["params"].end(); ++it)
      ro.params[it.key()] = ParamValue(it.key(), it.value());
    auto first = RunOnce(engine, t->second, ro);
    if (!first.ok()) {
      line["error"] = query::ToQueryError(first.status()).message;
      Emit(line);
      continue;
    }
    const std::string sum = Checksum(*first);
    std::vector<double> times, cpu_times;
    size_t rows = first->size();
    std::string error;
    for (int i = 0; i < reps; ++i) {
      const auto s = std::chrono::steady_clock::now();
      const double cpu_start = ThreadCpuMs();
      auto r = RunOnce(engine, t->second, ro);
      cpu_times.push_back(ThreadCpuMs() - cpu_start);
      times.push_back(Ms(std::chrono::steady_clock::now() - s));
      if (!r.ok()) {
        error = query::ToQueryError(r.status()).message;
        break;
      }
      if (Checksum(*r) != sum) {
        error = "results differ between runs";
        break;
      }
      rows = r->size();
    }
    if (!error.empty()) {
      line["error"] = error;
      Emit(line);
      continue;
    }
    std::sort(times.begin(), times.end());
    line["median_ms"] = Round3(Median(times));
    // CPU time of the querying thread: on a busy machine the figure to compare.
    line["cpu_median_ms"] = Round3(Median(cpu_times));
    line["min_ms"] = Round3(times.front());
    line["max_ms"] = Round3(times.back());
    line["rows"] = rows;
    line["checksum"] = sum;
    if (rows == 0) line["error"] = "empty result";
    Emit(line);
  }
  return 0;
}

}  // namespace
}  // namespace actorgraph::bench

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 2 || args[0] == "--help" || args[0] == "-h") {
    std::cerr << "usage: ag_bench_peers DATA_DIR DB_PATH [REPS]\n\n"
                 "The actorgraph runner of the peers benchmark (../shared/peers/README.md,\n"
                 "\"Runner contract\"): bulk-loads the CSVs of DATA_DIR (gen.py's output) into\n"
                 "a new database at DB_PATH, then runs every query of queries.json once to\n"
                 "warm up and REPS times (default 5), printing JSON lines on stdout.\n"
                 "AG_BENCH_ONLY=Q1,Q9 runs only those queries (for profiling);\n"
                 "AG_BULK_MEMORY_MB sets the bulk loader's sort budget (256);\n"
                 "AG_BENCH_INDEX_ALL=1 indexes every node property, the engine's default\n"
                 "(without it only the key, id, is indexed, as in the other engines);\n"
                 "AG_REUSE=1 opens the database an earlier run left at DB_PATH instead of\n"
                 "loading it again (no load figures then).\n";
    return args.size() < 2 && !(args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) ? 2
                                                                                              : 0;
  }
  size_t bulk_memory_mb = actorgraph::BulkLoadOptions::kDefaultMemoryBudget >> 20;
  if (const char* e = std::getenv("AG_BULK_MEMORY_MB"))
    if (const unsigned long long v = std::strtoull(e, nullptr, 10); v > 0) bulk_memory_mb = v;
  return actorgraph::bench::RunBenchPeers(args, bulk_memory_mb);
}
