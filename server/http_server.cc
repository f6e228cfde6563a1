#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/compat/tls.h>
#include <nlohmann/json.hpp>

#include "engine/value_json.h"
#include "import/importer.h"
#include "query/query_engine.h"
#include "server/http_entity.h"
#include "server/http_json.h"
#include "server/listener.h"
#include "server/token_auth.h"
#include "server/web_assets.h"
#include "server/worker_pool.h"

namespace actorgraph::server {

using nlohmann::json;

// ------------------------------------------------------------------ shared state

struct HttpState : std::enable_shared_from_this<HttpState> {
  HttpState(Database* d, const ServerOptions& o, HttpOptions h, WorkerPool* p,
            query::QueryEngine* e)
      : db(d), options(o), http(std::move(h)), pool(p), engine(e) {
    if (!pool) {
      own_pool = std::make_unique<WorkerPool>(options.min_workers, options.max_workers);
      pool = own_pool.get();
    }
    if (!engine) {
      own_engine = std::make_unique<query::QueryEngine>(db);
      if (options.register_procedures) options.register_procedures(own_engine->procedures());
      engine = own_engine.get();
    }
    if (options.tokens) {
      auth.emplace(*options.tokens);
      options.tokens->clear();
    }
  }

  Database* db;
  ServerOptions options;
  HttpOptions http;
  std::unique_ptr<WorkerPool> own_pool;
  std::unique_ptr<query::QueryEngine> own_engine;
  WorkerPool* pool;
  query::QueryEngine* engine;
  std::optional<TokenAuth> auth;
  kj::Timer* timer = nullptr;  // the loop's, while Run() runs
  size_t slots = 0;            // accepted connections not yet closed (loop thread)
  std::atomic<int64_t> connections{0}, running{0}, live_queries{0}, refused{0}, failed_auth{0};

  std::mutex mu;  // guards flags, stopping and the log
  std::set<std::atomic<bool>*> flags;
  bool stopping = false;

