#include "engine/read_view.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <set>

#include "common/text_match.h"
#include "common/words.h"
#include "engine/adjacency_cache.h"
#include "engine/coding.h"
#include "engine/store_core.h"

namespace actorgraph {

namespace {
Status FromRocks(const rocksdb::Status& s, const char* what) {
  if (s.ok()) return Status::OK();
  if (s.IsCorruption()) return Status::Corruption(std::string(what) + ": " + s.ToString());
  return Status::IOError(std::string(what) + ": " + s.ToString());
}
std::string Successor(std::string s) {
  // The smallest key greater than every key with prefix s.
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xff)
    s.pop_back();
  if (!s.empty()) s.back() = static_cast<char>(s.back() + 1);
  return s;
}
// An iterator over the keys of one column family that start with `prefix`,
// reading a snapshot. Owns the upper bound the iterator points at.
class PrefixScan {
 public:
  PrefixScan(const StoreCore* core, const rocksdb::Snapshot* snapshot, int cf, std::string prefix)
      : prefix_(std::move(prefix)), upper_(Successor(prefix_)), bound_(upper_) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot;
    ro.iterate_upper_bound = &bound_;
    it_.reset(core->db->NewIterator(ro, core->h(cf)));
    it_->Seek(prefix_);
  }
  rocksdb::Iterator* operator->() { return it_.get(); }
  rocksdb::Iterator& operator*() { return *it_; }

 private:
  std::string prefix_, upper_;
  rocksdb::Slice bound_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

ReadView::ReadView(StoreCore* core, TxnId as_of) : core_(core) {
  std::lock_guard lock(core->commit_mu);
  // While a transaction is staged, the latest state holds part of it: read
  // the snapshot published before its first staged batch instead.
  snapshot_holder_ = core->published ? core->published : core->NewSnapshot();
  snapshot_ = snapshot_holder_.get();
  as_of_ = std::min(as_of, core->last_txn);
  historical_ = as_of_ < core->last_txn;
}

ReadView::ReadView(StoreCore* core, TxnId staged_txn, Staged)
    : core_(core),
      snapshot_holder_(core->NewSnapshot()),
      snapshot_(snapshot_holder_.get()),
      as_of_(staged_txn),
      historical_(false) {}

ReadView::~ReadView() = default;

Status ReadView::ReadVersioned(char kind, uint64_t id, TxnId current_version,
                               std::string* record) const {
  (void)current_version;
  std::string prefix(1, kind);
  coding::PutBE64(&prefix, id);
  PrefixScan it(core_, snapshot_, kHistory, prefix);
  it->Seek(HistoryKey(kind, id, as_of_));
  if (!it->Valid()) {
    AG_RETURN_IF_ERROR(FromRocks(it->status(), "reading history"));
    return Status::NotFound("not present at transaction " + std::to_string(as_of_));
  }
  if (it->value().empty())
    return Status::NotFound("deleted at transaction " + std::to_string(as_of_));
  record->assign(it->value().data(), it->value().size());
  return Status::OK();
}

Status ReadView::GetNode(NodeId id, Node* out) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  rocksdb::PinnableSlice v;
  auto s = core_->db->Get(ro, core_->h(kNodes), NodeKey(id), &v);
  if (s.ok()) {
    if (!DecodeNode(v.ToStringView(), core_->dict, id, out))
      return Status::Corruption("node record " + std::to_string(id));
    if (out->version <= as_of_) return Status::OK();
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "reading node");
  } else if (!historical_) {
    return Status::NotFound("no node #" + std::to_string(id));
  }
  std::string rec;
  AG_RETURN_IF_ERROR(ReadVersioned(kHistNode, id, 0, &rec));
  if (!DecodeNode(rec, core_->dict, id, out))
    return Status::Corruption("node history record " + std::to_string(id));
  return Status::OK();
}

