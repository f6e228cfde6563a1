// The planner's internals, shared by its files (one per clause family):
// planner.cc (statements, UNION, clause dispatch), planner_expression.cc
// (expressions and the subqueries inside them), planner_match.cc (patterns
// and MATCH), planner_projection.cc (WITH, RETURN, UNWIND),
// planner_call.cc (CALL) and planner_write.cc (CREATE, MERGE, SET).
// Not part of the planner's interface: include planner.h instead.
//
// The division of work with the binder: the binder (query/binder) decides
// which names are visible after each clause, what kind of value each variable
// holds, which declaration each reference reads, and reports every scoping
// error (variable_scopes.h). The planner takes that BoundStatement and maps
// the visible names to row slots (Scope below), choosing operators; the
// kinds in its Scope come from the binder. The errors the planner still
// reports are about plans, not names (a pattern's shape, aggregation rules,
// CREATE's and MERGE's write rules, procedure signatures).
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/text_match.h"
#include "query/binder/semantic_error.h"
#include "query/compiler/expression_compiler.h"
#include "query/parser/ast_walk.h"
#include "query/parser/printer.h"
#include "query/planner/planner.h"

namespace actorgraph::query::planning {

// The binder's kinds (bound_statement.h).
using VarKind = VariableKind;

struct VarInfo {
  SlotId slot;
  VarKind kind;
};

// Variables visible at a point of the query (the binder's scope, by name;
// names starting with two spaces are the planner's own hidden slots), mapped
// to their slots and kinds.
using Scope = std::map<std::string, VarInfo>;

// A WHERE conjunct waiting until its variables are bound.
struct Conjunct {
  const Expr* expr;
  std::set<std::string> vars;
  bool applied = false;
};

// Splits a conjunction into its conjuncts.
void SplitAnd(const Expr& e, std::vector<const Expr*>* out);

// "a node", "a relationship", ... for messages.
const char* KindName(VarKind k);

class Planner {
 public:
  Planner(std::string_view text, const Ontology& ontology, const ProcedureRegistry& procs,
          const BoundStatement& bound)
      : text_(text), ontology_(ontology), procs_(procs), bound_(bound) {}

  Result<Plan> PlanTop(const Query& q);

 private:
  SlotId NewSlot() { return next_slot_++; }

  Status Err(SourcePos pos, const std::string& msg) const { return SemanticError(text_, pos, msg); }

  // The name of an unaliased RETURN column: the expression as written.
  std::string ColumnText(const Expr& e) const;

  ExprEnv MakeEnv(Scope* scope);

  Result<ExprFn> Compile(const Expr& e, Scope* scope,
                         std::function<std::optional<SlotId>(const Expr*)> aggs = nullptr);

  struct NodeInfo {
    const NodePattern* pattern;
    SlotId slot;
    bool bound;  // bound before this MATCH
    std::string name;
    // A variable bound earlier to a value of unknown kind (UNWIND, a function
    // result): checked to be a node when the pattern reads it.
    bool needs_node_check = false;
  };

  // Label groups for a node pattern: each written label with its descendants.
  Result<NodeCheckSpec> NodeSpec(const NodePattern& np, Scope* scope, bool with_props = true);

  Result<std::vector<std::pair<std::string, ExprFn>>> PropertyChecks(const Expr& props,
                                                                     Scope* scope);

  // How selective is a start at this node? Lower is better; from kScanCost
  // on, the node can only be found by scanning a label or every node.
  static constexpr int kScanCost = 10;
  struct StartChoice {
    int cost = 100;
    SeekKind seek = SeekKind::kExternalId;
    std::string property;
    const Expr* value = nullptr;
    std::string description;
  };

  // Bound: in scope and not a variable of the pattern being placed that has
  // no value yet.
  bool IsBound(const std::string& v, const Scope& scope) const {
    return scope.count(v) && !(pending_ && pending_->count(v));
  }

  bool ExprBoundBy(const Expr& e, const Scope& scope);

  StartChoice ChooseStart(const NodeInfo& n, const std::vector<Conjunct>& conjuncts,
                          const Scope& scope);

  // Applies every pending conjunct whose variables are now in scope.
  Status ApplyReady(std::vector<Conjunct>* conjuncts, Scope* scope, OpPtr* op, bool all = false);

  // The kind the binder gave the variable a projection item declares.
  VarKind ProjectedKind(const Expr& item) const {
    const BoundVariable* v = bound_.Projected(&item);
    return v ? v->kind : VarKind::kValue;
  }

  // Drops from *scope the names the binder does not list as visible after
  // `c` (the binder decides visibility; the planner keeps its hidden slots).
  void ApplyBoundScope(const Clause& c, Scope* scope) const;

