#include "engine/adjacency_cache.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <map>

#include "engine/coding.h"
#include "engine/read_view.h"
#include "engine/store_core.h"

namespace actorgraph {

namespace {
// Light requests (single expansions, one relationship's type or one node's
// labels) of one transaction before a build pays for itself.

uint32_t PackOr0(const std::optional<PartialDate>& d) {
  return d ? d->Pack() : 0;
}
}  // namespace

ValidInterval CachedInterval(uint32_t from, uint32_t to) {
  ValidInterval iv;
  if (from) iv.from = PartialDate::Unpack(from);
  if (to) iv.to = PartialDate::Unpack(to);
  return iv;
}

bool AdjacencySnapshot::RelInterval(RelId r, ValidInterval* out) const {
  if (r >= rel_at_.size() || rel_at_[r] == kNoRel) return false;
  const CachedEdge& e = out_[rel_at_[r]];
  *out = CachedInterval(e.from, e.to);
  return true;
}

AdjacencyCache::AdjacencyCache(AdjacencyCacheMode mode, size_t budget_bytes,
                               uint64_t light_requests_before_build)
    : budget_(budget_bytes),
      enabled_(mode != AdjacencyCacheMode::kOff),
      eager_(mode == AdjacencyCacheMode::kEager),
      light_requests_before_build_(light_requests_before_build) {}

void AdjacencyCache::Clear() {
  std::lock_guard lock(mu_);
  current_.reset();
  light_txn_ = light_requests_ = too_big_txn_ = 0;
}

std::shared_ptr<const AdjacencySnapshot> AdjacencyCache::Peek(const ReadView& view) const {
  if (!enabled_ || view.is_historical()) return nullptr;
  std::lock_guard lock(mu_);
  if (current_ && current_->txn() == view.as_of()) return current_;
  return nullptr;
}

std::shared_ptr<const AdjacencySnapshot> AdjacencyCache::Get(const ReadView& view, bool heavy) {
  if (!enabled_ || view.is_historical()) return nullptr;
  std::lock_guard lock(mu_);
  const TxnId txn = view.as_of();
  if (current_ && current_->txn() == txn) return current_;
  // An older view than the cached one: leave the cache to the newer readers.
  if (current_ && current_->txn() > txn) return nullptr;
  if (too_big_txn_ == txn && txn != 0) return nullptr;
  if (!heavy && !eager_) {
    if (light_requests_before_build_ == 0) return nullptr;
    if (light_txn_ != txn) {
      light_txn_ = txn;
      light_requests_ = 0;
    }
    if (++light_requests_ < light_requests_before_build_) return nullptr;
  }
  current_.reset();  // drop the old one before building the new one
  current_ = Build(view);
  if (!current_) too_big_txn_ = txn;
  return current_;
}

std::shared_ptr<const AdjacencySnapshot> AdjacencyCache::Build(const ReadView& view) {
  StoreCore* core = CoreOf(view);
  // Estimate first: two entries per relationship plus per-rel arrays.
  constexpr uint64_t kBytesPerRel = 2 * sizeof(CachedEdge) + 2 * sizeof(uint32_t);
  uint64_t est_keys = 0;
  core->db->GetIntProperty(core->h(kOut), "rocksdb.estimate-num-keys", &est_keys);
  if (est_keys * kBytesPerRel > budget_) return nullptr;
  // Ids are stored in 32 bits; UINT32_MAX stays free so that bound + 1 fits.
  constexpr uint64_t kMaxId = UINT32_MAX - 1;

  auto snap = std::make_shared<AdjacencySnapshot>();
  snap->txn_ = view.as_of();
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;

  // One pass over `out`: (src, type, dst, rel) in key order. Reserved from
  // the estimate (plus a little) so that growth does not double the array.
  std::vector<uint32_t> src_of;
  std::vector<CachedEdge>& out = snap->out_;
  out.reserve(est_keys + est_keys / 16);
  src_of.reserve(out.capacity());
  NodeId max_node = 0;
  RelId max_rel = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(ro, core->h(kOut)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rocksdb::Slice k = it->key();
      if (k.size() != 28) continue;
      AdjValue a;
      if (!DecodeAdjValue(it->value().ToStringView(), &a)) return nullptr;
      if (a.created > snap->txn_ || (a.deleted != 0 && a.deleted <= snap->txn_)) continue;
      const NodeId src = coding::GetBE64(k.data());
      const NodeId dst = coding::GetBE64(k.data() + 12);
      const RelId rel = coding::GetBE64(k.data() + 20);
      if (src > kMaxId || dst > kMaxId || rel > kMaxId) return nullptr;  // see the header
      CachedEdge e;
      e.type = coding::GetBE32(k.data() + 8);
      e.other = static_cast<uint32_t>(dst);
      e.rel = static_cast<uint32_t>(rel);
      e.from = PackOr0(a.valid.from);
      e.to = PackOr0(a.valid.to);
      out.push_back(e);
      src_of.push_back(static_cast<uint32_t>(src));
      max_node = std::max({max_node, src, dst});
      max_rel = std::max(max_rel, rel);
      if (out.size() * kBytesPerRel > budget_) return nullptr;
    }
    if (!it->status().ok()) return nullptr;
  }
  if (out.capacity() - out.size() > out.size() / 8) {  // the estimate was far off
    out.shrink_to_fit();
    src_of.shrink_to_fit();
  }
  // Labels from the L index entries, so label checks need no node record.
  std::vector<std::pair<uint32_t, uint32_t>> node_label;  // (node, label id)
  {
    std::string prefix(1, kIdxLabel), upper(1, kIdxLabel + 1);
    rocksdb::Slice ub(upper);
    rocksdb::ReadOptions lro = ro;
    lro.iterate_upper_bound = &ub;
    std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(lro, core->h(kIndex)));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      rocksdb::Slice k = it->key();
      if (k.size() != 13) continue;
      TxnId c, d;
      if (!DecodeLiveness(it->value().ToStringView(), &c, &d)) return nullptr;
      if (c > snap->txn_ || (d != 0 && d <= snap->txn_)) continue;
      const NodeId n = coding::GetBE64(k.data() + 5);
      if (n > kMaxId) return nullptr;
      node_label.emplace_back(static_cast<uint32_t>(n), coding::GetBE32(k.data() + 1));
      max_node = std::max(max_node, n);
    }
    if (!it->status().ok()) return nullptr;
  }

  const size_t bound = max_node + 1;
  snap->out_off_.assign(bound + 1, 0);
  snap->in_off_.assign(bound + 1, 0);
  for (size_t i = 0; i < out.size(); ++i) {
    ++snap->out_off_[src_of[i] + 1];
    ++snap->in_off_[out[i].other + 1];
  }
  for (size_t n = 0; n < bound; ++n) {
    snap->out_off_[n + 1] += snap->out_off_[n];
    snap->in_off_[n + 1] += snap->in_off_[n];
  }
  snap->in_.resize(out.size());
  {
    std::vector<uint32_t> pos(snap->in_off_.begin(), snap->in_off_.end() - 1);
    for (size_t i = 0; i < out.size(); ++i) {
      CachedEdge e = out[i];
      const uint32_t dst = e.other;
      e.other = src_of[i];
      snap->in_[pos[dst]++] = e;
    }
  }
  src_of.clear();
  src_of.shrink_to_fit();
  // The `in` family's order: (type, src, rel) within one node.
  for (size_t n = 0; n < bound; ++n) {
    auto b = snap->in_.begin() + snap->in_off_[n], e = snap->in_.begin() + snap->in_off_[n + 1];
    if (e - b > 1)
      std::sort(b, e, [](const CachedEdge& x, const CachedEdge& y) {
        return std::tie(x.type, x.other, x.rel) < std::tie(y.type, y.other, y.rel);
      });
  }
  // Per relationship: where its out entry is; per type: counts.
  snap->rel_at_.assign(max_rel + 1, AdjacencySnapshot::kNoRel);
  for (size_t i = 0; i < out.size(); ++i) {
    const CachedEdge& e = out[i];
    snap->rel_at_[e.rel] = static_cast<uint32_t>(i);
    if (e.type >= snap->type_counts_.size()) snap->type_counts_.resize(e.type + 1, 0);
    ++snap->type_counts_[e.type];
  }
  // Nodes per label: the L entries come by label, then node.
  for (const auto& [n, l] : node_label) {
    if (l >= snap->label_nodes_.size()) snap->label_nodes_.resize(l + 1);
    snap->label_nodes_[l].push_back(n);
  }
  // Label sets per node.
  std::sort(node_label.begin(), node_label.end());
  snap->node_labels_.assign(bound, AdjacencySnapshot::kNoLabels);
  std::map<std::vector<std::string>, uint32_t> set_ids;
  for (size_t i = 0; i < node_label.size();) {
    const NodeId n = node_label[i].first;
    std::vector<std::string> names;
    for (; i < node_label.size() && node_label[i].first == n; ++i)
      names.push_back(core->dict.Name(node_label[i].second));
    std::sort(names.begin(), names.end());
    auto [it, inserted] = set_ids.emplace(names, static_cast<uint32_t>(snap->labelsets_.size()));
    if (inserted) snap->labelsets_.push_back(names);
    snap->node_labels_[n] = it->second;
    snap->nodes_.push_back(n);
  }
  node_label.clear();
  node_label.shrink_to_fit();
  // External ids from the xid family ('n' · xid -> id), which come in xid
  // order; an entry of a deleted node may point to a dead id, which the
  // live-node check skips. They are gathered in that order, then copied into
  // one buffer in node order.
  {
    std::string raw;  // the ids in xid order
    std::vector<uint32_t> raw_at(bound, 0), len(bound, 0);
    std::string prefix(1, 'n'), upper(1, 'n' + 1);
    rocksdb::Slice ub(upper);
    rocksdb::ReadOptions xro = ro;
    xro.iterate_upper_bound = &ub;
    std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(xro, core->h(kXid)));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      if (it->value().size() != 8) continue;
      const NodeId n = coding::GetBE64(it->value().data());
      if (n >= bound || snap->node_labels_[n] == AdjacencySnapshot::kNoLabels) continue;
      const size_t l = it->key().size() - 1;
      if (raw.size() + l > kMaxId) return nullptr;  // offsets are 32-bit
      raw_at[n] = static_cast<uint32_t>(raw.size());
      len[n] = static_cast<uint32_t>(l);
      raw.append(it->key().data() + 1, l);
    }
    if (!it->status().ok()) return nullptr;
    snap->xid_chars_.reserve(raw.size());
    snap->xid_off_.assign(bound + 1, 0);
    for (size_t n = 0; n < bound; ++n) {
      snap->xid_chars_.append(raw, raw_at[n], len[n]);
      snap->xid_off_[n + 1] = static_cast<uint32_t>(snap->xid_chars_.size());
    }
  }
  snap->bytes_ = (snap->out_.capacity() + snap->in_.capacity()) * sizeof(CachedEdge) +
                 (snap->out_off_.size() + snap->in_off_.size()) * sizeof(uint32_t) +
                 snap->rel_at_.size() * sizeof(uint32_t) + snap->node_labels_.size() * 4 +
                 snap->nodes_.size() * sizeof(NodeId) + snap->xid_off_.size() * sizeof(uint32_t) +
                 snap->xid_chars_.capacity();
  ++builds_;
  return snap;
}

}  // namespace actorgraph
