#include "engine/write_txn.h"

#include "common/allocator.h"

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "engine/coding.h"
#include "engine/index_entries.h"
#include "engine/sorted_batch.h"
#include "engine/staged_merges.h"
#include "engine/store_core.h"
#include "engine/undo_log.h"
#include "engine/write_rules.h"

namespace actorgraph {

namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  return Status::IOError(std::string(what) + ": " + s.ToString());
}

// Names are interned when they are put, not when they are encoded, so that
// dictionary ids follow the order of the puts whether or not the
// transaction spills in between.
void InternNames(Dictionary* dict, const std::vector<std::string>& labels, const ValueMap& props) {
  bool is_new = false;
  for (const auto& l : labels)
    dict->Intern(l, &is_new);
  for (const auto& [k, v] : props)
    dict->Intern(k, &is_new);
}

}  // namespace

namespace {
// The pending or memoised version of a record, without a copy; null when
// neither holds it (or it is pending deletion): then read it. The pointer
// lives until the memo is next written to.
template <typename Pending, typename Memo>
const typename Memo::mapped_type* Peek(const Pending& pending, const Pending& staging,
                                       const Memo& memo, uint64_t id) {
  if (auto it = pending.find(id); it != pending.end()) return it->second ? &*it->second : nullptr;
  if (auto it = staging.find(id); it != staging.end()) return it->second ? &*it->second : nullptr;
  if (auto it = memo.find(id); it != memo.end()) return &it->second;
  return nullptr;
}

// A record in `pending` or else in `staging` (the batch being staged): the
// map entry, or null when neither holds the id.
template <typename Map>
const typename Map::mapped_type* FindPending(const Map& pending, const Map& staging, uint64_t id) {
  if (auto it = pending.find(id); it != pending.end()) return &it->second;
  if (auto it = staging.find(id); it != staging.end()) return &it->second;
  return nullptr;
}
}  // namespace

WriteTxn::WriteTxn(StoreCore* core, std::string description)
    : core_(core), writer_lock_(core->writer_mu), description_(std::move(description)) {
  if (core->undo_pending) {
    // A staged transaction's rollback failed earlier: finish it before
    // writing on top of it.
    auto r = RollBackUndoLog(core);
    if (r.ok()) {
      core->undo_pending = false;
      std::lock_guard lock(core->commit_mu);
      core->published.reset();
    } else {
      failed_ = r.status().WithContext("rolling back an earlier staged transaction");
      done_ = true;
    }
  }
  base_.reset(new ReadView(core, kLatestTxn));
  reads_ = base_.get();
  next_node_ = first_new_node_ = unstaged_node_ = core->next_node;
  next_rel_ = first_new_rel_ = unstaged_rel_ = core->next_rel;
  next_claim_ = first_new_claim_ = unstaged_claim_ = core->next_claim;
}

WriteTxn::~WriteTxn() {
  (void)JoinStaging();
  if (spills_ > 0 && !committed_) {
    Status s = Rollback();
    if (!s.ok()) std::fprintf(stderr, "actorgraph: %s\n", s.ToString().c_str());
  }
  if (spills_ > 0 && !core_->mem_env)
    (void)core_->db->GetEnv()->DeleteDir(core_->dir + "/staged.tmp");  // empty by now
}

Status WriteTxn::Spent() const {
  if (!failed_.ok()) return failed_;
  return Status::Internal(committed_ ? "transaction already committed"
                                     : "transaction already rolled back");
}

Status WriteTxn::MaybeSpill() {
  if (spill_threshold_ == 0 || pending_entities() <= spill_threshold_) return Status::OK();
  return Spill();
}

// ---------------------------------------------------------------- stored state

// What reads_ shows changes only when a batch is staged (JoinStaging then
// forgets what the batch wrote), so its answers are kept: an import looks the same few nodes up
// again and again (its document, the actors and places of every row), and
// each look-up through RocksDB is a Get and a decode. Bounded: a map that
// grows past kMemoEntries is dropped.
namespace {
constexpr size_t kMemoEntries = 1 << 16;
template <typename Map>
void Bound(Map* m) {
  if (m->size() >= kMemoEntries) m->clear();
}

// The memo's entry for `key`, from `read` on a miss (a failed read is not
// kept).
template <typename Map, typename Key, typename Read>
Status Memoized(Map* memo, const Key& key, typename Map::mapped_type* out, Read read) {
  if (auto it = memo->find(key); it != memo->end()) {
    *out = it->second;
    return Status::OK();
  }
  AG_RETURN_IF_ERROR(read(out));
  Bound(memo);
  memo->emplace(key, *out);
  return Status::OK();
}
}  // namespace

void WriteTxn::ForgetStoredReads() {
  memo_node_ids_.clear();
  memo_nodes_.clear();
  memo_rel_ids_.clear();
  memo_rels_.clear();
  absent_xid_keys_.clear();
}

// Keys found absent are kept until the next staged batch is handed to the
// worker (its undo records use them); those found absent while it is written
// skip its keys, so they stay absent after it. Bounded like the memo: past
// it, keys are read.
constexpr size_t kAbsentKeys = 4 * kMemoEntries;

namespace {
int XidKindBit(char kind) {
  return kind == 'n' ? 1 : kind == 'r' ? 2 : kind == 'c' ? 4 : 0;
}
constexpr int kAllXidKinds = 1 | 2 | 4;
}  // namespace

int WriteTxn::AbsentKindsAtStart() const {
  if (absent_kinds_at_start_ >= 0) return absent_kinds_at_start_;
  // base_: the committed state the transaction began from.
  rocksdb::ReadOptions ro;
  ro.snapshot = base_->snapshot();
  std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(kXid)));
  int absent = 0;
  for (char kind : {'n', 'r', 'c'}) {
    it->Seek(rocksdb::Slice(&kind, 1));
    if (!it->status().ok()) return absent_kinds_at_start_ = 0;  // then read
    if (!it->Valid() || it->key()[0] != kind) absent |= XidKindBit(kind);
  }
  return absent_kinds_at_start_ = absent;
}

// Absent from reads_ for certain: of a kind the database did not hold when
// the transaction began, and not written by a batch staged since.
bool WriteTxn::NewToStore(std::string_view xid_key) const {
  return !xid_key.empty() && (AbsentKindsAtStart() & XidKindBit(xid_key[0])) &&
         !staged_xids_.MayContain(xid_key);
}