Status ReadView::GetRel(RelId id, Relationship* out) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  rocksdb::PinnableSlice v;
  auto s = core_->db->Get(ro, core_->h(kRels), RelKey(id), &v);
  if (s.ok()) {
    if (!DecodeRel(v.ToStringView(), core_->dict, id, out))
      return Status::Corruption("relationship record " + std::to_string(id));
    if (out->version <= as_of_) return Status::OK();
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "reading relationship");
  } else if (!historical_) {
    return Status::NotFound("no relationship #" + std::to_string(id));
  }
  std::string rec;
  AG_RETURN_IF_ERROR(ReadVersioned(kHistRel, id, 0, &rec));
  if (!DecodeRel(rec, core_->dict, id, out))
    return Status::Corruption("relationship history record " + std::to_string(id));
  return Status::OK();
}

static std::optional<uint64_t> LookupXid(const StoreCore* core, const rocksdb::Snapshot* snap,
                                         char kind, std::string_view xid) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snap;
  std::string v;
  if (!core->db->Get(ro, core->h(kXid), XidKey(kind, xid), &v).ok() || v.size() != 8)
    return std::nullopt;
  return coding::GetBE64(v.data());
}

std::optional<NodeId> ReadView::FindNode(std::string_view xid) const {
  auto id = LookupXid(core_, snapshot_, 'n', xid);
  if (!id) return std::nullopt;
  Node n;
  if (!GetNode(*id, &n).ok()) return std::nullopt;
  return id;
}

std::optional<RelId> ReadView::FindRel(std::string_view xid) const {
  auto id = LookupXid(core_, snapshot_, 'r', xid);
  if (!id) return std::nullopt;
  Relationship r;
  if (!GetRel(*id, &r).ok()) return std::nullopt;
  return id;
}

std::optional<ClaimId> ReadView::FindClaim(std::string_view xid) const {
  return LookupXid(core_, snapshot_, 'c', xid);
}

Status ReadView::ForEachNode(const std::function<bool(NodeId)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  if (!historical_) {
    std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(kNodes)));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      if (!fn(coding::GetBE64(it->key().data()))) return Status::OK();
    return FromRocks(it->status(), "scanning nodes");
  }
  // As of an earlier transaction: every node has a label entry whose
  // liveness says when it existed.
  std::set<NodeId> ids;
  std::string prefix(1, kIdxLabel), upper = Successor(prefix);
  rocksdb::Slice ub(upper);
  ro.iterate_upper_bound = &ub;
  std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(kIndex)));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    TxnId c, d;
    if (DecodeLiveness(it->value().ToStringView(), &c, &d) && Visible(c, d))
      ids.insert(coding::GetBE64(it->key().data() + 5));
  }
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning labels"));
  for (NodeId id : ids)
    if (!fn(id)) break;
  return Status::OK();
}

Status ReadView::ForEachNodeWithLabel(const std::string& label,
                                      const std::function<bool(NodeId)>& fn) const {
  auto lid = core_->dict.Lookup(label);
  if (!lid) return Status::OK();
  std::string prefix(1, kIdxLabel);
  coding::PutBE32(&prefix, *lid);
  PrefixScan it(core_, snapshot_, kIndex, prefix);
  for (; it->Valid(); it->Next()) {
    TxnId c, d;
    if (!DecodeLiveness(it->value().ToStringView(), &c, &d))
      return Status::Corruption("label index");
    if (Visible(c, d) && !fn(coding::GetBE64(it->key().data() + 5))) return Status::OK();
  }
  return FromRocks(it->status(), "scanning a label");
}

Result<std::vector<NameMatch>> ReadView::FindByName(std::string_view name, bool prefix,
                                                    size_t limit) const {
  std::vector<NameMatch> out;
  const std::string folded = FoldName(name);
  if (folded.empty()) return out;
  std::string start(1, kIdxName);
  start += folded;
  if (!prefix) start.push_back('\0');
  PrefixScan it(core_, snapshot_, kIndex, start);
  std::set<NodeId> seen;
  for (; it->Valid() && out.size() < limit; it->Next()) {
    std::string_view v = it->value().ToStringView();
    uint64_t c, d;
    if (!coding::GetVarint(&v, &c) || !coding::GetVarint(&v, &d))
      return Status::Corruption("name index");
    if (!Visible(c, d)) continue;
    NameMatch m;
    m.node = coding::GetBE64(it->key().data() + it->key().size() - 8);
    if (!coding::GetString(&v, &m.matched) || v.empty()) return Status::Corruption("name index");
    m.is_alias = v[0] != 0;
    if (seen.insert(m.node).second) out.push_back(std::move(m));
  }
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning names"));
  return out;
}

