#include "engine/bulk_loader.h"

#include "common/allocator.h"
#include "engine/write_rules.h"

#include <rocksdb/db.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "common/task_threads.h"
#include "engine/coding.h"
#include "engine/index_entries.h"
#include "engine/sorted_runs.h"
#include "engine/store_core.h"

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

// Options for the SST files the loader writes: the family's own, with more
// compression in the scanned families (out, in, index: read in long runs,
// never by point lookup), as the files land in the bottom level and are
// written once. Measured at peers sf 1 (bench/results-bulk18.md): ZSTD level
// 6 instead of 3 makes out and index 10 % smaller, in 5 % (the point-read
// families gain 2-5 % for the most compression work, so they keep level 3).
// Level 4 keeps two fifths of that for the work of level 3: it takes 38 %
// off the merge's CPU time and 13 % off the sf 1 load, for 7 % more in
// out, in and index (bench/RESULTS.md step 17);
// 64 KiB blocks instead of 16 there, 1.6 % of the database; restart points
// every 32 keys (64 in the scanned families) instead of 16, 3-4 %; every 128
// (256) keys instead, 2.3 % more (bench/results-bulk20.md; a point read then
// decodes up to 128 keys of a block, a seek 256). A Ribbon filter saved
// 1.6 % more but cost a large share of the sf 10 load's memory; no filter in
// nodes and rels (below) 3 %. ZSTD dictionaries made the 16 KiB-block
// families larger, not smaller (bulk20). Index blocks of the scanned families
// with a restart every 16 keys (below).
// Node and relationship records take level 2: the one thread that streams
// them limited the sf 10 load (the encoding waited 0.65-0.73 s for it), and
// level 2 compresses them ~25 % faster than 3 (sst_dump recompress of the
// sf 10 rels file: 2.33 against 2.57 s for the whole rewrite; level 1 is no
// faster, and 8 % larger) for 2-3 % more bytes: sf 10 load 10.94-10.98 s at
// level 3, 10.76-10.82 s at 2, the database 1 % larger (bench/RESULTS.md,
// step 23).
// RocksDB records all of this per file; later compactions write the
// family's own options.
rocksdb::Options BulkSstOptions(StoreCore* core, int c) {
  rocksdb::Options o = core->db->GetOptions(core->h(c));
  const bool scanned = c == kOut || c == kIn || c == kIndex;
  const bool streamed = c == kNodes || c == kRels;
  o.bottommost_compression = rocksdb::kZSTD;
  o.bottommost_compression_opts.enabled = true;
  o.bottommost_compression_opts.level = scanned ? 4 : streamed ? 2 : 3;
  if (const auto* t = o.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>()) {
    rocksdb::BlockBasedTableOptions bt = *t;
    if (scanned) bt.block_size = 64 * 1024;
    bt.block_restart_interval = scanned ? 256 : 128;
    // The index block of a scanned family is searched once per seek: keys
    // stored as suffixes of a restart key every 16 (RocksDB's default: every
    // key whole). Measured at peers sf 1: 10 KB less (bench/results-load21.md),
    // more than the extra files of a split merge (WriteSsts) cost.
    if (scanned) bt.index_block_restart_interval = 16;
    // Nodes and relationships are read by id, and ids are dense: a lookup
    // almost always finds its key, so a filter in the bottom-level file
    // would only be probed in vain (1.25 bytes a key, 3 % of the database).
    if (c == kNodes || c == kRels) bt.filter_policy.reset();
    o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(bt));
  }
  return o;
}

}  // namespace