// On the staging worker: the hashes of the batch's xid keys of `kinds`
// (AbsentKindsAtStart), for staged_xids_.
void WriteTxn::NoteStagedXids(SortedBatch* batch, int kinds, std::vector<uint64_t>* hashes) const {
  if (kinds == 0) return;
  batch->Sort();
  rocksdb::ColumnFamilyHandle* xid = core_->h(kXid);
  batch->ForEachSorted([&](rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key) {
    if (cf == xid && !key.empty() && (kinds & XidKindBit(key[0])))
      hashes->push_back(KeyFilter::Hash(std::string_view(key.data(), key.size())));
  });
}

std::optional<uint64_t> WriteTxn::StoredXid(char kind, std::string_view xid,
                                            bool* known_absent) const {
  std::string key = XidKey(kind, xid), v;
  // Found absent before (by PrefetchXids, mostly), or new to the store.
  const bool noted = absent_xid_keys_.count(key);
  if (noted || NewToStore(key)) {
    if (known_absent) *known_absent = true;
    if (!noted && absent_xid_keys_.size() < kAbsentKeys) absent_xid_keys_.insert(key);
    return std::nullopt;
  }
  rocksdb::ReadOptions ro;
  ro.snapshot = reads_->snapshot();
  ro.fill_cache = false;  // a one-off read, as in PrefetchXids: the caller keeps the answer
  rocksdb::Status s = core_->db->Get(ro, core_->h(kXid), key, &v);
  if (s.ok() && v.size() == 8) return coding::GetBE64(v.data());
  // Not there: when this transaction writes the key, its undo entry needs no
  // read (KnownAbsent).
  if (s.IsNotFound() && absent_xid_keys_.size() < kAbsentKeys) {
    absent_xid_keys_.insert(key);
    if (known_absent) *known_absent = true;
  }
  return std::nullopt;
}

void WriteTxn::PrefetchXids(const std::vector<XidRef>& xids) const {
  if (done_ || absent_xid_keys_.size() + xids.size() > kAbsentKeys) return;
  // Keys the memo or the pending state would answer are read too (an
  // import's are mostly new): what the read says about reads_ holds as well.
  std::vector<std::string> keys;
  keys.reserve(xids.size());
  for (const XidRef& x : xids) {
    // The batch being staged answers for its own xids (and they are not
    // absent once it is ingested).
    if (staging_.active() && (x.kind == 'n'   ? staging_.node_xids.count(x.xid)
                              : x.kind == 'r' ? staging_.rel_xids.count(x.xid)
                                              : staging_.claim_xids.count(x.xid)))
      continue;
    std::string key = XidKey(x.kind, x.xid);
    if (NewToStore(key))
      absent_xid_keys_.insert(key);
    else
      keys.push_back(std::move(key));
  }
  if (keys.empty()) return;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  rocksdb::ReadOptions ro;
  ro.snapshot = reads_->snapshot();
  // One-off reads (the answers are kept here): the blocks they touch, mostly
  // through filter false positives over the staged files, would otherwise
  // fill the block cache as the import grows.
  ro.fill_cache = false;
  core_->db->MultiGet(ro, core_->h(kXid), slices.size(), slices.data(), values.data(),
                      statuses.data(), /*sorted_input=*/true);
  // Found keys are left to the reads that need them (and their records).
  for (size_t i = 0; i < keys.size(); ++i)
    if (statuses[i].IsNotFound()) absent_xid_keys_.insert(keys[i]);
}

std::optional<NodeId> WriteTxn::StoredNodeId(std::string_view xid) const {
  if (auto it = memo_node_ids_.find(xid); it != memo_node_ids_.end()) return it->second;
  // As ReadView::FindNode (the xid entry, then the node must exist), but the
  // node read is kept: the caller reads it next.
  bool known_absent = false;
  std::optional<NodeId> id = StoredXid('n', xid, &known_absent);
  // Absent: absent_xid_keys_ answers again without a read (an import's new
  // entities: a memo entry each would be built and freed per batch).
  if (known_absent) return id;
  Node n;
  if (id && !StoredNode(*id, &n).ok()) id.reset();
  Bound(&memo_node_ids_);
  memo_node_ids_.emplace(std::string(xid), id);
  return id;
}

Status WriteTxn::StoredNode(NodeId id, Node* out) const {
  return Memoized(&memo_nodes_, id, out, [&](Node* n) { return reads_->GetNode(id, n); });
}

std::optional<RelId> WriteTxn::StoredRelId(std::string_view xid) const {
  if (auto it = memo_rel_ids_.find(xid); it != memo_rel_ids_.end()) return it->second;
  bool known_absent = false;
  std::optional<RelId> id = StoredXid('r', xid, &known_absent);
  if (known_absent) return id;
  Relationship r;
  if (id && !StoredRel(*id, &r).ok()) id.reset();
  Bound(&memo_rel_ids_);
  memo_rel_ids_.emplace(std::string(xid), id);
  return id;
}

Status WriteTxn::StoredRel(RelId id, Relationship* out) const {
  return Memoized(&memo_rels_, id, out, [&](Relationship* r) { return reads_->GetRel(id, r); });
}

// ---------------------------------------------------------------- reads

Status WriteTxn::GetNode(NodeId id, Node* out) const {
  if (const auto* p = FindPending(pending_nodes_, staging_.nodes, id)) {
    if (!*p) return Status::NotFound("node #" + std::to_string(id) + " was deleted");
    *out = **p;
    return Status::OK();
  }
  return StoredNode(id, out);
}

std::optional<NodeId> WriteTxn::FindNode(std::string_view xid) const {
  auto id = new_node_xids_.find(xid);
  if (!id && staging_.active()) id = staging_.node_xids.find(xid);
  if (id) {
    const auto* p = FindPending(pending_nodes_, staging_.nodes, *id);
    if (p && *p) return id;
    return std::nullopt;
  }
  id = StoredNodeId(xid);
  if (id) {
    const auto* p = FindPending(pending_nodes_, staging_.nodes, *id);
    if (p && !*p) return std::nullopt;
  }
  return id;
}

Status WriteTxn::GetRel(RelId id, Relationship* out) const {
  if (const auto* p = FindPending(pending_rels_, staging_.rels, id)) {
    if (!*p) return Status::NotFound("relationship #" + std::to_string(id) + " was deleted");
    *out = **p;
    return Status::OK();
  }
  return StoredRel(id, out);
}

std::optional<RelId> WriteTxn::FindRel(std::string_view xid) const {
  auto id = new_rel_xids_.find(xid);
  if (!id && staging_.active()) id = staging_.rel_xids.find(xid);
  if (id) {
    const auto* p = FindPending(pending_rels_, staging_.rels, *id);
    if (p && *p) return id;
    return std::nullopt;
  }
  id = StoredRelId(xid);
  if (id) {
    const auto* p = FindPending(pending_rels_, staging_.rels, *id);
    if (p && !*p) return std::nullopt;
  }
  return id;
}

