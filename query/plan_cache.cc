#include "query/plan_cache.h"

#include <cstring>

namespace actorgraph::query {

namespace {

// Operators, with their closures.
size_t OperatorBytes(const Operator& op) {
  size_t n = 512;
  for (const Operator* c : op.children())
    n += OperatorBytes(*c);
  return n;
}

}  // namespace

size_t EstimatePlanBytes(const CachedPlan& p) {
  // Rough figures per item: an AST node and its strings per ~4 characters of
  // text, a hash-map node per binder table entry, an operator with its
  // closures.
  size_t n = sizeof(CachedPlan) + p.text.size() * 48;
  if (p.bound) {
    const BoundStatement& b = *p.bound;
    n += b.variables.size() * 96 + (b.references.size() + b.symbols.size() + b.projected.size() +
                                    b.scopes.size() + b.functions.size()) *
                                       64;
  }
  if (p.plan.root) n += OperatorBytes(*p.plan.root);
  return n;
}

PlanCache::~PlanCache() = default;

std::string PlanCache::Key(std::string_view text, uint64_t row_limit) {
  std::string key(text);
  char limit[sizeof row_limit];
  std::memcpy(limit, &row_limit, sizeof row_limit);
  key.append(limit, sizeof limit);
  return key;
}

std::unique_ptr<CachedPlan> PlanCache::Checkout(std::string_view text, uint64_t row_limit,
                                                uint64_t procedures_version) {
  const std::string key = Key(text, row_limit);
  std::vector<std::unique_ptr<CachedPlan>> stale;  // destroyed after the lock is released
  std::lock_guard lock(mu_);
  auto it = slots_.find(key);
  if (it == slots_.end() || it->second.idle.empty()) {
    ++misses_;
    return nullptr;
  }
  std::unique_ptr<CachedPlan> p = std::move(it->second.idle.back());
  it->second.idle.pop_back();
  --plans_;
  bytes_ -= p->bytes;
  if (it->second.idle.empty()) EraseSlotLocked(it);
  if (p->procedures_version != procedures_version) {
    // Planned against another registry: every idle plan of the text is too.
    if (it = slots_.find(key); it != slots_.end()) {
      for (auto& q : it->second.idle) {
        --plans_;
        bytes_ -= q->bytes;
        stale.push_back(std::move(q));
      }
      EraseSlotLocked(it);
    }
    stale.push_back(std::move(p));
    ++misses_;
    return nullptr;
  }
  ++hits_;
  return p;
}

void PlanCache::Return(std::unique_ptr<CachedPlan> plan) {
  std::vector<std::unique_ptr<CachedPlan>> drop;  // destroyed after the lock is released
  if (!plan) return;
  plan->bytes = EstimatePlanBytes(*plan);
  std::string key = Key(plan->text, plan->row_limit);
  std::lock_guard lock(mu_);
  if (max_plans_ == 0 || plan->bytes > max_bytes_) {
    drop.push_back(std::move(plan));
    return;
  }
  if (plan->ran_at != CachedPlan::kNoSnapshot) {
    if (plan->ran_at < newest_txn_) {
      drop.push_back(std::move(plan));  // it may hold an old snapshot
      return;
    }
    if (plan->ran_at > newest_txn_) {
      // A newer transaction: idle plans that ran on older ones may hold
      // their adjacency snapshots.
      newest_txn_ = plan->ran_at;
      for (auto it = slots_.begin(); it != slots_.end();) {
        auto& idle = it->second.idle;
        for (size_t i = 0; i < idle.size();) {
          if (idle[i]->ran_at != CachedPlan::kNoSnapshot && idle[i]->ran_at < newest_txn_) {
            --plans_;
            bytes_ -= idle[i]->bytes;
            drop.push_back(std::move(idle[i]));
            idle[i] = std::move(idle.back());
            idle.pop_back();
          } else {
            ++i;
          }
        }
        auto next = std::next(it);
        if (idle.empty()) EraseSlotLocked(it);
        it = next;
      }
    }
  }
  auto [it, inserted] = slots_.try_emplace(std::move(key));
  Slot& slot = it->second;
  if (inserted) {
    lru_.push_front(it->first);
    slot.lru = lru_.begin();
  } else {
    lru_.splice(lru_.begin(), lru_, slot.lru);
  }
  if (slot.idle.size() >= kMaxIdlePerText) {
    drop.push_back(std::move(plan));
    return;
  }
  ++plans_;
  bytes_ += plan->bytes;
  slot.idle.push_back(std::move(plan));
  EvictLocked(&drop);
}

void PlanCache::EraseSlotLocked(std::unordered_map<std::string, Slot>::iterator it) {
  lru_.erase(it->second.lru);
  slots_.erase(it);
}

void PlanCache::EvictLocked(std::vector<std::unique_ptr<CachedPlan>>* drop) {
  while ((plans_ > max_plans_ || bytes_ > max_bytes_) && !lru_.empty()) {
    auto it = slots_.find(lru_.back());
    for (auto& p : it->second.idle) {
      --plans_;
      bytes_ -= p->bytes;
      drop->push_back(std::move(p));
    }
    EraseSlotLocked(it);
  }
}

void PlanCache::SetLimits(size_t max_plans, size_t max_bytes) {
  std::vector<std::unique_ptr<CachedPlan>> drop;
  std::lock_guard lock(mu_);
  max_plans_ = max_plans;
  max_bytes_ = max_bytes;
  EvictLocked(&drop);
}

bool PlanCache::ReturnsRunOf(std::chrono::steady_clock::duration busy) const {
  std::lock_guard lock(mu_);
  return busy <= max_cached_run_;
}

void PlanCache::SetMaxCachedRun(std::chrono::steady_clock::duration limit) {
  std::lock_guard lock(mu_);
  max_cached_run_ = limit;
}

bool PlanCache::enabled() const {
  std::lock_guard lock(mu_);
  return max_plans_ > 0;
}

void PlanCache::Clear() {
  std::unordered_map<std::string, Slot> drop;
  std::lock_guard lock(mu_);
  drop.swap(slots_);
  lru_.clear();
  plans_ = bytes_ = 0;
}

PlanCache::Stats PlanCache::stats() const {
  std::lock_guard lock(mu_);
  return Stats{hits_, misses_, plans_, bytes_};
}

}  // namespace actorgraph::query
