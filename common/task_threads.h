// RunTasks: runs fn(0) .. fn(n - 1) on up to `threads` threads (the calling
// thread is one of them), each thread taking the next task not yet taken, so
// tasks listed largest first (LargestFirst) finish close together. Returns
// when all are done. fn must be safe to call from several threads at once
// for distinct tasks; it should not throw.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace actorgraph {

template <typename Fn>
void RunTasks(size_t n, int threads, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;)
      fn(i);
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < threads && static_cast<size_t>(t) < n; ++t)
    helpers.emplace_back(worker);
  worker();
  for (auto& h : helpers)
    h.join();
}

// The indexes 0 .. n - 1 ordered by size_of(i), largest first (equal sizes
// in index order).
template <typename SizeOf>
std::vector<size_t> LargestFirst(size_t n, SizeOf&& size_of) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return size_of(a) > size_of(b); });
  return order;
}

}  // namespace actorgraph
