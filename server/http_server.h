// HttpServer: the HTTP/JSON API and the browser workbench (`serve --http`),
// on KJ's HTTP server. Routes (docs/http-api.md):
//
//   POST /api/query          run a statement; JSON, or JSON lines when the
//                            client accepts application/x-ndjson (streamed)
//   GET  /api/entity/ID      the entity card with every claim
//   GET  /api/history/ID     what changed, transaction by transaction
//   GET  /api/schema         labels, types, properties and actor styles
//   POST /api/import?format= the body imported (writers only)
//   GET  /, /static/…        the workbench, embedded (server/web_assets.h)
//
// Same rules as the RPC server (server/server.h), from the same options:
// without a tokens file only loopback peers are served and no token is
// asked; with one, /api/ needs `Authorization: Bearer TOKEN` and a reader
// may not write. Queries run on the worker pool (the RPC server's when
// given), never on the event loop, under the same caps.
//
// Ownership: borrows the Database (and the pool and engine when given),
// which must outlive the server.
// Thread-safety: Run() is called by one thread, which becomes the event loop
// until Stop(). Stop() and counters() may be called from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "engine/database.h"
#include "server/server.h"
#include "server/stop_signal.h"

namespace actorgraph::server {

struct HttpOptions {
  std::string listen = "127.0.0.1:8080";   // host:port (port 0: any free port)
  uint64_t max_body_bytes = 1u << 20;      // a request body other than an import
  uint64_t max_import_bytes = 256u << 20;  // the body of POST /api/import
  size_t stream_batch_rows = 500;          // rows per JSON-lines batch
  uint64_t max_json_bytes = 256u << 20;    // a non-streamed result; beyond, 413
};

struct HttpCounters {
  int64_t connections = 0;   // open HTTP connections
  int64_t running = 0;       // queries, imports and lookups on a worker or waiting for one
  int64_t live_queries = 0;  // queries holding a snapshot (streams being sent)
  int64_t refused_connections = 0;
  int64_t failed_auth = 0;
};

struct HttpState;

class HttpServer {
 public:
  // With `pool` and `engine` null the server makes its own from `options`.
  HttpServer(Database* db, const ServerOptions& options, HttpOptions http,
             WorkerPool* pool = nullptr, query::QueryEngine* engine = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens and serves until Stop(). `on_listening` gets the bound address
  // (with the real port when the port was 0).
  Status Run(std::function<void(const std::string& address)> on_listening = nullptr);
  void Stop();
  HttpCounters counters() const;

 private:
  std::shared_ptr<HttpState> state_;
  StopSignal stop_;
};

}  // namespace actorgraph::server
