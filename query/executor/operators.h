// Factories for the physical operators. The planner wires them; each takes
// ownership of its input operator.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/executor/expression.h"
#include "query/executor/operator.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

using OpPtr = std::unique_ptr<Operator>;

// A relationship-type and direction filter for expansions.
struct ExpandSpec {
  std::vector<std::string> types;  // empty: every type
  Direction dir = Direction::kBoth;
  // Relationship slots already bound in the same MATCH: a relationship may
  // appear only once in a match (Cypher's relationship uniqueness).
  std::vector<SlotId> distinct_from;
  std::vector<SlotId> distinct_from_lists;  // variable-length segments (lists)
};

// Label constraints of a node pattern: every group must be satisfied by one
// of the node's labels (a group is a written label and its descendants).
struct NodeCheckSpec {
  std::vector<std::vector<std::string>> label_groups;
  std::vector<std::pair<std::string, ExprFn>> properties;  // {k: v}
  bool temporal = true;  // apply the query's valid-time and grade filters
};

// ---- leaves and scans
OpPtr MakeArgument();
OpPtr MakeAllNodesScan(OpPtr input, SlotId slot);
// Nodes carrying any of `labels` (exact names; the planner expands descendants).
OpPtr MakeLabelScan(OpPtr input, SlotId slot, std::vector<std::string> labels);
// Nodes by external id, name/alias, or indexed property value.
// kName finds nodes whose name or an alias folds to the value (the exact
// name is then checked by the pattern's own filter).
enum class SeekKind { kExternalId, kProperty, kInternalId, kName };
OpPtr MakeNodeSeek(OpPtr input, SlotId slot, SeekKind kind, std::string property, ExprFn value,
                   std::string description);
OpPtr MakeNodeCheck(OpPtr input, SlotId slot, NodeCheckSpec spec, std::string description);

// ---- traversal
OpPtr MakeExpand(OpPtr input, SlotId from, SlotId rel, SlotId to, bool to_bound, ExpandSpec spec,
                 NodeCheckSpec to_check, std::vector<std::pair<std::string, ExprFn>> rel_props,
                 std::string description);
// Variable-length: binds `rels` to the list of relationships and `segment` to
// a path value of the walk (for path variables). `reversed`: the walk runs
// from the pattern's right end to its left, so both come out reversed into
// the pattern's left-to-right order.
OpPtr MakeVarExpand(OpPtr input, SlotId from, SlotId rels, SlotId to, SlotId segment, bool to_bound,
                    int64_t min_hops, int64_t max_hops, ExpandSpec spec, NodeCheckSpec to_check,
                    std::vector<std::pair<std::string, ExprFn>> rel_props, bool reversed,
                    std::string description);
// Shortest paths (BFS) between two bound nodes; `all` for allShortestPaths.
// For shortestPath, consecutive rows with one source share a search from it
// and a row whose source is not shared with the next is searched from both
// ends; either way the path is one of the shortest, which one depends on
// adjacency order. allShortestPaths searches each row from both ends.
OpPtr MakeShortestPath(OpPtr input, SlotId from, SlotId to, SlotId path, SlotId rels,
                       int64_t min_hops, int64_t max_hops, ExpandSpec spec, bool all,
                       std::string description);
// Shortest paths from one bound end to every node within the bounds that
// satisfies `target_check` (the open end's labels and properties): one BFS per
// input row, which binds `target`; targets in ascending node-id order.
// `reversed`: the bound end is the pattern's right-hand node (the search runs
// against the pattern's direction and the paths still read left to right).
OpPtr MakeShortestPathsFrom(OpPtr input, SlotId source, SlotId target, SlotId path, SlotId rels,
                            int64_t min_hops, int64_t max_hops, ExpandSpec spec,
                            NodeCheckSpec target_check, bool all, bool reversed,
                            std::string description);