namespace {
// Threads that merge runs into SST files: one more than the two cores of the
// machines we measure on, because a thread often waits for its next run read
// (direct I/O, ~0.7 s of the sf 10 merge), and the third then takes the core.
// peers sf 10: the merge 4.81 s with two threads, 4.67 s with three.
constexpr int kMergeThreads = 3;

// A stream chunk: a 32nd of the budget, between 4 KiB (a batch's smallest
// chunk) and 16 MiB (the stream thread writes that in a fraction of a
// second; larger chunks would only hold more memory).
size_t StreamChunkBytes(size_t memory_budget) {
  return std::clamp<size_t>(memory_budget / 32, 4 << 10, 16 << 20);
}

// A batch: what the two stream chunks leave of the budget, halved (one batch
// fills while the one before is spilled); at least 8 KiB, so that a tiny
// budget (tests) still holds a few entries a batch.
size_t BatchBytes(size_t memory_budget, size_t stream_chunk) {
  return std::max<size_t>(memory_budget / 2 - std::min(stream_chunk, memory_budget / 4), 8 << 10);
}

// A batch's chunks: small enough that a small budget is not eaten by one
// chunk, large enough that allocation does not matter.
size_t ChunkBytes(size_t batch_limit) {
  return std::clamp<size_t>(batch_limit / 16, 4 << 10, 64 << 20);
}

// The full batch *filling goes to *handed, for a background task; the one
// *handed held before (done with: its task was waited for) takes the next
// entries, or a new one of `limit` bytes the first time.
void HandOver(std::unique_ptr<KvBatch>* filling, std::unique_ptr<KvBatch>* handed, size_t limit) {
  std::swap(*filling, *handed);
  if (*filling)
    (*filling)->Clear();
  else
    *filling = std::make_unique<KvBatch>(ChunkBytes(limit));
}

// Waits for the background task *task, if any, keeping the first failure of
// its kind in *first_failure; returns that.
Status Await(std::future<Status>* task, Status* first_failure) {
  if (task->valid()) {
    Status s = task->get();
    if (first_failure->ok() && !s.ok()) *first_failure = s;
  }
  return *first_failure;
}
}  // namespace

// The SST file of one column family written while loading: as long as the
// family's keys arrive in ascending order (node and relationship records,
// numbered in sequence) Put sends them here instead of to the sorted batch,
// and the file is ingested as it is. They travel in chunks that a thread of
// their own appends to the file (WriteStream), beside the encoding and the
// spills. The first key not above the one before "breaks" the stream: that
// key and all after it go to the batch, and the file is merged like a run
// at the end.
//
// Put (the loader's thread) owns last_key, keys and broken; the stream thread
// owns writer and path until Finish has waited for it.
struct BulkLoader::CfStream {
  std::unique_ptr<rocksdb::SstFileWriter> writer;
  std::string path;
  std::string last_key;  // the last key sent to the stream
  uint64_t keys = 0;     // sent to the stream
  bool broken = false;
};

namespace {

// Reads the keys of a finished SST file that lie in `range`, in key order.
class SstSource final : public SortedSource {
 public:
  static Result<std::unique_ptr<SortedSource>> Open(const rocksdb::Options& options,
                                                    const std::string& path,
                                                    const KeyRange& range) {
    std::unique_ptr<SstSource> s(new SstSource(options, range.hi));
    AG_RETURN_IF_ERROR(FromRocks(s->reader_.Open(path), "reading " + path));
    rocksdb::ReadOptions ro;
    ro.verify_checksums = false;  // written by this process a moment ago
    ro.fill_cache = false;
    s->it_.reset(s->reader_.NewIterator(ro));
    s->it_->Seek(range.lo);
    return std::unique_ptr<SortedSource>(std::move(s));
  }
  bool Valid() const override {
    return it_->Valid() && (hi_.empty() || it_->key().ToStringView() < hi_);
  }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }
  void Next() override { it_->Next(); }
  Status status() const override { return FromRocks(it_->status(), "reading SST"); }

 private:
  SstSource(const rocksdb::Options& options, std::string hi)
      : reader_(options), hi_(std::move(hi)) {}
  rocksdb::SstFileReader reader_;
  std::string hi_;  // the range's end (exclusive), empty if none
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

// Memory the spill thread sorts in, kept from one batch to the next.
struct BulkLoader::SpillScratch {
  KvBatch::SortScratch sort;
};

// On the stream thread: appends a chunk's entries, in the order they were
// put (ascending within each family), to their families' files.
Status BulkLoader::WriteStream(const KvBatch& chunk) {
  for (size_t i = 0; i < chunk.size(); ++i) {
    const int c = chunk.Part(i);
    CfStream& st = *streams_[c];
    if (!st.writer) {
      rocksdb::Options opts = BulkSstOptions(core_, c);
      st.writer =
          std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), opts, core_->h(c));
      st.path = (fs::path(tmp_dir_) / (std::string(CfName(c)) + ".stream.sst")).string();
      AG_RETURN_IF_ERROR(
          FromRocks(st.writer->Open(st.path), std::string("writing SST for ") + CfName(c)));
    }
    rocksdb::Status s = st.writer->Put(chunk.Key(i), chunk.Value(i));
    if (!s.ok()) return FromRocks(s, std::string("writing SST for ") + CfName(c));
  }
  return Status::OK();
}

