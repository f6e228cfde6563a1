// Filters, projections, aggregation, sorting, paging, unwinding, apply,
// union and procedure calls.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <sys/mman.h>

#include "common/mix_bits.h"
#include "engine/adjacency_cache.h"
#include "query/executor/edge_source.h"
#include "query/executor/flat_key_set.h"
#include "query/executor/operators.h"

namespace actorgraph::query {

namespace {

// A total order on rows of values, for grouping and distinct.
struct ValuesLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (int c = Value::OrderCompare(a[i], b[i])) return c < 0;
    return a.size() < b.size();
  }
};

// Hashing consistent with Value::OrderCompare equality (1 and 1.0 are equal,
// so numbers hash by their double value; every NaN is equal to every NaN).
size_t HashValue(const Value& v) {
  auto mix = [](size_t h, size_t x) {
    return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  };
  switch (v.kind()) {
    case Value::Kind::kNull:
      return 0x51ed27;
    case Value::Kind::kBool:
      return v.as_bool() ? 0x2545f491 : 0x1b873593;
    case Value::Kind::kInt:
    case Value::Kind::kFloat: {
      double d = v.as_number();
      if (std::isnan(d)) return 0x7ff8;
      if (d == 0) d = 0;  // -0.0 equals 0.0
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return std::hash<uint64_t>()(bits);
    }
    case Value::Kind::kString:
      return std::hash<std::string>()(v.as_string());
    case Value::Kind::kDate:
      return std::hash<uint32_t>()(v.as_date().Pack());
    case Value::Kind::kNode:
      return mix(1, std::hash<uint64_t>()(v.as_node()));
    case Value::Kind::kRel:
      return mix(2, std::hash<uint64_t>()(v.as_rel()));
    case Value::Kind::kList: {
      size_t h = 3;
      for (const auto& x : v.as_list())
        h = mix(h, HashValue(x));
      return h;
    }
    default:
      return static_cast<size_t>(v.kind());  // maps, paths: equality decides
  }
}
struct ValueHash {
  size_t operator()(const Value& v) const { return HashValue(v); }
};
// Equality as Value::OrderCompare's, with the common cases (two nodes, two
// integers: group and DISTINCT keys) decided without its general dispatch.
inline bool SameValue(const Value& a, const Value& b) {
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case Value::Kind::kNode:
        return a.as_node() == b.as_node();
      case Value::Kind::kRel:
        return a.as_rel() == b.as_rel();
      case Value::Kind::kInt:
        return a.as_int() == b.as_int();
      default:
        break;
    }
  }
  return Value::OrderCompare(a, b) == 0;
}
struct ValueEq {
  bool operator()(const Value& a, const Value& b) const { return SameValue(a, b); }
};
struct ValuesHash {
  size_t operator()(const std::vector<Value>& v) const {
    size_t h = v.size();
    for (const auto& x : v)
      h = h * 1000003u ^ HashValue(x);
    return h;
  }
};
struct ValuesEq {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!SameValue(a[i], b[i])) return false;
    return true;
  }
};
using ValuesSet = std::unordered_set<std::vector<Value>, ValuesHash, ValuesEq>;

class Filter : public Operator {
 public:
  Filter(OpPtr input, ExprFn pred, std::string d) : pred_(std::move(pred)), d_(std::move(d)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "Filter"; }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override { return child()->Open(ctx, arg); }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
      if (!more) return false;
      Value v;
      AG_RETURN_IF_ERROR(pred_(*out, ctx, &v));
      if (!v.is_null() && v.kind() != Value::Kind::kBool)
        return Status::InvalidArgument("type error: WHERE needs a boolean, not a " +
                                       std::string(Value::KindName(v.kind())) + " (" + d_ + ")");
      if (IsTrue(v)) return true;
    }
  }

 private:
  ExprFn pred_;
  std::string d_;
};

class Project : public Operator {
 public:
  Project(OpPtr input, std::vector<std::pair<SlotId, ExprFn>> items, std::string d)
      : items_(std::move(items)), d_(std::move(d)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "Projection"; }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override { return child()->Open(ctx, arg); }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
    if (!more) return false;
    // Evaluate all first: an alias may shadow a variable another item reads.
    std::vector<Value>& vals = vals_;  // kept: no allocation per row
    vals.resize(items_.size());
    for (size_t i = 0; i < items_.size(); ++i)
      AG_RETURN_IF_ERROR(items_[i].second(*out, ctx, &vals[i]));
    for (size_t i = 0; i < items_.size(); ++i)
      (*out)[items_[i].first] = std::move(vals[i]);
    return true;
  }

 private:
  std::vector<std::pair<SlotId, ExprFn>> items_;
  std::string d_;
  std::vector<Value> vals_;
};

class Narrow : public Operator {
 public:
  Narrow(OpPtr input, std::vector<SlotId> keep) : keep_(std::move(keep)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "Narrow"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override { return child()->Open(ctx, arg); }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &in_));
    if (!more) return false;
    *out = Row(in_.slots.size());
    for (SlotId s : keep_)
      (*out)[s] = std::move(in_[s]);
    return true;
  }

 private:
  std::vector<SlotId> keep_;
  Row in_;
};

// One aggregate's running state.
// The values a DISTINCT aggregate has seen in one group. Most groups are
// small (count(DISTINCT x) per person, per company), so the first few values
// sit in a vector searched linearly, and only larger groups pay for a hash set
// (its buckets and one allocation per value).
class DistinctValues {
 public:
  // True when `v` was not seen before.
  bool Insert(const Value& v) {
    if (!big_) {
      for (const Value& x : small_)
        if (ValueEq()(x, v)) return false;
      if (small_.size() < kSmall) {
        if (small_.empty()) small_.reserve(4);
        small_.push_back(v);
        return true;
      }
      big_ = std::make_unique<std::unordered_set<Value, ValueHash, ValueEq>>(small_.begin(),
                                                                             small_.end());
      small_.clear();
      small_.shrink_to_fit();
    }
    return big_->insert(v).second;
  }

 private:
  static constexpr size_t kSmall = 16;
  std::vector<Value> small_;
  std::unique_ptr<std::unordered_set<Value, ValueHash, ValueEq>> big_;
};

// The node and relationship ids a DISTINCT aggregate has seen in one group,
// as plain numbers (id * 2, plus 1 for a relationship): 8 bytes each instead
// of a Value, compared without Value's dispatch (nodes and relationships
// equal only themselves). Small groups search a vector; larger ones get an
// open-addressing table of their own. Per group, not one table for all: rows
// mostly arrive clustered by group, and a group's values then stay in cache.
class DistinctIds {
 public:
  static bool Fits(uint64_t id) { return id < (uint64_t{1} << 62); }
  // True when `key` was not seen before.
  bool Insert(uint64_t key) {
    if (table_.empty()) {
      for (uint64_t x : small_)
        if (x == key) return false;
      if (small_.size() < kSmall) {
        if (small_.empty()) small_.reserve(4);
        small_.push_back(key);
        return true;
      }
      table_.assign(4 * kSmall, kFree);
      for (uint64_t x : small_)
        Put(x);
      std::vector<uint64_t>().swap(small_);
    }
    if ((size_ + 1) * 2 > table_.size()) Grow();
    return Put(key);
  }

 private:
  static constexpr size_t kSmall = 16;
  static constexpr uint64_t kFree = ~uint64_t{0};
  bool Put(uint64_t key) {
    const size_t mask = table_.size() - 1;
    size_t i = (key * 0x9e3779b97f4a7c15ULL >> 20) & mask;
    for (; table_[i] != kFree; i = (i + 1) & mask)
      if (table_[i] == key) return false;
    table_[i] = key;
    ++size_;
    return true;
  }
  void Grow() {
    std::vector<uint64_t> old(table_.size() * 2, kFree);
    old.swap(table_);
    size_ = 0;
    for (uint64_t x : old)
      if (x != kFree) Put(x);
  }
  std::vector<uint64_t> small_, table_;
  size_t size_ = 0;
};

