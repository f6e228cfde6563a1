#include "engine/database.h"

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>
#include <set>
#include <sstream>

#include "common/open_file_limit.h"
#include "engine/adjacency_cache.h"
#include "engine/coding.h"
#include "engine/read_view.h"
#include "engine/store_core.h"
#include "engine/undo_log.h"
#include "engine/write_txn.h"

namespace actorgraph {

namespace fs = std::filesystem;

namespace {

// The block cache of one database: the caller's (OpenOptions::block_cache),
// or one of block_cache_mb for all its column families (RocksDB's default is
// 8 MiB per family, far too small for point lookups of records).
std::shared_ptr<rocksdb::Cache> BlockCache(const OpenOptions& options) {
  if (options.block_cache) return options.block_cache;
  return rocksdb::NewLRUCache(std::max<size_t>(options.block_cache_mb, 8) << 20);
}

// Families read with point lookups (Get) keep a bloom filter; the others are
// only prefix-scanned (adjacency, index, history), where a whole-key filter
// is never consulted and would cost ~1.25 bytes a key on disk and in cache.
bool IsPointRead(int c) {
  return c == kMeta || c == kNodes || c == kRels || c == kXid || c == kClaims;
}

// Options are per file in RocksDB (each SST records its compression and
// filter), so changing them here keeps older databases readable.
rocksdb::ColumnFamilyOptions CfOptions(int c, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  // LZ4 for flushes and upper levels (cheap to write); ZSTD for the bottom
  // level, where bulk-loaded files and most data live (smaller, and the
  // block cache holds blocks uncompressed).
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  if (IsPointRead(c)) t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.block_size = 16 * 1024;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  if (c == kOut || c == kIn) o.write_buffer_size = 128 << 20;
  // Meta holds a few small keys and, while a WriteTxn stages, its undo
  // records (engine/undo_log.h), which are written once and read only by a
  // rollback: a memtable of RocksDB's default 64 MiB (two while one
  // flushes) only held them in memory (70 MB of an import's peak at 1M
  // records).
  if (c == kMeta) o.write_buffer_size = 8 << 20;
  return o;
}

// Table files RocksDB keeps open. By default all of them, opened at
// DB::Open: a database of more files than the process may open (420 after
// a 1M-row ACLED import, ~1000 after the 2.5M of a full ACLED export,
// against Debian's soft limit of 1024) could not be opened at all ("Too
// many open files"). Under a low limit, half of it, the rest left to the
// server's sockets and the logs: RocksDB then closes the least used.
int TableFilesKeptOpen(uint64_t open_file_limit) {
  if (open_file_limit >= 65536) return -1;
  return static_cast<int>(std::max<uint64_t>(64, open_file_limit / 2));
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

Result<uint64_t> ReadCounter(StoreCore* core, const char* key) {
  std::string v;
  auto s = core->db->Get(rocksdb::ReadOptions(), core->h(kMeta), key, &v);
  if (s.IsNotFound()) return uint64_t{0};
  if (!s.ok()) return FromRocks(s, "reading meta");
  if (v.size() != 8) return Status::Corruption(std::string("bad meta value for ") + key);
  return coding::GetBE64(v.data());
}

// A full disk: RocksDB's own recovery (polling through its SstFileManager)
// waits for more free room than a small disk may ever have again (a
// memtable's worth), and refuses DB::Resume meanwhile ("recovery in
// progress"). Turned off, so that the next write resumes (BeginWrite) as
// soon as there is room. Also notes that writes are stopped, so that
// BeginWrite tries only then.
class ResumeOnNextWrite final : public rocksdb::EventListener {
 public:
  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status*) override {
    stopped = true;
  }
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status bg_error,
                            bool* auto_recovery) override {
    if (bg_error.subcode() == rocksdb::Status::SubCode::kNoSpace ||
        bg_error.subcode() == rocksdb::Status::SubCode::kSpaceLimit)
      *auto_recovery = false;
  }
  std::atomic<bool> stopped{false};
};

// Whether the database's disk takes 1 MiB more (written, synced, removed).
// A resume that runs out of room while switching the write-ahead log makes
// RocksDB's error fatal (writes refused until reopened), so it is tried only
// when this succeeds.
bool HasRoom(rocksdb::Env* env, const std::string& dir) {
  const std::string probe = dir + "/RESUME-PROBE";
  std::unique_ptr<rocksdb::WritableFile> f;
  bool ok = env->NewWritableFile(probe, &f, rocksdb::EnvOptions()).ok();
  if (ok) {
    const std::string block(1 << 16, '\0');
    for (int i = 0; ok && i < 16; ++i)
      ok = f->Append(block).ok();
    ok = ok && f->Sync().ok();
    f->Close().PermitUncheckedError();
  }
  env->DeleteFile(probe).PermitUncheckedError();
  return ok;
}

// RocksDB's info log, written with stdio and never failing: the log
// RocksDB makes itself asserts (Debian builds it with assertions) when a
// line is written after an earlier line failed, as on a full disk, which
// would abort the process instead of failing the write that hit it.
class QuietFileLogger final : public rocksdb::Logger {
 public:
  explicit QuietFileLogger(const std::string& path)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), f_(std::fopen(path.c_str(), "a")) {}
  ~QuietFileLogger() override {
    if (f_) std::fclose(f_);
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (!f_) return;
    std::lock_guard<std::mutex> lock(mu_);
    std::vfprintf(f_, format, ap);
    std::fputc('\n', f_);
    std::fflush(f_);  // a failure (disk full) loses this line, nothing more
    std::clearerr(f_);
  }