// Builds a path value from node slots and relationship slots (a relationship
// slot holds a relationship, or a segment path for variable-length parts).
struct PathPart {
  SlotId node;
  std::optional<SlotId> rel;      // single relationship leading to `node`
  std::optional<SlotId> segment;  // or a variable-length segment leading to `node`
};
OpPtr MakeBuildPath(OpPtr input, SlotId path, std::vector<PathPart> parts);

// ---- counts the engine keeps
// The relationships per type (or in total, without `type_slot`), restricted
// to `types` when not empty, written into the slots of `fallback`'s output. A
// read-only statement of the latest transaction without temporal or grade
// filters reads the adjacency cache's per-type counts, as Neo4j's count store
// answers MATCH ()-[r:T]->() RETURN count(*); anything else (a historical
// view, a filter, a writing statement, no cache) runs `fallback`, the plan
// that scans. Rows in type-name order, like Aggregate's.
OpPtr MakeRelationshipCountFromStore(OpPtr fallback, std::optional<SlotId> type_slot,
                                     SlotId count_slot, std::vector<std::string> types);

// ---- relational
OpPtr MakeFilter(OpPtr input, ExprFn predicate, std::string description);
OpPtr MakeProject(OpPtr input, std::vector<std::pair<SlotId, ExprFn>> items,
                  std::string description);
// Keeps only `keep` slots (the rest become null), e.g. after WITH.
OpPtr MakeNarrow(OpPtr input, std::vector<SlotId> keep);
struct AggregateSpec {
  std::string function;  // count, sum, avg, min, max, collect, stdev, stdevp
  bool distinct = false;
  bool star = false;  // count(*)
  ExprFn arg;
  ExprFn extra;  // percentile argument
  SlotId out;
  // `arg` reads this slot and nothing else (a plain variable): an
  // aggregation over an expansion may then take the value from the
  // expansion's ids without a Row (edge_source.h).
  std::optional<SlotId> arg_slot;
};
// ORDER BY … [SKIP s] LIMIT l right above a grouped aggregation, whose first
// sort key is one of its grouping keys or aggregates: only the groups whose
// value of that key is at least as good as the (s + l)-th best can reach the
// rows the Sort keeps, so the aggregation emits only those (ties at that
// value included: the later sort keys and the Sort's stable order decide
// among them), in the same relative order as without it. The planner
// promises that nothing between the aggregation and the Sort, and no other
// sort key, evaluates anything that could fail for a dropped group.
struct AggregateTop {
  bool is_key = false;  // grouping key `index`, else aggregate `index`
  size_t index = 0;
  bool descending = false;
  ExprFn limit;
  ExprFn skip;  // empty without SKIP
  std::string description;
};
// `key_node`: every grouping key is a pure function of the node in this slot
// (the node itself, its properties, deterministic functions of them), so a
// read-only statement may find a row's group by the node's id and evaluate
// the keys once per node. `key_node_is_key`: that node is itself one of the
// keys (no two nodes share a group).
OpPtr MakeAggregate(OpPtr input, std::vector<std::pair<SlotId, ExprFn>> keys,
                    std::vector<AggregateSpec> aggs, size_t width, std::string description,
                    std::optional<SlotId> key_node = std::nullopt, bool key_node_is_key = false,
                    std::optional<AggregateTop> top = std::nullopt);
OpPtr MakeDistinct(OpPtr input, std::vector<SlotId> slots);
struct SortKey {
  ExprFn expr;
  bool descending = false;
};
OpPtr MakeSort(OpPtr input, std::vector<SortKey> keys, std::optional<int64_t> top,
               std::string description);