// The aggregate function, resolved once instead of compared as a string per row.
enum class AggFn : uint8_t { kCount, kSum, kAvg, kMin, kMax, kCollect, kOther };
AggFn ResolveAggFn(const AggregateSpec& spec) {
  const std::string& f = spec.function;
  if (spec.star || f == "count") return AggFn::kCount;
  if (f == "sum") return AggFn::kSum;
  if (f == "avg") return AggFn::kAvg;
  if (f == "min") return AggFn::kMin;
  if (f == "max") return AggFn::kMax;
  if (f == "collect") return AggFn::kCollect;
  return AggFn::kOther;
}

// What few groups need (min/max, collect, DISTINCT sets, percentiles), kept
// apart so that a group's state stays small: with many groups (one per
// person) the states are read at random and their size is cache misses.
struct AggExtra {
  Value best;
  ValueList items;
  DistinctValues seen;
  DistinctIds ids;  // DISTINCT nodes and relationships
  std::vector<double> numbers;
};

struct AggState {
  int64_t count = 0;
  int64_t isum = 0;
  double fsum = 0;
  bool any_float = false;
  bool overflow = false;
  std::unique_ptr<AggExtra> extra;
  AggExtra& x() {
    if (!extra) extra = std::make_unique<AggExtra>();
    return *extra;
  }
};

// Adds `v` to a group's state; what the state keeps of it (DISTINCT sets,
// collect() lists, values for percentiles) counts against the query's
// memory budget.
Status Accumulate(ExecContext& ctx, const AggregateSpec& spec, AggFn fn, AggState* st,
                  const Value& v) {
  if (spec.star) {
    ++st->count;
    return Status::OK();
  }
  if (v.is_null()) return Status::OK();
  if (spec.distinct) {
    const Value::Kind k = v.kind();
    const uint64_t id = k == Value::Kind::kNode  ? v.as_node()
                        : k == Value::Kind::kRel ? v.as_rel()
                                                 : ~uint64_t{0};
    if (DistinctIds::Fits(id)) {
      if (!st->x().ids.Insert(id * 2 + (k == Value::Kind::kRel))) return Status::OK();
      AG_RETURN_IF_ERROR(ctx.ChargeBytes(2 * sizeof(uint64_t)));  // the table is at most half full
    } else if (!st->x().seen.Insert(v)) {
      return Status::OK();
    } else {
      AG_RETURN_IF_ERROR(ctx.ChargeBytes(EstimateBytes(v) + 16));  // + the set's node
    }
  }
  switch (fn) {
    case AggFn::kCount:
      ++st->count;
      break;
    case AggFn::kSum:
    case AggFn::kAvg:
      if (!v.is_number())
        return Status::InvalidArgument("type error: " + spec.function + "() needs numbers, got a " +
                                       Value::KindName(v.kind()));
      ++st->count;
      if (v.kind() == Value::Kind::kFloat)
        st->any_float = true;
      else if (__builtin_add_overflow(st->isum, v.as_int(), &st->isum))
        st->overflow = true;
      st->fsum += v.as_number();
      break;
    case AggFn::kMin:
    case AggFn::kMax: {
      Value& best = st->x().best;
      if (best.is_null()) {
        best = v;
      } else {
        int c = Value::OrderCompare(v, best);
        if ((fn == AggFn::kMin && c < 0) || (fn == AggFn::kMax && c > 0)) best = v;
      }
      break;
    }
    case AggFn::kCollect:
      AG_RETURN_IF_ERROR(ctx.ChargeBytes(EstimateBytes(v)));
      st->x().items.push_back(v);
      break;
    case AggFn::kOther:  // stdev, stdevp, percentiles
      if (!v.is_number())
        return Status::InvalidArgument("type error: " + spec.function + "() needs numbers");
      AG_RETURN_IF_ERROR(ctx.ChargeBytes(sizeof(double)));
      st->x().numbers.push_back(v.as_number());
      break;
  }
  return Status::OK();
}

Result<Value> Finish(const AggregateSpec& spec, AggState& st, const Value& extra) {
  const std::string& f = spec.function;
  if (spec.star || f == "count") return Value(st.count);
  if (f == "sum") {
    if (st.any_float) return Value(st.fsum);
    if (st.overflow) return Status::InvalidArgument("runtime error: sum() integer overflow");
    return Value(st.isum);
  }
  if (f == "avg") return st.count ? Value(st.fsum / st.count) : Value();
  if (f == "min" || f == "max") return st.extra ? st.extra->best : Value();
  if (f == "collect") return st.extra ? Value(std::move(st.extra->items)) : Value(ValueList{});
  std::vector<double> none;
  auto& xs = st.extra ? st.extra->numbers : none;
  if (f == "stdev" || f == "stdevp") {
    const size_t n = xs.size();
    if (n < (f == "stdev" ? 2u : 1u)) return Value(0.0);
    double mean = 0;
    for (double x : xs)
      mean += x;
    mean /= n;
    double ss = 0;
    for (double x : xs)
      ss += (x - mean) * (x - mean);
    return Value(std::sqrt(ss / (f == "stdev" ? n - 1 : n)));
  }
  if (xs.empty()) return Value();
  if (!extra.is_number() || !(extra.as_number() >= 0 && extra.as_number() <= 1))  // NaN too
    return Status::InvalidArgument("runtime error: " + f + "() needs a percentile between 0 and 1");
  std::sort(xs.begin(), xs.end());
  const double p = extra.as_number();
  if (f == "percentiledisc") {
    size_t idx = p == 0 ? 0 : static_cast<size_t>(std::ceil(p * xs.size())) - 1;
    return Value(xs[std::min(idx, xs.size() - 1)]);
  }
  const double pos = p * (xs.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos)), hi = static_cast<size_t>(std::ceil(pos));
  return Value(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo));
}

// Open-addressing hash index from a group's key to the group's number, the
// keys themselves kept by the caller in a flat array (group g's at g * n).
// Equality is Value::OrderCompare's, like the hashing (ValuesHash).
class GroupIndex {
 public:
  // The number of the group with `key`; a key not seen before gets
  // `next_group` and sets *added (the caller then appends its key to
  // `keys`). The caller may number groups the index never sees (Aggregate's
  // groups by node id).
  size_t FindOrAdd(const std::vector<Value>& key, const std::vector<Value>& keys, size_t next_group,
                   bool* added) {
    return FindOrAdd(key, Hash(key), keys, next_group, added);
  }
  // The same with the key's hash (Hash(key)) computed beforehand.
  size_t FindOrAdd(const std::vector<Value>& key, size_t h, const std::vector<Value>& keys,
                   size_t next_group, bool* added) {
    const size_t n = key.size();
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint32_t e = slots_[i].entry;
      if (e == kEmpty) {
        slots_[i] = Slot{static_cast<uint32_t>(entries_.size()), tag};
        entries_.push_back({h, next_group});
        *added = true;
        return next_group;
      }
      // The tag (the hash's high bits) beside the entry number rules out
      // most other groups without reading their hash or keys (cache misses).
      if (slots_[i].tag != tag) continue;
      const size_t g = entries_[e].group;
      bool same = true;
      for (size_t k = 0; k < n && same; ++k)
        same = SameValue(keys[g * n + k], key[k]);
      if (same) {
        *added = false;
        return g;
      }
    }
  }
  static size_t Hash(const std::vector<Value>& key) { return Spread(ValuesHash()(key)); }
  // Asks the cache for the slot a key with hash `h` is looked up at first:
  // with many groups the slots are a cache miss per new key, and a caller
  // that knows the next keys in advance can overlap those misses.
  void Prefetch(size_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  // Value hashes can be poor in their low bits (an integer hashes by its
  // double's bits, whose low bits are zero); the table masks the low bits,
  // so mix them first (MurmurHash3's finaliser).
  static size_t Spread(uint64_t h) { return MixBits(h); }
  void Grow() {
    std::vector<Slot> slots(std::max<size_t>(16, slots_.size() * 2));
    const size_t mask = slots.size() - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) {
      size_t i = entries_[e].hash & mask;
      while (slots[i].entry != kEmpty)
        i = (i + 1) & mask;
      slots[i] = Slot{e, static_cast<uint32_t>(entries_[e].hash >> 32)};
    }
    slots_ = std::move(slots);
  }
  struct Slot {
    uint32_t entry = kEmpty;  // kEmpty where free
    uint32_t tag = 0;
  };
  struct Entry {
    size_t hash;
    size_t group;
  };
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
};

