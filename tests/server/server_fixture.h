// What the RPC and HTTP server tests share: the Sahel database they serve,
// a server run on its own thread until the test stops it, and polling for a
// state with a deadline (never a bare sleep).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "engine/database.h"
#include "engine/write_txn.h"
#include "import/native_loader.h"
#include "tests/test_util.h"

namespace actorgraph::testing {

// Opens a database at `path` with the bundled Sahel dataset loaded.
inline std::unique_ptr<Database> OpenSahelDatabase(const std::filesystem::path& path) {
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return nullptr;
  auto txn = (*db)->BeginWrite("load sahel");
  NativeLoader loader(txn.get());
  Status st = loader.LoadFiles({SourcePath("data/sahel/sahel.jsonl")});
  EXPECT_TRUE(st.ok()) << st.ToString();
  auto committed = txn->Commit();
  EXPECT_TRUE(committed.ok()) << committed.status().ToString();
  return std::move(*db);
}

// Runs a server's Run() (server::Server or server::HttpServer) on a thread.
// Start() returns once it listens; Stop() ends it and checks how Run ended.
template <typename ServerT>
class ServerThread {
 public:
  ~ServerThread() { Stop(); }

  // Takes the server; returns the address it is bound to ("" on failure).
  std::string Start(std::unique_ptr<ServerT> server,
                    std::chrono::seconds timeout = std::chrono::seconds(30)) {
    server_ = std::move(server);
    std::promise<std::string> bound;
    auto ready = bound.get_future();
    thread_ = std::thread([this, &bound] {
      run_status_ = server_->Run([&bound](const std::string& a) { bound.set_value(a); });
    });
    if (ready.wait_for(timeout) != std::future_status::ready) {
      ADD_FAILURE() << "the server did not listen within " << timeout.count() << " s";
      return "";
    }
    return ready.get();
  }

  void Stop() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    EXPECT_TRUE(run_status_.ok()) << run_status_.ToString();
    server_.reset();
  }

  ServerT* get() const { return server_.get(); }
  ServerT* operator->() const { return server_.get(); }
  explicit operator bool() const { return server_ != nullptr; }

 private:
  std::unique_ptr<ServerT> server_;
  std::thread thread_;
  Status run_status_;
};

// Polls until pred() holds or the timeout passes; returns pred().
template <typename Pred>
bool Eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

}  // namespace actorgraph::testing