OpPtr MakeSkip(OpPtr input, ExprFn count);
OpPtr MakeLimit(OpPtr input, ExprFn count);
// Consumes its whole input when opened, then replays it (see ops_relational.cc).
OpPtr MakeEager(OpPtr input);
OpPtr MakeUnwind(OpPtr input, ExprFn list, SlotId slot, std::string description);
// For each input row, runs `inner` (whose Argument leaf yields the row); with
// `optional`, a row that finds nothing passes with `nulls` set to null.
OpPtr MakeApply(OpPtr input, OpPtr inner, bool optional, std::vector<SlotId> nulls,
                std::string description);
// CALL { … }: for each input row, runs `inner` (whose Argument leaf yields the
// row) and emits the input row with the `returned` slots copied from each inner
// row; a row the subquery returns nothing for disappears. With `unit` (a
// subquery without RETURN), the inner plan is run to its end and the input row
// passes once.
OpPtr MakeSubqueryApply(OpPtr input, OpPtr inner, std::vector<SlotId> returned, bool unit,
                        std::string description);
// Each branch fills `outputs[i]` slots; the union re-maps them to `final_slots`.
OpPtr MakeUnion(std::vector<OpPtr> branches, std::vector<std::vector<SlotId>> outputs,
                std::vector<SlotId> final_slots, bool distinct, size_t width);
OpPtr MakeProcedureCall(OpPtr input, const Procedure* proc, std::vector<ExprFn> args,
                        std::vector<std::pair<size_t, SlotId>> yields, std::string description);
// Fails with a clear error once the row limit is passed (the planner puts it on top).
OpPtr MakeRowLimit(OpPtr input, uint64_t limit);

// ---- writes (need ctx.txn())
struct CreateNodeSpec {
  SlotId slot;
  std::vector<std::string> labels;
  ExprFn properties;   // a map, or null
  bool bound = false;  // refers to an existing variable
};
struct CreateRelSpec {
  SlotId slot;
  std::string type;
  SlotId src, dst;
  ExprFn properties;
};
OpPtr MakeCreate(OpPtr input, std::vector<CreateNodeSpec> nodes, std::vector<CreateRelSpec> rels);
struct SetSpec {
  enum class Kind { kProperty, kReplace, kMerge, kAddLabels, kRemoveLabels, kRemoveProperty } kind;
  SlotId target;
  std::string key;  // property name
  ExprFn value;
  std::vector<std::string> labels;
  std::string text;  // for errors
};
OpPtr MakeSet(OpPtr input, std::vector<SetSpec> items);
OpPtr MakeDelete(OpPtr input, std::vector<ExprFn> targets, bool detach);
// MERGE: runs `match` for the row; if it finds rows, applies on_match to each,
// otherwise runs `create` then on_create.
OpPtr MakeMerge(OpPtr input, OpPtr match, OpPtr create, std::vector<SetSpec> on_match,
                std::vector<SetSpec> on_create, std::string description);

}  // namespace actorgraph::query

namespace actorgraph::query {
// Whether a label set of the adjacency snapshot (one shared vector per
// distinct set) satisfies a NodeCheckSpec's label groups, remembered so that
// an operator checking many nodes compares label names once per set. Holds
// pointers into the statement's snapshot (ExecContext keeps it): the owning
// operator clears it at Open.
struct LabelMemo {
  std::vector<std::pair<const void*, bool>> sets;
  // Once an operator has checked enough nodes of a read-only statement: the
  // nodes of `bits_for` (the snapshot) whose labels satisfy the groups, one
  // bit per node id, so that a check is a bit test instead of a read of the
  // node's label set. A clear bit decides nothing (the check goes on as
  // without it). Kept across Opens: it depends only on the snapshot, which
  // it holds.
  std::shared_ptr<const AdjacencySnapshot> bits_for;
  std::vector<uint64_t> bits;
  uint64_t checks = 0, next_try = 1024;
};
// Does node `id` satisfy the labels, inline properties and temporal filter?
Result<bool> NodeMatches(ExecContext& ctx, Row& row, NodeId id, const NodeCheckSpec& spec,
                         LabelMemo* memo = nullptr);
}  // namespace actorgraph::query