// Counts the distinct (group, node or relationship) pairs of a
// count(DISTINCT x): each row appends one 64-bit pair, and the pairs are
// sorted and made unique when the buffer fills (so it holds at most about
// twice the distinct pairs) and at the end. Appending is sequential where a
// set per group is a random access (a cache miss) per row once there are
// many groups.
class DistinctPairs {
 public:
  // False when the pair does not fit (the caller keeps it in the group's set).
  static bool Fits(uint64_t group, uint64_t key) {
    return group <= UINT32_MAX && key <= UINT32_MAX;
  }
  // Returns the bytes the buffers grew by (for the query's memory budget).
  size_t Add(uint64_t group, uint64_t key) {
    const size_t before = Capacity();
    pairs_.push_back(key_first_ ? key << 32 | group : group << 32 | key);
    if (pairs_.size() >= limit_) {
      Compact();
      limit_ = std::max(limit_, 2 * pairs_.size());
    }
    return Capacity() > before ? (Capacity() - before) * sizeof(uint64_t) : 0;
  }
  // Calls fn(group) once per distinct pair, then frees the pairs. Charges
  // what the last sort needs to `ctx`.
  template <typename Fn>
  Status ForEachGroup(ExecContext& ctx, Fn&& fn) {
    const size_t before = Capacity();
    Compact();
    if (Capacity() > before)
      AG_RETURN_IF_ERROR(ctx.ChargeBytes((Capacity() - before) * sizeof(uint64_t)));
    for (uint64_t p : pairs_)
      fn(static_cast<size_t>(key_first_ ? p & UINT32_MAX : p >> 32));
    std::vector<uint64_t>().swap(pairs_);
    std::vector<uint64_t>().swap(scratch_);
    return Status::OK();
  }

 private:
  size_t Capacity() const { return pairs_.capacity() + scratch_.capacity(); }
  static uint64_t Rotate(uint64_t p) { return p << 32 | p >> 32; }
  void Compact() {
    // Rows clustered by group in id order (an expansion per node) come
    // sorted. Rows clustered by the value counted (an expansion from it:
    // Q9 counts the directors of each company, expanding from each
    // director) come nearly sorted with the value in the high half: the
    // first time the pairs are not sorted, the half that leads is chosen
    // by which order has fewer descents, and a nearly sorted buffer is
    // sorted by insertion instead of four or five radix passes.
    // (Insertion moves each pair past the pairs before it that are larger:
    // few when the leading half only goes up.)
    if (std::is_sorted(pairs_.begin(), pairs_.end())) {
    } else if (!decided_) {
      decided_ = true;
      // Descents of each half: the one that rarely goes down leads.
      size_t down = 0, down_rotated = 0;
      for (size_t i = 1; i < pairs_.size(); ++i) {
        down += (pairs_[i] >> 32) < (pairs_[i - 1] >> 32);
        down_rotated += (pairs_[i] & UINT32_MAX) < (pairs_[i - 1] & UINT32_MAX);
      }
      if (down_rotated < down / 2) {
        key_first_ = true;
        for (uint64_t& p : pairs_)
          p = Rotate(p);
      }
      if (!InsertionSort(4 * pairs_.size())) RadixSort();
    } else if (!InsertionSort(4 * pairs_.size())) {
      RadixSort();
    }
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
  }
  // Sorts by insertion unless that takes more than `budget` moves; false
  // then, with the pairs still all there (in some order).
  bool InsertionSort(size_t budget) {
    for (size_t i = 1; i < pairs_.size(); ++i) {
      const uint64_t x = pairs_[i];
      size_t j = i;
      for (; j > 0 && pairs_[j - 1] > x; --j) {
        if (budget-- == 0) {
          pairs_[j] = x;  // pairs_[j - 1 .. i] keep every value once
          return false;
        }
        pairs_[j] = pairs_[j - 1];
      }
      pairs_[j] = x;
    }
    return true;
  }
  // Least significant digit first, 11 bits a pass, skipping the digits that
  // are zero in every pair (group numbers and ids are small): a few linear
  // passes where a comparison sort is ~17 comparisons per pair.
  void RadixSort() {
    constexpr int kBits = 11;
    constexpr uint64_t kMask = (uint64_t{1} << kBits) - 1;
    uint64_t any = 0;
    for (uint64_t p : pairs_)
      any |= p;
    scratch_.resize(pairs_.size());
    for (int shift = 0; shift < 64; shift += kBits) {
      if (((any >> shift) & kMask) == 0) continue;  // every pair's digit is 0
      std::vector<uint32_t> at(kMask + 2, 0);
      for (uint64_t p : pairs_)
        ++at[((p >> shift) & kMask) + 1];
      for (size_t d = 0; d <= kMask; ++d)
        at[d + 1] += at[d];
      for (uint64_t p : pairs_)
        scratch_[at[(p >> shift) & kMask]++] = p;
      pairs_.swap(scratch_);
    }
  }
  std::vector<uint64_t> pairs_, scratch_;
  size_t limit_ = size_t{1} << 16;
  bool decided_ = false;    // which half leads, chosen at the first unsorted Compact
  bool key_first_ = false;  // pairs are key << 32 | group (else group << 32 | key)
};