Status BulkLoader::WaitForStream() {
  return Await(&stream_, &stream_status_);
}

Status BulkLoader::HandOffStream() {
  const auto t0 = std::chrono::steady_clock::now();
  AG_RETURN_IF_ERROR(WaitForStream());
  stats_.stream_wait_ms += MsSince(t0);
  AG_RETURN_IF_ERROR(CreateTemporaryDirectory());
  HandOver(&stream_chunk_, &streaming_chunk_, stream_limit_);
  KvBatch* chunk = streaming_chunk_.get();
  stream_ = std::async(std::launch::async, [this, chunk]() -> Status {
    const auto t0 = std::chrono::steady_clock::now();
    Status s = WriteStream(*chunk);
    stats_.stream_ms += MsSince(t0);
    return s;
  });
  return Status::OK();
}

Status BulkLoader::CreateTemporaryDirectory() {
  std::error_code ec;
  fs::create_directories(tmp_dir_, ec);
  if (ec) return Status::IOError("cannot create " + tmp_dir_ + ": " + ec.message());
  return Status::OK();
}

BulkLoader::BulkLoader(StoreCore* core, std::string description, size_t memory_budget,
                       size_t restart_interval)
    : core_(core),
      writer_lock_(core->writer_mu),
      description_(std::move(description)),
      stream_limit_(StreamChunkBytes(memory_budget)),
      batch_limit_(BatchBytes(memory_budget, stream_limit_)),
      restart_interval_(restart_interval ? restart_interval : kDefaultRestartInterval),
      tmp_dir_((fs::path(core->dir) / "bulk-load.tmp").string()),
      batch_(std::make_unique<KvBatch>(ChunkBytes(batch_limit_))),
      spill_scratch_(std::make_unique<SpillScratch>()),
      stream_chunk_(std::make_unique<KvBatch>(ChunkBytes(stream_limit_))) {
  for (int c = 0; c < kNumCfs; ++c)
    streams_.push_back(std::make_unique<CfStream>());
}

BulkLoader::~BulkLoader() {
  (void)WaitForSpill();
  (void)WaitForStream();
  RemoveTemporaryFiles();
}

void BulkLoader::RemoveTemporaryFiles() {
  for (auto& st : streams_)
    st->writer.reset();  // abandons unfinished files
  std::error_code ec;
  fs::remove_all(tmp_dir_, ec);
  runs_.clear();
}

Result<std::unique_ptr<BulkLoader>> BulkLoader::Begin(Database* db, std::string description,
                                                      BulkLoadOptions options) {
  StoreCore* core = CoreOf(*db);
  const size_t budget = options.memory_budget_bytes ? options.memory_budget_bytes
                                                    : BulkLoadOptions::kDefaultMemoryBudget;
  std::unique_ptr<BulkLoader> l(
      new BulkLoader(core, std::move(description), budget, options.run_restart_interval));
  {
    std::lock_guard lock(core->commit_mu);
    if (core->last_txn != 0 || core->next_node != 1 || core->next_rel != 1 || core->next_claim != 1)
      return Status::InvalidArgument("bulk load needs an empty database; '" + core->dir +
                                     "' already has transactions");
  }
  l->txn_ = 1;
  // Leftovers of a crashed load are garbage.
  l->RemoveTemporaryFiles();
  return l;
}

Status BulkLoader::Put(int cf, std::string_view key, std::string_view value) {
  CfStream& st = *streams_[cf];
  if (!st.broken) {
    if (st.keys == 0 || key > st.last_key) {
      st.last_key.assign(key);
      ++st.keys;
      stream_chunk_->Add(static_cast<uint8_t>(cf), key, value);
      if (stream_chunk_->MemoryBytes() >= stream_limit_) return HandOffStream();
      return Status::OK();
    }
    st.broken = true;  // this key and all after it go through the runs
  }
  batch_->Add(static_cast<uint8_t>(cf), key, value);
  if (batch_->MemoryBytes() >= batch_limit_) return SpillBatch();
  return Status::OK();
}