Result<std::vector<RelId>> WriteTxn::RelsOf(NodeId node) const {
  std::set<RelId> ids;
  auto cur = reads_->Adjacency(node, Direction::kBoth);
  for (; cur->Valid(); cur->Next())
    ids.insert(cur->entry().rel);
  AG_RETURN_IF_ERROR(cur->status());
  if (!rels_by_node_sorted_) {
    std::sort(new_rels_by_node_.begin(), new_rels_by_node_.end());
    rels_by_node_sorted_ = true;
  }
  using ByNode = std::vector<std::pair<NodeId, RelId>>;
  for (const ByNode* by_node : {static_cast<const ByNode*>(&new_rels_by_node_),
                                static_cast<const ByNode*>(&staging_.rels_by_node)})
    for (auto it =
             std::lower_bound(by_node->begin(), by_node->end(), std::pair<NodeId, RelId>(node, 0));
         it != by_node->end() && it->first == node; ++it)
      ids.insert(it->second);
  std::vector<RelId> out;
  for (RelId id : ids) {
    Relationship r;
    // Pending changes may have moved or deleted the relationship.
    if (GetRel(id, &r).ok() && (r.src == node || r.dst == node)) out.push_back(id);
  }
  return out;
}

// ---------------------------------------------------------------- writes

Result<PutOutcome> WriteTxn::PutNode(Node* node) {
  if (done_) return Spent();
  AG_RETURN_IF_ERROR(CheckXid(node->xid, "node"));
  const std::string what = "node '" + node->xid + "'";
  if (node->name.empty())
    return Status::InvalidArgument(what + ": field 'name': a node needs a name");
  std::sort(node->labels.begin(), node->labels.end());
  node->labels.erase(std::unique(node->labels.begin(), node->labels.end()), node->labels.end());
  SortProps(&node->props);
  AG_RETURN_IF_ERROR(core_->ontology.CheckNode(what, node->labels, &node->props));
  {
    Status s = node->valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(what + ": field 'valid_from': " + s.message());
  }
  for (const auto& a : node->aliases) {
    if (a.name.empty()) return Status::InvalidArgument(what + ": field 'aliases': empty alias");
    Status s = a.valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(what + ": alias '" + a.name + "': " + s.message());
  }
  InternNames(&core_->dict, node->labels, node->props);
  if (auto id = FindNode(node->xid)) {
    Node current;
    AG_RETURN_IF_ERROR(GetNode(*id, &current));
    node->id = *id;
    node->version = current.version;
    if (current.SameContent(*node)) {
      nodes_.Add(PutOutcome::kUnchanged);
      return PutOutcome::kUnchanged;
    }
    const bool was_new = *id >= first_new_node_;
    pending_nodes_[*id] = *node;
    if (!was_new) nodes_.Add(PutOutcome::kUpdated);
    AG_RETURN_IF_ERROR(MaybeSpill());
    return was_new ? PutOutcome::kCreated : PutOutcome::kUpdated;
  }
  node->id = next_node_++;
  node->version = 0;
  pending_nodes_[node->id] = *node;
  new_node_xids_.assign(node->xid, node->id);
  nodes_.Add(PutOutcome::kCreated);
  AG_RETURN_IF_ERROR(MaybeSpill());
  return PutOutcome::kCreated;
}

// What PutRel checks and derives before it writes: the ends (read into the
// buffers unless pending or memoised), the props sorted and coerced, the
// validity, and the id derived when there is none.
Status WriteTxn::PrepareRel(Relationship* rel, Node* src_buf, Node* dst_buf) const {
  // The ends as GetNode reads them, without copying pending or memoised
  // ones (an import puts millions of relationships between a few nodes).
  auto PeekNode = [this](NodeId id) {
    return Peek(pending_nodes_, staging_.nodes, memo_nodes_, id);
  };
  const Node* src = PeekNode(rel->src);
  if (!src && GetNode(rel->src, src_buf).ok()) src = src_buf;
  const Node* dst = PeekNode(rel->dst);
  if (!dst) {
    // GetNode may drop the memo src points into.
    if (src && src != src_buf) src = &(*src_buf = *src);
    if (GetNode(rel->dst, dst_buf).ok()) dst = dst_buf;
  }
  const std::string label =
      rel->xid.empty() ? "relationship " + rel->type : "relationship '" + rel->xid + "'";
  if (!src) return Status::NotFound(label + ": field 'src': no node #" + std::to_string(rel->src));
  if (!dst) return Status::NotFound(label + ": field 'dst': no node #" + std::to_string(rel->dst));
  SortProps(&rel->props);
  AG_RETURN_IF_ERROR(
      core_->ontology.CheckRel(label, rel->type, src->labels, dst->labels, &rel->props));
  {
    Status s = rel->valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(label + ": field 'valid_from': " + s.message());
  }
  if (rel->xid.empty())
    rel->xid = DerivedRelXid(rel->type, src->xid, dst->xid, rel->valid, rel->props);
  return Status::OK();
}

Result<std::string> WriteTxn::RelXidOf(Relationship rel) const {
  if (!rel.xid.empty()) return rel.xid;
  Node src_buf, dst_buf;
  AG_RETURN_IF_ERROR(PrepareRel(&rel, &src_buf, &dst_buf));
  return rel.xid;
}

Result<PutOutcome> WriteTxn::PutRel(Relationship* rel) {
  if (done_) return Spent();
  {
    Node src_buf, dst_buf;
    AG_RETURN_IF_ERROR(PrepareRel(rel, &src_buf, &dst_buf));
  }
  AG_RETURN_IF_ERROR(CheckXid(rel->xid, "relationship"));
  InternNames(&core_->dict, {rel->type}, rel->props);
  if (auto id = FindRel(rel->xid)) {
    Relationship current;
    AG_RETURN_IF_ERROR(GetRel(*id, &current));
    rel->id = *id;
    rel->version = current.version;
    if (current.SameContent(*rel)) {
      rels_.Add(PutOutcome::kUnchanged);
      return PutOutcome::kUnchanged;
    }
    const bool was_new = *id >= first_new_rel_;
    pending_rels_[*id] = *rel;
    new_rels_by_node_.emplace_back(rel->src, *id);
    new_rels_by_node_.emplace_back(rel->dst, *id);
    rels_by_node_sorted_ = false;
    if (!was_new) rels_.Add(PutOutcome::kUpdated);
    AG_RETURN_IF_ERROR(MaybeSpill());
    return was_new ? PutOutcome::kCreated : PutOutcome::kUpdated;
  }
  rel->id = next_rel_++;
  rel->version = 0;
  pending_rels_[rel->id] = *rel;
  new_rel_xids_.assign(rel->xid, rel->id);
  new_rels_by_node_.emplace_back(rel->src, rel->id);
  new_rels_by_node_.emplace_back(rel->dst, rel->id);
  rels_by_node_sorted_ = false;
  rels_.Add(PutOutcome::kCreated);
  AG_RETURN_IF_ERROR(MaybeSpill());
  return PutOutcome::kCreated;
}

