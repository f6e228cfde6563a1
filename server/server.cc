#include "server/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/tls.h>

#include "import/importer.h"
#include "query/query_engine.h"
#include "server/guarded_stream.h"
#include "server/listener.h"
#include "server/token_auth.h"
#include "server/wire.h"
#include "server/worker_pool.h"

namespace actorgraph::server {

const char* RoleName(Role r) {
  return r == Role::kWriter ? "writer" : "reader";
}

Result<TokenTable> ParseTokens(const std::string& text) {
  TokenTable t;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::istringstream words(line);
    std::string token, role, extra;
    if (!(words >> token) || token[0] == '#') continue;
    if (!(words >> role) || (words >> extra))
      return Status::InvalidArgument("tokens line " + std::to_string(n) +
                                     ": expected 'TOKEN ROLE'");
    if (role != "reader" && role != "writer")
      return Status::InvalidArgument("tokens line " + std::to_string(n) + ": role '" + role +
                                     "' is neither reader nor writer");
    t[token] = role == "writer" ? Role::kWriter : Role::kReader;
  }
  if (t.empty()) return Status::InvalidArgument("the tokens file names no token");
  return t;
}

Result<TokenTable> ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IOError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto t = ParseTokens(ss.str());
  if (!t.ok()) return t.status().WithContext(path);
  return t;
}

std::string ServerOptions::LimitsText() const {
  auto n = [](uint64_t v, const char* unit = "") {
    return v == 0 ? std::string("none") : std::to_string(v) + unit;
  };
  return "limits: query timeout " + n(query_timeout_s, " s") + ", rows per query " + n(max_rows) +
         ", memory per query " + n(query_memory_mb, " MiB") + ", connections " +
         n(max_connections) + ", idle timeout " + n(idle_timeout_s, " s") +
         ", cursors per connection " + n(max_cursors_per_connection) +
         ", calls in flight per connection " + n(max_calls_per_connection) + ", message size " +
         n(max_message_bytes >> 20, " MiB") + " (before login " +
         n(prelogin_message_bytes >> 10, " KiB") + "), failed logins per connection " +
         n(max_failed_logins);
}

// ------------------------------------------------------------------ shared state

// A cancel flag registered with the server, so that Stop() reaches every
// running statement.
struct CancelFlag {
  std::atomic<bool> flag{false};
};

struct ServerState {
  ServerState(Database* d, const ServerOptions& o)
      : db(d), engine(d), options(o), pool(o.min_workers, o.max_workers) {
    if (options.register_procedures) options.register_procedures(engine.procedures());
    // Keep only the tokens' hashes.
    if (options.tokens) {
      auth.emplace(*options.tokens);
      options.tokens->clear();
    }
  }

  Database* db;
  query::QueryEngine engine;
  ServerOptions options;
  WorkerPool pool;
  std::atomic<int64_t> live_cursors{0}, connections{0}, rows_held{0}, peak_rows_held{0},
      failed_logins{0}, open_imports{0}, refused_connections{0}, batches{0}, waiting_for_window{0};
  std::optional<TokenAuth> auth;  // set when the server has a tokens file
  kj::Timer* timer = nullptr;     // the loop's, while Run() runs
  size_t slots = 0;               // accepted connections not yet closed (loop thread)

  std::mutex mu;  // guards flags, stopping and the log
  std::set<CancelFlag*> flags;
  bool stopping = false;

  void Log(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    if (!options.log) return;
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm;
    gmtime_r(&now, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *options.log << when << " " << line << std::endl;
  }

  std::shared_ptr<CancelFlag> NewCancelFlag() {
    auto f = std::shared_ptr<CancelFlag>(new CancelFlag, [this](CancelFlag* p) {
      std::lock_guard<std::mutex> lock(mu);
      flags.erase(p);
      delete p;
    });
    std::lock_guard<std::mutex> lock(mu);
    f->flag = stopping;
    flags.insert(f.get());
    return f;
  }

  void CancelAll() {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
    for (CancelFlag* f : flags)
      f->flag = true;
  }

  // Runs a promise to its end on the loop, detached from any call.
  kj::TaskSet* later = nullptr;  // while Run() runs
  void Later(kj::Promise<void> p) {
    if (later) later->add(kj::mv(p));
  }

  void AddRows(int64_t n) {
    const int64_t now = rows_held += n;
    int64_t peak = peak_rows_held.load();
    while (now > peak && !peak_rows_held.compare_exchange_weak(peak, now)) {
    }
  }
};

namespace {

// ------------------------------------------------------------------ one connection

// What the server knows about one connection: whether it has logged in, its
// calls and cursors, and how far its replies have been written out. Shared
// by the connection and the capabilities it serves; used on the loop thread
// only.
struct ConnState {
  ConnState(ServerState* s, std::string p) : state(s), peer(std::move(p)) {}
  ServerState* state;
  std::string peer;
  bool logged_in = false;
  uint32_t failed_logins = 0;
  bool login_pending = false;
  size_t calls = 0;    // calls in flight
  size_t cursors = 0;  // open cursors (and queries starting one)
  capnp::RpcSystem<capnp::rpc::twoparty::VatId>* rpc = nullptr;
  kj::Own<kj::PromiseFulfiller<void>> closer;  // fulfilled to close the connection

  // Back-pressure: bytes of batches built versus bytes written to the socket.
  uint64_t produced = 0, written = 0;
  std::vector<kj::Own<kj::PromiseFulfiller<void>>> waiting;  // for the window to open

  void Close(const std::string& why) {
    state->Log("closing connection from " + peer + ": " + why);
    if (closer && closer->isWaiting()) closer->fulfill();
  }

