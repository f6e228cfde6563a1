#include "query/executor/node_array_pool.h"

#include <sys/mman.h>

#include <cstdlib>

namespace actorgraph::query {

void NodeArray::Free() {
  if (p && mapped) munmap(p, bytes);
  if (p && !mapped) std::free(p);
  p = nullptr;
}

NodeArrayPool::~NodeArrayPool() {
  for (NodeArray& a : idle_)
    a.Free();
}

NodeArray NodeArrayPool::Take(size_t bytes) {
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < idle_.size(); ++i) {
    if (idle_[i].bytes != bytes) continue;
    NodeArray a = idle_[i];
    idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
    resident_ -= a.resident;
    return a;
  }
  return {};
}

void NodeArrayPool::Give(NodeArray a) {
  if (!a.p) return;
  NodeArray drop;  // freed outside the lock
  {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdle && resident_ + a.resident <= max_resident_) {
      resident_ += a.resident;
      idle_.push_back(a);
    } else {
      drop = a;
    }
  }
  drop.Free();
}

void NodeArrayPool::SetLimit(size_t max_resident_bytes) {
  std::vector<NodeArray> drop;  // freed outside the lock
  {
    std::lock_guard lock(mu_);
    max_resident_ = max_resident_bytes;
    while (!idle_.empty() && resident_ > max_resident_) {
      resident_ -= idle_.back().resident;
      drop.push_back(idle_.back());
      idle_.pop_back();
    }
  }
  for (NodeArray& a : drop)
    a.Free();
}

size_t NodeArrayPool::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

size_t NodeArrayPool::resident_bytes() const {
  std::lock_guard lock(mu_);
  return resident_;
}

}  // namespace actorgraph::query
