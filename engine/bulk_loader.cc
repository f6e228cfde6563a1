#include "engine/write_rules.h"
#include "engine/bulk_loader.h"

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "engine/coding.h"
#include "engine/store_core.h"
#include "engine/text_match.h"

namespace actorgraph {

namespace fs = std::filesystem;

namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  return Status::IOError(what + ": " + s.ToString());
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}


uint32_t Intern(Dictionary* dict, const std::string& name, std::vector<uint32_t>* new_ids) {
  bool is_new = false;
  uint32_t id = dict->Intern(name, &is_new);
  if (is_new) new_ids->push_back(id);
  return id;
}

}  // namespace

// Entries live in 64 MiB chunks as [u32 klen][u32 vlen][key][value]; `refs`
// holds (chunk << 32 | offset) and is what gets sorted.
class BulkLoader::KvBuffer {
 public:
  static constexpr size_t kChunk = 64u << 20;
  void Add(std::string_view k, std::string_view v) {
    const size_t need = 8 + k.size() + v.size();
    if (chunks_.empty() || used_ + need > kChunk) {
      chunks_.emplace_back(new char[std::max(kChunk, need)]);
      used_ = 0;
    }
    char* p = chunks_.back().get() + used_;
    const uint32_t kl = static_cast<uint32_t>(k.size()), vl = static_cast<uint32_t>(v.size());
    std::memcpy(p, &kl, 4);
    std::memcpy(p + 4, &vl, 4);
    std::memcpy(p + 8, k.data(), k.size());
    std::memcpy(p + 8 + k.size(), v.data(), v.size());
    refs_.push_back((static_cast<uint64_t>(chunks_.size() - 1) << 32) | used_);
    used_ += need;
  }
  std::string_view Key(uint64_t ref) const {
    const char* p = chunks_[ref >> 32].get() + (ref & 0xffffffffu);
    uint32_t kl;
    std::memcpy(&kl, p, 4);
    return {p + 8, kl};
  }
  std::string_view Value(uint64_t ref) const {
    const char* p = chunks_[ref >> 32].get() + (ref & 0xffffffffu);
    uint32_t kl, vl;
    std::memcpy(&kl, p, 4);
    std::memcpy(&vl, p + 4, 4);
    return {p + 8 + kl, vl};
  }
  // Sorts by key. Most comparisons are decided by the first 16 bytes, kept
  // next to the ref (big-endian words), so the sort rarely touches the chunks.
  void Sort() {
    bool sorted = true;
    for (size_t i = 1; i < refs_.size() && sorted; ++i) sorted = Key(refs_[i - 1]) <= Key(refs_[i]);
    if (sorted) return;
    struct E {
      uint64_t p0, p1, ref;
    };
    auto word = [](std::string_view k, size_t at) {
      uint64_t w = 0;
      for (size_t i = 0; i < 8; ++i)
        w = (w << 8) | (at + i < k.size() ? static_cast<uint8_t>(k[at + i]) : 0);
      return w;
    };
    std::vector<E> es(refs_.size());
    for (size_t i = 0; i < refs_.size(); ++i) {
      std::string_view k = Key(refs_[i]);
      es[i] = {word(k, 0), word(k, 8), refs_[i]};
    }
    std::sort(es.begin(), es.end(), [this](const E& a, const E& b) {
      if (a.p0 != b.p0) return a.p0 < b.p0;
      if (a.p1 != b.p1) return a.p1 < b.p1;
      return Key(a.ref) < Key(b.ref);
    });
    for (size_t i = 0; i < es.size(); ++i) refs_[i] = es[i].ref;
  }
  const std::vector<uint64_t>& refs() const { return refs_; }
  size_t size() const { return refs_.size(); }

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = 0;
  std::vector<uint64_t> refs_;
};

BulkLoader::BulkLoader(StoreCore* core, std::string description)
    : core_(core), writer_lock_(core->writer_mu), description_(std::move(description)) {
  for (int c = 0; c < kNumCfs; ++c) buffers_.push_back(std::make_unique<KvBuffer>());
}