  // Counts a call in flight; a client with too many is cut off, as a client
  // that sends calls without reading the replies would be.
  void EnterCall() {
    const size_t max = state->options.max_calls_per_connection;
    if (max && calls >= max) {
      Close("more than " + std::to_string(max) + " calls in flight");
      kj::throwFatalException(KJ_EXCEPTION(OVERLOADED, "too many calls in flight"));
    }
    ++calls;
  }

  bool WindowOpen() const {
    const uint64_t w = state->options.window_bytes;
    return w == 0 || produced <= written + w;
  }
  kj::Promise<void> WaitForWindow() {
    if (WindowOpen()) return kj::READY_NOW;
    auto paf = kj::newPromiseAndFulfiller<void>();
    waiting.push_back(kj::mv(paf.fulfiller));
    ++state->waiting_for_window;
    ServerState* s = state;
    return paf.promise.attach(kj::defer([s] { --s->waiting_for_window; }));
  }
  void Produced(uint64_t bytes) { produced += bytes; }
  void Written(uint64_t bytes) {
    written += bytes;
    if (written > produced) produced = written;  // small replies earn no credit
    if (!WindowOpen()) return;
    auto w = kj::mv(waiting);
    waiting.clear();
    for (auto& f : w)
      f->fulfill();
  }
};

// Ends a call's count when the call ends (answered, failed or cancelled).
kj::Promise<void> CountCall(std::shared_ptr<ConnState> c, kj::Promise<void> p) {
  return p.attach(kj::defer([c] { --c->calls; }));
}

// A capability for a field that has nothing to hold: calls on it fail with
// `why`. Results never carry a null capability, which some implementations
// read as capability 0 (aliasing another).
template <typename T>
typename T::Client Broken(const char* why) {
  return capnp::Capability::Client(capnp::newBrokenCap(why)).castAs<T>();
}

// ------------------------------------------------------------------ plain results

// Rows of one batch with the nodes and relationships they mention, built on a
// worker and turned into a message on the loop.
struct Batch {
  ServerState* state = nullptr;
  int64_t held = 0;
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  wire::Entities entities;
  bool done = false;
  Status error;
  std::string summary;
  std::string notices;  // with the last batch