Status BulkLoader::WaitForSpill() {
  return Await(&spill_, &spill_status_);
}

Status BulkLoader::SpillBatch() {
  const auto t0 = std::chrono::steady_clock::now();
  AG_RETURN_IF_ERROR(WaitForSpill());
  stats_.spill_wait_ms += MsSince(t0);
  AG_RETURN_IF_ERROR(CreateTemporaryDirectory());
  const std::string path =
      (fs::path(tmp_dir_) / ("run-" + std::to_string(runs_.size()) + ".dat")).string();
  HandOver(&batch_, &spilling_, batch_limit_);
  KvBatch* batch = spilling_.get();
  spill_ = std::async(std::launch::async, [this, batch, path]() -> Status {
    auto t0 = std::chrono::steady_clock::now();
    batch->Sort(1, &spill_scratch_->sort);
    stats_.sort_ms += MsSince(t0);
    t0 = std::chrono::steady_clock::now();
    Result<RunFile> run = WriteRun(*batch, kNumCfs, path, restart_interval_);
    stats_.spill_ms += MsSince(t0);
    if (!run.ok()) return run.status();
    stats_.run_bytes += run->bytes();
    ++stats_.runs;
    runs_.push_back(std::move(run).value());
    return Status::OK();
  });
  return Status::OK();
}

Result<NodeId> BulkLoader::AddNode(Node node) {
  if (done_) return Status::Internal("bulk load already finished");
  AG_RETURN_IF_ERROR(CheckXid(node.xid, "node"));
  // Built in a kept buffer: one allocation less per node (it names the node
  // in error messages only).
  what_.assign("node '").append(node.xid).push_back('\'');
  const std::string& what = what_;
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
  value_buf_.clear();
  AppendNodeRecord(&value_buf_, node, dict, &new_dict_ids_);
  AG_RETURN_IF_ERROR(Put(kNodes, key, value_buf_));
  key_buf_.clear();
  AppendXidKey(&key_buf_, 'n', node.xid);
  AG_RETURN_IF_ERROR(Put(kXid, key_buf_, key));

  // Index entries: the same derivation as WriteTxn's.
  const std::string live = EncodeLiveness(txn_, 0);
  for (const IndexEntry& e : NodeIndexEntries(node, core_->ontology, dict, &new_dict_ids_)) {
    value_buf_.assign(live).append(e.extra);
    AG_RETURN_IF_ERROR(Put(kIndex, e.key, value_buf_));
  }

  // Remembered for relationships. Nodes mostly come label set by label set:
  // the last one is tried first.
  if (labelsets_.empty() || labelsets_[last_labelset_] != node.labels) {
    std::string ls;
    for (const auto& l : node.labels)
      ls.append(l).push_back('\n');
    auto [it, inserted] = labelset_ids_.emplace(ls, static_cast<uint32_t>(labelsets_.size()));
    if (inserted) labelsets_.push_back(node.labels);
    last_labelset_ = it->second;
  }
  node_labelset_.push_back(last_labelset_);
  node_xids_.push_back(std::move(node.xid));
  ++stats_.nodes;
  return node.id;
}

BulkLoader::RelTypeMemo& BulkLoader::TypeMemo(const std::string& type) {
  // Relationships mostly come type by type: the last one is tried first.
  if (last_type_ && *last_type_name_ == type) return *last_type_;
  auto it = rel_types_.try_emplace(type).first;
  last_type_name_ = &it->first;
  last_type_ = &it->second;
  return it->second;
}