BulkLoader::~BulkLoader() = default;

Result<std::unique_ptr<BulkLoader>> BulkLoader::Begin(Database* db, std::string description) {
  StoreCore* core = db->core();
  std::unique_ptr<BulkLoader> l(new BulkLoader(core, std::move(description)));
  {
    std::lock_guard lock(core->commit_mu);
    if (core->last_txn != 0 || core->next_node != 1 || core->next_rel != 1 ||
        core->next_claim != 1)
      return Status::InvalidArgument("bulk load needs an empty database; '" + core->dir +
                                     "' already has transactions");
  }
  l->txn_ = 1;
  return l;
}

Status BulkLoader::Put(int cf, std::string_view key, std::string_view value) {
  buffers_[cf]->Add(key, value);
  return Status::OK();
}

Result<NodeId> BulkLoader::AddNode(Node node) {
  if (done_) return Status::Internal("bulk load already finished");
  AG_RETURN_IF_ERROR(CheckXid(node.xid, "node"));
  const std::string what = "node '" + node.xid + "'";
  if (node.name.empty())
    return Status::InvalidArgument(what + ": field 'name': a node needs a name");
  std::sort(node.labels.begin(), node.labels.end());
  node.labels.erase(std::unique(node.labels.begin(), node.labels.end()), node.labels.end());
  SortProps(&node.props);
  AG_RETURN_IF_ERROR(core_->ontology.CheckNode(what, node.labels, &node.props));
  {
    Status s = node.valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(what + ": field 'valid_from': " + s.message());
  }
  for (const auto& a : node.aliases) {
    if (a.name.empty()) return Status::InvalidArgument(what + ": field 'aliases': empty alias");
    Status s = a.valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(what + ": alias '" + a.name + "': " + s.message());
  }
  node.id = next_node_++;
  node.version = txn_;
  Dictionary* dict = &core_->dict;
  const std::string key = NodeKey(node.id);
  AG_RETURN_IF_ERROR(Put(kNodes, key, EncodeNode(node, dict, &new_dict_ids_)));
  AG_RETURN_IF_ERROR(Put(kXid, XidKey('n', node.xid), key));

  // Index entries, as WriteTxn's IndexKeys: labels, names (primary first,
  // then aliases; the first of equal keys wins), words, properties.
  const std::string live = EncodeLiveness(txn_, 0);
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& l : node.labels)
    entries.emplace_back(LabelIndexKey(Intern(dict, l, &new_dict_ids_), node.id), std::string());
  auto add_name = [&](const std::string& name, bool alias) {
    std::string folded = FoldName(name);
    if (folded.empty()) return;
    std::string extra;
    coding::PutString(&extra, name);
    extra.push_back(alias ? 1 : 0);
    entries.emplace_back(NameIndexKey(folded, node.id), extra);
    size_t start = 0;
    while (start < folded.size()) {
      size_t end = folded.find(' ', start);
      if (end == std::string::npos) end = folded.size();
      if (end > start)
        entries.emplace_back(NameIndexKey(folded.substr(start, end - start), node.id, kIdxWord),
                             extra);
      start = end + 1;
    }
  };
  add_name(node.name, false);
  for (const auto& a : node.aliases) add_name(a.name, true);
  for (const auto& [p, v] : node.props) {
    bool indexable = false;
    std::string k = PropIndexPrefix(Intern(dict, p, &new_dict_ids_), v, &indexable);
    if (!indexable) continue;
    coding::PutBE64(&k, node.id);
    entries.emplace_back(std::move(k), std::string());
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && entries[i].first == entries[i - 1].first) continue;  // first wins
    AG_RETURN_IF_ERROR(Put(kIndex, entries[i].first, live + entries[i].second));
  }

  // Remembered for relationships.
  std::string ls;
  for (const auto& l : node.labels) ls += l + '\n';
  auto [it, inserted] = labelset_ids_.emplace(ls, static_cast<uint32_t>(labelsets_.size()));
  if (inserted) labelsets_.push_back(node.labels);
  node_labelset_.push_back(it->second);
  node_xids_.push_back(std::move(node.xid));
  ++stats_.nodes;
  return node.id;
}

