// rpc_bench: N clients x M queries against an actorgraph server over loopback,
// reporting throughput and p50/p99/max latency per query (connect + login not
// counted).
//
//   rpc_bench [--clients N] [--queries M] [--connect ADDRESS --token T]
//
// Without --connect it creates a temporary database with the Sahel dataset and
// runs a server in-process on 127.0.0.1 (a free port), so the numbers include
// the whole RPC path but no other process.
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "actorgraph/client.h"
#include "engine/database.h"
#include "engine/write_txn.h"
#include "import/native_loader.h"
#include "server/server.h"

namespace {

using Clock = std::chrono::steady_clock;

const std::vector<std::string> kQueries = {
    "MATCH (n) RETURN count(*)",
    "MATCH (n:Actor) RETURN n.name ORDER BY n.name",
    "MATCH (a)-[r]->(b) RETURN a, r, b LIMIT 50",
    "MATCH (n {id: 'wagner-group'})-[r]-(m) RETURN type(r), m.name",
    "MATCH (e:Event) RETURN e.name, e.date, e.fatalities",
    "UNWIND range(1, 1000) AS i RETURN i",
};

}  // namespace

int main(int argc, char** argv) {
  using namespace actorgraph;
  int clients = 8, queries = 500;
  std::string address, token;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--clients")
      clients = std::atoi(next().c_str());
    else if (a == "--queries")
      queries = std::atoi(next().c_str());
    else if (a == "--connect")
      address = next();
    else if (a == "--token")
      token = next();
    else {
      std::cerr << "usage: rpc_bench [--clients N] [--queries M] [--connect ADDRESS --token T]\n";
      return 2;
    }
  }
  if (clients < 1 || queries < 1) return 2;

  // An in-process server unless one is given.
  std::filesystem::path dir;
  std::unique_ptr<Database> db;
  std::unique_ptr<server::Server> srv;
  std::thread server_thread;
  if (address.empty()) {
    dir = std::filesystem::temp_directory_path() /
          ("actorgraph-rpc-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto opened = Database::Open(dir.string());
    if (!opened.ok()) {
      std::cerr << opened.status().ToString() << "\n";
      return 1;
    }
    db = std::move(*opened);
    auto txn = db->BeginWrite("load sahel");
    NativeLoader loader(txn.get());
    Status s = loader.LoadFiles({std::string(AG_SAHEL_PATH)});
    if (!s.ok() || !txn->Commit().ok()) {
      std::cerr << "cannot load the Sahel dataset: " << s.ToString() << "\n";
      return 1;
    }
    txn.reset();
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    srv = std::make_unique<server::Server>(db.get(), options);
    std::promise<std::string> bound;
    auto ready = bound.get_future();
    server_thread =
        std::thread([&] { srv->Run([&](const std::string& a) { bound.set_value(a); }); });
    address = ready.get();
  }

  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int> errors{0};
  std::atomic<uint64_t> rows_total{0};
  std::atomic<int> connected{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      auto c = client::Client::Connect({.address = address, .token = token});
      ++connected;
      while (!go)
        std::this_thread::yield();
      if (!c.ok()) {
        errors += queries;
        return;
      }
      latencies[t].reserve(queries);
      for (int q = 0; q < queries; ++q) {
        const std::string& text = kQueries[(q + t) % kQueries.size()];
        const auto start = Clock::now();
        auto cur = (*c)->Query(text);
        uint64_t rows = 0;
        bool ok = cur.ok();
        while (ok) {
          std::vector<std::vector<Value>> batch;
          auto more = (*cur)->Next(1000, &batch);
          if (!more.ok()) ok = false;
          rows += batch.size();
          if (!ok || !*more) break;
        }
        if (cur.ok()) cur->reset();
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (!ok) ++errors;
        rows_total += rows;
      }
    });
  }
  while (connected < clients)
    std::this_thread::yield();
  const auto start = Clock::now();
  go = true;
  for (auto& th : threads)
    th.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> all;
  for (auto& l : latencies)
    all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf("clients %d x queries %d = %zu queries in %.2f s (%u hardware threads)\n", clients,
              queries, all.size(), seconds, std::thread::hardware_concurrency());
  std::printf("throughput  %.0f queries/s, %.0f rows/s\n", all.size() / seconds,
              rows_total / seconds);
  std::printf("latency ms  p50 %.3f  p99 %.3f  max %.3f\n", pct(0.50), pct(0.99),
              all.empty() ? 0.0 : all.back());
  std::printf("errors      %d\n", errors.load());

  if (srv) {
    srv->Stop();
    server_thread.join();
    srv.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }
  return errors ? 1 : 0;
}