Result<PutOutcome> WriteTxn::PutClaim(Claim* c) {
  if (done_) return Spent();
  // Target and source are read without copying when pending or memoised
  // (an import's claims all cite one document); what is kept of them is
  // taken before the next read, which may drop the memo.
  std::vector<std::string> labels;
  std::string rel_type;
  if (c->target_kind == TargetKind::kNode) {
    Node buf;
    // A target read here is not memoised: claims about a stored node come
    // mostly one node after the other (a memo entry would cost more than it
    // saves).
    const Node* n = Peek(pending_nodes_, staging_.nodes, memo_nodes_, c->target);
    if (!n && !FindPending(pending_nodes_, staging_.nodes, c->target) &&
        reads_->GetNode(c->target, &buf).ok())
      n = &buf;
    if (!n)
      return Status::NotFound("claim: no node #" + std::to_string(c->target) + " to claim about");
    if (!c->property.empty()) labels = n->labels;
  } else {
    Relationship buf;
    const Relationship* r = Peek(pending_rels_, staging_.rels, memo_rels_, c->target);
    if (!r && !FindPending(pending_rels_, staging_.rels, c->target) &&
        reads_->GetRel(c->target, &buf).ok())
      r = &buf;
    if (!r) return Status::NotFound("claim: no relationship #" + std::to_string(c->target));
    rel_type = r->type;
  }
  // For error messages only: read again rather than copied for every claim.
  auto target_name = [&] {
    std::string xid;
    if (Node n; c->target_kind == TargetKind::kNode && GetNode(c->target, &n).ok()) xid = n.xid;
    if (Relationship r; c->target_kind == TargetKind::kRel && GetRel(c->target, &r).ok())
      xid = r.xid;
    return (c->target_kind == TargetKind::kNode ? "node '" : "relationship '") + xid + "'";
  };
  auto what = [&] { return "claim on " + target_name(); };
  std::string source_xid;
  {
    Node buf;
    const Node* source = Peek(pending_nodes_, staging_.nodes, memo_nodes_, c->source);
    if (!source && GetNode(c->source, &buf).ok()) source = &buf;
    if (!source)
      return Status::NotFound(what() + ": field 'source': no node #" + std::to_string(c->source));
    bool is_document = false;
    for (const auto& l : source->labels)
      is_document |= core_->ontology.IsA(l, "Document");
    if (!is_document)
      return Status::Ontology(what() + ": field 'source': '" + source->xid +
                              "' is not a Document (a claim's source must be a :Document node)");
    if (c->xid.empty()) source_xid = source->xid;
  }
  if (c->claimant) {
    Node claimant;
    if (!GetNode(*c->claimant, &claimant).ok())
      return Status::NotFound(what() + ": field 'claimant': no node #" +
                              std::to_string(*c->claimant));
  }
  if (!c->property.empty()) {
    const PropertyType* t = c->target_kind == TargetKind::kNode
                                ? core_->ontology.NodeProperty(labels, c->property)
                                : core_->ontology.RelProperty(rel_type, c->property);
    if (!t)
      return Status::Ontology(what() + ": field 'property': '" + c->property +
                              "' is not a declared property of " + target_name());
    if (c->value) {
      Value v = *c->value;
      Status s = t->Coerce(&v);
      if (!s.ok()) return Status::Ontology(what() + ": field 'value': " + s.message());
      c->value = v;
    }
  } else if (c->value) {
    return Status::InvalidArgument(what() + ": field 'value': a value needs a 'property'");
  }
  if (c->xid.empty()) {
    std::string content = std::to_string(static_cast<int>(c->target_kind)) + ":" +
                          std::to_string(c->target) + "\x1f" + c->property + "\x1f" +
                          (c->value ? c->value->IdText() : "") + "\x1f" + source_xid + "\x1f" +
                          c->locator + "\x1f" + c->quote + "\x1f" +
                          std::to_string(c->claimant.value_or(0)) + "\x1f" + StanceName(c->stance) +
                          "\x1f" + (c->grade ? c->grade->ToString() : "") + "\x1f" + c->note;
    c->xid = "claim:" + Hex(Fingerprint(content));
  }
  if (auto at = new_claim_xids_.find(c->xid)) {
    PendingClaim& pending = pending_claims_[*at];
    const Claim existing = PendingClaimAt(pending);
    c->id = existing.id;
    if (existing.SameContent(*c)) {
      claims_.Add(PutOutcome::kUnchanged);
      return PutOutcome::kUnchanged;
    }
    // An earlier version may be staged under the old target (deleting a key
    // that is not there is harmless).
    const std::string old_key = ClaimKey(existing.target_kind, existing.target, existing.id);
    if (spills_ > 0 && old_key != ClaimKey(c->target_kind, c->target, c->id))
      stale_claim_keys_.push_back(old_key);
    PendClaim(c, &pending);
    return PutOutcome::kCreated;
  }
  PutOutcome outcome = PutOutcome::kCreated;
  // A claim the batch being staged holds is read back once it is ingested
  // (rare: the same claim put again across a spill).
  if (staging_.active() && staging_.claim_xids.count(c->xid)) AG_RETURN_IF_ERROR(JoinStaging());
  if (auto old_id = StoredXid('c', c->xid)) {
    Claim old;
    if (reads_->GetClaim(*old_id, &old).ok()) {
      Claim probe = *c;
      probe.id = old.id;
      if (old.SameContent(probe)) {
        c->id = old.id;
        c->recorded = old.recorded;
        claims_.Add(PutOutcome::kUnchanged);
        return PutOutcome::kUnchanged;
      }
      if (old.id >= first_new_claim_) {
        // Staged by this transaction: replaced in place, as when pending.
        c->id = old.id;
        const std::string old_key = ClaimKey(old.target_kind, old.target, old.id);
        if (old_key != ClaimKey(c->target_kind, c->target, c->id))
          stale_claim_keys_.push_back(old_key);
        new_claim_xids_.assign(c->xid, pending_claims_.size());
        PendClaim(c, &pending_claims_.emplace_back());
        AG_RETURN_IF_ERROR(MaybeSpill());
        return PutOutcome::kCreated;
      }
      superseded_claims_.push_back(old);
      outcome = PutOutcome::kUpdated;
    }
  }
  c->id = next_claim_++;
  new_claim_xids_.assign(c->xid, pending_claims_.size());
  PendClaim(c, &pending_claims_.emplace_back());
  claims_.Add(outcome);
  AG_RETURN_IF_ERROR(MaybeSpill());
  return outcome;
}