class Aggregate : public Operator {
 public:
  Aggregate(OpPtr input, std::vector<std::pair<SlotId, ExprFn>> keys,
            std::vector<AggregateSpec> aggs, size_t width, std::string d,
            std::optional<SlotId> key_node, bool key_node_is_key, std::optional<AggregateTop> top)
      : keys_(std::move(keys)),
        aggs_(std::move(aggs)),
        width_(width),
        d_(std::move(d)),
        key_node_(key_node),
        key_node_is_key_(key_node_is_key),
        top_(std::move(top)) {
    children_.push_back(std::move(input));
    for (const AggregateSpec& a : aggs_) {
      fns_.push_back(ResolveAggFn(a));
      pair_counted_.push_back(!a.star && a.distinct && fns_.back() == AggFn::kCount);
    }
  }
  std::string Name() const override { return keys_.empty() ? "Aggregate" : "GroupAggregate"; }
  std::string Detail() const override {
    return top_ ? d_ + "; emits the best groups by " + top_->description : d_;
  }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    done_ = false;
    group_keys_.clear();
    states_.clear();
    order_.clear();
    top_vals_.clear();
    pos_ = 0;
    width_ = std::max(width_, arg.slots.size());
    return child()->Open(ctx, arg);
  }
  Status Run(ExecContext& ctx) {
    // Groups found by hashing; emitted in key order (as a sorted map would).
    // Keys and states live in flat arrays (group g's keys at g * nk, its
    // states at g * na), so a new group costs no allocation of its own.
    const size_t nk = keys_.size(), na = aggs_.size();
    GroupIndex index;
    std::vector<Value>& group_keys = group_keys_;
    std::deque<AggState>& states = states_;  // growing moves no existing state
    size_t groups = 0;
    Row row;
    std::vector<Value>& extra = extra_;
    extra.assign(na, Value());
    std::vector<Value> key(nk);
    Value v;
    std::vector<DistinctPairs> pairs(na);
    // Grouping by a node (key_node_): the group of each node id, plus one,
    // in an array over the adjacency snapshot's node ids (dense), so the
    // keys are evaluated and hashed once per node rather than per row. Only
    // for read-only statements (a write in the input could change a node's
    // properties between two of its rows) on the latest state (with a
    // snapshot). The array comes as fresh zero pages (below), paid for
    // as they are touched. Nodes past the array, and rows whose slot holds
    // no node, take the hash index.
    const AdjacencySnapshot* snap =
        key_node_ && nk && !ctx.txn() ? ctx.AdjacencyPtr(/*heavy=*/false) : nullptr;
    const size_t bound = snap ? std::min<size_t>(snap->node_bound(), kMaxNodeGroup) : 0;
    // The array is a shortcut: without room for it in the memory budget,
    // every row takes the hash index.
    const bool use_array = bound && ctx.TryCharge(bound * sizeof(uint32_t));
    // A large array is mapped, not calloc'ed: once such a block was freed,
    // glibc serves the next one from its heap and clears all of it (10 MB
    // per query at 2.5M nodes, most of a sub-millisecond query); mapped
    // pages are zero when touched. A small one (a page fault per touched
    // page costs more than clearing it) stays with calloc.
    const size_t array_bytes = bound * sizeof(uint32_t);
    const bool map = array_bytes >= (size_t{4} << 20);
    // An array kept by an earlier statement (node_array_pool.h): zero, and
    // its pages already in memory. This run gives it back, its written
    // entries zeroed again, unless it wrote many (over 1/64 of them, and over
    // 4096): clearing those would cost what fresh pages cost.
    NodeArrayPool* pool = ctx.node_arrays();
    const NodeArray taken = use_array && pool ? pool->Take(array_bytes) : NodeArray{};
    auto release = [this, array_bytes, map, pool, was_resident = taken.resident](uint32_t* p) {
      NodeArray a{p, array_bytes, map, array_bytes};
      if (pool && memo_written_.size() <= std::max<size_t>(array_bytes / 256, 4096)) {
        for (NodeId id : memo_written_)
          p[id] = 0;
        // Mapped pages are in memory once written: at most a page an entry.
        if (map) a.resident = std::min(array_bytes, was_resident + memo_written_.size() * 4096);
        memo_written_.clear();
        pool->Give(a);
        return;
      }
      memo_written_.clear();
      a.Free();
    };
    void* mem = !use_array ? nullptr
                : taken.p  ? taken.p
                : map      ? mmap(nullptr, array_bytes, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                           : std::calloc(bound, sizeof(uint32_t));
    std::unique_ptr<uint32_t, decltype(release)> node_group(
        mem == MAP_FAILED ? nullptr : static_cast<uint32_t*>(mem), release);
    auto set_memo = [&](uint32_t* memo, size_t g) {
      memo_written_.push_back(static_cast<NodeId>(memo - node_group.get()));
      *memo = static_cast<uint32_t>(g + 1);
    };
    // Adds aggregate i's argument `v` (ignored by count(*)) to group g: the
    // one way in for rows and batches alike.
    auto add_value = [&](size_t i, size_t g, const Value& v) -> Status {
      if (pair_counted_[i]) {
        const Value::Kind k = v.kind();
        if (k == Value::Kind::kNull) return Status::OK();
        const uint64_t id = k == Value::Kind::kNode  ? v.as_node() * 2
                            : k == Value::Kind::kRel ? v.as_rel() * 2 + 1
                                                     : ~uint64_t{0};
        if (DistinctPairs::Fits(g, id)) {
          if (size_t grown = pairs[i].Add(g, id)) AG_RETURN_IF_ERROR(ctx.ChargeBytes(grown));
          return Status::OK();
        }
      }
      return Accumulate(ctx, aggs_[i], fns_[i], &states[g * na + i], v);
    };
    auto find_group = [&](Row& row, bool* added) -> Result<size_t> {
      for (size_t i = 0; i < nk; ++i)
        AG_RETURN_IF_ERROR(keys_[i].second(row, ctx, &key[i]));
      return index.FindOrAdd(key, group_keys, groups, added);
    };
    // The keys of a row evaluated and hashed ahead of add_row (the batch
    // path below), so that the index lookups of a batch overlap.
    struct PreKey {
      Value* key;  // nk values, moved from
      size_t hash;
    };
    // Adds one input row to its group; `pre`, when given, holds the row's keys.
    auto add_row = [&](Row& row, const PreKey* pre = nullptr) -> Status {
      bool added = false;
      size_t g = 0;
      uint32_t* memo = nullptr;
      if (node_group && row[*key_node_].kind() == Value::Kind::kNode) {
        const NodeId id = row[*key_node_].as_node();
        if (id < bound) memo = node_group.get() + id;
      }
      if (memo && *memo) {
        g = *memo - 1;
      } else if (memo && key_node_is_key_) {
        // The node is itself a key: no other node's rows share its group,
        // and rows of this node always come here (the array covers it), so
        // the group is new without asking the index.
        for (size_t i = 0; i < nk; ++i)
          AG_RETURN_IF_ERROR(keys_[i].second(row, ctx, &key[i]));
        g = groups;
        added = true;
        if (g + 1 <= UINT32_MAX) set_memo(memo, g);
      } else if (nk && pre) {
        std::move(pre->key, pre->key + nk, key.begin());
        g = index.FindOrAdd(key, pre->hash, group_keys, groups, &added);
        if (memo && g + 1 <= UINT32_MAX) set_memo(memo, g);
      } else if (nk) {
        AG_ASSIGN_OR_RETURN(g, find_group(row, &added));
        if (memo && g + 1 <= UINT32_MAX) set_memo(memo, g);
      }
      if (added || (nk == 0 && groups == 0)) {
        AG_RETURN_IF_ERROR(ctx.Charge(key));
        AG_RETURN_IF_ERROR(ctx.ChargeBytes(na * sizeof(AggState)));
        if (nk) group_keys.insert(group_keys.end(), key.begin(), key.end());
        states.resize(states.size() + na);
        ++groups;
      }
      for (size_t i = 0; i < na; ++i) {
        if (!aggs_[i].star) AG_RETURN_IF_ERROR(aggs_[i].arg(row, ctx, &v));
        if (aggs_[i].extra) AG_RETURN_IF_ERROR(aggs_[i].extra(row, ctx, &extra[i]));
        AG_RETURN_IF_ERROR(add_value(i, g, v));
      }
      return Status::OK();
    };
    // Over an expansion, in a read-only statement, when the groups are
    // found by node id (or there are no keys) and every aggregate reads a
    // plain variable: take the expansion's output a batch of ids at a time
    // and add a relationship to a known group without building its Row.
    // A relationship whose group is new (or not in the array) is made into
    // a Row and added as above, so both ways give the same groups.
    EdgeSource* edges = nullptr;
    if (!ctx.txn() && (nk == 0 || node_group) &&
        std::all_of(aggs_.begin(), aggs_.end(),
                    [](const AggregateSpec& a) { return a.star || (a.arg_slot && !a.extra); }))
      edges = dynamic_cast<EdgeSource*>(child());
    if (edges) {
      const SlotId rel_s = edges->rel_slot(), to_s = edges->to_slot();
      const bool key_is_to = nk && *key_node_ == to_s;
      // Which value each aggregate reads: the node reached, the
      // relationship, or a slot of the input row.
      std::vector<const Value*> args(na);
      bool need_to = false, need_rel = false;
      for (size_t i = 0; i < na; ++i)
        if (!aggs_[i].star) {
          need_to |= *aggs_[i].arg_slot == to_s;
          need_rel |= *aggs_[i].arg_slot == rel_s;
        }
      EdgeBatch batch;
      Row scratch;
      Value to_v, rel_v;
      // Grouped by the node reached through the hash index: per batch, the
      // keys of the nodes without a group yet, evaluated and hashed ahead.
      const bool look_ahead = key_is_to && !key_node_is_key_;
      std::vector<std::pair<size_t, size_t>> pending;  // {j, hash}
      std::vector<Value> pending_keys, pk(nk);
      while (true) {
        AG_ASSIGN_OR_RETURN(bool more, edges->NextEdges(ctx, &batch));
        if (!more) break;
        AG_RETURN_IF_ERROR(ctx.Check());
        const Row& in = *batch.row;
        for (size_t i = 0; i < na; ++i) {
          const SlotId s = aggs_[i].star ? rel_s : *aggs_[i].arg_slot;
          args[i] = s == to_s ? &to_v : s == rel_s ? &rel_v : &in[s];
        }
        // The group's slot when the key node is in the input row.
        uint32_t* row_memo = nullptr;
        if (nk && !key_is_to && in[*key_node_].kind() == Value::Kind::kNode &&
            in[*key_node_].as_node() < bound)
          row_memo = node_group.get() + in[*key_node_].as_node();
        bool scratch_ready = false;  // scratch holds `in` (once per batch)
        // With the group found per node reached, the batch's group slots
        // (and the index slots of its new keys) are read at random: ask
        // for them all first, so that their cache misses overlap rather
        // than come one after another. Only a look-ahead: every row is
        // still added below, in order, as without it.
        pending.clear();
        pending_keys.clear();
        if (key_is_to) {
          for (const NodeId o : batch.others)
            if (o < bound) __builtin_prefetch(node_group.get() + o);
        }
        if (look_ahead) {
          for (size_t j = 0; j < batch.rels.size(); ++j) {
            const NodeId o = batch.others[j];
            if (o >= bound || node_group.get()[o]) continue;
            if (!scratch_ready) {
              scratch = in;
              scratch_ready = true;
            }
            scratch[rel_s] = Value(RelRef{batch.rels[j]});
            scratch[to_s] = Value(NodeRef{o});
            bool ok = true;
            for (size_t i = 0; i < nk && ok; ++i)
              ok = keys_[i].second(scratch, ctx, &pk[i]).ok();
            if (!ok) break;  // add_row evaluates it again and reports the error in order
            const size_t h = GroupIndex::Hash(pk);
            index.Prefetch(h);
            pending.emplace_back(j, h);
            for (Value& x : pk)
              pending_keys.push_back(std::move(x));
          }
        }
        size_t next_pending = 0;
        for (size_t j = 0; j < batch.rels.size(); ++j) {
          const RelId rel = batch.rels[j];
          const NodeId other = batch.others[j];
          uint32_t* memo = !key_is_to      ? row_memo
                           : other < bound ? node_group.get() + other
                                           : nullptr;
          const bool known = nk ? memo && *memo : groups > 0;
          if (!known) {
            if (!scratch_ready) {
              scratch = in;
              scratch_ready = true;
            }
            scratch[rel_s] = Value(RelRef{rel});
            scratch[to_s] = Value(NodeRef{other});
            while (next_pending < pending.size() && pending[next_pending].first < j)
              ++next_pending;
            if (next_pending < pending.size() && pending[next_pending].first == j) {
              const PreKey pre{pending_keys.data() + next_pending * nk,
                               pending[next_pending].second};
              AG_RETURN_IF_ERROR(add_row(scratch, &pre));
            } else {
              AG_RETURN_IF_ERROR(add_row(scratch));
            }
            continue;
          }
          const size_t g = nk ? *memo - 1 : 0;
          if (need_to) to_v = Value(NodeRef{other});
          if (need_rel) rel_v = Value(RelRef{rel});
          for (size_t i = 0; i < na; ++i)
            AG_RETURN_IF_ERROR(add_value(i, g, *args[i]));
        }
      }
    } else {
      while (true) {
        AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row));
        if (!more) break;
        AG_RETURN_IF_ERROR(ctx.Check());
        AG_RETURN_IF_ERROR(add_row(row));
      }
    }
    // Without grouping keys, an empty input still gives one row (count = 0).
    if (groups == 0 && nk == 0) {
      states.resize(na);
      groups = 1;
    }
    // The pairs of disjoint ids from those counted in the groups' own sets
    // (an id either fits or not), so the two counts add up.
    for (size_t i = 0; i < na; ++i)
      if (pair_counted_[i])
        AG_RETURN_IF_ERROR(
            pairs[i].ForEachGroup(ctx, [&](size_t g) { ++states[g * na + i].count; }));
    // Rows are made as they are asked for (NextImpl), into the caller's
    // row: no Row per group held at once.
    std::vector<uint32_t>& order = order_;
    order.clear();
    bool chosen = false;
    if (top_ && nk && groups > 1) {
      AG_ASSIGN_OR_RETURN(chosen, KeepBest(ctx, groups, &order));
    }
    if (!chosen) {
      order.resize(groups);
      for (size_t g = 0; g < groups; ++g)
        order[g] = static_cast<uint32_t>(g);
    }
    if (nk && order.size() > 1) SortGroups(group_keys, nk, &order);
    return Status::OK();
  }
  // ORDER BY … LIMIT above (top_): puts into *order the groups whose first
  // sort key is at least as good as the n-th best value over all groups, n =
  // SKIP + LIMIT; a group worse than that has n groups sorting before it, so
  // the Sort would not keep it. The value is found with a heap of n values
  // over the aggregate states (no row built), so the groups dropped are
  // neither finished, ordered nor made into rows. False (emit every group)
  // where n cannot be known here or reaches the number of groups, or where
  // a dropped group would have raised an error when emitted.
  Result<bool> KeepBest(ExecContext& ctx, size_t groups, std::vector<uint32_t>* order) {
    const size_t nk = keys_.size(), na = aggs_.size();
    // SKIP and LIMIT as SkipLimit reads them; it reports a bad one.
    Row empty;
    auto count = [&](ExprFn& f, int64_t* n) {
      Value v;
      if (!f || !f(empty, ctx, &v).ok() || v.kind() != Value::Kind::kInt || v.as_int() < 0)
        return false;
      *n = v.as_int();
      return true;
    };
    int64_t limit = 0, skip = 0;
    if (!count(top_->limit, &limit) || (top_->skip && !count(top_->skip, &skip))) return false;
    if (limit >= static_cast<int64_t>(groups) || skip >= static_cast<int64_t>(groups) ||
        limit + skip >= static_cast<int64_t>(groups))
      return false;
    const size_t n = static_cast<size_t>(limit + skip);
    // Finish fails for a sum that overflowed and for a percentile out of
    // range: such a group must still be emitted to raise its error.
    for (size_t i = 0; i < na; ++i) {
      if (fns_[i] == AggFn::kOther && aggs_[i].function.rfind("percentile", 0) == 0) return false;
      if (fns_[i] == AggFn::kSum)
        for (size_t g = 0; g < groups; ++g)
          if (const AggState& st = states_[g * na + i]; st.overflow && !st.any_float) return false;
    }
    if (n == 0) return true;  // LIMIT 0: no group
    const bool desc = top_->descending;
    const size_t at = top_->index;
    if (at >= (top_->is_key ? nk : na)) return false;
    // Chooses the groups with values at(g) given a strict "sorts before".
    auto choose = [&](auto&& value, auto&& before) {
      using V = std::decay_t<decltype(value(size_t{0}))>;
      // A max-heap by `before`: its front is the worst of the best n so far.
      std::vector<V> heap;
      heap.reserve(n);
      for (size_t g = 0; g < groups; ++g) {
        V x = value(g);
        if (heap.size() < n) {
          heap.push_back(x);
          std::push_heap(heap.begin(), heap.end(), before);
        } else if (before(x, heap.front())) {
          std::pop_heap(heap.begin(), heap.end(), before);
          heap.back() = x;
          std::push_heap(heap.begin(), heap.end(), before);
        }
      }
      const V worst = heap.front();
      for (size_t g = 0; g < groups; ++g)
        if (!before(worst, value(g))) order->push_back(static_cast<uint32_t>(g));
    };
    // Value::OrderCompare, as the Sort compares (nulls and mixed kinds too).
    auto before_value = [desc](const Value* a, const Value* b) {
      const int c = Value::OrderCompare(*a, *b);
      return desc ? c > 0 : c < 0;
    };
    if (top_->is_key) {
      choose([&](size_t g) { return &group_keys_[g * nk + at]; }, before_value);
    } else if (fns_[at] == AggFn::kCount) {
      // Counts are integers: compared as such, read from the states.
      choose([&](size_t g) { return states_[g * na + at].count; },
             [desc](int64_t a, int64_t b) { return desc ? a > b : a < b; });
    } else {
      // Finished once here; the emission then takes these values.
      top_vals_.resize(groups);
      for (size_t g = 0; g < groups; ++g) {
        AG_ASSIGN_OR_RETURN(top_vals_[g], Finish(aggs_[at], states_[g * na + at], extra_[at]));
      }
      choose([&](size_t g) { return &top_vals_[g]; }, before_value);
    }
    return true;
  }
  // Orders groups by their keys. One key of nodes or integers (grouping by a
  // person, a year) sorts by the plain number, not through Value's variant.
  // `order` holds the groups to sort (all, or those KeepBest chose), in
  // ascending group number.
  static void SortGroups(const std::vector<Value>& keys, size_t nk, std::vector<uint32_t>* order) {
    if (nk == 1) {
      const Value::Kind k = keys[(*order)[0]].kind();
      const bool plain = (k == Value::Kind::kNode || k == Value::Kind::kInt) &&
                         std::all_of(order->begin(), order->end(),
                                     [&keys, k](uint32_t g) { return keys[g].kind() == k; });
      if (plain) {
        std::vector<std::pair<uint64_t, uint32_t>> by(order->size());
        for (size_t i = 0; i < by.size(); ++i) {
          const uint32_t g = (*order)[i];
          by[i] = {k == Value::Kind::kNode
                       ? keys[g].as_node()
                       // Signed order as unsigned: flip the sign bit.
                       : static_cast<uint64_t>(keys[g].as_int()) ^ (uint64_t{1} << 63),
                   g};
        }
        // Groups made in key order (a scan by node id) come sorted.
        if (!std::is_sorted(by.begin(), by.end())) std::sort(by.begin(), by.end());
        for (size_t i = 0; i < by.size(); ++i)
          (*order)[i] = by[i].second;
        return;
      }
    }
    std::sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
      for (size_t i = 0; i < nk; ++i)
        if (int c = Value::OrderCompare(keys[a * nk + i], keys[b * nk + i])) return c < 0;
      return false;
    });
  }

  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    if (!done_) {
      done_ = true;
      AG_RETURN_IF_ERROR(Run(ctx));
    }
    if (pos_ >= order_.size()) {
      // Free the groups now, not when the plan is destroyed.
      std::vector<Value>().swap(group_keys_);
      std::deque<AggState>().swap(states_);
      std::vector<uint32_t>().swap(order_);
      std::vector<Value>().swap(top_vals_);
      pos_ = 0;
      return false;
    }
    const size_t nk = keys_.size(), na = aggs_.size();
    // Groups are emitted in key order, not in the order they were made:
    // with many groups each one's keys and states are a cache miss, so ask
    // for those of a group a few places ahead.
    if (constexpr size_t kAhead = 8; pos_ + kAhead < order_.size()) {
      const size_t ahead = order_[pos_ + kAhead];
      if (nk) __builtin_prefetch(&group_keys_[ahead * nk]);
      if (na) __builtin_prefetch(&states_[ahead * na]);
    }
    const size_t g = order_[pos_++];
    out->slots.assign(width_, Value());
    for (size_t i = 0; i < nk; ++i)
      (*out)[keys_[i].first] = std::move(group_keys_[g * nk + i]);
    for (size_t i = 0; i < na; ++i) {
      if (!top_vals_.empty() && i == top_->index) {
        (*out)[aggs_[i].out] = std::move(top_vals_[g]);  // finished by KeepBest
        continue;
      }
      AG_ASSIGN_OR_RETURN((*out)[aggs_[i].out], Finish(aggs_[i], states_[g * na + i], extra_[i]));
    }
    return true;
  }

 private:
  std::vector<std::pair<SlotId, ExprFn>> keys_;
  std::vector<AggregateSpec> aggs_;
  std::vector<AggFn> fns_;
  size_t width_;
  std::string d_;
  bool done_ = false;
  // The groups of the last Run, emitted in `order_`.
  std::vector<Value> group_keys_;
  std::deque<AggState> states_;
  std::vector<uint32_t> order_;
  std::vector<Value> extra_;
  size_t pos_ = 0;
  std::optional<SlotId> key_node_;
  bool key_node_is_key_;
  std::vector<bool> pair_counted_;  // count(DISTINCT x): counted by DistinctPairs
  std::optional<AggregateTop> top_;
  std::vector<Value> top_vals_;  // the sort aggregate, finished by KeepBest (or empty)
  static constexpr size_t kMaxNodeGroup = size_t{1} << 26;
  // The entries of the node-group array the current Run wrote.
  std::vector<NodeId> memo_written_;
};