  Batch() = default;
  Batch(Batch&& o) noexcept
      : state(o.state),
        held(o.held),
        columns(std::move(o.columns)),
        rows(std::move(o.rows)),
        entities(std::move(o.entities)),
        done(o.done),
        error(std::move(o.error)),
        summary(std::move(o.summary)),
        notices(std::move(o.notices)) {
    o.held = 0;
  }
  Batch& operator=(Batch&&) = delete;
  ~Batch() {
    if (state && held) state->rows_held -= held;
  }
  void Hold(ServerState* s) {
    state = s;
    held = static_cast<int64_t>(rows.size());
    s->AddRows(held);
  }
};

void DescribeNode(const ReadView& view, NodeId id, wire::Entities* e) {
  if (e->nodes.count(id)) return;
  Node n;
  if (view.GetNode(id, &n).ok()) e->nodes.emplace(id, std::move(n));
}

void DescribeRel(const ReadView& view, RelId id, wire::Entities* e) {
  if (e->rels.count(id)) return;
  Relationship r;
  if (!view.GetRel(id, &r).ok()) return;
  for (NodeId end : {r.src, r.dst}) {
    if (e->nodes.count(end) || e->xids.count(end)) continue;
    Node n;
    if (view.GetNode(end, &n).ok()) e->xids.emplace(end, n.xid);
  }
  e->rels.emplace(id, std::move(r));
}

void Describe(const ReadView& view, const Value& v, wire::Entities* e) {
  switch (v.kind()) {
    case Value::Kind::kNode:
      DescribeNode(view, v.as_node(), e);
      break;
    case Value::Kind::kRel:
      DescribeRel(view, v.as_rel(), e);
      break;
    case Value::Kind::kPath:
      for (NodeId n : v.as_path().nodes)
        DescribeNode(view, n, e);
      for (RelId r : v.as_path().rels)
        DescribeRel(view, r, e);
      break;
    case Value::Kind::kList:
      for (const auto& x : v.as_list())
        Describe(view, x, e);
      break;
    case Value::Kind::kMap:
      for (const auto& [k, x] : v.as_map())
        Describe(view, x, e);
      break;
    default:
      break;
  }
}

void DescribeRows(const ReadView& view, Batch* b) {
  for (const auto& row : b->rows)
    for (const auto& v : row)
      Describe(view, v, &b->entities);
}

rpc::ErrorKind KindOf(const Status& s, int* line, int* column) {
  const query::QueryError e = query::ToQueryError(s);
  *line = e.line;
  *column = e.column;
  if (e.message.find("may only read") != std::string::npos) return rpc::ErrorKind::PERMISSION;
  switch (e.kind) {
    case query::ErrorKind::kSyntax:
      return rpc::ErrorKind::SYNTAX;
    case query::ErrorKind::kSemantic:
      return rpc::ErrorKind::SEMANTIC;
    case query::ErrorKind::kType:
      return rpc::ErrorKind::TYPE;
    case query::ErrorKind::kLimit:
      return rpc::ErrorKind::LIMIT;
    case query::ErrorKind::kStorage:
      return rpc::ErrorKind::STORAGE;
    default:
      return rpc::ErrorKind::RUNTIME;
  }
}

// Sets an error for a client: permission errors say so, and the server's
// database path becomes just the database's name.
void SetStatus(rpc::Error::Builder b, const Status& s, const ServerState* st) {
  int line = 0, column = 0;
  const rpc::ErrorKind kind = KindOf(s, &line, &column);
  std::string m = s.message();
  if (kind == rpc::ErrorKind::PERMISSION) {
    static const std::string kSemantic = "semantic error: ";
    if (m.rfind(kSemantic, 0) == 0) m = "permission denied: " + m.substr(kSemantic.size());
  }
  if (st) {
    const std::string dir = st->db->dir();
    const std::string name = std::filesystem::path(dir).filename().string();
    for (size_t at; !dir.empty() && (at = m.find(dir)) != std::string::npos;)
      m.replace(at, dir.size(), name);
  }
  wire::SetError(b, kind, m, line, column, s.code());
}

void SetInvalid(rpc::Error::Builder b, const std::string& message) {
  wire::SetError(b, rpc::ErrorKind::INVALID, message, 0, 0);
}

void SetRows(capnp::List<rpc::Row>::Builder out, const Batch& b) {
  for (size_t i = 0; i < b.rows.size(); ++i) {
    auto values = out[i].initValues(b.rows[i].size());
    for (size_t j = 0; j < b.rows[i].size(); ++j)
      wire::SetValue(values[j], b.rows[i][j], b.entities);
  }
}

Result<query::RunOptions> ToRunOptions(rpc::QueryOptions::Reader o,
                                       capnp::List<rpc::Entry>::Reader params) {
  query::RunOptions r;
  for (auto e : params) {
    AG_ASSIGN_OR_RETURN(Value v, wire::GetValue(e.getValue(), nullptr));
    r.params[e.getKey()] = std::move(v);
  }
  auto vt = o.getValidTime();
  if (vt.isAt()) {
    AG_ASSIGN_OR_RETURN(r.valid_at, wire::GetDate(vt.getAt()));
  } else if (vt.isPeriod()) {
    AG_ASSIGN_OR_RETURN(ValidInterval i, wire::GetInterval(vt.getPeriod()));
    r.valid_from = i.from;
    r.valid_to = i.to;
  }
  if (o.getAsOfTxn() != 0) r.system_txn = o.getAsOfTxn();
  if (o.hasMinGrade() && o.getMinGrade().size() > 0) {
    AG_ASSIGN_OR_RETURN(r.min_grade, Grade::Parse(std::string(o.getMinGrade())));
  }
  r.time_limit = std::chrono::milliseconds(o.getTimeLimitMs());
  r.row_limit = o.getRowLimit();
  return r;
}

// Runs fn on the pool; the statement's cancel flag is set when the call ends
// or is dropped (disconnect, cancelled call).
template <typename T>
kj::Promise<T> OnWorker(ServerState* s, std::shared_ptr<CancelFlag> cancel, std::function<T()> fn) {
  return s->pool.Run<T>(std::move(fn)).attach(kj::defer([cancel] { cancel->flag = true; }));
}

// ------------------------------------------------------------------ cursor

// Appends up to `max` rows to *rows, but stops once they take about
// `budget` bytes on the wire (rows stay whole; 0: no budget), so that a
// batch of big rows becomes several replies. Refuses a value nested deeper
// than a reply can carry. Returns whether more rows may follow.
Result<bool> NextBatch(query::ResultCursor* cursor, size_t max, uint64_t budget,
                       std::vector<std::vector<Value>>* rows) {
  uint64_t bytes = 0;
  size_t step = 1;  // then as many as fit the budget at the size of the rows so far
  const size_t start = rows->size();
  while (true) {
    const size_t before = rows->size();
    AG_ASSIGN_OR_RETURN(bool more, cursor->Next(step, rows));
    for (size_t i = before; i < rows->size(); ++i) {
      for (size_t j = 0; j < (*rows)[i].size(); ++j) {
        const Value& v = (*rows)[i][j];
        if (wire::WireNesting(v) > wire::kMaxValueNesting)
          return Status::InvalidArgument(
              "column " + std::to_string(j + 1) + " holds a value nested deeper than a reply " +
              "can carry (about " + std::to_string(wire::kMaxValueNesting / 3) +
              " levels of maps or " + std::to_string(wire::kMaxValueNesting / 2) + " of lists)");
        bytes += wire::WireBytes(v);
      }
    }
    const size_t got = rows->size() - start;
    if (!more || got >= max || rows->size() == before) return more;
    if (budget && bytes >= budget) return true;
    const uint64_t per_row = std::max<uint64_t>(bytes / got, 1);
    const uint64_t fits = budget ? (budget - bytes) / per_row + 1 : max;
    step = static_cast<size_t>(std::min<uint64_t>({fits, max - got, 4096}));
  }
}

struct CursorState {
  explicit CursorState(ServerState* s) : state(s), cancel(s->NewCancelFlag()) {}
  ~CursorState() { Release(); }
  // Frees the engine cursor and its snapshot, keeping the plan. Call with mu
  // held (or when no other thread can see the state).
  void Release() {
    if (cursor) plan = cursor->PlanText();
    cursor.reset();
    if (counted) --state->live_cursors;
    counted = false;
  }
  ServerState* state;
  std::shared_ptr<CancelFlag> cancel;
  std::mutex mu;  // one Next at a time
  std::unique_ptr<query::ResultCursor> cursor;
  bool counted = false;
  bool finished = false;
  std::string plan;
};

// Holds one of a connection's cursor places from the query's start until
// its cursor is dropped.
struct CursorSlot {
  explicit CursorSlot(std::shared_ptr<ConnState> c) : conn(std::move(c)) { ++conn->cursors; }
  ~CursorSlot() { --conn->cursors; }
  std::shared_ptr<ConnState> conn;
};

class CursorImpl final : public rpc::Cursor::Server {
 public:
  CursorImpl(std::shared_ptr<CursorState> c, std::shared_ptr<CursorSlot> slot)
      : c_(std::move(c)), slot_(std::move(slot)) {}
  ~CursorImpl() { c_->cancel->flag = true; }  // a running Next stops; the worker frees the rest

