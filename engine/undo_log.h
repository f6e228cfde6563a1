// UndoLog: the before-images that make a spilled (staged) WriteTxn atomic.
//
// A WriteTxn that spills writes part of its changes to RocksDB before it
// commits. Each such batch also carries, in the same WriteBatch, undo records
// in `meta` under `undo/` · BE64 sequence: the value every key of the batch
// had before it (or "absent"). The final commit deletes the whole `undo/`
// range atomically with `last_txn`; an abort, or Database::Open after a
// crash, applies the records newest first (RollBackUndoLog), so the database
// returns to the state before the transaction. See docs/storage-format.md.
//
// An undo record packs several entries (up to kUndoRecordBytes of them):
//   per entry: byte cf (enum Cf) · string key · byte present · [string value]
// or, for keys a batch adds that were certainly absent before it (those of
// entities it creates: most of an import's), only the keys, sorted and
// prefix-compressed, to be deleted:
//   byte 0xff · byte cf · per key: varint shared prefix · string rest
//
// Thread-safety: called by the single writer (or by Open before anyone else
// can read); none of these functions locks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace rocksdb {
class WriteBatch;
}

namespace actorgraph {

struct StoreCore;
class SortedBatch;

inline constexpr char kMetaUndoPrefix[] = "undo/";  // + BE64 sequence
inline constexpr char kMetaUndoEnd[] = "undo0";     // the successor of the prefix
inline constexpr size_t kUndoRecordBytes = 1 << 20;

// Tells keys certainly absent from the database (family, key), so that their
// undo entry ("absent") needs no read.
using KnownAbsent = std::function<bool(int cf, std::string_view key)>;

// Reads the current value of every key `written` writes (but those
// `known_absent` vouches for) and appends undo records for them to `out`
// (which may be `written`), numbered from *next_seq (advanced).
Status AppendUndo(StoreCore* core, const rocksdb::WriteBatch& written, rocksdb::WriteBatch* out,
                  uint64_t* next_seq, const KnownAbsent& known_absent);

// As AppendUndo for a sorted batch (its Sort() done): keys `known_absent`
// vouches for become key-only records, one per family and ~1 MiB, the others
// entries as above.
Status AppendSortedUndo(StoreCore* core, const SortedBatch& written, rocksdb::WriteBatch* out,
                        uint64_t* next_seq, const KnownAbsent& known_absent);

// Adds to `out` the writes that undo one record (its value). Returns the
// number of keys restored, or false when the record is malformed.
Result<uint64_t> ApplyUndoRecord(StoreCore* core, std::string_view record,
                                 rocksdb::WriteBatch* out);

// Adds to `batch` the deletion of the whole undo log.
void DeleteUndoLog(StoreCore* core, rocksdb::WriteBatch* batch);

// True when the database holds undo records (a staged transaction that was
// neither committed nor rolled back).
Result<bool> HasUndoLog(StoreCore* core);

// Restores every key the undo log covers, newest record first, in batches of
// bounded size, each also deleting the records it applied (so an interrupted
// rollback resumes where it stopped). Returns the number of keys restored.
Result<uint64_t> RollBackUndoLog(StoreCore* core);

}  // namespace actorgraph