class Distinct : public Operator {
 public:
  Distinct(OpPtr input, std::vector<SlotId> slots) : slots_(slots), seen_(std::move(slots)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "Distinct"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    seen_.Clear();
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
      if (!more) return false;
      if (ctx.has_memory_limit()) {  // what Charge(key) counted, without building the key
        uint64_t bytes = 48;
        for (SlotId s : slots_)
          bytes += EstimateBytes((*out)[s]);
        AG_RETURN_IF_ERROR(ctx.ChargeBytes(bytes));
      }
      if (seen_.Insert(*out)) return true;
    }
  }

 private:
  std::vector<SlotId> slots_;
  FlatKeySet<ValueHash, ValueEq> seen_;  // no allocation per row
};

class Sort : public Operator {
 public:
  Sort(OpPtr input, std::vector<SortKey> keys, std::optional<int64_t> top, std::string d)
      : keys_(std::move(keys)), top_(top), d_(std::move(d)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return top_ ? "Top" : "Sort"; }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    done_ = false;
    rows_.clear();
    pos_ = 0;
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    if (!done_) {
      done_ = true;
      AG_RETURN_IF_ERROR(top_ ? RunTop(ctx, static_cast<size_t>(*top_)) : RunSort(ctx));
    }
    if (pos_ >= rows_.size()) return false;
    *out = std::move(rows_[pos_++]);
    return true;
  }

 private:
  // Negative when key a sorts before key b, positive after, 0 when equal.
  int Compare(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (size_t i = 0; i < keys_.size(); ++i)
      if (int c = Value::OrderCompare(a[i], b[i])) return keys_[i].descending ? -c : c;
    return 0;
  }
  Status RunSort(ExecContext& ctx) {
    std::vector<std::pair<std::vector<Value>, Row>> items;
    Row r;
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &r));
      if (!more) break;
      AG_RETURN_IF_ERROR(ctx.Check());
      std::vector<Value> key(keys_.size());
      for (size_t i = 0; i < keys_.size(); ++i)
        AG_RETURN_IF_ERROR(keys_[i].expr(r, ctx, &key[i]));
      AG_RETURN_IF_ERROR(ctx.Charge(r.slots));
      AG_RETURN_IF_ERROR(ctx.Charge(key));
      items.emplace_back(std::move(key), std::move(r));
    }
    std::stable_sort(items.begin(), items.end(),
                     [&](const auto& a, const auto& b) { return Compare(a.first, b.first) < 0; });
    for (auto& it : items)
      rows_.push_back(std::move(it.second));
    return Status::OK();
  }
  // ORDER BY … LIMIT k: keeps the best k rows seen so far in a heap (the
  // worst on top), so a row that does not make it is neither copied nor
  // held. Ties go to the earlier row, as in a stable sort of everything.
  // A kept row is charged to the memory budget and given back when a better
  // row pushes it out: the budget sees the k rows held, not every row kept
  // once.
  Status RunTop(ExecContext& ctx, size_t k) {
    struct Item {
      std::vector<Value> key;
      Row row;
      uint64_t seq;
      uint64_t charged;  // bytes counted against the budget
    };
    auto before = [&](const Item& a, const Item& b) {
      const int c = Compare(a.key, b.key);
      return c ? c < 0 : a.seq < b.seq;
    };
    std::vector<Item> heap;  // a max-heap by `before`: the front is the worst kept
    Row r;
    std::vector<Value> key(keys_.size());
    for (uint64_t seq = 0;; ++seq) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &r));
      if (!more) break;
      AG_RETURN_IF_ERROR(ctx.Check());
      for (size_t i = 0; i < keys_.size(); ++i)
        AG_RETURN_IF_ERROR(keys_[i].expr(r, ctx, &key[i]));
      if (heap.size() >= k) {
        // A later row beats a kept one only by sorting strictly before it.
        if (heap.empty() || Compare(key, heap.front().key) >= 0) continue;
        std::pop_heap(heap.begin(), heap.end(), before);
        ctx.Release(heap.back().charged);
        heap.pop_back();
      }
      const uint64_t charged = ctx.ChargeSize(r.slots) + ctx.ChargeSize(key);
      AG_RETURN_IF_ERROR(ctx.ChargeBytes(charged));
      heap.push_back(Item{std::move(key), std::move(r), seq, charged});
      std::push_heap(heap.begin(), heap.end(), before);
      key.assign(keys_.size(), Value());
    }
    std::sort_heap(heap.begin(), heap.end(), before);
    for (auto& it : heap)
      rows_.push_back(std::move(it.row));
    return Status::OK();
  }

  std::vector<SortKey> keys_;
  std::optional<int64_t> top_;
  std::string d_;
  bool done_ = false;
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