Result<RelId> BulkLoader::AddRel(Relationship rel) {
  if (done_) return Status::Internal("bulk load already finished");
  // Built in a kept buffer, as in AddNode.
  if (rel.xid.empty())
    what_.assign("relationship ").append(rel.type);
  else
    what_.assign("relationship '").append(rel.xid).push_back('\'');
  const std::string& label = what_;
  if (rel.src == 0 || rel.src >= next_node_)
    return Status::NotFound(label + ": field 'src': no node #" + std::to_string(rel.src));
  if (rel.dst == 0 || rel.dst >= next_node_)
    return Status::NotFound(label + ": field 'dst': no node #" + std::to_string(rel.dst));
  SortProps(&rel.props);
  // The endpoints' label sets decide whether the type allows them: checked
  // once per pair of label sets, not per relationship.
  RelTypeMemo& type = TypeMemo(rel.type);
  const uint32_t src_ls = node_labelset_[rel.src - 1], dst_ls = node_labelset_[rel.dst - 1];
  const uint64_t ends = (uint64_t{src_ls} << 32) | dst_ls;
  if (!type.allowed_ends.contains(ends)) {
    AG_RETURN_IF_ERROR(
        core_->ontology.CheckRelEndpoints(label, rel.type, labelsets_[src_ls], labelsets_[dst_ls]));
    type.allowed_ends.insert(ends);
  }
  if (!rel.props.empty())
    AG_RETURN_IF_ERROR(core_->ontology.CheckRelProps(label, rel.type, &rel.props));
  {
    Status s = rel.valid.Validate();
    if (!s.ok()) return Status::InvalidArgument(label + ": field 'valid_from': " + s.message());
  }
  if (rel.xid.empty())
    rel.xid = DerivedRelXid(rel.type, node_xids_[rel.src - 1], node_xids_[rel.dst - 1], rel.valid,
                            rel.props);
  AG_RETURN_IF_ERROR(CheckXid(rel.xid, "relationship"));
  if (!type.interned) {  // only now that the type is known to be allowed
    type.id = InternName(rel.type, &core_->dict, &new_dict_ids_);
    type.interned = true;
  }
  rel.id = next_rel_++;
  rel.version = txn_;
  // Keys and values are built in kept buffers: no allocation per entry.
  const std::string key = RelKey(rel.id);
  value_buf_.clear();
  AppendRelRecord(&value_buf_, rel, type.id, &core_->dict, &new_dict_ids_);
  AG_RETURN_IF_ERROR(Put(kRels, key, value_buf_));
  key_buf_.clear();
  AppendXidKey(&key_buf_, 'r', rel.xid);
  AG_RETURN_IF_ERROR(Put(kXid, key_buf_, key));
  AdjValue a;
  a.created = txn_;
  a.version = txn_;
  a.valid = rel.valid;
  value_buf_.clear();
  AppendAdjValue(&value_buf_, a);
  key_buf_.clear();
  AppendAdjKey(&key_buf_, rel.src, type.id, rel.dst, rel.id);
  AG_RETURN_IF_ERROR(Put(kOut, key_buf_, value_buf_));
  key_buf_.clear();
  AppendAdjKey(&key_buf_, rel.dst, type.id, rel.src, rel.id);
  AG_RETURN_IF_ERROR(Put(kIn, key_buf_, value_buf_));
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
  labelset_ids_.clear();

  // ---- merge the runs and the last batch into one SST per column family
  std::vector<int> cfs;
  sst_paths_.assign(kNumCfs, {});
  Status written = WriteSsts(&cfs);
  if (!written.ok()) {
    RemoveTemporaryFiles();
    return written;
  }

  // ---- one atomic ingestion over all column families
  auto t0 = std::chrono::steady_clock::now();
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (int c : cfs) {
    rocksdb::IngestExternalFileArg a;
    a.column_family = core->h(c);
    a.external_files = sst_paths_[c];
    a.options.move_files = true;
    a.options.snapshot_consistency = true;
    args.push_back(std::move(a));
  }
  {
    std::lock_guard lock(core->commit_mu);
    rocksdb::Status s = core->db->IngestExternalFiles(args);
    if (!s.ok()) {
      RemoveTemporaryFiles();
      return FromRocks(s, "ingesting bulk-load files");
    }
    core->last_txn = txn_;
  }
  stats_.ingest_ms = MsSince(t0);
  RemoveTemporaryFiles();
  core->dict.MarkPersisted(dict_ids);
  core->next_node = next_node_;
  core->next_rel = next_rel_;
  // The sort buffers and runs were freed, but the allocator keeps freed
  // memory for a while; hand it back so that the queries that follow a load
  // do not add their peak on top of the load's.
  ReleaseFreedMemory();
  return txn_;
}