Result<std::vector<NameMatch>> ReadView::FindByWords(std::string_view words, size_t limit) const {
  std::vector<NameMatch> out;
  std::vector<std::string> tokens = SplitWords(FoldName(words));
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  if (tokens.empty() || limit == 0) return out;
  // The longest word first: usually the rarest.
  std::stable_sort(tokens.begin(), tokens.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  // The visible nodes with an entry for `word`, in id order (the key ends
  // with the id); at most `cap` of them.
  auto nodes_with = [&](const std::string& word, size_t cap) -> Result<std::vector<NodeId>> {
    std::vector<NodeId> ids;
    std::string start(1, kIdxWord);
    start += word;
    start.push_back('\0');
    PrefixScan it(core_, snapshot_, kIndex, start);
    for (; it->Valid() && ids.size() < cap; it->Next()) {
      TxnId c, d;
      if (!DecodeLiveness(it->value().ToStringView(), &c, &d))
        return Status::Corruption("word index");
      if (Visible(c, d)) ids.push_back(coding::GetBE64(it->key().data() + it->key().size() - 8));
    }
    AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning name words"));
    return ids;
  };
  // One word: its first `limit` nodes. Several: the nodes the entries of
  // every word list (keys only), until few enough are left to check each
  // one's record below.
  constexpr size_t kFewEnoughToRead = 256;
  AG_ASSIGN_OR_RETURN(std::vector<NodeId> ids,
                      nodes_with(tokens[0], tokens.size() == 1 ? limit : SIZE_MAX));
  for (size_t i = 1; i < tokens.size() && ids.size() > kFewEnoughToRead; ++i) {
    AG_ASSIGN_OR_RETURN(std::vector<NodeId> more, nodes_with(tokens[i], SIZE_MAX));
    std::vector<NodeId> both;
    std::set_intersection(ids.begin(), ids.end(), more.begin(), more.end(),
                          std::back_inserter(both));
    ids = std::move(both);
  }
  // The entries say which words a node has, not in which of its names: the
  // record says which name (the primary first, then the aliases in order)
  // holds them all, and is what a match shows.
  std::vector<std::string> whole_words;  // " word ", found in " folded name "
  for (const std::string& t : tokens)
    whole_words.push_back(" " + t + " ");
  auto holds_all = [&](const std::string& name) {
    const std::string folded = " " + FoldName(name) + " ";
    return std::all_of(whole_words.begin(), whole_words.end(),
                       [&](const std::string& w) { return folded.find(w) != std::string::npos; });
  };
  for (NodeId id : ids) {
    if (out.size() >= limit) break;
    Node n;
    if (Status s = GetNode(id, &n); !s.ok()) {
      if (s.code() == Status::Code::kNotFound) continue;
      return s;
    }
    NameMatch m;
    m.node = id;
    if (holds_all(n.name)) {
      m.matched = n.name;
    } else {
      auto alias = std::find_if(n.aliases.begin(), n.aliases.end(),
                                [&](const auto& a) { return holds_all(a.name); });
      if (alias == n.aliases.end()) continue;
      m.matched = alias->name;
      m.is_alias = true;
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<NodeId>> ReadView::FindByProperty(const std::string& prop,
                                                     const Value& value) const {
  std::vector<NodeId> out;
  if (!core_->ontology.IsIndexed(prop))
    return Status::InvalidArgument("property '" + prop +
                                   "' is not indexed (the ontology says `unindexed " + prop + "`)");
  auto pid = core_->dict.Lookup(prop);
  if (!pid) return out;
  bool indexable = false;
  std::string prefix = PropIndexPrefix(*pid, value, &indexable);
  if (!indexable)
    return Status::InvalidArgument("values of kind " + std::string(Value::KindName(value.kind())) +
                                   " are not indexed");
  PrefixScan it(core_, snapshot_, kIndex, prefix);
  for (; it->Valid(); it->Next()) {
    if (it->key().size() != prefix.size() + 8) continue;
    TxnId c, d;
    if (DecodeLiveness(it->value().ToStringView(), &c, &d) && Visible(c, d))
      out.push_back(coding::GetBE64(it->key().data() + prefix.size()));
  }
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning a property index"));
  return out;
}

Status ReadView::ForEachRel(const std::function<bool(const Relationship&)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  if (!historical_) {
    std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(kRels)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      Relationship r;
      if (!DecodeRel(it->value().ToStringView(), core_->dict, coding::GetBE64(it->key().data()),
                     &r))
        return Status::Corruption("relationship record");
      if (!fn(r)) return Status::OK();
    }
    return FromRocks(it->status(), "scanning relationships");
  }
  std::set<RelId> ids;
  std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(kOut)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    AdjValue a;
    if (DecodeAdjValue(it->value().ToStringView(), &a) && Visible(a.created, a.deleted))
      ids.insert(coding::GetBE64(it->key().data() + 20));
  }
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning relationships"));
  for (RelId id : ids) {
    Relationship r;
    if (GetRel(id, &r).ok() && !fn(r)) break;
  }
  return Status::OK();
}

std::string ReadView::TypeName(uint32_t type_id) const {
  return core_->dict.Name(type_id);
}
std::optional<uint32_t> ReadView::TypeId(const std::string& type) const {
  return core_->dict.Lookup(type);
}
std::optional<uint32_t> ReadView::LabelId(const std::string& label) const {
  return core_->dict.Lookup(label);
}

std::shared_ptr<const AdjacencySnapshot> ReadView::CachedAdjacency(bool heavy) const {
  return core_->adj_cache ? core_->adj_cache->Get(*this, heavy) : nullptr;
}

StoreCore* CoreOf(const ReadView& view) {
  return view.core_;
}

std::unique_ptr<AdjacencyCursor> ReadView::Adjacency(NodeId node, Direction dir,
                                                     const std::vector<std::string>& types) const {
  std::vector<uint32_t> ids;
  bool any_known = types.empty();
  for (const auto& t : types)
    if (auto id = core_->dict.Lookup(t)) {
      ids.push_back(*id);
      any_known = true;
    }
  // Only unknown types: a cursor that matches nothing (id 0 is never used).
  if (!any_known) ids.push_back(0);
  return AdjacencyById(node, dir, std::move(ids));
}

std::unique_ptr<AdjacencyCursor> ReadView::AdjacencyById(NodeId node, Direction dir,
                                                         std::vector<uint32_t> type_ids) const {
  std::sort(type_ids.begin(), type_ids.end());
  type_ids.erase(std::unique(type_ids.begin(), type_ids.end()), type_ids.end());
  return std::unique_ptr<AdjacencyCursor>(
      new AdjacencyCursor(this, node, dir, std::move(type_ids)));
}

// ---------------------------------------------------------------- cursor

AdjacencyCursor::AdjacencyCursor(const ReadView* view, NodeId node, Direction dir,
                                 std::vector<uint32_t> types)
    : view_(view), node_(node), dir_(dir), types_(std::move(types)) {
  pass_ = (dir_ == Direction::kIn) ? Direction::kIn : Direction::kOut;
  if (StartPass()) Settle();
}

AdjacencyCursor::~AdjacencyCursor() = default;

bool AdjacencyCursor::StartPass() {
  rocksdb::ReadOptions ro;
  ro.snapshot = view_->snapshot_;
  upper_.clear();
  coding::PutBE64(&upper_, node_ + 1);
  upper_slice_ = std::make_unique<rocksdb::Slice>(upper_);
  ro.iterate_upper_bound = upper_slice_.get();
  StoreCore* core = view_->core_;
  it_.reset(core->db->NewIterator(ro, core->h(pass_ == Direction::kOut ? kOut : kIn)));
  type_index_ = 0;
  Seek();
  return true;
}

void AdjacencyCursor::Seek() {
  std::string k;
  coding::PutBE64(&k, node_);
  if (!types_.empty()) coding::PutBE32(&k, types_[type_index_]);
  it_->Seek(k);
}

// Moves to the first visible entry at or after the iterator's position,
// crossing types and passes.
void AdjacencyCursor::Settle() {
  valid_ = false;
  while (true) {
    while (it_->Valid()) {
      rocksdb::Slice key = it_->key();
      if (key.size() != 28 || coding::GetBE64(key.data()) != node_) break;
      const uint32_t type = coding::GetBE32(key.data() + 8);
      if (!types_.empty() && type != types_[type_index_]) break;
      AdjValue a;
      if (!DecodeAdjValue(it_->value().ToStringView(), &a)) {
        status_ = Status::Corruption("adjacency entry");
        return;
      }
      if (view_->Visible(a.created, a.deleted)) {
        entry_.rel = coding::GetBE64(key.data() + 20);
        entry_.self = node_;
        entry_.other = coding::GetBE64(key.data() + 12);
        entry_.type_id = type;
        entry_.dir = pass_;
        entry_.valid = a.valid;
        bool ok = true;
        if (a.version > view_->as_of_) {
          // The relationship changed after as_of: use the version then.
          Relationship r;
          ok = view_->GetRel(entry_.rel, &r).ok();
          if (ok) entry_.valid = r.valid;
        }
        if (ok) {
          valid_ = true;
          return;
        }
      }
      it_->Next();
    }
    if (!it_->status().ok()) {
      status_ = Status::IOError(it_->status().ToString());
      return;
    }
    if (!types_.empty() && type_index_ + 1 < types_.size()) {
      ++type_index_;
      Seek();
      continue;
    }
    if (dir_ == Direction::kBoth && pass_ == Direction::kOut) {
      pass_ = Direction::kIn;
      StartPass();
      continue;
    }
    return;
  }
}

void AdjacencyCursor::Next() {
  if (!valid_) return;
  it_->Next();
  Settle();
}

// ---------------------------------------------------------------- claims

Result<std::vector<Claim>> ReadView::Claims(TargetKind kind, uint64_t target) const {
  std::vector<Claim> out;
  std::string prefix(1, static_cast<char>(kind));
  coding::PutBE64(&prefix, target);
  PrefixScan it(core_, snapshot_, kClaims, prefix);
  for (; it->Valid(); it->Next()) {
    Claim c;
    TxnId deleted = 0;
    if (!DecodeClaim(it->value().ToStringView(), coding::GetBE64(it->key().data() + 9), &c,
                     &deleted))
      return Status::Corruption("claim record");
    if (Visible(c.recorded, deleted)) out.push_back(std::move(c));
  }
  AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning claims"));
  return out;
}

Status ReadView::GetClaim(ClaimId id, Claim* out) const {
  // Claims are keyed by target; the xid CF maps 'C' + id to the full key.
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string idkey(1, 'C');
  coding::PutBE64(&idkey, id);
  std::string ckey;
  auto s = core_->db->Get(ro, core_->h(kXid), idkey, &ckey);
  if (s.IsNotFound()) return Status::NotFound("no claim #" + std::to_string(id));
  AG_RETURN_IF_ERROR(FromRocks(s, "reading claim"));
  std::string v;
  s = core_->db->Get(ro, core_->h(kClaims), ckey, &v);
  if (s.IsNotFound()) return Status::NotFound("no claim #" + std::to_string(id));
  AG_RETURN_IF_ERROR(FromRocks(s, "reading claim"));
  TxnId deleted;
  if (!DecodeClaim(v, id, out, &deleted)) return Status::Corruption("claim record");
  if (!Visible(out->recorded, deleted)) return Status::NotFound("no claim #" + std::to_string(id));
  return Status::OK();
}

// ---------------------------------------------------------------- history

template <typename T, typename Decode>
static Status Versions(const ReadView& view, StoreCore* core, char kind, uint64_t id, int cf,
                       Decode decode, std::vector<std::pair<TxnId, std::optional<T>>>* out) {
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  std::string prefix(1, kind);
  coding::PutBE64(&prefix, id);
  std::unique_ptr<rocksdb::Iterator> it(core->db->NewIterator(ro, core->h(kHistory)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    const TxnId version = ~coding::GetBE64(it->key().data() + 9);
    if (version > view.as_of()) continue;
    if (it->value().empty()) {
      out->emplace_back(version, std::nullopt);
      continue;
    }
    T rec;
    if (!decode(it->value().ToStringView(), &rec)) return Status::Corruption("history record");
    out->emplace_back(version, std::move(rec));
  }
  std::string v;
  auto s = core->db->Get(ro, core->h(cf), NodeKey(id), &v);
  if (s.ok()) {
    T rec;
    if (!decode(v, &rec)) return Status::Corruption("record");
    if (rec.version <= view.as_of()) out->emplace_back(rec.version, std::move(rec));
  }
  std::sort(out->begin(), out->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return Status::OK();
}

Result<std::vector<std::pair<TxnId, std::optional<Node>>>> ReadView::NodeVersions(NodeId id) const {
  std::vector<std::pair<TxnId, std::optional<Node>>> out;
  AG_RETURN_IF_ERROR(Versions<Node>(
      *this, core_, kHistNode, id, kNodes,
      [&](std::string_view in, Node* n) { return DecodeNode(in, core_->dict, id, n); }, &out));
  return out;
}

Result<std::vector<std::pair<TxnId, std::optional<Relationship>>>> ReadView::RelVersions(
    RelId id) const {
  std::vector<std::pair<TxnId, std::optional<Relationship>>> out;
  AG_RETURN_IF_ERROR(Versions<Relationship>(
      *this, core_, kHistRel, id, kRels,
      [&](std::string_view in, Relationship* r) { return DecodeRel(in, core_->dict, id, r); },
      &out));
  return out;
}

Status ReadView::ForEachAdjacencyRecord(
    NodeId node, const std::function<void(const AdjEntry&, TxnId, TxnId)>& fn) const {
  std::string prefix;
  coding::PutBE64(&prefix, node);
  std::string upper = Successor(prefix);
  for (int cf : {kOut, kIn}) {
    rocksdb::Slice ub(upper);
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot_;
    ro.iterate_upper_bound = &ub;
    std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(cf)));
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      rocksdb::Slice key = it->key();
      AdjValue a;
      if (key.size() != 28 || !DecodeAdjValue(it->value().ToStringView(), &a))
        return Status::Corruption("adjacency entry");
      if (a.created > as_of_) continue;
      AdjEntry e;
      e.self = node;
      e.type_id = coding::GetBE32(key.data() + 8);
      e.other = coding::GetBE64(key.data() + 12);
      e.rel = coding::GetBE64(key.data() + 20);
      e.dir = cf == kOut ? Direction::kOut : Direction::kIn;
      e.valid = a.valid;
      fn(e, a.created, a.deleted > as_of_ ? 0 : a.deleted);
    }
    AG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning adjacency"));
  }
  return Status::OK();
}

std::optional<TxnInfo> ReadView::Txn(TxnId id) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string key = kMetaTxnPrefix;
  coding::PutBE64(&key, id);
  std::string v;
  if (!core_->db->Get(ro, core_->h(kMeta), key, &v).ok()) return std::nullopt;
  TxnInfo t;
  if (!DecodeTxnInfo(v, id, &t)) return std::nullopt;
  return t;
}

}  // namespace actorgraph