Status WriteTxn::DeleteRel(RelId id) {
  if (done_) return Spent();
  AG_RETURN_IF_ERROR(JoinStaging());  // deletes read what is stored; rare in imports
  Relationship r;
  if (!GetRel(id, &r).ok()) return Status::NotFound("no relationship #" + std::to_string(id));
  if (new_rel_xids_.count(r.xid) && !StoredRelId(r.xid)) {
    // Created and deleted in this transaction: it never reaches the disk.
    pending_rels_.erase(id);
    new_rel_xids_.erase(r.xid);
  } else {
    pending_rels_[id] = std::nullopt;
  }
  rels_.deleted++;
  return Status::OK();
}

Status WriteTxn::DeleteNode(NodeId id, bool detach) {
  if (done_) return Spent();
  AG_RETURN_IF_ERROR(JoinStaging());
  Node n;
  if (!GetNode(id, &n).ok()) return Status::NotFound("no node #" + std::to_string(id));
  AG_ASSIGN_OR_RETURN(std::vector<RelId> rels, RelsOf(id));
  if (!rels.empty() && !detach)
    return Status::InvalidArgument("cannot delete node '" + n.xid + "': it still has " +
                                   std::to_string(rels.size()) +
                                   " relationship(s); use DETACH DELETE");
  for (RelId r : rels)
    AG_RETURN_IF_ERROR(DeleteRel(r));
  if (new_node_xids_.count(n.xid) && !StoredNodeId(n.xid)) {
    pending_nodes_.erase(id);
    new_node_xids_.erase(n.xid);
  } else {
    pending_nodes_[id] = std::nullopt;
  }
  nodes_.deleted++;
  return MaybeSpill();
}

// ---------------------------------------------------------------- commit

WriteTxn::EncodeInput WriteTxn::PendingInput() const {
  return {&pending_nodes_,       &pending_rels_,      &pending_claims_,
          &pending_claim_bytes_, &superseded_claims_, &stale_claim_keys_,
          unstaged_node_,        unstaged_rel_,       reads_,
          /*memo=*/true};
}

void WriteTxn::StampVersions(TxnId txn) {
  for (auto& [id, n] : pending_nodes_)
    if (n) n->version = txn;
  for (auto& [id, r] : pending_rels_)
    if (r) r->version = txn;
}