  // A row passes when the variable holds a node; null matches nothing; any
  // other value is a type error, as in openCypher.
  OpPtr MakeIsNodeCheck(OpPtr input, const NodeInfo& n);

  // Declares a pattern variable, or returns the slot of the bound one of that
  // name (the binder has checked their kinds agree).
  Result<SlotId> Declare(const Symbol& var, VarKind kind, Scope* scope, bool* bound);

  Result<std::vector<std::string>> RelTypes(const RelPattern& rp);

  static Direction Dir(RelDirection d, bool reversed) {
    if (d == RelDirection::kBoth) return Direction::kBoth;
    const bool out = (d == RelDirection::kRight) != reversed;
    return out ? Direction::kOut : Direction::kIn;
  }

  // Plans the patterns of one MATCH (or a pattern predicate) on top of *op.
  // With `parts`, the slots each pattern binds, position by position (one
  // entry per pattern; none for shortestPath), as a path is built from them.
  Status PlanPatterns(const std::vector<const PathPattern*>& patterns, const Expr* where,
                      Scope* scope, OpPtr* op, std::vector<std::vector<PathPart>>* parts = nullptr);

  Status PlanMatch(const MatchClause& m, Scope* scope, OpPtr* op);

  // WITH and RETURN. On return, *scope holds only the projected names.
  Status PlanProjection(const Projection& p, const Expr* where, Scope* scope, OpPtr* op,
                        std::vector<std::string>* columns, std::vector<SlotId>* slots,
                        bool is_return);

  // ORDER BY … LIMIT over the grouped aggregation of `p`: its first sort key
  // as one of the aggregation's grouping keys or aggregates (AggregateTop),
  // or nullopt where the aggregation must emit every group. `items` are the
  // projection's items and column names, `agg_slots` and `by_text` as in
  // PlanProjection.
  std::optional<AggregateTop> AggregateTopFor(
      const Projection& p, const std::vector<std::pair<const Expr*, std::string>>& items,
      const std::vector<std::pair<SlotId, ExprFn>>& keys, const std::vector<AggregateSpec>& aggs,
      const std::map<const Expr*, SlotId>& agg_slots, const std::map<std::string, SlotId>& by_text);

  Status PlanUnwind(const UnwindClause& u, Scope* scope, OpPtr* op);

  Status PlanCall(const CallClause& c, Scope* scope, OpPtr* op, bool standalone,
                  std::vector<std::string>* columns, std::vector<SlotId>* slots);

  // CALL { … }: the body planned on an Argument leaf under a SubqueryApply.
  Status PlanCallSubquery(const CallSubqueryClause& c, Scope* scope, OpPtr* op);

  // What CREATE (or MERGE's create side) writes; with `parts`, the slots of
  // each pattern's positions, as PlanPatterns gives them.
  Result<std::pair<std::vector<CreateNodeSpec>, std::vector<CreateRelSpec>>> CreateSpecs(
      const std::vector<const PathPattern*>& patterns, Scope* scope, bool merge = false,
      std::vector<std::vector<PathPart>>* parts = nullptr);

  // With `targets`, a SET (expression).property target is computed into a
  // new slot that *targets lists (the caller projects them before the SET);
  // without it such a target is an error.
  Result<std::vector<SetSpec>> SetSpecs(const std::vector<SetItem>& items, Scope* scope,
                                        std::vector<std::pair<SlotId, ExprFn>>* targets = nullptr);

  Status PlanClause(const Clause& c, bool last, Scope* scope, OpPtr* op,
                    std::vector<std::string>* columns, std::vector<SlotId>* slots,
                    bool only_clause);

  Result<OpPtr> PlanSingle(const SingleQuery& q, std::vector<std::string>* columns,
                           std::vector<SlotId>* slots);

  // MATCH ()-[r:T1|T2]->() RETURN type(r), count(*): nothing filters the
  // relationships (no labels, properties or WHERE), so the per-type counts
  // the engine keeps answer it (RelationshipCountFromStore).
  struct RelationshipCountRule {
    std::optional<size_t> type_column;
    size_t count_column = 0;
    std::vector<std::string> types;
  };
  std::optional<RelationshipCountRule> MatchRelationshipCount(const SingleQuery& q);

  Result<OpPtr> PlanUnion(const Query& q, std::vector<std::string>* columns,
                          std::vector<SlotId>* slots);

  std::string_view text_;
  const Ontology& ontology_;
  const ProcedureRegistry& procs_;
  const BoundStatement& bound_;  // the binder's scopes, variables and function calls
  SlotId next_slot_ = 0;
  bool writes_ = false;
  std::set<std::string>* pending_ = nullptr;
};

}  // namespace actorgraph::query::planning
