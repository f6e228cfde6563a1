// Server: serves a Database over Cap'n Proto RPC (schema/actorgraph.capnp).
//
// Each accepted connection gets its own TwoPartyVatNetwork and RpcSystem whose
// bootstrap is a Gateway that knows the peer (for logs and the loopback rule).
// Queries, writes and imports run on a WorkerPool, never on the event loop;
// the loop only moves messages. A result cursor holds its snapshot until the
// client drops it or disconnects; both cancel the query.
//
// Ownership: borrows the Database, which must outlive the server.
// Thread-safety: Run() is called by one thread, which becomes the event loop
// until Stop(). Stop() and counters() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "engine/database.h"
#include "common/status.h"
#include "query/procedure.h"
#include "server/stop_signal.h"

namespace actorgraph::query {
class QueryEngine;
}

namespace actorgraph::server {

class WorkerPool;

enum class Role { kReader, kWriter };
const char* RoleName(Role r);

// Token file: one `TOKEN ROLE` per line (ROLE is reader or writer); blank
// lines and lines starting with '#' are ignored.
using TokenTable = std::map<std::string, Role>;
Result<TokenTable> ParseTokens(const std::string& text);
Result<TokenTable> ReadTokenFile(const std::string& path);

struct ServerOptions {
  std::string listen = "127.0.0.1:7687";  // host:port or unix:PATH
  // Without tokens the server accepts only loopback and unix-socket peers,
  // and every login (any token) gets a writer session.
  std::optional<TokenTable> tokens;
  std::string tls_cert, tls_key;  // PEM files; both or neither
  size_t min_workers = 4, max_workers = 64;
  size_t flow_limit_bytes = 8u << 20;  // unanswered incoming calls per peer
  uint32_t max_batch = 10000;          // rows per Cursor.next
  uint64_t batch_bytes = 4u << 20;     // and about this many bytes (rows stay whole; 0: none)

  // Limits that keep one careless or hostile client from taking the server
  // down (0: none). LimitsText() says them at start.
  uint32_t query_timeout_s = 300;  // caps every query's time limit (the client's or none)
  uint64_t max_rows = 10000000;    // caps every query's row limit
  uint64_t query_memory_mb = 512;  // rows one query may hold in sorts, groups and DISTINCT,
                                   // and the most a string or list an expression builds may take
  size_t max_connections = 256;    // more are refused at accept
  uint32_t idle_timeout_s = 900;   // a connection that sends nothing this long is closed
  size_t max_cursors_per_connection = 16;
  size_t max_calls_per_connection = 64;  // in flight; a client that sends more is cut off
  // Bytes of cursor batches built but not yet written to the socket, per
  // connection: Cursor.next waits while a client does not read its replies.
  uint64_t window_bytes = 16u << 20;
  uint64_t max_message_bytes = 32u << 20;       // an incoming message after login
  uint64_t prelogin_message_bytes = 64u << 10;  // and before
  // Imports spill a staged batch every so many entities
  // (ImportOptions::spill_entities).
  size_t import_spill_entities = 50000;
  uint32_t max_failed_logins = 5;  // per connection; each failure waits longer, then disconnect
  uint32_t login_delay_ms = 200;   // the first failure's delay, doubled for each next one
  // Listening beyond loopback without TLS sends tokens in clear: refused unless set.
  bool insecure = false;

  std::string LimitsText() const;
  std::ostream* log = nullptr;  // one line per connection and failed login
  // Adds procedures to the server's query engine (main() wires analytics in).
  std::function<void(query::ProcedureRegistry&)> register_procedures;
};

// Counters for tests and monitoring.
struct ServerCounters {
  int64_t live_cursors = 0;    // cursors holding a snapshot
  int64_t connections = 0;     // open connections
  int64_t rows_held = 0;       // rows in batches being sent
  int64_t peak_rows_held = 0;  // the most rows held at once since start
  int64_t failed_logins = 0;
  int64_t open_imports = 0;         // import sinks not yet committed or dropped
  int64_t refused_connections = 0;  // over --max-connections, or not loopback without tokens
  int64_t running = 0;              // tasks running on a worker or waiting for one
  int64_t batches = 0;              // cursor batches built since start
  int64_t waiting_for_window = 0;   // next() calls waiting for their client to read
};

struct ServerState;  // shared with the RPC objects (server.cc)

class Server {
 public:
  Server(Database* db, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens and serves until Stop(). `on_listening` gets the bound address
  // (with the real port when the listen port was 0) once clients can connect.
  // On return every connection is closed, running queries are cancelled and
  // no worker touches the database any more.
  Status Run(std::function<void(const std::string& address)> on_listening = nullptr);
  // Asks Run() to return. Safe from any thread, before or during Run().
  void Stop();

  ServerCounters counters() const;

  // The worker pool and query engine, shared with the HTTP server beside
  // this one (server/http_server.h). Valid for the life of the Server.
  WorkerPool& pool();
  query::QueryEngine& engine();

 private:
  Database* db_;
  ServerOptions options_;
  std::shared_ptr<ServerState> state_;
  StopSignal stop_;
};

}  // namespace actorgraph::server