 private:
  std::mutex mu_;
  std::FILE* f_;
};

// Writes `text` to a file beside `path` and renames it over `path`, so that
// `path` never holds part of it.
Status WriteFileAtomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Status::IOError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot write " + path.string() + ": " + ec.message());
  return Status::OK();
}

}  // namespace

Database::Database(std::unique_ptr<StoreCore> core, OpenOptions options)
    : core_(std::move(core)), options_(std::move(options)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& dir,
                                                 const OpenOptions& options) {
  auto core = std::make_unique<StoreCore>();
  core->dir = dir;
  std::error_code ec;
  // An in-memory database is always new: its files are in core->mem_env.
  const bool exists = !options.in_memory && fs::exists(fs::path(dir) / "CURRENT", ec);
  if (!exists) {
    if (!options.create_if_missing)
      return Status::NotFound("no database at '" + dir + "' (create one with `actorgraph init`)");
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create '" + dir + "': " + ec.message());
  }

  // The ontology: the database's own copy, or the given/default text for a new one.
  // A new database gets its ontology.ag first (written beside, then renamed),
  // so that a creation cut short leaves either no database or one that the
  // next open finishes (below).
  const fs::path ontology_path = fs::path(dir) / "ontology.ag";
  std::string ontology_text;
  const bool has_ontology = exists && fs::exists(ontology_path, ec);
  if (has_ontology) {
    std::ifstream in(ontology_path);
    if (!in) return Status::IOError("cannot read " + ontology_path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    ontology_text = ss.str();
  } else {
    // An open schema needs no declarations; the default ontology is Sahel's.
    ontology_text = !options.ontology_text.empty() ? options.ontology_text
                    : options.open_schema          ? std::string()
                                                   : std::string(Ontology::DefaultText());
  }
  auto ontology = Ontology::Parse(ontology_text, ontology_path.string());
  if (!ontology.ok()) return ontology.status();
  core->ontology = std::move(ontology).value();
  if (!exists) AG_RETURN_IF_ERROR(WriteFileAtomically(ontology_path, ontology_text));

  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.max_background_jobs = 2;
  dbo.keep_log_file_num = 3;
  dbo.max_open_files = TableFilesKeptOpen(OpenFileLimit());
  dbo.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  dbo.listeners.push_back(std::make_shared<ResumeOnNextWrite>());
  if (options.env) dbo.env = options.env;
  if (options.in_memory) {
    core->mem_env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    dbo.env = core->mem_env.get();
  } else {
    dbo.info_log = std::make_shared<QuietFileLogger>((fs::path(dir) / "LOG").string());
  }
  const std::shared_ptr<rocksdb::Cache> block_cache = BlockCache(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int c = 0; c < kNumCfs; ++c)
    cfs.emplace_back(c == kDefault ? rocksdb::kDefaultColumnFamilyName : CfName(c),
                     CfOptions(c, block_cache));
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(dbo, dir, cfs, &core->cf, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos)
      return Status::IOError("database '" + dir + "' is in use by another process");
    return FromRocks(s, "opening '" + dir + "'");
  }
  core->db.reset(raw);

  // A database whose creation was cut short (the process died during
  // `init`) has committed nothing: finish creating it rather than call it
  // corrupt. One with transactions but no ontology.ag or format is corrupt.
  AG_ASSIGN_OR_RETURN(uint64_t committed, ReadCounter(core.get(), kMetaLastTxn));
  if (exists && !has_ontology) {
    if (committed > 0) return Status::Corruption("database '" + dir + "' has no ontology.ag");
    AG_RETURN_IF_ERROR(WriteFileAtomically(ontology_path, ontology_text));
  }

  // Format version: written once (last of a new database), checked on every open.
  std::string version;
  s = core->db->Get(rocksdb::ReadOptions(), core->h(kMeta), kMetaFormat, &version);
  if (s.IsNotFound()) {
    if (committed > 0) return Status::Corruption("database '" + dir + "' has no format version");
    // One synced batch: an open-schema database is never seen without its mode.
    rocksdb::WriteOptions sync;
    sync.sync = true;
    rocksdb::WriteBatch batch;
    batch.Put(core->h(kMeta), kMetaFormat, std::to_string(kFormatVersion));
    if (options.open_schema) batch.Put(core->h(kMeta), kMetaSchemaMode, "open");
    AG_RETURN_IF_ERROR(FromRocks(core->db->Write(sync, &batch), "writing format version"));
  } else if (!s.ok()) {
    return FromRocks(s, "reading format version");
  } else if (version != std::to_string(kFormatVersion)) {
    int v = 0;
    const auto [end, err] = std::from_chars(version.data(), version.data() + version.size(), v);
    if (err != std::errc() || end != version.data() + version.size() || v < kOldestReadableFormat ||
        v > kFormatVersion)
      return Status::Unsupported("database '" + dir + "' has format version " + version +
                                 "; this actorgraph reads versions " +
                                 std::to_string(kOldestReadableFormat) + " to " +
                                 std::to_string(kFormatVersion));
    // An older version this one reads: marked as this one before anything is
    // written in the new way, so that an older actorgraph refuses it.
    rocksdb::WriteOptions sync;
    sync.sync = true;
    AG_RETURN_IF_ERROR(
        FromRocks(core->db->Put(sync, core->h(kMeta), kMetaFormat, std::to_string(kFormatVersion)),
                  "upgrading the format version"));
  }

  // The schema mode: open, or the ontology's alone (no key).
  {
    std::string mode;
    s = core->db->Get(rocksdb::ReadOptions(), core->h(kMeta), kMetaSchemaMode, &mode);
    if (s.ok()) {
      if (mode != "open")
        return Status::Unsupported("database '" + dir + "' has schema mode '" + mode +
                                   "'; this actorgraph knows 'open'");
      core->ontology.set_open(true);
    } else if (!s.IsNotFound()) {
      return FromRocks(s, "reading the schema mode");
    }
  }

  // Unindexed properties: the ontology's, and those an earlier ontology.ag
  // named (it can be edited). Nodes written meanwhile have no index entries
  // for them, so an index lookup would miss those: such a property stays
  // unindexed in this database. The union is stored before anything is
  // written under it.
  {
    std::string stored;
    s = core->db->Get(rocksdb::ReadOptions(), core->h(kMeta), kMetaUnindexed, &stored);
    if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the unindexed properties");
    std::set<std::string> before;
    for (size_t at = 0; at < stored.size();) {
      size_t end = stored.find('\n', at);
      if (end == std::string::npos) end = stored.size();
      if (end > at) before.insert(stored.substr(at, end - at));
      at = end + 1;
    }
    core->ontology.AddUnindexed(before);
    const std::set<std::string> now = core->ontology.Unindexed();
    if (now != before) {
      std::string text;
      for (const auto& p : now)
        text += p + "\n";
      rocksdb::WriteOptions sync;
      sync.sync = true;
      AG_RETURN_IF_ERROR(FromRocks(core->db->Put(sync, core->h(kMeta), kMetaUnindexed, text),
                                   "storing the unindexed properties"));
    }
  }

  // A staged transaction that neither committed nor rolled back (the
  // process died): undo it before anything reads the database.
  AG_ASSIGN_OR_RETURN(bool staged, HasUndoLog(core.get()));
  bool rolled_back_at_open = false;
  if (staged) {
    AG_ASSIGN_OR_RETURN(uint64_t keys, RollBackUndoLog(core.get()));
    const std::string msg =
        "a transaction that did not finish (an import or load stopped before its commit) "
        "was rolled back; nothing of it remains (" +
        std::to_string(keys) + " keys restored)";
    rocksdb::Log(rocksdb::InfoLogLevel::WARN_LEVEL, core->db->GetDBOptions().info_log,
                 "actorgraph: %s", msg.c_str());
    if (options.info) *options.info << "database '" << dir << "': " << msg << "\n";
    rolled_back_at_open = true;
  }
  // Batch files a staged transaction wrote but never ingested (a crash
  // between writing and ingesting): not part of the database, so delete them.
  if (!core->mem_env) {
    rocksdb::Env* env = core->db->GetEnv();
    const std::string staged_dir = dir + "/staged.tmp";
    std::vector<std::string> leftovers;
    if (env->GetChildren(staged_dir, &leftovers).ok()) {
      for (const std::string& f : leftovers)
        if (f != "." && f != "..") (void)env->DeleteFile(staged_dir + "/" + f);
      (void)env->DeleteDir(staged_dir);
    }
  }

  // Dictionary and counters.
  {
    std::unique_ptr<rocksdb::Iterator> it(
        core->db->NewIterator(rocksdb::ReadOptions(), core->h(kMeta)));
    const std::string prefix = kMetaDictPrefix;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      if (it->key().size() != prefix.size() + 4) return Status::Corruption("bad dictionary key");
      core->dict.Add(coding::GetBE32(it->key().data() + prefix.size()), it->value().ToString());
    }
    AG_RETURN_IF_ERROR(FromRocks(it->status(), "reading dictionary"));
  }
  AG_ASSIGN_OR_RETURN(uint64_t next_node, ReadCounter(core.get(), kMetaNextNode));
  AG_ASSIGN_OR_RETURN(uint64_t next_rel, ReadCounter(core.get(), kMetaNextRel));
  AG_ASSIGN_OR_RETURN(uint64_t next_claim, ReadCounter(core.get(), kMetaNextClaim));
  AG_ASSIGN_OR_RETURN(uint64_t last_txn, ReadCounter(core.get(), kMetaLastTxn));
  core->next_node = std::max<uint64_t>(next_node, 1);
  core->next_rel = std::max<uint64_t>(next_rel, 1);
  core->next_claim = std::max<uint64_t>(next_claim, 1);
  core->last_txn = last_txn;
  core->adj_cache = std::make_shared<AdjacencyCache>(
      options.adjacency_cache, options.adjacency_cache_mb << 20, options.adjacency_light_requests);
  OpenOptions kept = options;
  kept.block_cache = block_cache;
  auto db = std::unique_ptr<Database>(new Database(std::move(core), std::move(kept)));
  // Nothing reads yet, so the rolled-back bytes can go now (best effort).
  if (rolled_back_at_open) (void)db->ReclaimSpace();
  return db;
}