  void Log(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    if (!options.log) return;
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm;
    gmtime_r(&now, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *options.log << when << " http: " << line << std::endl;
  }

  // A statement's cancel flag, set by Stop() and when its request ends.
  std::shared_ptr<std::atomic<bool>> NewCancelFlag() {
    auto f = std::shared_ptr<std::atomic<bool>>(new std::atomic<bool>(false),
                                                [this](std::atomic<bool>* p) {
                                                  std::lock_guard<std::mutex> lock(mu);
                                                  flags.erase(p);
                                                  delete p;
                                                });
    std::lock_guard<std::mutex> lock(mu);
    *f = stopping;
    flags.insert(f.get());
    return f;
  }
  void CancelAll() {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
    for (auto* f : flags)
      *f = true;
  }

  // Runs fn on the pool, counted while it runs or waits. The task keeps the
  // state alive: a shared pool (the RPC server's) may still hold it when
  // this server has stopped.
  template <typename T>
  kj::Promise<T> OnWorker(std::function<T()> fn) {
    struct Holder {
      std::shared_ptr<HttpState> self;
      std::function<T()> fn;
      ~Holder() {
        fn = nullptr;  // what fn holds goes before the state
        --self->running;
      }
    };
    ++running;
    auto h = std::make_shared<Holder>();
    h->self = shared_from_this();
    h->fn = std::move(fn);
    return pool->Run<T>([h]() { return h->fn(); });
  }

  // The server's caps on a request's limits (as the RPC server's).
  void ApplyCaps(query::RunOptions* r) const {
    if (options.query_timeout_s) {
      const std::chrono::milliseconds cap(uint64_t(options.query_timeout_s) * 1000);
      if (r->time_limit.count() == 0 || r->time_limit > cap) r->time_limit = cap;
    }
    if (options.max_rows && (r->row_limit == 0 || r->row_limit > options.max_rows))
      r->row_limit = options.max_rows;
    r->memory_limit = options.query_memory_mb << 20;
  }
};

namespace {

// ------------------------------------------------------------------ requests

const char* StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Target {
  std::string path;  // decoded per segment, '/' kept
  std::vector<std::string> segments;
  std::map<std::string, std::string> query;
};

Target ParseTarget(std::string_view url) {
  Target t;
  const size_t q = url.find('?');
  std::string_view path = url.substr(0, q);
  if (const size_t hash = path.find('#'); hash != std::string_view::npos)
    path = path.substr(0, hash);
  t.path = std::string(path);
  size_t at = 1;
  while (at <= path.size()) {
    size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    if (end > at) t.segments.push_back(PercentDecode(path.substr(at, end - at), false));
    at = end + 1;
  }
  if (q != std::string_view::npos) {
    std::string_view rest = url.substr(q + 1);
    while (!rest.empty()) {
      size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      const size_t eq = pair.find('=');
      t.query[PercentDecode(pair.substr(0, eq), true)] =
          eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  return t;
}

HttpError Error(int status, std::string kind, std::string message, std::string hint = "") {
  HttpError e;
  e.status = status;
  e.kind = std::move(kind);
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

// A JSON body's parse error with its line and column.
HttpError JsonError(const std::string& body, const json::parse_error& pe) {
  size_t byte = std::min<size_t>(pe.byte ? pe.byte - 1 : 0, body.size());
  int line = 1, column = 1;
  for (size_t i = 0; i < byte; ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  // nlohmann's text: "[json.exception.parse_error.101] parse error at line 1,
  // column 22: syntax error while parsing ...": keep what follows the position.
  std::string what = pe.what();
  if (const size_t at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
  HttpError e = Error(400, "json",
                      "invalid JSON body at line " + std::to_string(line) + ", column " +
                          std::to_string(column) + ": " + what,
                      "the body is {\"query\": \"...\", \"params\": {...}, \"options\": {...}}");
  e.line = line;
  e.column = column;
  return e;
}

struct QueryRequest {
  std::string text;
  query::RunOptions options;
};

Result<PartialDate> DateOption(const json& v, const std::string& name) {
  if (v.is_string()) return PartialDate::Parse(v.get<std::string>());
  if (v.is_object() && v.size() == 1 && v.contains("$date") && v["$date"].is_string())
    return PartialDate::Parse(v["$date"].get<std::string>());
  return Status::InvalidArgument("options." + name + " needs a date such as \"2022-03\"");
}

std::optional<HttpError> ParseQueryRequest(const std::string& body, QueryRequest* out) {
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& pe) {
    return JsonError(body, pe);
  }
  auto bad = [](const std::string& m) { return Error(400, "request", m); };
  if (!j.is_object()) return bad("the body must be a JSON object with \"query\"");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "query" && it.key() != "params" && it.key() != "options")
      return bad("unknown field \"" + it.key() + "\" (query, params, options)");
  if (!j.contains("query") || !j["query"].is_string())
    return bad("\"query\" must be a string holding the statement");
  out->text = j["query"].get<std::string>();
  if (j.contains("params")) {
    if (!j["params"].is_object()) return bad("\"params\" must be an object");
    for (auto it = j["params"].begin(); it != j["params"].end(); ++it) {
      auto v = ValueFromJson(it.value());
      if (!v.ok()) return bad("params." + it.key() + ": " + v.status().message());
      out->options.params[it.key()] = std::move(*v);
    }
  }
  if (j.contains("options")) {
    const json& o = j["options"];
    if (!o.is_object()) return bad("\"options\" must be an object");
    for (auto it = o.begin(); it != o.end(); ++it) {
      const std::string& k = it.key();
      const json& v = it.value();
      if (v.is_null()) continue;
      if (k == "valid_at" || k == "valid_from" || k == "valid_to") {
        auto d = DateOption(v, k);
        if (!d.ok()) return bad("options." + k + ": " + d.status().message());
        (k == "valid_at"     ? out->options.valid_at
         : k == "valid_from" ? out->options.valid_from
                             : out->options.valid_to) = *d;
      } else if (k == "system_time") {
        if (!v.is_number_unsigned() || v.get<uint64_t>() == 0)
          return bad("options.system_time needs a transaction number (1 or more)");
        out->options.system_txn = v.get<uint64_t>();
      } else if (k == "min_grade") {
        auto g = v.is_string() ? Grade::Parse(v.get<std::string>())
                               : Result<Grade>(Status::InvalidArgument("needs a string"));
        if (!g.ok()) return bad("options.min_grade: " + g.status().message());
        out->options.min_grade = *g;
      } else if (k == "time_limit_ms" || k == "row_limit") {
        if (!v.is_number_unsigned()) return bad("options." + k + " needs a whole number");
        if (k == "row_limit")
          out->options.row_limit = v.get<uint64_t>();
        else
          out->options.time_limit = std::chrono::milliseconds(v.get<uint64_t>());
      } else {
        return bad("unknown option \"" + k +
                   "\" (valid_at, valid_from, valid_to, system_time, min_grade, time_limit_ms, "
                   "row_limit)");
      }
    }
  }
  return std::nullopt;
}

// Rows as JSON text, and the statement's stats.
void AppendRow(const ReadView& view, const std::vector<Value>& row, std::string* out) {
  json a = json::array();
  for (const auto& v : row)
    a.push_back(HttpValueJson(view, v));
  *out += JsonText(a);
}

json Stats(const query::ResultCursor& c, uint64_t rows, std::chrono::steady_clock::time_point t0) {
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  json s{{"rows", rows},
         {"elapsed_ms", std::round(ms * 1000) / 1000},
         {"as_of_txn", c.view().as_of()}};
  const std::string summary = c.WriteSummary();
  if (!summary.empty()) s["summary"] = summary;
  const std::string notices = c.Notices();
  if (!notices.empty()) s["notices"] = notices;
  return s;
}

// One running statement of a streamed request, shared by the loop and the
// worker building its next batch. Whoever drops it last frees the snapshot.
struct StreamRun {
  explicit StreamRun(HttpState* st) : s(st), cancel(st->NewCancelFlag()) {}
  ~StreamRun() {
    cursor.reset();
    if (counted) --s->live_queries;
  }
  HttpState* s;
  std::shared_ptr<std::atomic<bool>> cancel;
  std::mutex mu;
  std::unique_ptr<query::ResultCursor> cursor;
  bool counted = false;
  uint64_t rows = 0;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
};

struct Chunk {
  std::optional<HttpError> error;  // before anything was sent: the status
  std::string text;                // JSON lines
  bool done = false;
};

class Service final : public kj::HttpService {
 public:
  struct Headers {
    kj::HttpHeaderId authorization, accept, allow, www_authenticate, cache_control, nosniff;
  };
  Service(HttpState* s, const kj::HttpHeaderTable& table, Headers ids)
      : s_(s), table_(table), ids_(ids) {}

  kj::Promise<void> request(kj::HttpMethod method, kj::StringPtr url,
                            const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                            Response& response) override {
    Target t = ParseTarget(std::string_view(url.cStr(), url.size()));
    if (t.segments.empty() || t.segments[0] != "api") return Static(method, t, response);
    // The API: first who is asking.
    std::optional<Role> role = Role::kWriter;
    if (s_->auth) {
      role.reset();
      KJ_IF_MAYBE (h, headers.get(ids_.authorization)) {
        std::string v(h->cStr());
        if (v.rfind("Bearer ", 0) == 0) role = s_->auth->Check(v.substr(7));
      }
      if (!role) {
        ++s_->failed_auth;
        // A wrong token waits, so guessing is slow.
        const bool had = headers.get(ids_.authorization) != nullptr;
        auto e = Error(401, "auth", had ? "invalid token" : "this server needs a token",
                       "send the header Authorization: Bearer TOKEN");
        if (!had) return SendError(response, e);
        return s_->timer->afterDelay(s_->options.login_delay_ms * kj::MILLISECONDS)
            .then([this, e, &response]() { return SendError(response, e); });
      }
    }
    const std::string route = t.segments.size() > 1 ? t.segments[1] : "";
    const size_t n = t.segments.size();
    if (route == "query" && n == 2) {
      if (method != kj::HttpMethod::POST) return NotAllowed(response, "POST");
      return Query(headers, body, response, *role);
    }
    if (route == "import" && n == 2) {
      if (method != kj::HttpMethod::POST) return NotAllowed(response, "POST");
      if (*role != Role::kWriter)
        return SendError(response, Error(403, "permission",
                                         "permission denied: this token may only read, and an "
                                         "import writes"));
      return Import(t, body, response);
    }
    if ((route == "entity" || route == "history") && n == 3) {
      if (method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD)
        return NotAllowed(response, "GET");
      return Entity(route == "history", t, response);
    }
    if (route == "schema" && n == 2) {
      if (method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD)
        return NotAllowed(response, "GET");
      HttpState* s = s_;
      return s_->OnWorker<std::string>([s]() { return JsonText(SchemaJson(*s->db)); })
          .then([this, &response](std::string text) {
            return Send(response, 200, "application/json", kj::mv(text));
          });
    }
    return SendError(response, Error(404, "not_found", "no API route " + t.path,
                                     "the API has /api/query, /api/entity/ID, /api/history/ID, "
                                     "/api/schema and /api/import"));
  }

 private:
  // ---------------------------------------------------------------- replies

  kj::Promise<void> Send(Response& response, int status, kj::StringPtr type, std::string text,
                         const char* allow = nullptr, bool auth_challenge = false) {
    kj::HttpHeaders h(table_);
    h.set(kj::HttpHeaderId::CONTENT_TYPE, type);
    h.set(ids_.cache_control, "no-store");
    h.set(ids_.nosniff, "nosniff");
    if (allow) h.set(ids_.allow, allow);
    if (auth_challenge) h.set(ids_.www_authenticate, "Bearer");
    auto body = kj::heap<std::string>(kj::mv(text));
    auto out = response.send(status, StatusText(status), h, body->size());
    auto write = out->write(body->data(), body->size());
    return write.attach(kj::mv(out), kj::mv(body));
  }

  kj::Promise<void> SendError(Response& response, const HttpError& e, const char* allow = nullptr) {
    return Send(response, e.status, "application/json", JsonText(e.ToJson()), allow,
                e.status == 401);
  }

  kj::Promise<void> NotAllowed(Response& response, const char* allow) {
    return SendError(
        response, Error(405, "method", std::string("this route takes ") + allow + " only"), allow);
  }

  kj::Promise<void> Static(kj::HttpMethod method, const Target& t, Response& response) {
    if (method != kj::HttpMethod::GET && method != kj::HttpMethod::HEAD)
      return NotAllowed(response, "GET, HEAD");
    const WebAsset* a = FindWebAsset(t.path);
    if (!a) return SendError(response, Error(404, "not_found", "no page " + t.path));
    kj::HttpHeaders h(table_);
    h.set(kj::HttpHeaderId::CONTENT_TYPE,
          kj::StringPtr(a->content_type.data(), a->content_type.size()));
    h.set(ids_.cache_control, "no-cache");
    h.set(ids_.nosniff, "nosniff");
    auto out = response.send(200, "OK", h, a->bytes.size());
    if (method == kj::HttpMethod::HEAD) return kj::READY_NOW;
    auto write = out->write(a->bytes.data(), a->bytes.size());
    return write.attach(kj::mv(out));
  }

  // ---------------------------------------------------------------- bodies

  // The body as text; nullopt when it is longer than `limit`.
  static kj::Promise<std::optional<std::string>> ReadBody(kj::AsyncInputStream& in,
                                                          uint64_t limit) {
    KJ_IF_MAYBE (len, in.tryGetLength()) {
      if (*len > limit) return std::optional<std::string>();
    }
    return ReadMore(in, std::make_shared<std::string>(), limit);
  }
  static kj::Promise<std::optional<std::string>> ReadMore(kj::AsyncInputStream& in,
                                                          std::shared_ptr<std::string> buf,
                                                          uint64_t limit) {
    auto chunk = std::make_shared<std::vector<char>>(64 << 10);
    return in.tryRead(chunk->data(), 1, chunk->size())
        .then([&in, buf, chunk, limit](size_t n) -> kj::Promise<std::optional<std::string>> {
          if (n == 0) return std::optional<std::string>(kj::mv(*buf));
          buf->append(chunk->data(), n);
          if (buf->size() > limit) return std::optional<std::string>();
          return ReadMore(in, buf, limit);
        });
  }

  HttpError TooLarge(uint64_t limit) {
    return Error(413, "limit",
                 "the request body is larger than the server's limit of " + std::to_string(limit) +
                     " bytes");
  }

  // ---------------------------------------------------------------- query

  kj::Promise<void> Query(const kj::HttpHeaders& headers, kj::AsyncInputStream& body,
                          Response& response, Role role) {
    bool ndjson = false;
    KJ_IF_MAYBE (a, headers.get(ids_.accept)) {
      ndjson = std::string(a->cStr()).find("application/x-ndjson") != std::string::npos;
    }
    const uint64_t limit = s_->http.max_body_bytes;
    return ReadBody(body, limit)
        .then([this, &response, role, ndjson,
               limit](std::optional<std::string> text) -> kj::Promise<void> {
          if (!text) return SendError(response, TooLarge(limit));
          auto req = std::make_shared<QueryRequest>();
          if (auto e = ParseQueryRequest(*text, req.get())) return SendError(response, *e);
          s_->ApplyCaps(&req->options);
          req->options.read_only = role != Role::kWriter;
          return ndjson ? Stream(req, response) : Whole(req, response);
        });
  }

  // The whole result in one JSON document, built on a worker.
  kj::Promise<void> Whole(std::shared_ptr<QueryRequest> req, Response& response) {
    HttpState* s = s_;
    auto cancel = s->NewCancelFlag();
    req->options.cancel = cancel.get();
    return s_
        ->OnWorker<Chunk>([s, req, cancel]() {
          Chunk c;
          const auto t0 = std::chrono::steady_clock::now();
          auto fail = [&](const Status& st) {
            c.error = ToHttpError(st, s->db->dir());
            c.text.clear();
            return kj::mv(c);
          };
          auto cursor = s->engine->Run(req->text, req->options);
          if (!cursor.ok()) return fail(cursor.status());
          auto& cur = **cursor;
          c.text = "{\"columns\":" + JsonText(cur.columns()) + ",\"rows\":[";
          uint64_t rows = 0;
          std::vector<std::vector<Value>> batch;
          for (bool more = true; more;) {
            batch.clear();
            auto r = cur.Next(s->http.stream_batch_rows, &batch);
            if (!r.ok()) return fail(r.status());
            more = *r;
            for (const auto& row : batch) {
              if (rows++) c.text += ',';
              AppendRow(cur.view(), row, &c.text);
            }
            if (c.text.size() > s->http.max_json_bytes)
              return fail(Status::Cancelled("the result is larger than the server's limit of " +
                                            std::to_string(s->http.max_json_bytes) +
                                            " bytes for one JSON document (row limit)"));
          }
          c.text += "],\"stats\":" + JsonText(Stats(cur, rows, t0)) + "}";
          c.done = true;
          return kj::mv(c);
        })
        .then([this, &response](Chunk c) {
          if (c.error) return SendError(response, *c.error);
          return Send(response, 200, "application/json", kj::mv(c.text));
        })
        .attach(kj::defer([cancel] { *cancel = true; }));
  }

  // JSON lines: {"columns": [...]}, one array per row, then {"stats": {...}}
  // (or {"error": {...}} when the statement fails after the first line).
  // One batch is built at a time, only after the previous one was written,
  // so a slow reader holds the worker back rather than filling memory.
  kj::Promise<void> Stream(std::shared_ptr<QueryRequest> req, Response& response) {
    auto run = std::make_shared<StreamRun>(s_);
    req->options.cancel = run->cancel.get();
    auto cancel = run->cancel;
    return s_
        ->OnWorker<Chunk>([run, req]() {
          Chunk c;
          auto cursor = run->s->engine->Run(req->text, req->options);
          if (!cursor.ok()) {
            c.error = ToHttpError(cursor.status(), run->s->db->dir());
            return c;
          }
          std::lock_guard<std::mutex> lock(run->mu);
          run->cursor = std::move(*cursor);
          run->counted = true;
          ++run->s->live_queries;
          c.text = JsonText(json{{"columns", run->cursor->columns()}}) + "\n";
          NextBatch(run.get(), &c);
          return c;
        })
        .then([this, run, &response](Chunk c) -> kj::Promise<void> {
          if (c.error) return SendError(response, *c.error);
          kj::HttpHeaders h(table_);
          h.set(kj::HttpHeaderId::CONTENT_TYPE, "application/x-ndjson");
          h.set(ids_.cache_control, "no-store");
          auto out = response.send(200, "OK", h, nullptr);
          auto& stream = *out;
          return Pump(run, stream, kj::mv(c)).attach(kj::mv(out));
        })
        .attach(kj::defer([cancel] { *cancel = true; }));
  }

  // Appends the next batch's lines; the stats or error line at the end.
  static void NextBatch(StreamRun* run, Chunk* c) {
    std::vector<std::vector<Value>> batch;
    auto more = run->cursor->Next(run->s->http.stream_batch_rows, &batch);
    if (!more.ok()) {
      c->text += JsonText(ToHttpError(more.status(), run->s->db->dir()).ToJson()) + "\n";
      c->done = true;
      return;
    }
    try {
      for (const auto& row : batch) {
        AppendRow(run->cursor->view(), row, &c->text);
        c->text += '\n';
        ++run->rows;
      }
    } catch (const std::exception& e) {
      c->text += JsonText(Error(500, "internal", e.what()).ToJson()) + "\n";
      c->done = true;
      return;
    }
    if (!*more) {
      c->text += JsonText(json{{"stats", Stats(*run->cursor, run->rows, run->t0)}}) + "\n";
      c->done = true;
    }
    if (c->done) {
      run->cursor.reset();  // free the snapshot now
      if (run->counted) --run->s->live_queries;
      run->counted = false;
    }
  }

  kj::Promise<void> Pump(std::shared_ptr<StreamRun> run, kj::AsyncOutputStream& out, Chunk c) {
    auto text = std::make_shared<std::string>(kj::mv(c.text));
    const bool done = c.done;
    return out.write(text->data(), text->size())
        .then([this, run, &out, done, text]() -> kj::Promise<void> {
          if (done) return kj::READY_NOW;
          return s_
              ->OnWorker<Chunk>([run]() {
                Chunk next;
                std::lock_guard<std::mutex> lock(run->mu);
                if (!run->cursor) {
                  next.done = true;
                  return next;
                }
                NextBatch(run.get(), &next);
                return next;
              })
              .then([this, run, &out](Chunk next) { return Pump(run, out, kj::mv(next)); });
        });
  }

  // ---------------------------------------------------------------- entity, history

  kj::Promise<void> Entity(bool history, const Target& t, Response& response) {
    TxnId as_of = kLatestTxn;
    if (auto it = t.query.find("system_time"); it != t.query.end()) {
      char* end = nullptr;
      as_of = std::strtoull(it->second.c_str(), &end, 10);
      if (it->second.empty() || *end || as_of == 0)
        return SendError(
            response, Error(400, "request", "system_time needs a transaction number (1 or more)"));
    }
    HttpState* s = s_;
    const std::string id = t.segments[2];
    return s_
        ->OnWorker<std::pair<int, std::string>>([s, id, history, as_of]() {
          auto view = s->db->Read(as_of);
          auto j = history ? EntityHistoryJson(*view, id) : EntityCardJson(*s->db, *view, id);
          if (!j.ok()) {
            HttpError e = ToHttpError(j.status(), s->db->dir());
            if (j.status().code() == Status::Code::kInvalidArgument) {
              e.status = 400;
              e.kind = "ambiguous";
            }
            return std::make_pair(e.status, JsonText(e.ToJson()));
          }
          return std::make_pair(200, JsonText(*j));
        })
        .then([this, &response](std::pair<int, std::string> r) {
          return Send(response, r.first, "application/json", kj::mv(r.second));
        });
  }

  // ---------------------------------------------------------------- import

  struct ImportJob {
    explicit ImportJob(HttpState* st) : s(st) {}
    ~ImportJob() {
      out.close();
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
    HttpState* s;
    std::string format;
    ImportOptions options;
    std::filesystem::path dir, file;
    std::ofstream out;
    uint64_t bytes = 0;
  };

  static kj::Promise<bool> Spool(kj::AsyncInputStream& in, std::shared_ptr<ImportJob> job,
                                 uint64_t limit) {
    auto chunk = std::make_shared<std::vector<char>>(256 << 10);
    return in.tryRead(chunk->data(), 1, chunk->size())
        .then([&in, job, chunk, limit](size_t n) -> kj::Promise<bool> {
          if (n == 0) return true;
          job->bytes += n;
          if (job->bytes > limit) return false;
          job->out.write(chunk->data(), static_cast<std::streamsize>(n));
          return Spool(in, job, limit);
        });
  }

  kj::Promise<void> Import(const Target& t, kj::AsyncInputStream& body, Response& response) {
    auto job = std::make_shared<ImportJob>(s_);
    auto q = t.query;
    auto bad = [&](const std::string& m) { return SendError(response, Error(400, "request", m)); };
    job->format = q.count("format") ? q["format"] : "";
    std::string why;
    if (job->format.empty()) return bad("give the format: /api/import?format=FORMAT");
    if (!MakeImporter(job->format, &why)) return bad(why);
    job->options.spill_entities = s_->options.import_spill_entities;
    for (const auto& [k, v] : q) {
      if (k == "format" || k == "name") continue;
      if (k == "source_grade") {
        auto g = Grade::Parse(v);
        if (!g.ok()) return bad("source_grade: " + g.status().message());
        job->options.grade = *g;
      } else if (k == "on_error" && (v == "abort" || v == "skip")) {
        job->options.on_error = v == "skip" ? OnError::kSkip : OnError::kAbort;
      } else if (k == "encoding" && (v == "auto" || v == "utf-8" || v == "latin-1")) {
        job->options.encoding = v == "auto"    ? Encoding::kAuto
                                : v == "utf-8" ? Encoding::kUtf8
                                               : Encoding::kLatin1;
      } else if (k == "dry_run" && (v == "true" || v == "false")) {
        job->options.dry_run = v == "true";
      } else {
        return bad("unknown import option " + k + "=" + v +
                   " (format, name, source_grade, on_error=abort|skip, "
                   "encoding=auto|utf-8|latin-1, dry_run=true|false)");
      }
    }
    const uint64_t limit = s_->http.max_import_bytes;
    KJ_IF_MAYBE (len, body.tryGetLength()) {
      if (*len > limit) return SendError(response, TooLarge(limit));
    }
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "actorgraph-http-import-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      return SendError(response, Error(500, "storage", "cannot create a temporary directory"));
    job->dir = tmpl;
    std::string name = std::filesystem::path(q.count("name") ? q["name"] : "").filename().string();
    if (name.empty() || name == "." || name == "..") name = "upload." + job->format;
    job->file = job->dir / name;
    job->out.open(job->file, std::ios::binary);
    if (!job->out) return SendError(response, Error(500, "storage", "cannot buffer the import"));
    HttpState* s = s_;
    return Spool(body, job, limit)
        .then([this, s, job, limit, &response](bool fits) -> kj::Promise<void> {
          if (!fits) return SendError(response, TooLarge(limit));
          job->out.close();
          if (!job->out)
            return SendError(response, Error(500, "storage", "cannot buffer the import"));
          return s
              ->OnWorker<std::pair<int, std::string>>([s, job]() {
                ImportReport report;
                Status st =
                    RunImport(s->db, job->format, {job->file.string()}, job->options, &report);
                auto counts = [](const WriteCounts& c) {
                  return json{{"created", c.created},
                              {"updated", c.updated},
                              {"unchanged", c.unchanged},
                              {"deleted", c.deleted}};
                };
                json j{{"records", report.records},
                       {"imported", report.imported},
                       {"rejected", report.rejected},
                       {"txn", st.ok() ? json(report.txn) : json(nullptr)},
                       {"dry_run", job->options.dry_run},
                       {"seconds", report.seconds},
                       {"warnings", report.warnings},
                       {"nodes", counts(report.nodes)},
                       {"relationships", counts(report.rels)},
                       {"claims", counts(report.claims)}};
                if (!st.ok()) {
                  HttpError e = ToHttpError(st, s->db->dir());
                  // The client knows its file by the name it gave, not our spool path.
                  const std::string spool = job->dir.string() + "/";
                  for (size_t at; (at = e.message.find(spool)) != std::string::npos;)
                    e.message.erase(at, spool.size());
                  if (e.status >= 500 && st.code() != Status::Code::kIOError) e.status = 400;
                  if (e.status == 400) e.kind = "invalid";
                  json out = e.ToJson();
                  out["import"] = j;
                  return std::make_pair(e.status, JsonText(out));
                }
                return std::make_pair(200, JsonText(j));
              })
              .then([this, &response](std::pair<int, std::string> r) {
                return Send(response, r.first, "application/json", kj::mv(r.second));
              });
        });
  }

  HttpState* s_;
  const kj::HttpHeaderTable& table_;
  Headers ids_;
};

// ------------------------------------------------------------------ connections

kj::Promise<void> AcceptLoop(HttpState* s, kj::ConnectionReceiver& listener, kj::HttpServer& http,
                             kj::TaskSet& tasks, kj::TlsContext* tls) {
  return listener.accept().then([s, &listener, &http, &tasks,
                                 tls](kj::Own<kj::AsyncIoStream> stream) {
    bool local = false;
    const std::string peer = PeerName(*stream, &local);
    if (auto why = RefuseReason(s->auth.has_value(), local, s->options.max_connections, s->slots)) {
      ++s->refused;
      s->Log("refused connection from " + peer + ": " + *why);
    } else {
      ++s->slots;
      ++s->connections;
      auto slot = kj::defer([s] {
        --s->slots;
        --s->connections;
      });
      if (tls) {
        tasks.add(tls->wrapServer(kj::mv(stream))
                      .then([&http](kj::Own<kj::AsyncIoStream> secure) {
                        return http.listenHttp(kj::mv(secure));
                      })
                      .attach(kj::mv(slot)));
      } else {
        tasks.add(http.listenHttp(kj::mv(stream)).attach(kj::mv(slot)));
      }
    }
    return AcceptLoop(s, listener, http, tasks, tls);
  });
}

}  // namespace

// ------------------------------------------------------------------ HttpServer

HttpServer::HttpServer(Database* db, const ServerOptions& options, HttpOptions http,
                       WorkerPool* pool, query::QueryEngine* engine)
    : state_(std::make_shared<HttpState>(db, options, std::move(http), pool, engine)) {}

HttpServer::~HttpServer() {
  if (state_->own_pool) state_->own_pool->Shutdown();
}

void HttpServer::Stop() {
  stop_.Stop();
}

HttpCounters HttpServer::counters() const {
  HttpCounters c;
  c.connections = state_->connections;
  c.running = state_->running;
  c.live_queries = state_->live_queries;
  c.refused_connections = state_->refused;
  c.failed_auth = state_->failed_auth;
  return c;
}

Status HttpServer::Run(std::function<void(const std::string&)> on_listening) {
  HttpState* s = state_.get();
  const ServerOptions& o = s->options;
  if (Status e =
          CheckTransportSecurity(s->http.listen, o.tls_cert, o.tls_key, o.insecure, "serving HTTP",
                                 [s](const std::string& line) { s->Log(line); });
      !e.ok())
    return e;
  Status status;
  try {
    auto io = kj::setupAsyncIo();
    auto stop = kj::newPromiseAndCrossThreadFulfiller<void>();
    if (!stop_.Arm(stop.fulfiller.get())) return Status::OK();
    KJ_DEFER(stop_.Disarm());
    ServerTls server_tls;
    if (Status e = MakeServerTls(o.tls_cert, o.tls_key, io.provider->getTimer(), &server_tls);
        !e.ok())
      return e;
    kj::TlsContext* tls = server_tls.context.get();

    kj::HttpHeaderTable::Builder builder;
    Service::Headers ids{builder.add("Authorization"), builder.add("Accept"),
                         builder.add("Allow"),         builder.add("WWW-Authenticate"),
                         builder.add("Cache-Control"), builder.add("X-Content-Type-Options")};
    auto table = builder.build();
    Service service(s, *table, ids);
    kj::HttpServerSettings settings;
    if (o.idle_timeout_s) settings.pipelineTimeout = int64_t(o.idle_timeout_s) * kj::SECONDS;
    settings.headerTimeout = 30 * kj::SECONDS;
    s->timer = &io.provider->getTimer();
    KJ_DEFER(s->timer = nullptr);
    kj::HttpServer http(io.provider->getTimer(), *table, service, settings);

    auto addr = io.provider->getNetwork().parseAddress(s->http.listen, 8080).wait(io.waitScope);
    auto listener = addr->listen();
    const std::string bound = BoundAddress(s->http.listen, listener->getPort());
    s->Log("listening on " + std::string(tls ? "https://" : "http://") + bound + "/" +
           (s->auth ? "" : " (no tokens file: loopback clients only, no login)"));
    if (on_listening) on_listening(bound);

    LogTaskErrors errors([s](const std::string& line) { s->Log(line); });
    auto tasks = kj::heap<kj::TaskSet>(errors);
    AcceptLoop(s, *listener, http, *tasks, tls)
        .exclusiveJoin(kj::mv(stop.promise))
        .wait(io.waitScope);
    s->Log("stopping");
    s->CancelAll();
    tasks = nullptr;  // closes every connection; running work sees its cancel flag
    if (s->own_pool) s->own_pool->Shutdown();
    s->Log("stopped");
  } catch (const kj::Exception& e) {
    s->CancelAll();
    if (s->own_pool) s->own_pool->Shutdown();
    status = Status::IOError(std::string("http server: ") + e.getDescription().cStr());
  }
  return status;
}

}  // namespace actorgraph::server