  kj::Promise<void> next(NextContext context) override {
    context.allowCancellation();
    auto conn = slot_->conn;
    conn->EnterCall();
    // One batch at a time per cursor, built only when asked and only while
    // the connection's unsent replies are under the window: a client that
    // does not read makes the server wait, not buffer.
    auto turn = kj::newPromiseAndFulfiller<void>();
    auto previous = kj::mv(tail_);
    tail_ = kj::mv(turn.promise);
    auto c = c_;
    auto answered = std::make_shared<bool>(false);
    ServerState* s = c_->state;
    const size_t max = std::clamp<size_t>(context.getParams().getMax(), 1, s->options.max_batch);
    auto work = previous.then([conn]() { return conn->WaitForWindow(); })
                    .then([c, max, s]() {
                      const uint64_t budget = s->options.batch_bytes;
                      return s->pool.Run<Batch>([c, max, budget]() {
                        Batch b;
                        std::lock_guard<std::mutex> lock(c->mu);
                        if (c->finished || !c->cursor) {
                          b.done = true;
                          return b;
                        }
                        if (c->cancel->flag) {
                          // Dropped while waiting for a worker: free the snapshot, run nothing.
                          b.error = Status::Cancelled("the query was cancelled");
                          c->finished = true;
                          c->Release();
                          return b;
                        }
                        auto more = NextBatch(c->cursor.get(), max, budget, &b.rows);
                        if (!more.ok()) {
                          b.error = more.status();
                          b.rows.clear();
                        } else {
                          b.done = !*more;
                          DescribeRows(c->cursor->view(), &b);
                        }
                        b.Hold(c->state);
                        if (b.done) b.notices = c->cursor->Notices();
                        if (b.done || !b.error.ok()) {
                          // Complete: free the snapshot now, keep the plan for `plan`.
                          c->finished = true;
                          c->Release();
                        }
                        return b;
                      });
                    })
                    .then([context, conn, s, answered](Batch b) mutable {
                      *answered = true;
                      auto r = context.getResults();
                      if (!b.error.ok()) {
                        SetStatus(r.initError(), b.error, s);
                        r.setDone(true);
                        return;
                      }
                      SetRows(r.initRows(b.rows.size()), b);
                      r.setDone(b.done);
                      if (!b.notices.empty()) r.setNotices(b.notices);
                      conn->Produced(r.totalSize().wordCount * 8);
                      ++s->batches;
                    })
                    .attach(kj::defer([c, answered, f = kj::mv(turn.fulfiller)]() mutable {
                      // Cancelled before the reply (disconnect, dropped call): stop the query.
                      if (!*answered) c->cancel->flag = true;
                      f->fulfill();
                    }));
    return CountCall(conn, kj::mv(work));
  }

  kj::Promise<void> plan(PlanContext context) override {
    context.allowCancellation();
    slot_->conn->EnterCall();
    auto c = c_;
    return CountCall(slot_->conn, c_->state->pool
                                      .Run<std::string>([c]() {
                                        std::lock_guard<std::mutex> lock(c->mu);
                                        return c->cursor ? c->cursor->PlanText() : c->plan;
                                      })
                                      .then([context](std::string text) mutable {
                                        context.getResults().setText(text);
                                      }));
  }

 private:
  std::shared_ptr<CursorState> c_;
  std::shared_ptr<CursorSlot> slot_;
  kj::Promise<void> tail_ = kj::READY_NOW;  // the last next() call's turn
};

// ------------------------------------------------------------------ import

struct ImportState {
  ServerState* state;
  std::string format;
  ImportOptions options;
  std::filesystem::path dir;
  std::vector<std::string> files;
  std::ofstream out;
  bool committed = false;

  explicit ImportState(ServerState* s) : state(s) { ++state->open_imports; }
  ~ImportState() {
    out.close();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    --state->open_imports;
  }
};

struct ImportOutcome {
  Status status;
  ImportReport report;
  std::string rejects;
};

class ImportSinkImpl final : public rpc::ImportSink::Server {
 public:
  explicit ImportSinkImpl(std::shared_ptr<ImportState> s) : s_(std::move(s)) {}

  kj::Promise<void> file(FileContext context) override {
    KJ_REQUIRE(!s_->committed, "the import is committed");
    std::string name =
        std::filesystem::path(std::string(context.getParams().getName())).filename().string();
    KJ_REQUIRE(!name.empty() && name != "." && name != "..", "a file needs a name");
    s_->out.close();
    const auto sub = s_->dir / std::to_string(s_->files.size());
    std::filesystem::create_directories(sub);
    s_->files.push_back((sub / name).string());
    s_->out.open(s_->files.back(), std::ios::binary);
    KJ_REQUIRE(s_->out.good(), "cannot buffer the import on the server");
    return kj::READY_NOW;
  }

  kj::Promise<void> chunk(ChunkContext context) override {
    KJ_REQUIRE(!s_->committed, "the import is committed");
    KJ_REQUIRE(s_->out.is_open(), "send file(name) before its chunks");
    auto data = context.getParams().getData();
    s_->out.write(reinterpret_cast<const char*>(data.begin()),
                  static_cast<std::streamsize>(data.size()));
    KJ_REQUIRE(s_->out.good(), "cannot buffer the import on the server (disk full?)");
    return kj::READY_NOW;
  }

