#include "server/worker_pool.h"

namespace actorgraph::server {

WorkerPool::WorkerPool(size_t min_threads, size_t max_threads)
    : max_threads_(std::max(max_threads, min_threads)) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < min_threads; ++i)
    threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  Shutdown();
}

size_t WorkerPool::threads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return threads_.size();
}

size_t WorkerPool::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_ + queue_.size();
}

void WorkerPool::Enqueue(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return;  // the fulfiller dies with the task: the promise rejects
  queue_.push_back(std::move(task));
  if (idle_ < queue_.size() && threads_.size() < max_threads_)
    threads_.emplace_back([this] { Loop(); });
  cv_.notify_one();
}

void WorkerPool::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    ++idle_;
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (stopping_) return;
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    task();
    task = nullptr;  // release captured state (cursors, snapshots) outside the lock
    lock.lock();
    --busy_;
  }
}

void WorkerPool::Shutdown() {
  std::vector<std::thread> threads;
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
    dropped.swap(queue_);
    cv_.notify_all();
  }
  dropped.clear();
  for (auto& t : threads)
    t.join();
}

}  // namespace actorgraph::server