StoreCore* CoreOf(const Database& db) {
  return db.core_.get();
}

const std::string& Database::dir() const {
  return core_->dir;
}
const Ontology& Database::ontology() const {
  return core_->ontology;
}

std::unique_ptr<ReadView> Database::Read(TxnId as_of) const {
  return std::unique_ptr<ReadView>(new ReadView(core_.get(), as_of));
}

std::unique_ptr<WriteTxn> Database::BeginWrite(std::string description) {
  // After a write failed (a full disk, an I/O error), RocksDB refuses writes
  // until told to resume (its own polling for a full disk is off, see
  // ResumeOnNextWrite): the next transaction does, once there is room; until
  // then its write fails with the same clear error.
  for (const auto& l : core_->db->GetDBOptions().listeners) {
    auto* r = dynamic_cast<ResumeOnNextWrite*>(l.get());
    if (!r || !r->stopped) continue;
    if (HasRoom(core_->db->GetEnv(), core_->dir) && core_->db->Resume().ok()) r->stopped = false;
  }
  return std::unique_ptr<WriteTxn>(new WriteTxn(core_.get(), std::move(description)));
}

TxnId Database::LastTxn() const {
  std::lock_guard lock(core_->commit_mu);
  return core_->last_txn;
}

std::vector<TxnInfo> Database::Transactions() const {
  std::vector<TxnInfo> out;
  std::unique_ptr<rocksdb::Iterator> it(
      core_->db->NewIterator(rocksdb::ReadOptions(), core_->h(kMeta)));
  const std::string prefix = kMetaTxnPrefix;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 8) continue;
    TxnInfo t;
    if (DecodeTxnInfo(it->value().ToStringView(), coding::GetBE64(it->key().data() + prefix.size()),
                      &t))
      out.push_back(std::move(t));
  }
  return out;
}