  kj::Promise<void> commit(CommitContext context) override {
    KJ_REQUIRE(!s_->committed, "the import is committed already");
    s_->committed = true;
    s_->out.close();
    auto s = s_;
    return s->state->pool
        .Run<ImportOutcome>([s]() {
          ImportOutcome o;
          if (s->files.empty()) {
            o.status = Status::InvalidArgument("the import sent no file");
            return o;
          }
          o.status = RunImport(s->state->db, s->format, s->files, s->options, &o.report);
          if (!o.report.reject_path.empty()) {
            std::ifstream in(o.report.reject_path, std::ios::binary);
            std::string buf(8u << 20, '\0');
            in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
            buf.resize(static_cast<size_t>(in.gcount()));
            o.rejects = std::move(buf);
          }
          return o;
        })
        .then([context, s](ImportOutcome o) mutable {
          auto r = context.getResults();
          if (!o.status.ok()) SetStatus(r.initError(), o.status, s->state);
          auto sum = r.initSummary();
          sum.setRecords(o.report.records);
          sum.setImported(o.report.imported);
          sum.setRejected(o.report.rejected);
          sum.setTxn(o.status.ok() ? o.report.txn : 0);
          sum.setSeconds(o.report.seconds);
          auto w = sum.initWarnings(o.report.warnings.size());
          for (size_t i = 0; i < o.report.warnings.size(); ++i)
            w.set(i, o.report.warnings[i]);
          auto counts = [](rpc::WriteCounts::Builder b, const WriteCounts& c) {
            b.setCreated(c.created);
            b.setUpdated(c.updated);
            b.setUnchanged(c.unchanged);
            b.setDeleted(c.deleted);
          };
          counts(sum.initNodes(), o.report.nodes);
          counts(sum.initRelationships(), o.report.rels);
          counts(sum.initClaims(), o.report.claims);
          if (!o.rejects.empty())
            sum.setRejects(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(o.rejects.data()),
                                               o.rejects.size()));
        });
  }

 private:
  std::shared_ptr<ImportState> s_;
};

// ------------------------------------------------------------------ sessions

// The server's caps on a client's limits.
void ApplyCaps(const ServerOptions& o, query::RunOptions* r) {
  if (o.query_timeout_s) {
    const std::chrono::milliseconds cap(uint64_t(o.query_timeout_s) * 1000);
    if (r->time_limit.count() == 0 || r->time_limit > cap) r->time_limit = cap;
  }
  if (o.max_rows && (r->row_limit == 0 || r->row_limit > o.max_rows)) r->row_limit = o.max_rows;
  r->memory_limit = o.query_memory_mb << 20;
}

template <typename Base>
class SessionImpl : public Base {
 public:
  SessionImpl(ServerState* s, Role role, std::shared_ptr<ConnState> conn)
      : s_(s), role_(role), conn_(std::move(conn)) {}

  kj::Promise<void> query(rpc::Reader::Server::QueryContext context) override {
    context.allowCancellation();
    auto p = context.getParams();
    auto options = ToRunOptions(p.getOptions(), p.getParams());
    if (!options.ok()) {
      SetInvalid(context.getResults().initError(), options.status().message());
      context.getResults().setCursor(Broken<rpc::Cursor>("the query did not start"));
      return kj::READY_NOW;
    }
    const size_t max_cursors = s_->options.max_cursors_per_connection;
    if (max_cursors && conn_->cursors >= max_cursors) {
      wire::SetError(context.getResults().initError(), rpc::ErrorKind::LIMIT,
                     "this connection has " + std::to_string(conn_->cursors) +
                         " open cursors, the most the server allows; drop one first",
                     0, 0, Status::Code::kCancelled);
      context.getResults().setCursor(Broken<rpc::Cursor>("the query did not start"));
      return kj::READY_NOW;
    }
    conn_->EnterCall();
    ApplyCaps(s_->options, &*options);
    options->read_only = true;
    auto c = std::make_shared<CursorState>(s_);
    auto slot = std::make_shared<CursorSlot>(conn_);
    options->cancel = &c->cancel->flag;
    std::string text = p.getText();
    auto answered = std::make_shared<bool>(false);
    ServerState* st = s_;
    return CountCall(conn_, s_->pool
                                .Run<Status>([c, text, opts = *options]() {
                                  // Dropped while waiting for a worker: start nothing.
                                  if (c->cancel->flag)
                                    return Status::Cancelled("the query was cancelled");
                                  auto cursor = c->state->engine.Run(text, opts);
                                  if (!cursor.ok()) return cursor.status();
                                  c->cursor = std::move(*cursor);
                                  c->counted = true;
                                  ++c->state->live_cursors;
                                  return Status::OK();
                                })
                                .then([context, c, slot, answered, st](Status s) mutable {
                                  *answered = true;
                                  auto r = context.getResults();
                                  if (!s.ok()) {
                                    SetStatus(r.initError(), s, st);
                                    r.setCursor(Broken<rpc::Cursor>("the query failed"));
                                    return;
                                  }
                                  const auto& cols = c->cursor->columns();
                                  auto cb = r.initColumns(cols.size());
                                  for (size_t i = 0; i < cols.size(); ++i)
                                    cb.set(i, cols[i]);
                                  r.setCursor(kj::heap<CursorImpl>(c, slot));
                                })
                                .attach(kj::defer([c, answered] {
                                  // Cancelled before the reply (disconnect): stop the work.
                                  if (!*answered) c->cancel->flag = true;
                                })));
  }

  kj::Promise<void> explain(rpc::Reader::Server::ExplainContext context) override {
    context.allowCancellation();
    auto p = context.getParams();
    auto options = ToRunOptions(rpc::QueryOptions::Reader(), p.getParams());
    if (!options.ok()) {
      SetInvalid(context.getResults().initError(), options.status().message());
      return kj::READY_NOW;
    }
    conn_->EnterCall();
    ApplyCaps(s_->options, &*options);
    options->read_only = false;  // EXPLAIN runs nothing
    std::string text = "EXPLAIN " + std::string(p.getText());
    auto cancel = s_->NewCancelFlag();
    options->cancel = &cancel->flag;
    ServerState* s = s_;
    return CountCall(
        conn_, OnWorker<Result<std::string>>(s, cancel,
                                             [s, text, opts = *options]() -> Result<std::string> {
                                               auto cursor = s->engine.Run(text, opts);
                                               if (!cursor.ok()) return cursor.status();
                                               return (*cursor)->PlanText();
                                             })
                   .then([context, s](Result<std::string> plan) mutable {
                     auto r = context.getResults();
                     if (!plan.ok())
                       SetStatus(r.initError(), plan.status(), s);
                     else
                       r.setPlan(*plan);
                   }));
  }