// Sorts the last batch, then merges it with the spilled runs into SST files
// on kMergeThreads threads. Sets *cfs to the families that have entries.
//
// The work is cut into pieces: a family whose entries all arrived in order
// only finishes its stream file (one piece); any other family is merged in
// key ranges split at its runs' restart keys (and every restart_interval-th
// key of the last batch), about a twelfth of all merged bytes each, and each
// range is written as its own file. Ranges do not overlap, so the files of a
// family land side by side in the bottom level. The pieces are taken largest
// first, so the threads finish within a small piece of each other (with one
// piece per family and two threads, the thread that got `in` and `xid` sat
// idle for about a tenth of the phase while the other wrote `index` and `out`).
Status BulkLoader::WriteSsts(std::vector<int>* cfs) {
  StoreCore* core = core_;
  AG_RETURN_IF_ERROR(CreateTemporaryDirectory());
  // The streams' last chunk goes to their thread, and the last batch is
  // sorted while that thread and the spill thread may still be writing:
  // both cores work instead of one waiting.
  if (stream_chunk_->size() > 0) AG_RETURN_IF_ERROR(HandOffStream());
  auto t0 = std::chrono::steady_clock::now();
  batch_->Sort(/*threads=*/2);
  const double last_sort_ms = MsSince(t0);
  AG_RETURN_IF_ERROR(WaitForSpill());
  AG_RETURN_IF_ERROR(WaitForStream());
  spilling_.reset();
  stream_chunk_.reset();
  streaming_chunk_.reset();
  stats_.sort_ms += last_sort_ms;
  t0 = std::chrono::steady_clock::now();
  // A broken stream's file is merged with the runs: it must be complete.
  for (int c = 0; c < kNumCfs; ++c) {
    CfStream& st = *streams_[c];
    if (!st.broken || !st.writer) continue;
    AG_RETURN_IF_ERROR(FromRocks(st.writer->Finish(), std::string("writing SST for ") + CfName(c)));
    st.writer.reset();
  }

  // Bytes per family, to skip empty ones and size the pieces.
  std::vector<uint64_t> bytes(kNumCfs, 0);
  std::vector<bool> streamed(kNumCfs, false);
  uint64_t merged_bytes = 0;
  for (int c = 0; c < kNumCfs; ++c) {
    auto [first, last] = batch_->PartRange(static_cast<uint8_t>(c));
    bytes[c] = (last - first) * 32;  // a rough size; the order is what matters
    for (const RunFile& r : runs_)
      bytes[c] += r.offsets[c + 1] - r.offsets[c];
    bytes[c] += streams_[c]->keys * 32;
    if (bytes[c] == 0) continue;
    cfs->push_back(c);
    streamed[c] = !streams_[c]->broken;  // every entry of the family is in its stream file
    if (!streamed[c]) merged_bytes += bytes[c];
  }

  struct Piece {
    int cf;
    size_t index;  // within the family, in key order
    KeyRange range;
    uint64_t bytes;
    Status status;
    std::string path;  // empty if the range held no key
    uint64_t keys = 0, size = 0;
    double ms = 0;
  };
  std::vector<Piece> pieces;
  const uint64_t piece_bytes = std::max<uint64_t>(merged_bytes / 12, 1);
  for (int c : *cfs) {
    std::vector<std::string> splits;
    if (!streamed[c]) {
      const size_t want = static_cast<size_t>((bytes[c] + piece_bytes / 2) / piece_bytes);
      if (want > 1) {
        std::vector<std::string_view> samples;
        for (const RunFile& r : runs_)
          for (const RunFile::Restart& rs : r.restarts[c])
            samples.push_back(rs.key);
        auto [first, last] = batch_->PartRange(static_cast<uint8_t>(c));
        for (size_t i = first; i < last; i += restart_interval_)
          samples.push_back(batch_->Key(i));
        std::sort(samples.begin(), samples.end());
        const size_t n = std::min(want, samples.size());
        for (size_t j = 1; j < n; ++j) {
          const std::string_view k = samples[j * samples.size() / n];
          if (!k.empty() && (splits.empty() || k > splits.back())) splits.emplace_back(k);
        }
      }
    }
    for (size_t j = 0; j <= splits.size(); ++j) {
      Piece p;
      p.cf = c;
      p.index = j;
      if (j > 0) p.range.lo = splits[j - 1];
      if (j < splits.size()) p.range.hi = splits[j];
      p.bytes = bytes[c] / (splits.size() + 1);
      pieces.push_back(std::move(p));
    }
  }
  const std::vector<size_t> order =
      LargestFirst(pieces.size(), [&](size_t i) { return pieces[i].bytes; });

  auto write_piece = [&](Piece& piece) -> Status {
    const int c = piece.cf;
    const std::string what = std::string("writing SST for ") + CfName(c);
    CfStream& st = *streams_[c];
    if (streamed[c]) {
      rocksdb::ExternalSstFileInfo fi;
      AG_RETURN_IF_ERROR(FromRocks(st.writer->Finish(&fi), what));
      st.writer.reset();
      piece.keys = st.keys;
      piece.size = fi.file_size;
      piece.path = st.path;
      return Status::OK();
    }
    std::vector<std::unique_ptr<SortedSource>> sources;
    if (st.keys > 0) {
      AG_ASSIGN_OR_RETURN(auto src,
                          SstSource::Open(core->db->GetOptions(core->h(c)), st.path, piece.range));
      sources.push_back(std::move(src));
    }
    for (const RunFile& r : runs_) {
      if (r.offsets[c + 1] == r.offsets[c]) continue;
      AG_ASSIGN_OR_RETURN(auto src, NewRunSource(r, static_cast<uint8_t>(c), piece.range));
      sources.push_back(std::move(src));
    }
    sources.push_back(NewBatchSource(*batch_, static_cast<uint8_t>(c), piece.range));
    rocksdb::Options opts = BulkSstOptions(core, c);
    rocksdb::SstFileWriter w(rocksdb::EnvOptions(), opts, core->h(c));
    const std::string path =
        (fs::path(tmp_dir_) / (std::string(CfName(c)) + "." + std::to_string(piece.index) + ".sst"))
            .string();
    AG_RETURN_IF_ERROR(FromRocks(w.Open(path), what));
    AG_RETURN_IF_ERROR(
        MergeSources(std::move(sources), [&](std::string_view k, std::string_view v) -> Status {
          rocksdb::Status s = w.Put(k, v);
          if (s.ok()) {
            ++piece.keys;
            return Status::OK();
          }
          // The merge gives keys in ascending order, so a key the writer
          // refuses as not after the one before is that key again: an id
          // given twice.
          if (s.IsInvalidArgument()) {
            if (c == kXid && !k.empty())
              return Status::InvalidArgument(std::string(k[0] == 'n' ? "node" : "relationship") +
                                             " id '" + std::string(k.substr(1)) +
                                             "' given twice (a bulk load needs unique ids)");
            return Status::Internal(std::string("duplicate key in column family ") + CfName(c) +
                                    ": " + s.ToString());
          }
          return FromRocks(s, what);
        }));
    if (piece.keys == 0) {  // an empty range: no file (a writer refuses to finish one)
      std::error_code ec;
      fs::remove(path, ec);
      return Status::OK();
    }
    rocksdb::ExternalSstFileInfo fi;
    AG_RETURN_IF_ERROR(FromRocks(w.Finish(&fi), what));
    piece.size = fi.file_size;
    piece.path = path;
    return Status::OK();
  };
  std::atomic<bool> failed{false};
  RunTasks(order.size(), kMergeThreads, [&](size_t i) {
    if (failed) return;  // the load fails anyway
    Piece& p = pieces[order[i]];
    const auto t = std::chrono::steady_clock::now();
    p.status = write_piece(p);
    p.ms = MsSince(t);
    if (!p.status.ok()) failed = true;
  });
  stats_.merge_ms = MsSince(t0);
  for (Piece& p : pieces) {
    AG_RETURN_IF_ERROR(p.status);
    stats_.keys += p.keys;
    stats_.write_ms += p.ms;
    if (p.path.empty()) continue;
    stats_.sst_bytes += p.size;
    stats_.sst_bytes_by_family[CfName(p.cf)] += p.size;
    sst_paths_[p.cf].push_back(p.path);  // pieces are in key order within a family
    ++stats_.sst_files;
  }
  // The runs and the streams' files that were merged are no longer needed:
  // free their disk space before ingestion.
  std::error_code ec;
  for (int c : *cfs)
    if (!streamed[c] && streams_[c]->keys > 0) fs::remove(streams_[c]->path, ec);
  for (const RunFile& r : runs_)
    fs::remove(r.path, ec);
  std::erase_if(*cfs, [&](int c) { return sst_paths_[c].empty(); });
  batch_.reset();
  return Status::OK();
}

}  // namespace actorgraph