Status WriteTxn::EncodePending(TxnId txn, const EncodeInput& in, SortedBatch* out) const {
  SortedBatch& batch = *out;
  std::vector<uint32_t> new_dict_ids;
  StoreCore* core = core_;
  rocksdb::ReadOptions ro;
  ro.snapshot = in.stored->snapshot();
  // The version stored before the batch (the memo is this thread's only).
  auto stored_node = [&](NodeId id, Node* n) {
    return in.memo ? StoredNode(id, n) : in.stored->GetNode(id, n);
  };
  auto stored_rel = [&](RelId id, Relationship* r) {
    return in.memo ? StoredRel(id, r) : in.stored->GetRel(id, r);
  };
  // An index or adjacency entry that goes away: marked deleted at txn, or
  // removed when this transaction created it (staged by an earlier spill),
  // as if it had never been written.
  auto retire_index = [&](const std::string& key, TxnId created, const std::string& extra) {
    if (created == txn)
      batch.Delete(core->h(kIndex), key);
    else
      batch.Put(core->h(kIndex), key, EncodeLiveness(created, txn) + extra);
  };

  // Preserves the creation txn of an index or adjacency entry that stays.
  auto existing_created = [&](int cf, const std::string& key) -> TxnId {
    std::string v;
    if (!core->db->Get(ro, core->h(cf), key, &v).ok()) return 0;
    TxnId c = 0, d = 0;
    if (cf == kIndex) {
      std::string_view in(v);
      uint64_t cc, dd;
      if (coding::GetVarint(&in, &cc) && coding::GetVarint(&in, &dd)) {
        c = cc;
        d = dd;
      }
    } else {
      AdjValue a;
      if (DecodeAdjValue(v, &a)) {
        c = a.created;
        d = a.deleted;
      }
    }
    return d == 0 ? c : 0;
  };

  // ---- nodes
  const std::string live_new = EncodeLiveness(txn, 0);
  std::string value;
  for (const auto& [id, pending] : *in.nodes) {
    Node old;
    // Created since the last staged batch: nothing on disk to read.
    const bool had_old = id < in.unstaged_node && stored_node(id, &old).ok();
    // Staged earlier by this transaction and created by it: no history.
    const bool staged_new = had_old && id >= first_new_node_;
    std::vector<IndexEntry> old_keys, new_keys;
    if (had_old) {
      old_keys = NodeIndexEntries(old, core->ontology, &core->dict, &new_dict_ids);
      // A version staged by this transaction is not history; the version
      // before it was copied when it was staged.
      if (old.version != txn)
        batch.Put(core->h(kHistory), HistoryKey(kHistNode, id, old.version),
                  EncodeNode(old, &core->dict, &new_dict_ids));
    }
    if (pending) {  // its version stamped txn (StampVersions)
      batch.Put(core->h(kNodes), NodeKey(id), EncodeNode(*pending, &core->dict, &new_dict_ids));
      new_keys = NodeIndexEntries(*pending, core->ontology, &core->dict, &new_dict_ids);
      if (!had_old) batch.Put(core->h(kXid), XidKey('n', pending->xid), NodeKey(id));
    } else {
      batch.Delete(core->h(kNodes), NodeKey(id));
      if (staged_new)
        batch.Delete(core->h(kXid), XidKey('n', old.xid));
      else
        batch.Put(core->h(kHistory), HistoryKey(kHistNode, id, txn), rocksdb::Slice());
    }
    for (const IndexEntry& e : old_keys) {
      if (FindIndexEntry(new_keys, e.key)) continue;
      TxnId created = existing_created(kIndex, e.key);
      retire_index(e.key, created ? created : old.version, e.extra);
    }
    for (const IndexEntry& e : new_keys) {
      const IndexEntry* had = had_old ? FindIndexEntry(old_keys, e.key) : nullptr;
      TxnId created = had ? existing_created(kIndex, e.key) : 0;
      if (had && created && had->extra == e.extra) continue;
      // Built in a buffer reused from entry to entry (most are new: live_new).
      value.assign(created ? EncodeLiveness(created, 0) : live_new);
      value.append(e.extra);
      batch.Put(core->h(kIndex), e.key, value);
    }
  }

  // ---- relationships
  for (const auto& [id, pending] : *in.rels) {
    Relationship old;
    const bool had_old = id < in.unstaged_rel && stored_rel(id, &old).ok();
    const bool staged_new = had_old && id >= first_new_rel_;
    if (had_old && old.version != txn) {
      batch.Put(core->h(kHistory), HistoryKey(kHistRel, id, old.version),
                EncodeRel(old, &core->dict, &new_dict_ids));
    }
    std::string old_out, old_in, new_out, new_in;
    if (had_old) {
      const uint32_t t = *core->dict.Lookup(old.type);
      old_out = AdjKey(old.src, t, old.dst, id);
      old_in = AdjKey(old.dst, t, old.src, id);
    }
    if (pending) {
      batch.Put(core->h(kRels), RelKey(id), EncodeRel(*pending, &core->dict, &new_dict_ids));
      if (!had_old) batch.Put(core->h(kXid), XidKey('r', pending->xid), RelKey(id));
      const uint32_t t = *core->dict.Lookup(pending->type);  // interned by EncodeRel
      new_out = AdjKey(pending->src, t, pending->dst, id);
      new_in = AdjKey(pending->dst, t, pending->src, id);
      AdjValue a;
      a.version = txn;
      a.valid = pending->valid;
      a.created = (had_old && old_out == new_out) ? existing_created(kOut, new_out) : 0;
      if (!a.created) a.created = txn;
      batch.Put(core->h(kOut), new_out, EncodeAdjValue(a));
      batch.Put(core->h(kIn), new_in, EncodeAdjValue(a));
    } else {
      batch.Delete(core->h(kRels), RelKey(id));
      if (staged_new)
        batch.Delete(core->h(kXid), XidKey('r', old.xid));
      else
        batch.Put(core->h(kHistory), HistoryKey(kHistRel, id, txn), rocksdb::Slice());
    }
    if (had_old && old_out != new_out) {
      AdjValue a;
      a.created = existing_created(kOut, old_out);
      if (!a.created) a.created = old.version;
      a.deleted = txn;
      a.version = old.version;
      a.valid = old.valid;
      if (a.created == txn) {  // staged by this transaction: as if never written
        batch.Delete(core->h(kOut), old_out);
        batch.Delete(core->h(kIn), old_in);
      } else {
        batch.Put(core->h(kOut), old_out, EncodeAdjValue(a));
        batch.Put(core->h(kIn), old_in, EncodeAdjValue(a));
      }
    }
  }

  // ---- claims
  for (const std::string& key : *in.stale_claim_keys)
    batch.Delete(core->h(kClaims), key);
  for (const Claim& old : *in.superseded_claims)
    batch.Put(core->h(kClaims), ClaimKey(old.target_kind, old.target, old.id),
              EncodeClaim(old, txn));
  std::string key, idkey, idval, xidkey;
  for (const PendingClaim& p : *in.claims) {
    // As ClaimKey and XidKey, into buffers reused from claim to claim.
    key.assign(1, static_cast<char>(p.kind));
    coding::PutBE64(&key, p.target);
    coding::PutBE64(&key, p.id);
    const std::string_view value(in.claim_bytes->data() + p.offset, p.size);
    batch.Put(core->h(kClaims), key, rocksdb::Slice(value.data(), value.size()));
    idkey.assign(1, 'C');
    coding::PutBE64(&idkey, p.id);
    batch.Put(core->h(kXid), idkey, key);
    idval.clear();
    coding::PutBE64(&idval, p.id);
    // The value starts with recorded, deleted (varints) and the xid.
    std::string_view in = value, xid;
    uint64_t skip;
    if (!coding::GetVarint(&in, &skip) || !coding::GetVarint(&in, &skip) ||
        !coding::GetStringView(&in, &xid))
      return Status::Internal("pending claim #" + std::to_string(p.id) + " is malformed");
    xidkey.assign(1, 'c');
    xidkey.append(xid);
    batch.Put(core->h(kXid), xidkey, idval);
  }
  return Status::OK();
}

void WriteTxn::PendClaim(Claim* c, PendingClaim* into) {
  // Encoded as the batch holds it: recorded by this transaction (the
  // caller's claim is left as it was).
  const TxnId recorded = c->recorded;
  c->recorded = txn_number();
  const std::string value = EncodeClaim(*c, 0);
  c->recorded = recorded;
  into->id = c->id;
  into->kind = c->target_kind;
  into->target = c->target;
  into->offset = pending_claim_bytes_.size();
  into->size = static_cast<uint32_t>(value.size());
  pending_claim_bytes_.append(value);
}

Claim WriteTxn::PendingClaimAt(const PendingClaim& p) const {
  Claim c;
  TxnId deleted;
  (void)DecodeClaim(std::string_view(pending_claim_bytes_.data() + p.offset, p.size), p.id, &c,
                    &deleted);
  return c;
}

void WriteTxn::ClearPending() {
  pending_nodes_.clear();
  pending_rels_.clear();
  pending_claims_.clear();
  pending_claim_bytes_.clear();
  superseded_claims_.clear();
  new_node_xids_.clear();
  new_rel_xids_.clear();
  new_claim_xids_.clear();
  new_rels_by_node_.clear();
  rels_by_node_sorted_ = true;
  stale_claim_keys_.clear();
}

