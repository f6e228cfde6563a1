// StatementWrites: what a writing statement has created, changed and deleted
// so far, so that its reads (scans, seeks, expansions) see its own writes as
// openCypher says: a MERGE sees the nodes an earlier row created, a MATCH
// after a CREATE finds what it created. The scans read the snapshot the
// statement started from (WriteTxn::base) and ask this overlay what changed.
//
// Which writes a read sees. The plan is pulled row by row, so a read of an
// earlier clause can run after a later clause wrote for an earlier row
// (`MATCH (a) MATCH (b) CREATE ()`: the second MATCH runs again for each a).
// Such a read must not see those writes. Each writing operator (and each
// operator that runs a writing subplan: MERGE, CALL { }) opens a scope; it
// marks the scope as pulling while it asks its input for a row, and as the
// body while it runs its own subplans. A write is stamped with the scope
// that wrote it and the bodies around it; a read sees it unless one of those
// scopes is pulling (the read is then upstream of the write). So MERGE sees
// what its own earlier rows and earlier clauses wrote, and a CALL { } run
// sees what earlier rows' runs wrote.
//
// Ownership: one per ExecContext. Thread-safety: one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/model.h"
#include "common/status.h"
#include "engine/read_view.h"

namespace actorgraph::query {

class StatementWrites {
 public:
  // ---- scopes (see above)
  uint32_t NewScope() { return ++last_scope_; }
  // RAII marks; keep them on the stack around the child call.
  class Mark {
   public:
    Mark(std::vector<uint32_t>* stack, uint32_t scope) : stack_(stack) { stack_->push_back(scope); }
    ~Mark() { stack_->pop_back(); }
    Mark(const Mark&) = delete;
    Mark& operator=(const Mark&) = delete;

   private:
    std::vector<uint32_t>* stack_;
  };
  Mark Pulling(uint32_t scope) { return Mark(&pulling_, scope); }
  Mark Body(uint32_t scope) { return Mark(&body_, scope); }

  // ---- recording, by the writing operators after the WriteTxn accepted
  // the write. `node` / `rel` is the record as written.
  void NodeWritten(const Node& node, bool created, uint32_t writer);
  void NodeDeleted(NodeId id, uint32_t writer);
  void RelCreated(const Relationship& rel, uint32_t type_id, uint32_t writer);
  void RelDeleted(RelId id, uint32_t writer);

  bool empty() const { return nodes_.empty() && rels_.empty(); }

  // ---- reading
  // Corrects `ids`, a scan of the snapshot, for the visible writes: drops
  // nodes deleted, adds or drops nodes created or changed according to
  // `belongs` (reads the node's current record). The scan's `labels` (any
  // of them) or `property` = one of `values` narrow the written nodes to
  // look at; neither: every one. Sorted by id after a change.
  Status AdjustScan(std::vector<NodeId>* ids, const std::vector<std::string>& labels,
                    const std::string& property, const std::vector<Value>* values,
                    const std::function<Result<bool>(NodeId)>& belongs) const;
  // The pseudo-property under which names and aliases are indexed, folded
  // by FoldName (ASCII case; the name seek's own filter checks exactly).
  static const char* const kNameKey;
  static std::string FoldName(const std::string& s);
  // A relationship deleted by a visible write.
  bool RelDeletedVisibly(RelId id) const;
  // Relationships created by visible writes at `node`, as adjacency entries.
  void CreatedRelsAt(NodeId node, Direction dir, const std::vector<uint32_t>& types,
                     std::vector<AdjEntry>* out) const;

 private:
  struct NodeEvents {
    int32_t created = -1, changed = -1, deleted = -1;  // stamp indexes; -1: none
  };
  struct RelEvents {
    NodeId src = 0, dst = 0;
    uint32_t type = 0;
    ValidInterval valid;
    int32_t created = -1, deleted = -1;
  };
  int32_t Stamp(uint32_t writer);
  bool Visible(int32_t stamp) const;
  static std::string ValueKey(const Value& v);  // coarse: equal values share it

  uint32_t last_scope_ = 0;
  std::vector<uint32_t> pulling_, body_;
  std::vector<std::vector<uint32_t>> stamps_;
  std::map<NodeId, NodeEvents> nodes_;
  std::vector<NodeId> existing_touched_;  // nodes of the snapshot changed or deleted
  std::unordered_map<std::string, std::vector<NodeId>> by_label_;
  std::unordered_map<std::string, std::unordered_map<std::string, std::vector<NodeId>>> by_prop_;
  std::map<RelId, RelEvents> rels_;
  std::unordered_map<NodeId, std::vector<RelId>> rels_at_;  // created ones, by end
};

}  // namespace actorgraph::query