Result<RelId> BulkLoader::AddRel(Relationship rel) {
  if (done_) return Status::Internal("bulk load already finished");
  const std::string label =
      rel.xid.empty() ? "relationship " + rel.type : "relationship '" + rel.xid + "'";
  if (rel.src == 0 || rel.src >= next_node_)
    return Status::NotFound(label + ": field 'src': no node #" + std::to_string(rel.src));
  if (rel.dst == 0 || rel.dst >= next_node_)
    return Status::NotFound(label + ": field 'dst': no node #" + std::to_string(rel.dst));
  SortProps(&rel.props);
  AG_RETURN_IF_ERROR(core_->ontology.CheckRel(label, rel.type,
                                              labelsets_[node_labelset_[rel.src - 1]],
                                              labelsets_[node_labelset_[rel.dst - 1]], &rel.props));
  {
    Status s = rel.valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(label + ": field 'valid_from': " + s.message());
  }
  if (rel.xid.empty()) {
    const std::string& sx = node_xids_[rel.src - 1];
    const std::string& dx = node_xids_[rel.dst - 1];
    std::string content =
        rel.type + "\x1f" + sx + "\x1f" + dx + "\x1f" + rel.valid.ToString() + "\x1f";
    for (const auto& [k, v] : rel.props) content += k + "=" + v.ToString() + "\x1f";
    rel.xid = rel.type + ":" + sx + ":" + dx + ":" + Hex(Fingerprint(content)).substr(0, 8);
  }
  AG_RETURN_IF_ERROR(CheckXid(rel.xid, "relationship"));
  rel.id = next_rel_++;
  rel.version = txn_;
  const std::string key = RelKey(rel.id);
  AG_RETURN_IF_ERROR(Put(kRels, key, EncodeRel(rel, &core_->dict, &new_dict_ids_)));
  AG_RETURN_IF_ERROR(Put(kXid, XidKey('r', rel.xid), key));
  const uint32_t t = *core_->dict.Lookup(rel.type);  // interned by EncodeRel
  AdjValue a;
  a.created = txn_;
  a.version = txn_;
  a.valid = rel.valid;
  const std::string av = EncodeAdjValue(a);
  AG_RETURN_IF_ERROR(Put(kOut, AdjKey(rel.src, t, rel.dst, rel.id), av));
  AG_RETURN_IF_ERROR(Put(kIn, AdjKey(rel.dst, t, rel.src, rel.id), av));
  ++stats_.relationships;
  return rel.id;
}