  kj::Promise<void> stats(rpc::Reader::Server::StatsContext context) override {
    context.allowCancellation();
    conn_->EnterCall();
    ServerState* s = s_;
    const bool writer = role_ == Role::kWriter;
    return CountCall(
        conn_, s_->pool.Run<Result<DatabaseStats>>([s]() { return s->db->Stats(); })
                   .then([context, s, writer](Result<DatabaseStats> st) mutable {
                     auto r = context.getResults();
                     if (!st.ok()) {
                       SetStatus(r.initError(), st.status(), s);
                       return;
                     }
                     auto b = r.initStats();
                     b.setNodes(st->nodes);
                     b.setRelationships(st->relationships);
                     b.setClaims(st->claims);
                     b.setLastTxn(st->last_txn);
                     b.setDiskBytes(st->disk_bytes);
                     // Readers learn the database's name, not where it lies on the server.
                     b.setDatabase(writer
                                       ? s->db->dir()
                                       : std::filesystem::path(s->db->dir()).filename().string());
                     auto counts = [](capnp::List<rpc::Count>::Builder l, const auto& v) {
                       for (size_t i = 0; i < v.size(); ++i) {
                         l[i].setName(v[i].first);
                         l[i].setCount(v[i].second);
                       }
                     };
                     counts(b.initNodesPerLabel(st->nodes_per_label.size()), st->nodes_per_label);
                     counts(b.initRelsPerType(st->rels_per_type.size()), st->rels_per_type);
                   }));
  }

  kj::Promise<void> role(rpc::Reader::Server::RoleContext context) override {
    context.getResults().setRole(RoleName(role_));
    return kj::READY_NOW;
  }

 protected:
  ServerState* s_;
  Role role_;
  std::shared_ptr<ConnState> conn_;
};

using ReaderImpl = SessionImpl<rpc::Reader::Server>;

class WriterImpl final : public SessionImpl<rpc::Writer::Server> {
 public:
  WriterImpl(ServerState* s, std::shared_ptr<ConnState> conn)
      : SessionImpl(s, Role::kWriter, std::move(conn)) {}

  kj::Promise<void> write(WriteContext context) override {
    // Cancellable: a writer that disconnects before the reply has no
    // acknowledgement, and the statement stops (rolled back) at its next check.
    context.allowCancellation();
    auto p = context.getParams();
    auto options = ToRunOptions(p.getOptions(), p.getParams());
    if (!options.ok()) {
      SetInvalid(context.getResults().initError(), options.status().message());
      return kj::READY_NOW;
    }
    conn_->EnterCall();
    ApplyCaps(s_->options, &*options);
    auto cancel = s_->NewCancelFlag();
    options->cancel = &cancel->flag;
    std::string text = p.getText();
    ServerState* s = s_;
    return CountCall(conn_, OnWorker<Batch>(s, cancel, [s, text, opts = *options]() {
                              Batch b;
                              auto cursor = s->engine.Run(text, opts);
                              if (!cursor.ok()) {
                                b.error = cursor.status();
                                return b;
                              }
                              b.columns = (*cursor)->columns();
                              while (true) {
                                auto more = (*cursor)->Next(s->options.max_batch, &b.rows);
                                if (!more.ok()) {
                                  b.error = more.status();
                                  return b;
                                }
                                if (!*more) break;
                              }
                              DescribeRows((*cursor)->view(), &b);
                              b.summary = (*cursor)->WriteSummary();
                              b.Hold(s);
                              return b;
                            }).then([context, s](Batch b) mutable {
      auto r = context.getResults();
      if (!b.error.ok()) {
        SetStatus(r.initError(), b.error, s);
        return;
      }
      auto cols = r.initColumns(b.columns.size());
      for (size_t i = 0; i < b.columns.size(); ++i)
        cols.set(i, b.columns[i]);
      SetRows(r.initRows(b.rows.size()), b);
      r.setSummary(b.summary);
    }));
  }

  kj::Promise<void> import(ImportContext context) override {
    auto p = context.getParams();
    auto r = context.getResults();
    auto st = std::make_shared<ImportState>(s_);
    st->format = p.getFormat();
    std::string error;
    if (!MakeImporter(st->format, &error)) {
      SetInvalid(r.initError(), error);
      r.setSink(Broken<rpc::ImportSink>("the import did not start"));
      return kj::READY_NOW;
    }
    st->options.spill_entities = st->state->options.import_spill_entities;
    for (auto o : p.getOptions()) {
      const std::string name = o.getName(), value = o.getValue();
      if (name == "sourceGrade") {
        auto g = Grade::Parse(value);
        if (!g.ok()) {
          SetInvalid(r.initError(), "sourceGrade: " + g.status().message());
          r.setSink(Broken<rpc::ImportSink>("the import did not start"));
          return kj::READY_NOW;
        }
        st->options.grade = *g;
      } else if (name == "onError" && (value == "abort" || value == "skip")) {
        st->options.on_error = value == "skip" ? OnError::kSkip : OnError::kAbort;
      } else if (name == "encoding" &&
                 (value == "auto" || value == "utf-8" || value == "latin-1")) {
        st->options.encoding = value == "auto"    ? Encoding::kAuto
                               : value == "utf-8" ? Encoding::kUtf8
                                                  : Encoding::kLatin1;
      } else if (name == "dryRun" && (value == "true" || value == "false")) {
        st->options.dry_run = value == "true";
      } else if (name == "published") {  // the list version's date (import/list_versions.h)
        auto d = PartialDate::Parse(value);
        if (!d.ok()) {
          SetInvalid(r.initError(), "published: " + d.status().message());
          r.setSink(Broken<rpc::ImportSink>("the import did not start"));
          return kj::READY_NOW;
        }
        st->options.published = *d;
      } else {
        SetInvalid(r.initError(), "unknown import option " + name + "=" + value);
        r.setSink(Broken<rpc::ImportSink>("the import did not start"));
        return kj::READY_NOW;
      }
    }
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "actorgraph-import-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      SetStatus(r.initError(), Status::IOError("cannot create a temporary directory"), s_);
      r.setSink(Broken<rpc::ImportSink>("the import did not start"));
      return kj::READY_NOW;
    }
    st->dir = tmpl;
    r.setSink(kj::heap<ImportSinkImpl>(st));
    return kj::READY_NOW;
  }
};

