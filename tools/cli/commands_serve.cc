// The `serve` command: the database over Cap'n Proto RPC (server/server.h)
// and, with --http, over HTTP/JSON with the browser workbench
// (server/http_server.h).
// main() of the server: parses flags, opens the database, wires signals to
// Server::Stop, and closes the database after the server has stopped.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "analytics/procedures.h"
#include "server/http_server.h"
#include "server/server.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

namespace {
// The signal that asked the server to stop (0: none). Written by the handler.
volatile std::sig_atomic_t g_stop_signal = 0;
}  // namespace

namespace {

// The limits `serve` flags set, parsed as 64-bit numbers and then checked
// and copied into ServerOptions.
struct Limits {
  uint64_t query_timeout_s, max_rows, max_connections, idle_timeout_s, max_cursors, max_calls,
      query_memory_mb;
};

// Where `flag`'s number goes; nullptr when `flag` is not a limit flag.
uint64_t* LimitFlagIn(const std::string& flag, Limits* l) {
  if (flag == "--query-timeout") return &l->query_timeout_s;
  if (flag == "--max-rows") return &l->max_rows;
  if (flag == "--query-memory") return &l->query_memory_mb;
  if (flag == "--max-connections") return &l->max_connections;
  if (flag == "--idle-timeout") return &l->idle_timeout_s;
  if (flag == "--max-cursors") return &l->max_cursors;
  if (flag == "--max-calls") return &l->max_calls;
  return nullptr;
}

}  // namespace

int RunServe(CliContext& ctx, const Args& args) {
  server::ServerOptions options;
  Limits limits{options.query_timeout_s,
                options.max_rows,
                options.max_connections,
                options.idle_timeout_s,
                options.max_cursors_per_connection,
                options.max_calls_per_connection,
                options.query_memory_mb};
  options.register_procedures = [](query::ProcedureRegistry& r) {
    analytics::RegisterAnalyticsProcedures(r);
  };
  std::string tokens_file;
  std::optional<server::HttpOptions> http;  // --http: the HTTP API and workbench
  bool rpc = true;                          // false with --http and no --listen
  bool listen_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--listen") {
      auto v = value();
      if (!v) return Usage("serve", "--listen needs host:port or unix:PATH");
      options.listen = *v;
      listen_given = true;
    } else if (a == "--http") {
      auto v = value();
      if (!v) return Usage("serve", "--http needs host:port (port 0: any free port)");
      http.emplace();
      http->listen = *v;
    } else if (a == "--tokens") {
      auto v = value();
      if (!v) return Usage("serve", "--tokens needs a file");
      tokens_file = *v;
    } else if (a == "--tls-cert") {
      auto v = value();
      if (!v) return Usage("serve", "--tls-cert needs a PEM file");
      options.tls_cert = *v;
    } else if (a == "--tls-key") {
      auto v = value();
      if (!v) return Usage("serve", "--tls-key needs a PEM file");
      options.tls_key = *v;
    } else if (a == "--workers") {
      auto v = value();
      const long n = v ? std::strtol(v->c_str(), nullptr, 10) : 0;
      if (n < 1 || n > 1024) return Usage("serve", "--workers takes a number from 1 to 1024");
      options.min_workers = static_cast<size_t>(n);
      options.max_workers = std::max<size_t>(options.max_workers, options.min_workers);
    } else if (a == "--insecure") {
      options.insecure = true;
    } else if (uint64_t* limit = LimitFlagIn(a, &limits)) {
      // A whole number; 0 means no limit.
      auto v = value();
      char* end = nullptr;
      const unsigned long long n = v ? std::strtoull(v->c_str(), &end, 10) : 0;
      if (!v || v->empty() || *end != '\0' || (*v)[0] == '-')
        return Usage("serve", a + " takes a whole number (0: no limit)");
      *limit = n;
    } else {
      return Usage("serve", "unknown argument '" + a + "'");
    }
  }
  if (limits.query_timeout_s > UINT32_MAX || limits.idle_timeout_s > UINT32_MAX)
    return Usage("serve", "--query-timeout and --idle-timeout take seconds (up to 4294967295)");
  options.query_timeout_s = static_cast<uint32_t>(limits.query_timeout_s);
  options.max_rows = limits.max_rows;
  options.query_memory_mb = limits.query_memory_mb;
  options.max_connections = limits.max_connections;
  options.idle_timeout_s = static_cast<uint32_t>(limits.idle_timeout_s);
  options.max_cursors_per_connection = limits.max_cursors;
  options.max_calls_per_connection = limits.max_calls;
  rpc = !http || listen_given;
  if (options.tls_cert.empty() != options.tls_key.empty())
    return Usage("serve", "TLS needs both --tls-cert and --tls-key");
  if (!tokens_file.empty()) {
    auto t = server::ReadTokenFile(tokens_file);
    if (!t.ok()) return Fail(t.status());
    options.tokens = std::move(*t);
  }
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  options.log = &std::cerr;
  options.import_spill_entities = ctx.options().import_spill;

  if (options.tokens) {
    size_t writers = 0;
    for (const auto& [t, r] : *options.tokens)
      writers += r == server::Role::kWriter;
    ctx.info() << "actorgraph serve: " << (*db)->dir() << " on "
               << (rpc ? options.listen : std::string()) << (rpc && http ? " and " : "")
               << (http ? "http://" + http->listen : std::string()) << "; "
               << options.tokens->size() << " token(s) from " << tokens_file << " (" << writers
               << " writer)\n";
  } else {
    ctx.info() << "actorgraph serve: " << (*db)->dir() << " on "
               << (rpc ? options.listen : std::string()) << (rpc && http ? " and " : "")
               << (http ? "http://" + http->listen : std::string())
               << "; no tokens file: accepting only loopback and unix-socket clients, and every "
                  "login (any token) gets a writer session\n";
  }

  // SIGINT and SIGTERM set a flag (all a handler may safely do); a watcher
  // thread turns it into Server::Stop(). The handlers are restored on return.
  struct sigaction action {
  }, old_int{}, old_term{};
  action.sa_handler = [](int sig) { g_stop_signal = sig; };
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  // The RPC server owns the worker pool and query engine; the HTTP server
  // shares them when both run, and runs its own event loop on a thread.
  server::Server srv(*db, options);
  std::unique_ptr<server::HttpServer> web;
  if (http)
    web = std::make_unique<server::HttpServer>(*db, options, *http, rpc ? &srv.pool() : nullptr,
                                               rpc ? &srv.engine() : nullptr);
  auto stop_all = [&] {
    if (web) web->Stop();
    srv.Stop();
  };
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      if (const int sig = g_stop_signal) {
        std::cerr << "actorgraph serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
                  << ": stopping\n";
        stop_all();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  // Scripts and tests read the bound address (port 0 picks a free one).
  auto on_http = [](const std::string& address) {
    std::cout << "http: listening on http://" << address << "/" << std::endl;
  };
  Status s, hs;
  std::thread http_thread;
  if (web && rpc) {
    http_thread = std::thread([&] {
      hs = web->Run(on_http);
      if (!hs.ok()) srv.Stop();
    });
    s = srv.Run();
    web->Stop();
    http_thread.join();
  } else if (web) {
    hs = web->Run(on_http);
  } else {
    s = srv.Run();
  }
  done = true;
  stop_all();
  watcher.join();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  if (s.ok()) s = hs;
  if (!s.ok()) return Fail(s);
  ctx.info() << "actorgraph serve: stopped; closing the database\n";
  return 0;
}

}  // namespace actorgraph::cli