Result<TxnId> BulkLoader::Finish() {
  if (done_) return Status::Internal("bulk load already finished");
  done_ = true;
  if (stats_.nodes == 0 && stats_.relationships == 0) return TxnId{0};
  StoreCore* core = core_;

  // ---- metadata, as WriteTxn::Commit writes it
  const std::vector<uint32_t> dict_ids = core->dict.Unpersisted();
  for (uint32_t did : dict_ids) {
    std::string k = kMetaDictPrefix;
    coding::PutBE32(&k, did);
    AG_RETURN_IF_ERROR(Put(kMeta, k, core->dict.Name(did)));
  }
  auto put_counter = [&](const char* key, uint64_t v) {
    std::string s;
    coding::PutBE64(&s, v);
    return Put(kMeta, key, s);
  };
  AG_RETURN_IF_ERROR(put_counter(kMetaNextNode, next_node_));
  AG_RETURN_IF_ERROR(put_counter(kMetaNextRel, next_rel_));
  AG_RETURN_IF_ERROR(put_counter(kMetaNextClaim, core->next_claim));
  AG_RETURN_IF_ERROR(put_counter(kMetaLastTxn, txn_));
  TxnInfo info;
  info.id = txn_;
  info.unix_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  info.description = description_;
  std::string tkey = kMetaTxnPrefix;
  coding::PutBE64(&tkey, txn_);
  AG_RETURN_IF_ERROR(Put(kMeta, tkey, EncodeTxnInfo(info)));
  node_xids_.clear();
  node_xids_.shrink_to_fit();

  // ---- sort and write one SST per column family, two at a time
  const fs::path tmp = fs::path(core->dir) / "bulk-load.tmp";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Status::IOError("cannot create " + tmp.string() + ": " + ec.message());
  std::vector<int> cfs;
  for (int c = 0; c < kNumCfs; ++c)
    if (buffers_[c]->size() > 0) cfs.push_back(c);
  std::vector<Status> results(kNumCfs, Status::OK());
  std::vector<uint64_t> sizes(kNumCfs, 0);
  std::atomic<size_t> next{0};
  std::atomic<int64_t> sort_us{0}, write_us{0};
  std::atomic<uint64_t> keys{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < cfs.size();) {
      const int c = cfs[i];
      KvBuffer& b = *buffers_[c];
      keys += b.size();
      auto t0 = std::chrono::steady_clock::now();
      b.Sort();
      sort_us += static_cast<int64_t>(MsSince(t0) * 1000);
      t0 = std::chrono::steady_clock::now();
      rocksdb::Options opts = core->db->GetOptions(core->h(c));
      rocksdb::SstFileWriter w(rocksdb::EnvOptions(), opts, core->h(c));
      const std::string path = (tmp / (std::string(CfName(c)) + ".sst")).string();
      rocksdb::Status s = w.Open(path);
      std::string_view prev;
      for (size_t j = 0; s.ok() && j < b.refs().size(); ++j) {
        const std::string_view k = b.Key(b.refs()[j]);
        if (j > 0 && k == prev) {  // the same key twice: a duplicate id
          std::string key(k);
          if (c == kXid && !key.empty())
            results[c] = Status::InvalidArgument(
                std::string(key[0] == 'n' ? "node" : "relationship") + " id '" + key.substr(1) +
                "' given twice (a bulk load needs unique ids)");
          else
            results[c] = Status::Internal(std::string("duplicate key in column family ") +
                                          CfName(c));
          return;
        }
        prev = k;
        s = w.Put(k, b.Value(b.refs()[j]));
      }
      rocksdb::ExternalSstFileInfo fi;
      if (s.ok()) s = w.Finish(&fi);
      results[c] = FromRocks(s, std::string("writing SST for ") + CfName(c));
      sizes[c] = fi.file_size;
      write_us += static_cast<int64_t>(MsSince(t0) * 1000);
      b = KvBuffer();  // free memory early
    }
  };
  {
    std::thread t1(worker), t2(worker);
    t1.join();
    t2.join();
  }
  stats_.sort_ms = sort_us / 1000.0;
  stats_.write_ms = write_us / 1000.0;
  stats_.keys = keys;
  for (int c : cfs) {
    if (!results[c].ok()) {
      fs::remove_all(tmp, ec);
      return results[c];
    }
    stats_.sst_bytes += sizes[c];
  }

  // ---- one atomic ingestion over all column families
  auto t0 = std::chrono::steady_clock::now();
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (int c : cfs) {
    rocksdb::IngestExternalFileArg a;
    a.column_family = core->h(c);
    a.external_files = {(tmp / (std::string(CfName(c)) + ".sst")).string()};
    a.options.move_files = true;
    a.options.snapshot_consistency = true;
    args.push_back(std::move(a));
  }
  {
    std::lock_guard lock(core->commit_mu);
    rocksdb::Status s = core->db->IngestExternalFiles(args);
    if (!s.ok()) {
      fs::remove_all(tmp, ec);
      return FromRocks(s, "ingesting bulk-load files");
    }
    core->last_txn = txn_;
  }
  stats_.ingest_ms = MsSince(t0);
  fs::remove_all(tmp, ec);
  core->dict.MarkPersisted(dict_ids);
  core->next_node = next_node_;
  core->next_rel = next_rel_;
  return txn_;
}

}  // namespace actorgraph