// ------------------------------------------------------------------ gateway

class GatewayImpl final : public rpc::Gateway::Server {
 public:
  GatewayImpl(ServerState* s, std::shared_ptr<ConnState> conn) : s_(s), conn_(std::move(conn)) {}

  kj::Promise<void> login(LoginContext context) override {
    // One login at a time per connection, so the delay after a failure
    // cannot be sidestepped by sending many at once.
    if (conn_->login_pending) {
      conn_->Close("a second login while one is pending");
      return KJ_EXCEPTION(FAILED, "one login at a time");
    }
    const std::string token = context.getParams().getToken();
    Role role = Role::kWriter;
    if (s_->auth) {
      auto found = s_->auth->Check(token);
      if (!found) return Failed();
      role = *found;
    }
    auto r = context.getResults();
    r.setRole(RoleName(role));
    if (role == Role::kWriter) {
      rpc::Writer::Client w = kj::heap<WriterImpl>(s_, conn_);
      r.setReader(w);
      r.setWriter(w);
    } else {
      r.setReader(kj::heap<ReaderImpl>(s_, role, conn_));
      r.setWriter(Broken<rpc::Writer>("this session may only read (a reader token)"));
    }
    if (!conn_->logged_in && conn_->rpc)
      conn_->rpc->setFlowLimit(std::max<size_t>(s_->options.flow_limit_bytes / 8, 1024));
    conn_->logged_in = true;
    s_->Log("login from " + conn_->peer + " as " + RoleName(role));
    return kj::READY_NOW;
  }

 private:
  // A wrong token: the answer waits, longer after each failure on this
  // connection, and the connection closes after the last one allowed.
  kj::Promise<void> Failed() {
    ++s_->failed_logins;
    const uint32_t n = ++conn_->failed_logins;
    s_->Log("failed login from " + conn_->peer + ": unknown token (" + std::to_string(n) +
            " on this connection)");
    const uint64_t delay_ms = uint64_t(s_->options.login_delay_ms) << std::min<uint32_t>(n - 1, 5);
    conn_->login_pending = true;
    auto conn = conn_;
    const uint32_t max = s_->options.max_failed_logins;
    return s_->timer->afterDelay(delay_ms * kj::MILLISECONDS)
        .then([conn, n, max]() -> kj::Promise<void> {
          conn->login_pending = false;
          if (max && n >= max) {
            // Let the reply go out first, then close.
            auto* timer = conn->state->timer;
            conn->state->Later(timer->afterDelay(100 * kj::MILLISECONDS).then([conn, n]() {
              conn->Close(std::to_string(n) + " failed logins");
            }));
          }
          return KJ_EXCEPTION(FAILED, "invalid token");
        });
  }

  ServerState* s_;
  std::shared_ptr<ConnState> conn_;
};

// ------------------------------------------------------------------ connections

struct Connection {
  Connection(ServerState* s, kj::Own<kj::AsyncIoStream> raw, const std::string& peer)
      : state(s),
        conn(std::make_shared<ConnState>(s, peer)),
        stream(kj::mv(raw), *s->timer, MessageLimit(conn),
               [c = conn](uint64_t n) { c->Written(n); }),
        // The reader's traversal limit also caps replies (the network sends no
        // more than it would read); incoming messages are held to
        // max_message_bytes (less before login) by the GuardedStream.
        network(stream, capnp::rpc::twoparty::Side::SERVER, wire::MessageReaderOptions()),
        rpc(capnp::makeRpcServer(network, rpc::Gateway::Client(kj::heap<GatewayImpl>(s, conn)))) {
    // Before login a peer may have little unanswered (it can only log in).
    rpc.setFlowLimit(std::max<size_t>(s->options.prelogin_message_bytes / 8, 1024));
    conn->rpc = &rpc;
    ++state->connections;
  }
  ~Connection() {
    conn->rpc = nullptr;
    --state->connections;
  }
  static std::function<uint64_t()> MessageLimit(std::shared_ptr<ConnState> c) {
    return [c]() {
      const auto& o = c->state->options;
      return c->logged_in ? o.max_message_bytes : o.prelogin_message_bytes;
    };
  }
  ServerState* state;
  std::shared_ptr<ConnState> conn;
  GuardedStream stream;
  capnp::TwoPartyVatNetwork network;
  capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc;
};