Result<int64_t> EvalCount(ExprFn& e, ExecContext& ctx, const char* what) {
  Row empty;
  Value v;
  AG_RETURN_IF_ERROR(e(empty, ctx, &v));
  // openCypher makes a bad count a SyntaxError (NegativeIntegerArgument,
  // InvalidArgumentType) even when it is only known at run time (a parameter).
  if (v.kind() != Value::Kind::kInt || v.as_int() < 0)
    return Status::InvalidArgument(std::string("semantic error: ") + what +
                                   " needs a non-negative integer, not " + v.ToString());
  return v.as_int();
}

class SkipLimit : public Operator {
 public:
  SkipLimit(OpPtr input, ExprFn count, bool skip) : count_(std::move(count)), skip_(skip) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return skip_ ? "Skip" : "Limit"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    AG_ASSIGN_OR_RETURN(n_, EvalCount(count_, ctx, skip_ ? "SKIP" : "LIMIT"));
    seen_ = 0;
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    if (skip_) {
      while (seen_ < n_) {
        AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
        if (!more) return false;
        ++seen_;
      }
      return child()->Next(ctx, out);
    }
    if (seen_ >= n_) return false;  // stop pulling: LIMIT ends the work below
    ++seen_;
    return child()->Next(ctx, out);
  }

 private:
  ExprFn count_;
  bool skip_;
  int64_t n_ = 0, seen_ = 0;
};

