// ImportSink: where importers put what they read. It stages the writes of
// one source record (RecordWrites), checks them all against the ontology and
// the database, and only then applies them to the WriteTxn, so that with
// `--on-error skip` a rejected record leaves nothing behind; with `abort` the
// first bad record stops the import (the caller then drops the txn).
//
// It also holds what every importer shares: the Document node each file is
// cited by, the grade given to claims, the reject file, the progress meter,
// the counts for the summary, and the ids of entities merged away (so that a
// re-import after `merge` feeds the kept entity instead of re-creating the
// other).
//
// Writes follow "add and update, never remove": a node that exists keeps
// the aliases and properties the import does not mention (so a merge's
// extra names survive a re-import); shared nodes (identifiers, places) are
// written only when absent.
//
// Ownership: borrows the WriteTxn and the output streams.
// Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/grade.h"
#include "engine/ontology.h"
#include "engine/write_txn.h"
#include "import/progress.h"
#include "import/text_input.h"

namespace actorgraph {

enum class OnError { kAbort, kSkip };

struct ImportOptions {
  std::optional<Grade> grade;  // for every claim the import creates
  bool dry_run = false;
  OnError on_error = OnError::kAbort;
  std::string reject_path;  // default: FIRST_FILE.rejects.jsonl
  Encoding encoding = Encoding::kAuto;
  bool progress = false;  // draw a progress bar on `info`
  std::ostream* info = nullptr;
  // The publication date of a sanctions list version (ofac, un-sanctions);
  // see import/list_versions.h. The UN list's own dateGenerated otherwise.
  std::optional<PartialDate> published;
  // Entities (nodes, relationships, claims) an import keeps pending in
  // memory; beyond, the transaction spills them to disk as a staged batch
  // (engine/write_txn.h), still committing whole or not at all. About a
  // thousand bytes an entity, so tens of MiB whatever the size of the input;
  // each spill costs a few RocksDB reads per key it writes (its undo
  // records), so far larger batches would not be much faster. 0 never spills.
  size_t spill_entities = kDefaultSpillEntities;
  static constexpr size_t kDefaultSpillEntities = 50000;
  // Native JSON lines: read and parse on a second thread while this one
  // writes (false: both on the calling thread, to compare).
  bool parse_thread = true;
};

struct ImportReport {
  uint64_t records = 0;   // source records read
  uint64_t imported = 0;  // records written (or, in a dry run, that would be)
  uint64_t rejected = 0;
  WriteCounts nodes, rels, claims;
  std::string reject_path;  // set when something was rejected
  TxnId txn = 0;            // 0: nothing committed
  uint64_t spills = 0;      // staged batches written (rolled back unless committed)
  double seconds = 0;
  std::vector<std::string> warnings;
  // Fields that could not be understood, each "FILE:LINE: field 'F': why
  // ('raw')"; the record was kept and the raw text stored beside the typed
  // property. The summary counts them (a line in `warnings`).
  std::vector<std::string> field_warnings;
};

// A claim to add with a record: about a node or a relationship (by id), or
// one of its properties. The source is the sink's current document.
struct ClaimSpec {
  TargetKind kind = TargetKind::kNode;
  std::string target;  // node or relationship id
  std::string property;
  std::optional<Value> value;
  std::string locator, quote, note;
  std::string claimant;  // node id, optional
  Stance stance = Stance::kAsserts;
};

// The writes one source record makes.
class RecordWrites {
 public:
  // A node this record describes: created, or updated with what it says.
  void Node(actorgraph::Node n) { nodes_.push_back({std::move(n), false}); }
  // A node records share (an identifier, a place, an authority): written
  // only when absent.
  void SharedNode(actorgraph::Node n) { nodes_.push_back({std::move(n), true}); }
  // Ends are node ids (in this record, the database or the import so far).
  void Rel(Relationship r, std::string src, std::string dst) {
    rels_.push_back({std::move(r), std::move(src), std::move(dst)});
  }
  void Claim(ClaimSpec c) { claims_.push_back(std::move(c)); }
  bool empty() const { return nodes_.empty() && rels_.empty() && claims_.empty(); }
  // Ids of the relationships staged so far that start at `src`.
  std::vector<std::string> RelIdsFrom(const std::string& src) const {
    std::vector<std::string> out;
    for (const auto& r : rels_)
      if (r.src == src) out.push_back(r.rel.xid);
    return out;
  }
  void Clear() { nodes_.clear(), rels_.clear(), claims_.clear(); }

 private:
  friend class ImportSink;
  struct StagedNode {
    actorgraph::Node node;
    bool shared;
  };
  struct StagedRel {
    Relationship rel;
    std::string src, dst;
  };
  std::vector<StagedNode> nodes_;
  std::vector<StagedRel> rels_;
  std::vector<ClaimSpec> claims_;
};

class ImportSink {
 public:
  // `redirects`: ids merged away -> the id they were merged into.
  ImportSink(WriteTxn* txn, const Ontology* ontology, const ImportOptions& options,
             ImportReport* report, std::unordered_map<std::string, std::string> redirects,
             uint64_t total_bytes);
  ~ImportSink();