// Resolves when the connection has sent nothing for the idle timeout while
// no call of it is running.
kj::Promise<void> IdleTimeout(ServerState* s, Connection* c) {
  const kj::Duration idle = int64_t(s->options.idle_timeout_s) * kj::SECONDS;
  const kj::Duration step = 1 * kj::SECONDS;
  const kj::TimePoint due = c->stream.last_read() + idle;
  const kj::TimePoint now = s->timer->now();
  if (now >= due && c->conn->calls == 0) {
    s->Log("closing connection from " + c->conn->peer + ": idle for " +
           std::to_string(s->options.idle_timeout_s) + " s");
    return kj::READY_NOW;
  }
  return s->timer->atTime(std::max(due, now + (idle < step ? idle : step))).then([s, c]() {
    return IdleTimeout(s, c);
  });
}

kj::Promise<void> Serve(ServerState* s, kj::Own<kj::AsyncIoStream> stream, std::string peer) {
  auto conn = kj::heap<Connection>(s, kj::mv(stream), peer);
  auto close = kj::newPromiseAndFulfiller<void>();
  conn->conn->closer = kj::mv(close.fulfiller);
  auto done = conn->network.onDisconnect().exclusiveJoin(kj::mv(close.promise));
  if (s->options.idle_timeout_s) done = done.exclusiveJoin(IdleTimeout(s, conn.get()));
  return done.attach(kj::mv(conn)).then([s, peer]() { s->Log("closed connection from " + peer); });
}

kj::Promise<void> AcceptLoop(ServerState* s, kj::ConnectionReceiver& listener, kj::TaskSet& tasks,
                             kj::TlsContext* tls) {
  return listener.accept().then([s, &listener, &tasks, tls](kj::Own<kj::AsyncIoStream> stream) {
    bool local = false;
    std::string peer = PeerName(*stream, &local);
    if (auto why = RefuseReason(s->options.tokens.has_value(), local, s->options.max_connections,
                                s->slots)) {
      ++s->refused_connections;
      s->Log("refused connection from " + peer + ": " + *why);
    } else {
      s->Log("connection from " + peer + (tls ? " (TLS)" : ""));
      ++s->slots;
      auto slot = kj::defer([s] { --s->slots; });
      if (tls) {
        tasks.add(tls->wrapServer(kj::mv(stream))
                      .then([s, peer](kj::Own<kj::AsyncIoStream> secure) {
                        return Serve(s, kj::mv(secure), peer);
                      })
                      .attach(kj::mv(slot)));
      } else {
        tasks.add(Serve(s, kj::mv(stream), peer).attach(kj::mv(slot)));
      }
    }
    return AcceptLoop(s, listener, tasks, tls);
  });
}

}  // namespace

// ------------------------------------------------------------------ Server

Server::Server(Database* db, ServerOptions options)
    : db_(db), options_(std::move(options)), state_(std::make_shared<ServerState>(db, options_)) {}

Server::~Server() {
  state_->pool.Shutdown();
}

void Server::Stop() {
  stop_.Stop();
}

WorkerPool& Server::pool() {
  return state_->pool;
}

query::QueryEngine& Server::engine() {
  return state_->engine;
}

ServerCounters Server::counters() const {
  ServerCounters c;
  // live_cursors before connections: a test relies on the order (a closing
  // connection is uncounted before its cursors are freed).
  c.live_cursors = state_->live_cursors;
  c.connections = state_->connections;
  c.rows_held = state_->rows_held;
  c.peak_rows_held = state_->peak_rows_held;
  c.failed_logins = state_->failed_logins;
  c.open_imports = state_->open_imports;
  c.refused_connections = state_->refused_connections;
  c.batches = state_->batches;
  c.waiting_for_window = state_->waiting_for_window;
  c.running = static_cast<int64_t>(state_->pool.pending());
  return c;
}

Status Server::Run(std::function<void(const std::string&)> on_listening) {
  Status status = CheckTransportSecurity(options_.listen, options_.tls_cert, options_.tls_key,
                                         options_.insecure, "listening",
                                         [this](const std::string& line) { state_->Log(line); });
  if (!status.ok()) return status;
  try {
    auto io = kj::setupAsyncIo();
    auto stop = kj::newPromiseAndCrossThreadFulfiller<void>();
    if (!stop_.Arm(stop.fulfiller.get())) return Status::OK();
    KJ_DEFER(stop_.Disarm());

    ServerTls server_tls;
    if (Status e = MakeServerTls(options_.tls_cert, options_.tls_key, io.provider->getTimer(),
                                 &server_tls);
        !e.ok())
      return e;
    kj::TlsContext* tls = server_tls.context.get();

    state_->timer = &io.provider->getTimer();
    KJ_DEFER(state_->timer = nullptr);
    auto addr = io.provider->getNetwork().parseAddress(options_.listen, 7687).wait(io.waitScope);
    auto listener = addr->listen();
    const std::string bound = BoundAddress(options_.listen, listener->getPort());
    state_->Log("listening on " + bound + (tls ? " (TLS)" : ""));
    state_->Log(options_.LimitsText());
    if (on_listening) on_listening(bound);

    LogTaskErrors errors([s = state_.get()](const std::string& line) { s->Log(line); });
    auto tasks = kj::heap<kj::TaskSet>(errors);
    state_->later = tasks.get();
    AcceptLoop(state_.get(), *listener, *tasks, tls)
        .exclusiveJoin(kj::mv(stop.promise))
        .wait(io.waitScope);

    state_->Log("stopping: cancelling running queries and closing connections");
    state_->CancelAll();
    state_->later = nullptr;
    tasks = nullptr;          // closes every connection: cursors and sinks go
    state_->pool.Shutdown();  // waits for running work (cancelled) to end
    state_->Log("stopped");
  } catch (const kj::Exception& e) {
    state_->CancelAll();
    state_->pool.Shutdown();
    status = Status::IOError(std::string("server: ") + e.getDescription().cStr());
  }
  return status;
}

}  // namespace actorgraph::server