Status WriteTxn::Spill() {
  if (done_) return Spent();
  // This batch's encoding reads what the one before wrote.
  AG_RETURN_IF_ERROR(JoinStaging());
  if (empty() && superseded_claims_.empty()) return Status::OK();
  const TxnId txn = txn_number();
  if (spills_ == 0) {
    // From now on the latest state holds part of this transaction: new
    // readers read the state before it.
    std::lock_guard lock(core_->commit_mu);
    core_->published = core_->NewSnapshot();
  }
  // Pauses RocksDB's compactions; merges level 0 itself (staged_merges.h).
  if (spills_ == 0 && !core_->mem_env && !merges_) merges_ = std::make_unique<StagedMerges>(core_);
  // Kept between batches: its buffers then grow once, not every batch.
  if (!spill_batch_) spill_batch_ = std::make_unique<SortedBatch>();
  SortedBatch& sorted = *spill_batch_;
  sorted.Clear();
  StampVersions(txn);
  if (!core_->mem_env) {
    StartStaging(&sorted);
    return Status::OK();
  }
  Status s = EncodePending(txn, PendingInput(), &sorted);
  if (s.ok()) {
    // An in-memory database (no files to ingest): the memtable.
    rocksdb::WriteBatch batch;
    s = FromRocks(sorted.EmitTo(&batch), "encoding a batch");
    const AbsentHints hints = CurrentHints();
    if (s.ok())
      s = AppendUndo(core_, batch, &batch, &undo_seq_,
                     [&](int cf, std::string_view key) { return KnownAbsent(hints, cf, key); });
    // Not synced: the undo records travel in the same batch, and the synced
    // commit makes every earlier batch durable.
    std::vector<uint64_t> xid_hashes;
    if (s.ok()) NoteStagedXids(&sorted, AbsentKindsAtStart(), &xid_hashes);
    if (s.ok()) s = FromRocks(core_->db->Write(rocksdb::WriteOptions(), &batch), "staging writes");
    if (s.ok()) ++spills_;
    if (s.ok()) staged_xids_.AddHashes(xid_hashes);
  }
  if (!s.ok()) {
    failed_ = s;
    done_ = true;
    if (spills_ == 0) {
      merges_.reset();  // resumes RocksDB's compactions
      std::lock_guard lock(core_->commit_mu);
      core_->published.reset();
    }
    return s;
  }
  // What the batch did not write reads the same after it, so the memo keeps
  // its answers about the other nodes and relationships (the document,
  // actors and places every record of an import links to: re-reading them
  // after every batch cost two Gets a record) and forgets the rest: the
  // records written, and the xids it found absent (mostly created since) or
  // that lead to a record written.
  ForgetStoredReadsOf(pending_nodes_, pending_rels_);
  absent_xid_keys_.clear();
  ClearPending();
  unstaged_node_ = next_node_;
  unstaged_rel_ = next_rel_;
  unstaged_claim_ = next_claim_;
  // Later reads see the staged writes through RocksDB (xid map, adjacency,
  // index, records), as of this transaction.
  staged_.reset(new ReadView(core_, txn, ReadView::Staged{}));
  reads_ = staged_.get();
  return Status::OK();
}

void WriteTxn::ForgetStoredReadsOf(const std::map<NodeId, std::optional<Node>>& nodes,
                                   const std::map<RelId, std::optional<Relationship>>& rels) {
  for (const auto& [id, n] : nodes)
    memo_nodes_.erase(id);
  for (auto it = memo_node_ids_.begin(); it != memo_node_ids_.end();)
    it = !it->second || nodes.count(*it->second) ? memo_node_ids_.erase(it) : std::next(it);
  for (const auto& [id, r] : rels)
    memo_rels_.erase(id);
  for (auto it = memo_rel_ids_.begin(); it != memo_rel_ids_.end();)
    it = !it->second || rels.count(*it->second) ? memo_rel_ids_.erase(it) : std::next(it);
}

// The batch's pending state moves to staging_ (whose cleared maps become the
// new pending ones, buffers kept), then the worker encodes and writes it. Its undo
// records take as absent what was known absent until now; lookups from now
// on start a new set (they run against reads_, which does not show the
// batch yet, and skip its keys).
void WriteTxn::StartStaging(SortedBatch* batch) {
  if (!rels_by_node_sorted_) std::sort(new_rels_by_node_.begin(), new_rels_by_node_.end());
  std::swap(staging_.nodes, pending_nodes_);
  std::swap(staging_.rels, pending_rels_);
  std::swap(staging_.node_xids, new_node_xids_);
  std::swap(staging_.rel_xids, new_rel_xids_);
  std::swap(staging_.claim_xids, new_claim_xids_);
  std::swap(staging_.rels_by_node, new_rels_by_node_);
  std::swap(staging_.absent_xid_keys, absent_xid_keys_);
  std::swap(staging_.claims, pending_claims_);
  std::swap(staging_.claim_bytes, pending_claim_bytes_);
  std::swap(staging_.superseded_claims, superseded_claims_);
  std::swap(staging_.stale_claim_keys, stale_claim_keys_);
  staging_.hints = CurrentHints();
  staging_.hints.xid_keys = &staging_.absent_xid_keys;
  // The worker reads the state before the batch (to encode updates) through
  // a view of its own: a view serves one thread.
  const TxnId txn = txn_number();
  staging_.view.reset(new ReadView(core_, txn, ReadView::Staged{}));
  const EncodeInput input{&staging_.nodes,
                          &staging_.rels,
                          &staging_.claims,
                          &staging_.claim_bytes,
                          &staging_.superseded_claims,
                          &staging_.stale_claim_keys,
                          unstaged_node_,
                          unstaged_rel_,
                          staging_.view.get(),
                          /*memo=*/false};
  ClearPending();
  unstaged_node_ = next_node_;
  unstaged_rel_ = next_rel_;
  unstaged_claim_ = next_claim_;
  // Counted now: a rollback from here on looks for its undo records.
  const uint64_t number = ++spills_;
  staging_.status = Status::OK();
  const int kinds = AbsentKindsAtStart();
  staging_.worker = std::thread([this, batch, number, txn, input, kinds] {
    if (staging_hook_) staging_hook_();
    Status s = EncodePending(txn, input, batch);
    if (s.ok()) NoteStagedXids(batch, kinds, &staging_.xid_hashes);
    if (s.ok()) s = StageAsSsts(batch, staging_.hints, number);
    staging_.status = s;
  });
}

Status WriteTxn::JoinStaging() {
  if (!staging_.active()) return Status::OK();
  staging_.worker.join();
  Status s = staging_.status;
  if (s.ok()) {
    staged_xids_.AddHashes(staging_.xid_hashes);
    merges_->set_xid_reads_filtered(AbsentKindsAtStart() == kAllXidKinds &&
                                    !staged_xids_.saturated());
    merges_->MaybeStart();
    ForgetStoredReadsOf(staging_.nodes, staging_.rels);
    staged_.reset(new ReadView(core_, txn_number(), ReadView::Staged{}));
    reads_ = staged_.get();
  } else {
    if (failed_.ok()) failed_ = s;
    done_ = true;
  }
  staging_.Clear();
  // The worker and its helper threads free a batch's maps and buffers, which
  // the allocator would keep for a while (glibc in those threads' arenas,
  // jemalloc for ~10 s): with two batches alive an ACLED import's peak grew
  // by 60 MiB at a million rows. Handed back after each batch, at no
  // measurable cost (bench/RESULTS.md, steps 18 and 21).
  ReleaseFreedMemory();
  return s;
}