// Runs its input to the end on Open and replays the rows: the writes below
// happen for every row even when SKIP or LIMIT above keep only some (openCypher
// writes eagerly; a LIMIT 0 would otherwise never pull a row).
class Eager : public Operator {
 public:
  explicit Eager(OpPtr input) { children_.push_back(std::move(input)); }
  std::string Name() const override { return "Eager"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    rows_.clear();
    pos_ = 0;
    AG_RETURN_IF_ERROR(child()->Open(ctx, arg));
    Row r;
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &r));
      if (!more) break;
      AG_RETURN_IF_ERROR(ctx.Charge(r.slots));
      rows_.push_back(r);
    }
    return Status::OK();
  }
  Result<bool> NextImpl(ExecContext&, Row* out) override {
    if (pos_ >= rows_.size()) return false;
    *out = std::move(rows_[pos_++]);
    return true;
  }

 private:
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

class Unwind : public Operator {
 public:
  Unwind(OpPtr input, ExprFn list, SlotId slot, std::string d)
      : list_(std::move(list)), slot_(slot), d_(std::move(d)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "Unwind"; }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    items_.clear();
    pos_ = 0;
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (pos_ < items_.size()) {
        *out = row_;
        (*out)[slot_] = items_[pos_++];
        return true;
      }
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      Value v;
      AG_RETURN_IF_ERROR(list_(row_, ctx, &v));
      pos_ = 0;
      if (v.is_null())
        items_.clear();
      else if (v.kind() == Value::Kind::kList)
        items_ = v.as_list();
      else
        items_ = {v};  // UNWIND of a scalar yields it once
    }
  }

 private:
  ExprFn list_;
  SlotId slot_;
  std::string d_;
  Row row_;
  ValueList items_;
  size_t pos_ = 0;
};

// The nested-loop driver of OPTIONAL MATCH, pattern subqueries and CALL { }:
// for each input row, runs `inner` (whose Argument leaf yields the row). The
// mode says what a row of the inner plan becomes and what an input row that
// the inner plan returns nothing for becomes.
class Apply : public Operator {
 public:
  enum class Mode {
    kInner,         // the inner rows; an input row without any disappears
    kOptional,      // as kInner, but an input row without any passes with `slots` null
    kSubquery,      // the input row with `slots` copied from each inner row
    kUnitSubquery,  // the inner plan runs to its end; the input row passes once
  };

  Apply(OpPtr input, OpPtr inner, Mode mode, std::vector<SlotId> slots, std::string d)
      : mode_(mode), slots_(std::move(slots)), d_(std::move(d)) {
    children_.push_back(std::move(input));
    children_.push_back(std::move(inner));
  }
  std::string Name() const override {
    switch (mode_) {
      case Mode::kInner:
        return "Apply";
      case Mode::kOptional:
        return "OptionalApply";
      case Mode::kSubquery:
        return "SubqueryApply";
      case Mode::kUnitSubquery:
        return "UnitSubqueryApply";
    }
    return "Apply";
  }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    active_ = false;
    if (Subquery()) scope_ = ctx.writes().NewScope();
    return child(0)->Open(ctx, arg);
  }
  // A subquery's projections may have cleared the outer slots, so its rows
  // are read aside and only the returned slots are taken. A subquery may
  // write: reads of the outer rows must not see what it wrote for earlier
  // rows, its next runs must (statement_writes.h). OPTIONAL MATCH and pattern
  // subqueries only read, so they open no write scope.
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    const bool subquery = Subquery();
    Row* inner_out = subquery ? &inner_row_ : out;
    while (true) {
      if (active_) {
        AG_ASSIGN_OR_RETURN(bool more, NextInner(ctx, inner_out));
        if (more) {
          found_ = true;
          if (mode_ == Mode::kUnitSubquery) continue;  // run for its writes only
          if (mode_ == Mode::kSubquery) {
            *out = row_;
            for (SlotId s : slots_)
              (*out)[s] = inner_row_[s];
          }
          return true;
        }
        active_ = false;
        if (mode_ == Mode::kUnitSubquery || (mode_ == Mode::kOptional && !found_)) {
          *out = row_;
          if (mode_ == Mode::kOptional) {
            for (SlotId s : slots_)
              (*out)[s] = Value();
          }
          return true;
        }
      }
      AG_ASSIGN_OR_RETURN(bool more, NextOuter(ctx));
      if (!more) return false;
      AG_RETURN_IF_ERROR(OpenInner(ctx));
      active_ = true;
      found_ = false;
    }
  }

 private:
  bool Subquery() const { return mode_ == Mode::kSubquery || mode_ == Mode::kUnitSubquery; }
  Result<bool> NextOuter(ExecContext& ctx) {
    if (!Subquery()) return child(0)->Next(ctx, &row_);
    auto pulling = ctx.writes().Pulling(scope_);
    return child(0)->Next(ctx, &row_);
  }
  Status OpenInner(ExecContext& ctx) {
    if (!Subquery()) return child(1)->Open(ctx, row_);
    auto body = ctx.writes().Body(scope_);
    return child(1)->Open(ctx, row_);
  }
  Result<bool> NextInner(ExecContext& ctx, Row* out) {
    if (!Subquery()) return child(1)->Next(ctx, out);
    auto body = ctx.writes().Body(scope_);
    return child(1)->Next(ctx, out);
  }

  Mode mode_;
  uint32_t scope_ = 0;         // the subquery's write scope
  std::vector<SlotId> slots_;  // kOptional: set null; kSubquery: returned
  std::string d_;
  Row row_, inner_row_;
  bool active_ = false, found_ = false;
};

