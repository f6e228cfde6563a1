// WorkerPool: runs blocking work (queries, RocksDB, imports) off the event
// loop and hands the result back to it as a kj::Promise.
//
// The pool keeps `min_threads` threads and adds one (up to `max_threads`)
// whenever work arrives and none is idle, so one slow query does not hold up
// the others. Results cross back with kj::newPromiseAndCrossThreadFulfiller;
// dropping the promise does not wait for the work (set the work's cancel flag
// to stop it early).
//
// Thread-safety: Submit is called from the event-loop thread that will wait
// on the promise; Shutdown from the owner. Work runs on the pool's threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <kj/async.h>
#include <kj/debug.h>
#include <kj/function.h>

#include <memory>

namespace actorgraph::server {

class WorkerPool {
 public:
  WorkerPool(size_t min_threads, size_t max_threads);
  ~WorkerPool();  // calls Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs fn() on a worker; the promise resolves on the calling loop thread.
  // fn must not throw kj exceptions; std::exceptions become a rejected promise.
  template <typename T>
  kj::Promise<T> Run(std::function<T()> fn) {
    auto paf = kj::newPromiseAndCrossThreadFulfiller<T>();
    auto fulfiller =
        std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<T>>>(kj::mv(paf.fulfiller));
    Enqueue([fn = std::move(fn), fulfiller]() {
      try {
        (*fulfiller)->fulfill(fn());
      } catch (const std::exception& e) {
        (*fulfiller)->reject(KJ_EXCEPTION(FAILED, "internal error", e.what()));
      }
    });
    return kj::mv(paf.promise);
  }

  // Stops taking work, drops what has not started and joins the threads.
  void Shutdown();
  size_t threads() const;
  size_t pending() const;  // tasks running or waiting for a thread

 private:
  void Enqueue(std::function<void()> task);
  void Loop();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  size_t busy_ = 0;
  size_t max_threads_;
  bool stopping_ = false;
};

}  // namespace actorgraph::server
