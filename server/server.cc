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
  }

  Database* db;
  query::QueryEngine engine;
  ServerOptions options;
  WorkerPool pool;
  std::atomic<int64_t> live_cursors{0}, connections{0}, rows_held{0}, peak_rows_held{0},
      failed_logins{0}, open_imports{0};

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

  void AddRows(int64_t n) {
    const int64_t now = rows_held += n;
    int64_t peak = peak_rows_held.load();
    while (now > peak && !peak_rows_held.compare_exchange_weak(peak, now)) {
    }
  }
};

namespace {

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

  Batch() = default;
  Batch(Batch&& o) noexcept
      : state(o.state),
        held(o.held),
        columns(std::move(o.columns)),
        rows(std::move(o.rows)),
        entities(std::move(o.entities)),
        done(o.done),
        error(std::move(o.error)),
        summary(std::move(o.summary)) {
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

void SetStatus(rpc::Error::Builder b, const Status& s) {
  int line = 0, column = 0;
  const rpc::ErrorKind kind = KindOf(s, &line, &column);
  wire::SetError(b, kind, s.message(), line, column, s.code());
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

class CursorImpl final : public rpc::Cursor::Server {
 public:
  explicit CursorImpl(std::shared_ptr<CursorState> c) : c_(std::move(c)) {}
  ~CursorImpl() { c_->cancel->flag = true; }  // a running Next stops; the worker frees the rest

  kj::Promise<void> next(NextContext context) override {
    ServerState* s = c_->state;
    const size_t max = std::clamp<size_t>(context.getParams().getMax(), 1, s->options.max_batch);
    auto c = c_;
    return s->pool
        .Run<Batch>([c, max]() {
          Batch b;
          std::lock_guard<std::mutex> lock(c->mu);
          if (c->finished || !c->cursor) {
            b.done = true;
            return b;
          }
          auto more = c->cursor->Next(max, &b.rows);
          if (!more.ok()) {
            b.error = more.status();
            b.rows.clear();
          } else {
            b.done = !*more;
            DescribeRows(c->cursor->view(), &b);
          }
          b.Hold(c->state);
          if (b.done || !b.error.ok()) {
            // Complete: free the snapshot now, keep the plan for `plan`.
            c->finished = true;
            c->Release();
          }
          return b;
        })
        .then([context](Batch b) mutable {
          auto r = context.getResults();
          if (!b.error.ok()) {
            SetStatus(r.initError(), b.error);
            r.setDone(true);
            return;
          }
          SetRows(r.initRows(b.rows.size()), b);
          r.setDone(b.done);
        });
  }

  kj::Promise<void> plan(PlanContext context) override {
    auto c = c_;
    return c_->state->pool
        .Run<std::string>([c]() {
          std::lock_guard<std::mutex> lock(c->mu);
          return c->cursor ? c->cursor->PlanText() : c->plan;
        })
        .then([context](std::string text) mutable { context.getResults().setText(text); });
  }

 private:
  std::shared_ptr<CursorState> c_;
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
        .then([context](ImportOutcome o) mutable {
          auto r = context.getResults();
          if (!o.status.ok()) SetStatus(r.initError(), o.status);
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

template <typename Base>
class SessionImpl : public Base {
 public:
  SessionImpl(ServerState* s, Role role) : s_(s), role_(role) {}

  kj::Promise<void> query(rpc::Reader::Server::QueryContext context) override {
    auto p = context.getParams();
    auto options = ToRunOptions(p.getOptions(), p.getParams());
    if (!options.ok()) {
      SetInvalid(context.getResults().initError(), options.status().message());
      return kj::READY_NOW;
    }
    options->read_only = true;
    auto c = std::make_shared<CursorState>(s_);
    options->cancel = &c->cancel->flag;
    std::string text = p.getText();
    auto answered = std::make_shared<bool>(false);
    return s_->pool
        .Run<Status>([c, text, opts = *options]() {
          auto cursor = c->state->engine.Run(text, opts);
          if (!cursor.ok()) return cursor.status();
          c->cursor = std::move(*cursor);
          c->counted = true;
          ++c->state->live_cursors;
          return Status::OK();
        })
        .then([context, c, answered](Status s) mutable {
          *answered = true;
          auto r = context.getResults();
          if (!s.ok()) {
            SetStatus(r.initError(), s);
            return;
          }
          const auto& cols = c->cursor->columns();
          auto cb = r.initColumns(cols.size());
          for (size_t i = 0; i < cols.size(); ++i)
            cb.set(i, cols[i]);
          r.setCursor(kj::heap<CursorImpl>(c));
        })
        .attach(kj::defer([c, answered] {
          // Dropped before the reply (disconnect): stop the start-up work.
          if (!*answered) c->cancel->flag = true;
        }));
  }

  kj::Promise<void> explain(rpc::Reader::Server::ExplainContext context) override {
    auto p = context.getParams();
    auto options = ToRunOptions(rpc::QueryOptions::Reader(), p.getParams());
    if (!options.ok()) {
      SetInvalid(context.getResults().initError(), options.status().message());
      return kj::READY_NOW;
    }
    options->read_only = false;  // EXPLAIN runs nothing
    std::string text = "EXPLAIN " + std::string(p.getText());
    auto cancel = s_->NewCancelFlag();
    options->cancel = &cancel->flag;
    ServerState* s = s_;
    return OnWorker<Result<std::string>>(s, cancel,
                                         [s, text, opts = *options]() -> Result<std::string> {
                                           auto cursor = s->engine.Run(text, opts);
                                           if (!cursor.ok()) return cursor.status();
                                           return (*cursor)->PlanText();
                                         })
        .then([context](Result<std::string> plan) mutable {
          auto r = context.getResults();
          if (!plan.ok())
            SetStatus(r.initError(), plan.status());
          else
            r.setPlan(*plan);
        });
  }

  kj::Promise<void> stats(rpc::Reader::Server::StatsContext context) override {
    ServerState* s = s_;
    return s_->pool.Run<Result<DatabaseStats>>([s]() { return s->db->Stats(); })
        .then([context, s](Result<DatabaseStats> st) mutable {
          auto r = context.getResults();
          if (!st.ok()) {
            SetStatus(r.initError(), st.status());
            return;
          }
          auto b = r.initStats();
          b.setNodes(st->nodes);
          b.setRelationships(st->relationships);
          b.setClaims(st->claims);
          b.setLastTxn(st->last_txn);
          b.setDiskBytes(st->disk_bytes);
          b.setDatabase(s->db->dir());
          auto counts = [](capnp::List<rpc::Count>::Builder l, const auto& v) {
            for (size_t i = 0; i < v.size(); ++i) {
              l[i].setName(v[i].first);
              l[i].setCount(v[i].second);
            }
          };
          counts(b.initNodesPerLabel(st->nodes_per_label.size()), st->nodes_per_label);
          counts(b.initRelsPerType(st->rels_per_type.size()), st->rels_per_type);
        });
  }

  kj::Promise<void> role(rpc::Reader::Server::RoleContext context) override {
    context.getResults().setRole(RoleName(role_));
    return kj::READY_NOW;
  }

 protected:
  ServerState* s_;
  Role role_;
};

using ReaderImpl = SessionImpl<rpc::Reader::Server>;

class WriterImpl final : public SessionImpl<rpc::Writer::Server> {
 public:
  explicit WriterImpl(ServerState* s) : SessionImpl(s, Role::kWriter) {}

  kj::Promise<void> write(WriteContext context) override {
    auto p = context.getParams();
    auto options = ToRunOptions(p.getOptions(), p.getParams());
    if (!options.ok()) {
      SetInvalid(context.getResults().initError(), options.status().message());
      return kj::READY_NOW;
    }
    auto cancel = s_->NewCancelFlag();
    options->cancel = &cancel->flag;
    std::string text = p.getText();
    ServerState* s = s_;
    return OnWorker<Batch>(s, cancel,
                           [s, text, opts = *options]() {
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
                           })
        .then([context](Batch b) mutable {
          auto r = context.getResults();
          if (!b.error.ok()) {
            SetStatus(r.initError(), b.error);
            return;
          }
          auto cols = r.initColumns(b.columns.size());
          for (size_t i = 0; i < b.columns.size(); ++i)
            cols.set(i, b.columns[i]);
          SetRows(r.initRows(b.rows.size()), b);
          r.setSummary(b.summary);
        });
  }

  kj::Promise<void> import(ImportContext context) override {
    auto p = context.getParams();
    auto r = context.getResults();
    auto st = std::make_shared<ImportState>(s_);
    st->format = p.getFormat();
    std::string error;
    if (!MakeImporter(st->format, &error)) {
      SetInvalid(r.initError(), error);
      return kj::READY_NOW;
    }
    for (auto o : p.getOptions()) {
      const std::string name = o.getName(), value = o.getValue();
      if (name == "sourceGrade") {
        auto g = Grade::Parse(value);
        if (!g.ok()) {
          SetInvalid(r.initError(), "sourceGrade: " + g.status().message());
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
      } else {
        SetInvalid(r.initError(), "unknown import option " + name + "=" + value);
        return kj::READY_NOW;
      }
    }
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "actorgraph-import-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      SetStatus(r.initError(), Status::IOError("cannot create a temporary directory"));
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
  GatewayImpl(ServerState* s, std::string peer) : s_(s), peer_(std::move(peer)) {}

  kj::Promise<void> login(LoginContext context) override {
    const std::string token = context.getParams().getToken();
    Role role = Role::kWriter;
    if (s_->options.tokens) {
      auto it = s_->options.tokens->find(token);
      if (it == s_->options.tokens->end()) {
        ++s_->failed_logins;
        s_->Log("failed login from " + peer_ + ": unknown token");
        return KJ_EXCEPTION(FAILED, "invalid token");
      }
      role = it->second;
    }
    auto r = context.getResults();
    r.setRole(RoleName(role));
    if (role == Role::kWriter) {
      rpc::Writer::Client w = kj::heap<WriterImpl>(s_);
      r.setReader(w);
      r.setWriter(w);
    } else {
      r.setReader(kj::heap<ReaderImpl>(s_, role));
    }
    s_->Log("login from " + peer_ + " as " + RoleName(role));
    return kj::READY_NOW;
  }

 private:
  ServerState* s_;
  std::string peer_;
};

// ------------------------------------------------------------------ connections

struct Connection {
  Connection(ServerState* s, kj::Own<kj::AsyncIoStream> st, const std::string& peer)
      : state(s),
        stream(kj::mv(st)),
        network(*stream, capnp::rpc::twoparty::Side::SERVER, ReaderOptions()),
        rpc(capnp::makeRpcServer(network, rpc::Gateway::Client(kj::heap<GatewayImpl>(s, peer)))) {
    rpc.setFlowLimit(std::max<size_t>(s->options.flow_limit_bytes / 8, 1024));
    ++state->connections;
  }
  ~Connection() { --state->connections; }
  static capnp::ReaderOptions ReaderOptions() {
    capnp::ReaderOptions o;
    o.traversalLimitInWords = 4u << 20;  // 32 MiB per message
    o.nestingLimit = 64;
    return o;
  }
  ServerState* state;
  kj::Own<kj::AsyncIoStream> stream;
  capnp::TwoPartyVatNetwork network;
  capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc;
};

std::string PeerName(kj::AsyncIoStream& stream, bool* local) {
  sockaddr_storage addr{};
  kj::uint len = sizeof addr;
  *local = false;
  try {
    stream.getpeername(reinterpret_cast<sockaddr*>(&addr), &len);
  } catch (const kj::Exception&) {
    return "unknown peer";
  }
  char buf[INET6_ADDRSTRLEN] = {};
  switch (addr.ss_family) {
    case AF_UNIX:
      *local = true;
      return "unix socket";
    case AF_INET: {
      auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
      *local = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
      return std::string(buf) + ":" + std::to_string(ntohs(a->sin_port));
    }
    case AF_INET6: {
      auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
      *local = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr) ||
               (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr) && a->sin6_addr.s6_addr[12] == 127);
      return "[" + std::string(buf) + "]:" + std::to_string(ntohs(a->sin6_port));
    }
    default:
      return "unknown peer";
  }
}

class TaskErrors final : public kj::TaskSet::ErrorHandler {
 public:
  explicit TaskErrors(ServerState* s) : s_(s) {}
  void taskFailed(kj::Exception&& e) override {
    s_->Log(std::string("connection error: ") + e.getDescription().cStr());
  }

 private:
  ServerState* s_;
};

kj::Promise<void> Serve(ServerState* s, kj::Own<kj::AsyncIoStream> stream, std::string peer) {
  auto conn = kj::heap<Connection>(s, kj::mv(stream), peer);
  auto done = conn->network.onDisconnect();
  return done.attach(kj::mv(conn)).then([s, peer]() { s->Log("closed connection from " + peer); });
}

kj::Promise<void> AcceptLoop(ServerState* s, kj::ConnectionReceiver& listener, kj::TaskSet& tasks,
                             kj::TlsContext* tls) {
  return listener.accept().then([s, &listener, &tasks, tls](kj::Own<kj::AsyncIoStream> stream) {
    bool local = false;
    std::string peer = PeerName(*stream, &local);
    if (!s->options.tokens && !local) {
      s->Log("refused connection from " + peer +
             ": without a tokens file only loopback and "
             "unix-socket clients are accepted");
    } else {
      s->Log("connection from " + peer + (tls ? " (TLS)" : ""));
      if (tls) {
        tasks.add(
            tls->wrapServer(kj::mv(stream)).then([s, peer](kj::Own<kj::AsyncIoStream> secure) {
              return Serve(s, kj::mv(secure), peer);
            }));
      } else {
        tasks.add(Serve(s, kj::mv(stream), peer));
      }
    }
    return AcceptLoop(s, listener, tasks, tls);
  });
}

std::string ReadFileText(const std::string& path, Status* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = Status::IOError("cannot read " + path);
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// ------------------------------------------------------------------ Server

Server::Server(Database* db, ServerOptions options)
    : db_(db), options_(std::move(options)), state_(std::make_shared<ServerState>(db, options_)) {}

Server::~Server() {
  state_->pool.Shutdown();
}

void Server::Stop() {
  std::lock_guard<std::mutex> lock(stop_mu_);
  if (stop_requested_) return;
  stop_requested_ = true;
  if (stop_) stop_->fulfill();
}

ServerCounters Server::counters() const {
  ServerCounters c;
  c.live_cursors = state_->live_cursors;
  c.connections = state_->connections;
  c.rows_held = state_->rows_held;
  c.peak_rows_held = state_->peak_rows_held;
  c.failed_logins = state_->failed_logins;
  c.open_imports = state_->open_imports;
  return c;
}

Status Server::Run(std::function<void(const std::string&)> on_listening) {
  if (options_.tls_cert.empty() != options_.tls_key.empty())
    return Status::InvalidArgument("TLS needs both --tls-cert and --tls-key");
  Status status;
  try {
    auto io = kj::setupAsyncIo();
    auto stop = kj::newPromiseAndCrossThreadFulfiller<void>();
    {
      std::lock_guard<std::mutex> lock(stop_mu_);
      if (stop_requested_) return Status::OK();
      stop_ = stop.fulfiller.get();
    }
    KJ_DEFER({
      std::lock_guard<std::mutex> lock(stop_mu_);
      stop_ = nullptr;
    });

    kj::Own<kj::TlsContext> tls;
    kj::Own<kj::TlsKeypair> keypair;
    if (!options_.tls_cert.empty()) {
      Status e;
      const std::string cert = ReadFileText(options_.tls_cert, &e);
      const std::string key = ReadFileText(options_.tls_key, &e);
      if (!e.ok()) return e;
      keypair = kj::heap<kj::TlsKeypair>(
          kj::TlsKeypair{kj::TlsPrivateKey(key.c_str()), kj::TlsCertificate(cert.c_str())});
      kj::TlsContext::Options o;
      o.defaultKeypair = *keypair;
      o.useSystemTrustStore = false;
      o.timer = io.provider->getTimer();
      o.acceptTimeout = 30 * kj::SECONDS;  // a handshake that stalls does not hold a task
      tls = kj::heap<kj::TlsContext>(kj::mv(o));
    }

    auto addr = io.provider->getNetwork().parseAddress(options_.listen, 7687).wait(io.waitScope);
    auto listener = addr->listen();
    std::string bound = options_.listen;
    if (bound.rfind("unix:", 0) != 0) {
      const size_t colon = bound.rfind(':');
      const bool has_port =
          colon != std::string::npos && bound.find(']', colon) == std::string::npos;
      bound =
          (has_port ? bound.substr(0, colon) : bound) + ":" + std::to_string(listener->getPort());
    }
    state_->Log("listening on " + bound + (tls ? " (TLS)" : ""));
    if (on_listening) on_listening(bound);

    TaskErrors errors(state_.get());
    auto tasks = kj::heap<kj::TaskSet>(errors);
    AcceptLoop(state_.get(), *listener, *tasks, tls.get())
        .exclusiveJoin(kj::mv(stop.promise))
        .wait(io.waitScope);

    state_->Log("stopping: cancelling running queries and closing connections");
    state_->CancelAll();
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
