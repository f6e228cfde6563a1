// EdgeSource: an expansion that can hand over its output a batch at a time,
// as the ids of the relationships and nodes one input row reaches, instead
// of one Row per relationship. An aggregation over an expansion that reads
// only those ids (count(DISTINCT c) grouped by p, as in the peers
// benchmark's Q9) consumes the batches without building a Row per edge.
//
// One Open of the operator is read either through Next or through
// NextEdges, never both.
#pragma once

#include <cstddef>
#include <vector>

#include "common/value.h"
#include "query/executor/exec_context.h"
#include "query/executor/row.h"

namespace actorgraph::query {

// The most relationships one batch holds: a node's relationships past it
// come in further batches with the same row.
inline constexpr size_t kMaxEdgeBatch = 1024;

struct EdgeBatch {
  // The input row the edges extend: it holds the `from` node and everything
  // bound before; the rows Next would give are this row with `rel` and `to`
  // set to each pair below. Valid until the next NextEdges call.
  const Row* row = nullptr;
  std::vector<RelId> rels;
  std::vector<NodeId> others;
};

class EdgeSource {
 public:
  virtual ~EdgeSource() = default;
  // The slots Next fills: the relationship and the node reached.
  virtual SlotId rel_slot() const = 0;
  virtual SlotId to_slot() const = 0;
  // The next input row that reaches at least one relationship, with the
  // relationships and nodes that pass the expansion's checks (the ones Next
  // applies, in Next's order): all of them, or the next kMaxEdgeBatch (the
  // following call gives the rest, with the same row); false at the end.
  virtual Result<bool> NextEdges(ExecContext& ctx, EdgeBatch* out) = 0;
};

}  // namespace actorgraph::query