TxnId Database::TxnAtTime(int64_t unix_micros) const {
  TxnId best = 0;
  for (const TxnInfo& t : Transactions())
    if (t.unix_micros <= unix_micros) best = t.id;
  return best;
}

namespace {

// The head of a node or relationship record (docs/storage-format.md): its
// version, then, for a node, its label ids, for a relationship, its type id.
// Stats reads no more of a record than this.
bool DecodeRecordHead(std::string_view v, bool node, uint64_t* version,
                      std::vector<uint64_t>* ids) {
  std::string_view xid;
  uint64_t n = 1;
  ids->clear();
  if (!coding::GetVarint(&v, version) || !coding::GetStringView(&v, &xid)) return false;
  if (node && !coding::GetVarint(&v, &n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t id;
    if (!coding::GetVarint(&v, &id)) return false;
    ids->push_back(id);
  }
  return true;
}

}  // namespace

Result<DatabaseStats> Database::Stats() const {
  DatabaseStats st;
  auto view = Read();
  st.last_txn = view->as_of();
  // One pass over each of nodes and rels, decoding the heads of the records
  // only (a lookup and a full decode per node took 11.6 s at peers sf 10). A
  // record newer than the view (none, for the latest view; kept for safety)
  // is read as the view sees it.
  std::map<uint64_t, uint64_t> label_ids, type_ids;
  auto scan = [&](int cf, bool node) -> Status {
    rocksdb::ReadOptions ro;
    ro.snapshot = view->snapshot();
    ro.fill_cache = false;  // a scan of everything: keep the block cache for queries
    std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(cf)));
    std::vector<uint64_t> ids;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      uint64_t version = 0;
      if (!DecodeRecordHead(it->value().ToStringView(), node, &version, &ids))
        return Status::Corruption(std::string(node ? "node" : "relationship") + " record " +
                                  std::to_string(coding::GetBE64(it->key().data())));
      if (version > view->as_of()) {
        const uint64_t id = coding::GetBE64(it->key().data());
        ids.clear();
        if (node) {
          Node n;
          if (!view->GetNode(id, &n).ok()) continue;
          for (const auto& l : n.labels)
            ids.push_back(core_->dict.Lookup(l).value_or(0));
        } else {
          Relationship r;
          if (!view->GetRel(id, &r).ok()) continue;
          ids.push_back(core_->dict.Lookup(r.type).value_or(0));
        }
      }
      ++(node ? st.nodes : st.relationships);
      for (uint64_t id : ids)
        ++(node ? label_ids : type_ids)[id];
    }
    return FromRocks(it->status(), node ? "scanning nodes" : "scanning relationships");
  };
  AG_RETURN_IF_ERROR(scan(kNodes, true));
  AG_RETURN_IF_ERROR(scan(kRels, false));
  std::map<std::string, uint64_t> labels, types;
  for (const auto& [id, count] : label_ids)
    labels[core_->dict.Name(static_cast<uint32_t>(id))] += count;
  for (const auto& [id, count] : type_ids)
    types[core_->dict.Name(static_cast<uint32_t>(id))] += count;
  {
    rocksdb::ReadOptions ro;
    ro.snapshot = view->snapshot();  // not a staged transaction's claims
    std::unique_ptr<rocksdb::Iterator> it(core_->db->NewIterator(ro, core_->h(kClaims)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      Claim c;
      TxnId deleted = 0;
      if (DecodeClaim(it->value().ToStringView(), 0, &c, &deleted) && deleted == 0) ++st.claims;
    }
  }
  st.nodes_per_label.assign(labels.begin(), labels.end());
  st.rels_per_type.assign(types.begin(), types.end());
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(core_->dir, ec))
    if (e.is_regular_file(ec)) st.disk_bytes += e.file_size(ec);
  return st;
}

Status Database::ReclaimSpace() {
  std::lock_guard lock(core_->writer_mu);
  if (core_->rolled_back.empty()) return Status::OK();
  AG_RETURN_IF_ERROR(Flush());
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  auto compact = [&](int cf, const std::string& first, const std::string& last) {
    rocksdb::Slice lo(first), hi(last);
    return FromRocks(core_->db->CompactRange(co, core_->h(cf), &lo, &hi), "compacting");
  };
  for (const auto& [cf, range] : core_->rolled_back)
    AG_RETURN_IF_ERROR(compact(cf, range.first, range.second));
  AG_RETURN_IF_ERROR(compact(kMeta, kMetaUndoPrefix, kMetaUndoEnd));  // the undo log itself
  core_->rolled_back.clear();
  return Status::OK();
}

Status Database::Flush() {
  rocksdb::FlushOptions fo;
  std::vector<rocksdb::ColumnFamilyHandle*> hs(core_->cf.begin(), core_->cf.end());
  return FromRocks(core_->db->Flush(fo, hs), "flush");
}

}  // namespace actorgraph