  // The Document node the following claims cite (written now).
  Status SetDocument(actorgraph::Node doc);
  const std::string& document() const { return doc_xid_; }
  // A Document for a file, identified by its content: "doc:sha256:HEX" (the
  // SHA-256 of its bytes), with the file name, format and size as
  // properties. The same bytes twice are one document; another file that
  // happens to have the same name is another document.
  static Result<actorgraph::Node> FileDocument(const std::string& format, const std::string& path,
                                               const std::string& document_type);
  // SetDocument(FileDocument(…)), hashing each file once per import.
  Status SetFileDocument(const std::string& format, const std::string& path,
                         const std::string& document_type);

  // One source record, read from `file` at `where` ("line 12", "record
  // QDi.001"). Abort mode: an error "FILE:WHERE: why". Skip mode: a bad
  // record goes to the reject file and OK is returned.
  // `counts_as_record` false: more writes of a record already counted (a
  // link resolved after the file was read), not a record of its own.
  Status Submit(RecordWrites* w, const std::string& file, const std::string& where,
                const std::string& raw, bool counts_as_record = true);
  // A record that could not be read at all.
  Status Reject(const std::string& file, const std::string& where, const Status& why,
                const std::string& raw);
  // Something to tell at the end ("12 lines read as Latin-1").
  void Warn(std::string w) { report_->warnings.push_back(std::move(w)); }
  // A field of a record that could not be understood: the record is kept
  // (the importer stores `raw` as text beside the typed property) and the
  // warning names file, place (line) and field.
  void FieldWarning(const std::string& file, const std::string& where, const std::string& field,
                    const std::string& raw, const std::string& why);
  // Adds the summary line for the field warnings (RunImport calls it).
  void SummarizeFieldWarnings();

  // Node lookups, following merges.
  std::string Resolve(const std::string& xid) const;
  std::optional<NodeId> FindNode(const std::string& xid) const;
  // The one committed node with this exact name or alias (folded) carrying
  // a label at or under `label`, if exactly one; lets importers link to
  // entities the database already knows ("Wagner Group").
  std::optional<std::string> UniqueByName(const std::string& name, const std::string& label) const;

  uint64_t rejected() const { return report_->rejected; }
  // For a source older than what the database holds (a sanctions list
  // version imported after a newer one): existing nodes keep their name and
  // properties, and only learn the source's other names and missing
  // properties, so that import order does not decide what an entity says.
  void set_add_only(bool on) { add_only_ = on; }
  // The transaction, for writes the sink does not make; those may change
  // what the sink's memo of nodes says, so it is dropped.
  WriteTxn* txn() {
    known_.clear();
    return txn_;
  }
  const Ontology& ontology() const { return *ontology_; }
  const ImportOptions& options() const { return options_; }
  uint64_t* bytes_counter() { return &bytes_; }
  // Progress for importers that count records themselves (the native loader).
  void Progress(uint64_t records);
  void FinishProgress() { meter_.Finish(); }
  // For importers that count records themselves: `total` read in all.
  void CountRecords(uint64_t total) {
    report_->records = total;
    report_->imported = total - report_->rejected;
  }

 private:
  Status Validate(RecordWrites* w, std::vector<actorgraph::Node>* final_nodes,
                  std::vector<bool>* skip_node);
  Status Apply(RecordWrites* w, std::vector<actorgraph::Node>* final_nodes,
               const std::vector<bool>& skip_node);
  // Reads the xids the record will look up in one go; derives its claims'
  // xids (claim_xids_, which Apply takes).
  void Prefetch(const RecordWrites& w);
  actorgraph::Node Combine(actorgraph::Node incoming, const actorgraph::Node* existing,
                           bool redirected) const;
  // A node a record refers to without staging it (a rel end, a claim
  // target): its id and labels. Imports only add, and the sink's own writes
  // keep it current, so records that repeat a place or an actor do not read
  // it again. Bounded: cleared when full, between records (pointers into it
  // hold for one record).
  struct Known {
    NodeId id;
    std::vector<std::string> labels;
  };
  const Known* Lookup(const std::string& resolved_xid);
  static constexpr size_t kKnownEntries = 1 << 16;
  Status WriteReject(const std::string& file, const std::string& where, const Status& why,
                     const std::string& raw);

  WriteTxn* txn_;
  bool add_only_ = false;
  const Ontology* ontology_;
  ImportOptions options_;
  ImportReport* report_;
  std::unordered_map<std::string, std::string> redirects_;
  std::string doc_xid_;
  NodeId doc_id_ = 0;
  std::unique_ptr<std::ofstream> rejects_;
  uint64_t bytes_ = 0;
  ProgressMeter meter_;
  std::unordered_map<std::string, actorgraph::Node> file_docs_;  // path -> its Document
  std::unordered_map<std::string, Known> known_;                 // resolved xid -> node
  // Prefetch's, kept from record to record for their buffers.
  std::vector<std::string> claim_xids_, resolved_;
  std::vector<WriteTxn::XidRef> prefetch_;
  // The claim-id hash state after "DOC\x1f", for the document doc_hash_of_.
  std::string doc_hash_of_;
  uint64_t doc_hash_ = 0;
  // Where Validate found the nodes a record's relationships (2 a rel: src,
  // dst) and claims (2 a claim: target, claimant) name, for Apply: an index
  // into the record's final nodes, or a known_ entry (stable for the record).
  struct EndRef {
    int staged = -1;
    const Known* known = nullptr;
  };
  std::vector<EndRef> rel_ends_, claim_ends_;
};

}  // namespace actorgraph