// A staged batch as SST files ingested into RocksDB rather than inserted
// into its memtables, which cost most of an import's time (the bulk
// loader's path). Atomicity is the undo log's, as for the memtable path: its
// records are written (synced) before the files are ingested, and
// IngestExternalFiles adds all families' files at once. The published
// snapshot hides the files from readers (an ingested file gets a sequence
// number above every snapshot's).
Status WriteTxn::StageAsSsts(SortedBatch* sorted, const AbsentHints& hints, uint64_t number) {
  rocksdb::Env* env = core_->db->GetEnv();
  const std::string dir = core_->dir + "/staged.tmp";
  AG_RETURN_IF_ERROR(FromRocks(env->CreateDirIfMissing(dir), "creating " + dir));
  sorted->Sort();  // once, for the undo records and the files
  // The files are written while the undo records are read and written (on
  // this thread): both only read the sorted batch and the state before it.
  // Nothing is ingested before the undo records are synced.
  std::vector<rocksdb::IngestExternalFileArg> files;
  Status written;
  std::thread file_writer([&] {
    written = sorted->WriteSsts(core_->db.get(), dir, "spill" + std::to_string(number), &files);
  });
  Status s;
  {
    rocksdb::WriteBatch undo;
    s = AppendSortedUndo(core_, *sorted, &undo, &undo_seq_,
                         [&](int cf, std::string_view key) { return KnownAbsent(hints, cf, key); });
    rocksdb::WriteOptions wo;
    wo.sync = true;  // before the files: a crash must find the undo records
    if (s.ok()) s = FromRocks(core_->db->Write(wo, &undo), "staging undo records");
  }
  file_writer.join();
  if (s.ok()) s = written;
  for (auto& f : files) {
    f.options.move_files = true;
    f.options.snapshot_consistency = true;
  }
  if (s.ok() && !files.empty())
    s = FromRocks(core_->db->IngestExternalFiles(files), "ingesting a staged batch");
  for (const auto& f : files)
    (void)env->DeleteFile(f.external_files[0]);  // moved (linked) when ingested
  return s;
}

// Keys that carry an id created since the last staged batch (see the key
// layouts in docs/storage-format.md); xid-keyed entries may exist already.
bool WriteTxn::KnownAbsent(const AbsentHints& hints, int cf, std::string_view key) {
  auto id_at = [&](size_t offset) { return coding::GetBE64(key.data() + offset); };
  switch (cf) {
    case kNodes:
      return key.size() == 8 && id_at(0) >= hints.node;
    case kRels:
      return key.size() == 8 && id_at(0) >= hints.rel;
    case kOut:
    case kIn:
      return key.size() == 28 && id_at(20) >= hints.rel;
    case kClaims:
      return key.size() == 17 && id_at(9) >= hints.claim;
    case kXid:
      if (key.size() == 9 && key[0] == 'C') return id_at(1) >= hints.claim;
      return hints.xid_keys->count(key) > 0;   // looked up, not found
    case kIndex:                               // every index key ends with the node id
      return key.size() >= 9 && id_at(key.size() - 8) >= hints.node;
    case kHistory:
      return key.size() == 17 && id_at(1) >= (key[0] == kHistNode ? hints.node : hints.rel);
    default:
      return false;
  }
}

Status WriteTxn::Rollback() {
  if (committed_) return Status::Internal("transaction already committed");
  (void)JoinStaging();  // its error is what is being rolled back
  done_ = true;
  ClearPending();
  ForgetStoredReads();
  if (merges_) merges_->Finish(/*compact=*/false);  // no merge runs during the rollback
  if (spills_ == 0 || core_->undo_pending) return Status::OK();
  auto restored = RollBackUndoLog(core_);
  if (!restored.ok()) {
    // Readers keep the published snapshot; the next writer (or the next
    // open) finishes the rollback.
    core_->undo_pending = true;
    return restored.status().WithContext("rolling back a staged transaction");
  }
  spills_ = 0;
  std::lock_guard lock(core_->commit_mu);
  core_->published.reset();
  return Status::OK();
}

Result<TxnId> WriteTxn::Commit() {
  if (done_) return Spent();
  // A staged transaction stages its rest the same way; the commit's batch
  // then holds only the metadata.
  if (spills_ > 0 && !core_->mem_env) {
    AG_RETURN_IF_ERROR(Spill());
    AG_RETURN_IF_ERROR(JoinStaging());
  }
  done_ = true;
  const bool staged = spills_ > 0;
  if (!staged && empty() && superseded_claims_.empty()) {
    committed_ = true;
    return base_->as_of();
  }
  const TxnId txn = txn_number();
  rocksdb::WriteBatch batch;
  StoreCore* core = core_;
  SortedBatch sorted;
  StampVersions(txn);
  Status encoded = EncodePending(txn, PendingInput(), &sorted);
  if (encoded.ok()) encoded = FromRocks(sorted.EmitTo(&batch), "encoding a batch");
  if (!encoded.ok()) {
    failed_ = encoded;
    return encoded;
  }
  if (staged) DeleteUndoLog(core, &batch);

  // ---- metadata: dictionary, counters, the transaction itself
  const std::vector<uint32_t> dict_ids = core->dict.Unpersisted();
  for (uint32_t did : dict_ids) {
    std::string k = kMetaDictPrefix;
    coding::PutBE32(&k, did);
    batch.Put(core->h(kMeta), k, core->dict.Name(did));
  }
  auto put_counter = [&](const char* key, uint64_t v) {
    std::string s;
    coding::PutBE64(&s, v);
    batch.Put(core->h(kMeta), key, s);
  };
  put_counter(kMetaNextNode, next_node_);
  put_counter(kMetaNextRel, next_rel_);
  put_counter(kMetaNextClaim, next_claim_);
  put_counter(kMetaLastTxn, txn);
  TxnInfo info;
  info.id = txn;
  info.unix_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  info.description = description_;
  std::string tkey = kMetaTxnPrefix;
  coding::PutBE64(&tkey, txn);
  batch.Put(core->h(kMeta), tkey, EncodeTxnInfo(info));
  for (const auto& [prefix, value] : txn_records_) {
    std::string key = prefix;
    coding::PutBE64(&key, txn);
    batch.Put(core->h(kMeta), key, value);
  }

  rocksdb::WriteOptions wo;
  wo.sync = true;
  {
    std::lock_guard lock(core->commit_mu);
    Status s = FromRocks(core->db->Write(wo, &batch), "commit");
    if (!s.ok()) {
      failed_ = s;
      return s;  // the destructor rolls staged batches back
    }
    core->last_txn = txn;
    core->published.reset();  // the whole transaction is visible at once
  }
  committed_ = true;
  if (merges_) merges_->Finish(/*compact=*/true);
  core->dict.MarkPersisted(dict_ids);
  core->next_node = next_node_;
  core->next_rel = next_rel_;
  core->next_claim = next_claim_;
  return txn;
}

}  // namespace actorgraph