class Union : public Operator {
 public:
  Union(std::vector<OpPtr> branches, std::vector<std::vector<SlotId>> outputs,
        std::vector<SlotId> final_slots, bool distinct, size_t width)
      : outputs_(std::move(outputs)),
        final_(std::move(final_slots)),
        distinct_(distinct),
        width_(width) {
    for (auto& b : branches)
      children_.push_back(std::move(b));
  }
  std::string Name() const override { return distinct_ ? "Union" : "UnionAll"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    branch_ = 0;
    seen_.clear();
    arg_ = arg;
    width_ = std::max(width_, arg.slots.size());
    return child(0)->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (branch_ < children_.size()) {
      Row r;
      AG_ASSIGN_OR_RETURN(bool more, child(branch_)->Next(ctx, &r));
      if (!more) {
        if (++branch_ < children_.size()) AG_RETURN_IF_ERROR(child(branch_)->Open(ctx, arg_));
        continue;
      }
      *out = Row(width_);
      std::vector<Value> key;
      for (size_t i = 0; i < final_.size(); ++i) {
        (*out)[final_[i]] = r[outputs_[branch_][i]];
        if (distinct_) key.push_back((*out)[final_[i]]);
      }
      if (distinct_ && !seen_.insert(std::move(key)).second) continue;
      return true;
    }
    return false;
  }

 private:
  std::vector<std::vector<SlotId>> outputs_;
  std::vector<SlotId> final_;
  bool distinct_;
  size_t width_;
  size_t branch_ = 0;
  Row arg_;
  ValuesSet seen_;
};

class ProcedureCall : public Operator {
 public:
  ProcedureCall(OpPtr input, const Procedure* proc, std::vector<ExprFn> args,
                std::vector<std::pair<size_t, SlotId>> yields, std::string d)
      : proc_(proc), args_(std::move(args)), yields_(std::move(yields)), d_(std::move(d)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "ProcedureCall"; }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    results_.clear();
    pos_ = 0;
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (pos_ < results_.size()) {
        *out = row_;
        for (const auto& [col, slot] : yields_)
          (*out)[slot] = results_[pos_][col];
        ++pos_;
        return true;
      }
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      const auto& sig = proc_->signature();
      std::vector<Value> args(sig.params.size());
      for (size_t i = 0; i < sig.params.size(); ++i) {
        if (i < args_.size())
          AG_RETURN_IF_ERROR(args_[i](row_, ctx, &args[i]));
        else
          args[i] = *sig.params[i].default_value;
      }
      results_.clear();
      pos_ = 0;
      ProcedureContext pctx{ctx.view(), ctx.ontology(), ctx.filter(),
                            [&ctx] { return ctx.ShouldStop(); }};
      Status s = proc_->Call(pctx, args, [&](std::vector<Value>&& r) {
        results_.push_back(std::move(r));
        return true;
      });
      if (!s.ok()) return s.WithContext(sig.name);
      // A procedure without outputs is called for its effect: the row passes once.
      if (sig.outputs.empty()) {
        *out = row_;
        return true;
      }
    }
  }

 private:
  const Procedure* proc_;
  std::vector<ExprFn> args_;
  std::vector<std::pair<size_t, SlotId>> yields_;
  std::string d_;
  Row row_;
  std::vector<std::vector<Value>> results_;
  size_t pos_ = 0;
};

class RowLimit : public Operator {
 public:
  RowLimit(OpPtr input, uint64_t limit) : limit_(limit) { children_.push_back(std::move(input)); }
  std::string Name() const override { return "RowLimit"; }
  std::string Detail() const override { return std::to_string(limit_); }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    n_ = 0;
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, out));
    if (!more) return false;
    if (++n_ > limit_)
      return Status::Cancelled("the query returned more than its row limit of " +
                               std::to_string(limit_) + " rows");
    return true;
  }

 private:
  uint64_t limit_, n_ = 0;
};

}  // namespace

OpPtr MakeFilter(OpPtr input, ExprFn p, std::string d) {
  return std::make_unique<Filter>(std::move(input), std::move(p), std::move(d));
}
OpPtr MakeProject(OpPtr input, std::vector<std::pair<SlotId, ExprFn>> items, std::string d) {
  return std::make_unique<Project>(std::move(input), std::move(items), std::move(d));
}
OpPtr MakeNarrow(OpPtr input, std::vector<SlotId> keep) {
  return std::make_unique<Narrow>(std::move(input), std::move(keep));
}
OpPtr MakeAggregate(OpPtr input, std::vector<std::pair<SlotId, ExprFn>> keys,
                    std::vector<AggregateSpec> aggs, size_t width, std::string d,
                    std::optional<SlotId> key_node, bool key_node_is_key,
                    std::optional<AggregateTop> top) {
  return std::make_unique<Aggregate>(std::move(input), std::move(keys), std::move(aggs), width,
                                     std::move(d), key_node, key_node_is_key, std::move(top));
}
OpPtr MakeDistinct(OpPtr input, std::vector<SlotId> slots) {
  return std::make_unique<Distinct>(std::move(input), std::move(slots));
}
OpPtr MakeSort(OpPtr input, std::vector<SortKey> keys, std::optional<int64_t> top, std::string d) {
  return std::make_unique<Sort>(std::move(input), std::move(keys), top, std::move(d));
}
OpPtr MakeSkip(OpPtr input, ExprFn count) {
  return std::make_unique<SkipLimit>(std::move(input), std::move(count), true);
}
OpPtr MakeLimit(OpPtr input, ExprFn count) {
  return std::make_unique<SkipLimit>(std::move(input), std::move(count), false);
}
OpPtr MakeEager(OpPtr input) {
  return std::make_unique<Eager>(std::move(input));
}
OpPtr MakeUnwind(OpPtr input, ExprFn list, SlotId slot, std::string d) {
  return std::make_unique<Unwind>(std::move(input), std::move(list), slot, std::move(d));
}
OpPtr MakeSubqueryApply(OpPtr input, OpPtr inner, std::vector<SlotId> returned, bool unit,
                        std::string d) {
  return std::make_unique<Apply>(std::move(input), std::move(inner),
                                 unit ? Apply::Mode::kUnitSubquery : Apply::Mode::kSubquery,
                                 std::move(returned), std::move(d));
}

OpPtr MakeApply(OpPtr input, OpPtr inner, bool optional, std::vector<SlotId> nulls, std::string d) {
  return std::make_unique<Apply>(std::move(input), std::move(inner),
                                 optional ? Apply::Mode::kOptional : Apply::Mode::kInner,
                                 std::move(nulls), std::move(d));
}
OpPtr MakeUnion(std::vector<OpPtr> branches, std::vector<std::vector<SlotId>> outputs,
                std::vector<SlotId> final_slots, bool distinct, size_t width) {
  return std::make_unique<Union>(std::move(branches), std::move(outputs), std::move(final_slots),
                                 distinct, width);
}
OpPtr MakeProcedureCall(OpPtr input, const Procedure* proc, std::vector<ExprFn> args,
                        std::vector<std::pair<size_t, SlotId>> yields, std::string d) {
  return std::make_unique<ProcedureCall>(std::move(input), proc, std::move(args), std::move(yields),
                                         std::move(d));
}
OpPtr MakeRowLimit(OpPtr input, uint64_t limit) {
  return std::make_unique<RowLimit>(std::move(input), limit);
}

}  // namespace actorgraph::query
