// QueryEngine: runs query-language statements against a Database.
//
//   parse (query/parser) -> bind (query/binder) -> plan (query/planner)
//   -> execute (query/executor), rows streamed through a ResultCursor.
//
// Ownership: the engine borrows the Database; cursors borrow the engine and
// hold a ReadView (a RocksDB snapshot) until destroyed: drop them promptly.
// Thread-safety: Run may be called from many threads at once; reads run
// concurrently, writes are serialised by the Database. A cursor is used by
// one thread at a time. Read-only plans are cached by text (plan_cache.h): a
// cached plan is checked out by one run at a time, a concurrent run of the
// same text plans its own. Register procedures between runs, not during them
// (the registry is not locked; registering makes cached plans stale).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/query_options.h"
#include "common/value.h"
#include "engine/database.h"
#include "engine/read_view.h"
#include "query/procedure.h"

namespace actorgraph::query {
class RecordCache;
class NodeArrayPool;
class PlanCache;
}  // namespace actorgraph::query

namespace actorgraph::query {

// Options a program sets from outside the text (the CLI's flags, RPC): the
// ones a remote client sends too (common/query_options.h), and those that
// only make sense in this process.
struct RunOptions : actorgraph::QueryOptions {
  const std::atomic<bool>* cancel = nullptr;  // set to true to stop the query
  // Bytes of rows held by sorts, groups, distinct, and the most a string or
  // list built with + may take (0: none).
  uint64_t memory_limit = 0;
  bool read_only = false;     // reject writing statements
};

// What kind of error, for clients that show them differently.
enum class ErrorKind { kNone, kSyntax, kSemantic, kType, kRuntime, kLimit, kStorage };
const char* ErrorKindName(ErrorKind k);

struct QueryError {
  ErrorKind kind = ErrorKind::kNone;
  std::string message;       // full text, with the caret excerpt where there is one
  int line = 0, column = 0;  // 0 when the error has no position
};

// Converts a Status from Run/Next into its QueryError (kind, position).
QueryError ToQueryError(const Status& s);

class ResultCursor {
 public:
  virtual ~ResultCursor() = default;
  virtual const std::vector<std::string>& columns() const = 0;
  // Appends up to `max` rows to *rows. Returns true when more may follow,
  // false when the result is complete.
  virtual Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) = 0;
  // The snapshot the rows come from: use it to describe node and
  // relationship values (names, labels, properties).
  virtual const ReadView& view() const = 0;
  // The plan, with rows and time per operator once the cursor is drained (PROFILE).
  virtual std::string PlanText() const = 0;
  // For writing statements: what was written (empty for reads).
  virtual std::string WriteSummary() const = 0;
  // Notes on how the query's filters shaped the result (e.g. undated
  // relationships kept by FOR VALID_TIME AS OF), one per line; complete once
  // the cursor is drained. Empty when there is nothing to say.
  virtual std::string Notices() const { return ""; }
};

class QueryEngine {
 public:
  explicit QueryEngine(Database* db);
  ~QueryEngine();
  ProcedureRegistry& procedures() { return procedures_; }
  Database* db() const { return db_; }

  // Parses, binds, plans and starts a statement. Errors carry their kind and
  // position (see ToQueryError). EXPLAIN returns a cursor with the plan as rows.
  Result<std::unique_ptr<ResultCursor>> Run(std::string_view text, const RunOptions& options = {});

  // Plans of read-only statements run before, by text (hits, misses, bounds:
  // PlanCache::SetLimits; 0 plans turns it off).
  PlanCache& plan_cache() { return *plans_; }
  static constexpr size_t kDefaultPlanCachePlans = 256;
  static constexpr size_t kDefaultPlanCacheBytes = 16 << 20;
  // Node-id arrays of aggregations grouped by node, kept between read-only
  // statements (bound: NodeArrayPool::SetLimit; 0 keeps none).
  NodeArrayPool& node_arrays() { return *node_arrays_; }
  static constexpr size_t kDefaultNodeArrayBytes = 64 << 20;

 private:
  Database* db_;
  ProcedureRegistry procedures_;
  // Decoded records of the latest transaction, shared by read-only statements.
  std::unique_ptr<RecordCache> records_;
  std::unique_ptr<PlanCache> plans_;
  std::unique_ptr<NodeArrayPool> node_arrays_;
};

}  // namespace actorgraph::query
