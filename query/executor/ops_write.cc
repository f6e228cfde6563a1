// Writing operators: CREATE, SET/REMOVE, DELETE and MERGE. They write into
// the statement's WriteTxn; the engine commits once the statement finished.
//
// Besides declared properties, the map of a created or updated entity may set
// the built-in fields: id (the external id), name, aliases, valid_from and
// valid_to.
#include <atomic>
#include <chrono>

#include "query/executor/functions.h"
#include "query/executor/operators.h"

namespace actorgraph::query {

namespace {

using K = Value::Kind;

Status NeedTxn(ExecContext& ctx) {
  if (!ctx.txn()) return Status::InvalidArgument("this statement writes, but the query is read-only");
  return Status::OK();
}

Result<std::optional<PartialDate>> DateField(const Value& v, const char* field) {
  if (v.is_null()) return std::optional<PartialDate>();
  if (v.kind() == K::kDate) return std::optional<PartialDate>(v.as_date());
  if (v.kind() == K::kString) {
    auto d = PartialDate::Parse(v.as_string());
    if (!d.ok()) return Status::InvalidArgument(std::string(field) + ": " + d.status().message());
    return std::optional<PartialDate>(*d);
  }
  return Status::InvalidArgument(std::string(field) + " must be a date");
}

template <typename Entity>
Status SetProperty(Entity* e, const std::string& key, const Value& v) {
  auto it = std::find_if(e->props.begin(), e->props.end(), [&](const auto& p) { return p.first == key; });
  if (v.is_null()) {
    if (it != e->props.end()) e->props.erase(it);
  } else if (it != e->props.end()) {
    it->second = v;
  } else {
    e->props.emplace_back(key, v);
  }
  return Status::OK();
}

// Applies one key of a property map to a node or relationship being written.
// In an open schema, id and name are ordinary properties (Ontology::IsBuiltinField).
template <typename Entity>
Status ApplyField(Entity* e, const std::string& key, const Value& v, const Ontology& o) {
  if (!o.IsBuiltinField(key)) return SetProperty(e, key, v);
  if (key == "valid_from") {
    AG_ASSIGN_OR_RETURN(e->valid.from, DateField(v, "valid_from"));
    return Status::OK();
  }
  if (key == "valid_to") {
    AG_ASSIGN_OR_RETURN(e->valid.to, DateField(v, "valid_to"));
    return Status::OK();
  }
  if (key == "id") {
    if (v.kind() != K::kString) return Status::InvalidArgument("id must be a string");
    if (e->id != 0 && v.as_string() != e->xid)
      return Status::InvalidArgument("the id of an existing entity cannot be changed");
    e->xid = v.as_string();
    return Status::OK();
  }
  if constexpr (std::is_same_v<Entity, Node>) {
    if (key == "name") {
      if (v.kind() != K::kString || v.as_string().empty())
        return Status::InvalidArgument("name must be a non-empty string");
      e->name = v.as_string();
      return Status::OK();
    }
    if (key == "aliases") {
      e->aliases.clear();
      if (v.is_null()) return Status::OK();
      if (v.kind() != K::kList) return Status::InvalidArgument("aliases must be a list of strings");
      for (const auto& a : v.as_list()) {
        if (a.kind() != K::kString) return Status::InvalidArgument("aliases must be a list of strings");
        e->aliases.push_back({a.as_string(), {}});
      }
      return Status::OK();
    }
  }
  return SetProperty(e, key, v);
}

std::string NewXid(const char* prefix) {
  // Unique within and across processes: time plus a counter.
  static std::atomic<uint64_t> counter{0};
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return std::string(prefix) + std::to_string(now) + "-" + std::to_string(counter++);
}

// A writing operator: its writes are stamped with its scope, which it marks
// as pulling while it reads its input (see statement_writes.h), so reads
// upstream of it do not see what it wrote for earlier rows.
class WriteOperator : public Operator {
 protected:
  void NewScope(ExecContext& ctx) { scope_ = ctx.writes().NewScope(); }
  Result<bool> Pull(ExecContext& ctx, Row* out, size_t input = 0) {
    auto mark = ctx.writes().Pulling(scope_);
    return child(input)->Next(ctx, out);
  }
  uint32_t scope_ = 0;
};

class Create : public WriteOperator {
 public:
  Create(OpPtr input, std::vector<CreateNodeSpec> nodes, std::vector<CreateRelSpec> rels)
      : nodes_(std::move(nodes)), rels_(std::move(rels)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "Create"; }
  // The create side of a MERGE: a null property value is an error, since
  // the pattern could never match what it creates (MergeReadOwnWrites).
  void set_merge() { merge_ = true; }
  std::string Detail() const override {
    return std::to_string(nodes_.size()) + " node pattern(s), " + std::to_string(rels_.size()) +
           " relationship(s)";
  }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    NewScope(ctx);
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_RETURN_IF_ERROR(NeedTxn(ctx));
    AG_ASSIGN_OR_RETURN(bool more, Pull(ctx, out));
    if (!more) return false;
    for (const auto& spec : nodes_) {
      if (spec.bound) continue;
      Node n;
      n.labels = spec.labels;
      if (spec.properties) {
        Value m;
        AG_RETURN_IF_ERROR(spec.properties(*out, ctx, &m));
        AG_RETURN_IF_ERROR(CheckMergeMap(m));
        if (m.kind() == K::kMap)
          for (const auto& [k, v] : m.as_map()) AG_RETURN_IF_ERROR(ApplyField(&n, k, v, ctx.ontology()));
      }
      if (n.xid.empty()) n.xid = NewXid("n-");
      if (n.name.empty()) n.name = n.xid;
      if (ctx.txn()->FindNode(n.xid))
        return Status::Conflict("CREATE: a node with id '" + n.xid + "' already exists (use MERGE)");
      AG_RETURN_IF_ERROR(ctx.txn()->PutNode(&n).status());
      ctx.writes().NodeWritten(n, /*created=*/true, scope_);
      (*out)[spec.slot] = Value(NodeRef{n.id});
    }
    for (const auto& spec : rels_) {
      Relationship r;
      r.type = spec.type;
      const Value &s = (*out)[spec.src], &d = (*out)[spec.dst];
      if (s.kind() != K::kNode || d.kind() != K::kNode)
        return Status::InvalidArgument("CREATE: a relationship needs two nodes (one end is null)");
      r.src = s.as_node();
      r.dst = d.as_node();
      if (spec.properties) {
        Value m;
        AG_RETURN_IF_ERROR(spec.properties(*out, ctx, &m));
        AG_RETURN_IF_ERROR(CheckMergeMap(m));
        if (m.kind() == K::kMap)
          for (const auto& [k, v] : m.as_map()) AG_RETURN_IF_ERROR(ApplyField(&r, k, v, ctx.ontology()));
      }
      if (r.xid.empty()) r.xid = NewXid("r-");
      AG_RETURN_IF_ERROR(ctx.txn()->PutRel(&r).status());
      ctx.writes().RelCreated(r, ctx.view().TypeId(r.type).value_or(0), scope_);
      (*out)[spec.slot] = Value(RelRef{r.id});
    }
    return true;
  }

 private:
  Status CheckMergeMap(const Value& m) const {
    if (!merge_ || m.kind() != K::kMap) return Status::OK();
    for (const auto& [k, v] : m.as_map())
      if (v.is_null())
        return Status::InvalidArgument("semantic error: MERGE cannot use a null value for property '" +
                                       k + "' (MergeReadOwnWrites)");
    return Status::OK();
  }

  std::vector<CreateNodeSpec> nodes_;
  std::vector<CreateRelSpec> rels_;
  bool merge_ = false;
};

// `writer`: the scope of the operator that sets (statement_writes.h).
Status ApplySet(ExecContext& ctx, Row& row, const SetSpec& item, uint32_t writer) {
  AG_RETURN_IF_ERROR(NeedTxn(ctx));
  const Value& target = row[item.target];
  if (target.is_null()) return Status::OK();  // SET on a missing OPTIONAL MATCH is a no-op
  Value v;
  if (item.value) AG_RETURN_IF_ERROR(item.value(row, ctx, &v));
  auto apply_map = [&](auto* e, bool replace) -> Status {
    if (v.kind() == K::kNode || v.kind() == K::kRel) {  // SET a = b copies b's properties
      AG_ASSIGN_OR_RETURN(v, fn::Properties(ctx, v));
    }
    if (v.kind() != K::kMap) return Status::InvalidArgument("type error in '" + item.text + "': expected a map");
    if (replace) e->props.clear();
    for (const auto& [k, x] : v.as_map()) AG_RETURN_IF_ERROR(ApplyField(e, k, x, ctx.ontology()));
    return Status::OK();
  };
  if (target.kind() == K::kNode) {
    Node n;
    AG_RETURN_IF_ERROR(ctx.txn()->GetNode(target.as_node(), &n));
    switch (item.kind) {
      case SetSpec::Kind::kProperty: AG_RETURN_IF_ERROR(ApplyField(&n, item.key, v, ctx.ontology())); break;
      case SetSpec::Kind::kRemoveProperty: AG_RETURN_IF_ERROR(ApplyField(&n, item.key, Value(), ctx.ontology())); break;
      case SetSpec::Kind::kReplace: AG_RETURN_IF_ERROR(apply_map(&n, true)); break;
      case SetSpec::Kind::kMerge: AG_RETURN_IF_ERROR(apply_map(&n, false)); break;
      case SetSpec::Kind::kAddLabels:
        for (const auto& l : item.labels)
          if (!n.HasLabel(l)) n.labels.push_back(l);
        break;
      case SetSpec::Kind::kRemoveLabels:
        for (const auto& l : item.labels) n.labels.erase(std::remove(n.labels.begin(), n.labels.end(), l), n.labels.end());
        if (n.labels.empty() && !ctx.ontology().open())
          return Status::Ontology("REMOVE would leave node '" + n.xid + "' without a label");
        break;
    }
    AG_RETURN_IF_ERROR(ctx.txn()->PutNode(&n).status());
    ctx.Invalidate(n.id);
    ctx.writes().NodeWritten(n, /*created=*/false, writer);
    return Status::OK();
  }
  if (target.kind() == K::kRel) {
    Relationship r;
    AG_RETURN_IF_ERROR(ctx.txn()->GetRel(target.as_rel(), &r));
    switch (item.kind) {
      case SetSpec::Kind::kProperty: AG_RETURN_IF_ERROR(ApplyField(&r, item.key, v, ctx.ontology())); break;
      case SetSpec::Kind::kRemoveProperty: AG_RETURN_IF_ERROR(ApplyField(&r, item.key, Value(), ctx.ontology())); break;
      case SetSpec::Kind::kReplace: AG_RETURN_IF_ERROR(apply_map(&r, true)); break;
      case SetSpec::Kind::kMerge: AG_RETURN_IF_ERROR(apply_map(&r, false)); break;
      default: return Status::InvalidArgument("relationships have no labels: " + item.text);
    }
    AG_RETURN_IF_ERROR(ctx.txn()->PutRel(&r).status());
    ctx.InvalidateRel(r.id);
    return Status::OK();
  }
  return Status::InvalidArgument("type error in '" + item.text + "': SET needs a node or a relationship");
}

class SetOp : public WriteOperator {
 public:
  SetOp(OpPtr input, std::vector<SetSpec> items) : items_(std::move(items)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return "SetProperties"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    NewScope(ctx);
    return child()->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_ASSIGN_OR_RETURN(bool more, Pull(ctx, out));
    if (!more) return false;
    for (const auto& item : items_) AG_RETURN_IF_ERROR(ApplySet(ctx, *out, item, scope_));
    return true;
  }

 private:
  std::vector<SetSpec> items_;
};

class DeleteOp : public WriteOperator {
 public:
  DeleteOp(OpPtr input, std::vector<ExprFn> targets, bool detach)
      : targets_(std::move(targets)), detach_(detach) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return detach_ ? "DetachDelete" : "Delete"; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    NewScope(ctx);
    return child()->Open(ctx, arg);
  }
  // Gathers what `v` deletes: relationships and nodes, also from paths and
  // lists.
  Status Collect(const Value& v, std::vector<RelId>* rels, std::vector<NodeId>* nodes) {
    switch (v.kind()) {
      case K::kNull: return Status::OK();
      case K::kRel: rels->push_back(v.as_rel()); return Status::OK();
      case K::kNode: nodes->push_back(v.as_node()); return Status::OK();
      case K::kPath:
        rels->insert(rels->end(), v.as_path().rels.begin(), v.as_path().rels.end());
        nodes->insert(nodes->end(), v.as_path().nodes.begin(), v.as_path().nodes.end());
        return Status::OK();
      case K::kList:
        for (const auto& x : v.as_list()) AG_RETURN_IF_ERROR(Collect(x, rels, nodes));
        return Status::OK();
      default:
        return Status::InvalidArgument(std::string("type error: cannot DELETE a ") +
                                       Value::KindName(v.kind()));
    }
  }
  // Relationships first, so that a node whose relationships the same DELETE
  // removes (a path, a list) is free to go without DETACH.
  Status DeleteAll(ExecContext& ctx, const std::vector<RelId>& rels, const std::vector<NodeId>& nodes) {
    WriteTxn* txn = ctx.txn();
    for (RelId id : rels) {
      Relationship r;
      if (!txn->GetRel(id, &r).ok()) continue;  // already deleted
      AG_RETURN_IF_ERROR(txn->DeleteRel(id));
      ctx.InvalidateRel(id);
      ctx.writes().RelDeleted(id, scope_);
    }
    for (NodeId id : nodes) {
      Node n;
      if (!txn->GetNode(id, &n).ok()) continue;
      std::vector<RelId> attached;
      if (detach_) {
        AG_ASSIGN_OR_RETURN(attached, txn->RelsOf(id));
      }
      AG_RETURN_IF_ERROR(txn->DeleteNode(id, detach_));
      for (RelId r : attached) {
        ctx.InvalidateRel(r);
        ctx.writes().RelDeleted(r, scope_);
      }
      ctx.Invalidate(id);
      ctx.writes().NodeDeleted(id, scope_);
    }
    return Status::OK();
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_RETURN_IF_ERROR(NeedTxn(ctx));
    AG_ASSIGN_OR_RETURN(bool more, Pull(ctx, out));
    if (!more) return false;
    std::vector<RelId> rels;
    std::vector<NodeId> nodes;
    for (auto& t : targets_) {
      Value v;
      AG_RETURN_IF_ERROR(t(*out, ctx, &v));
      AG_RETURN_IF_ERROR(Collect(v, &rels, &nodes));
    }
    AG_RETURN_IF_ERROR(DeleteAll(ctx, rels, nodes));
    return true;
  }

 private:
  std::vector<ExprFn> targets_;
  bool detach_;
};

class MergeOp : public WriteOperator {
 public:
  MergeOp(OpPtr input, OpPtr match, OpPtr create, std::vector<SetSpec> on_match,
          std::vector<SetSpec> on_create, std::string d)
      : on_match_(std::move(on_match)), on_create_(std::move(on_create)), d_(std::move(d)) {
    children_.push_back(std::move(input));
    children_.push_back(std::move(match));
    children_.push_back(std::move(create));
    if (auto* c = dynamic_cast<Create*>(child(2))) c->set_merge();
  }
  std::string Name() const override { return "Merge"; }
  std::string Detail() const override { return d_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    pending_.clear();
    pos_ = 0;
    NewScope(ctx);
    return child(0)->Open(ctx, arg);
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    AG_RETURN_IF_ERROR(NeedTxn(ctx));
    while (true) {
      if (pos_ < pending_.size()) {
        *out = std::move(pending_[pos_++]);
        return true;
      }
      Row row;
      AG_ASSIGN_OR_RETURN(bool more, Pull(ctx, &row));
      if (!more) return false;
      pending_.clear();
      pos_ = 0;
      // The match sees what earlier clauses and this MERGE's earlier rows
      // wrote (statement_writes.h), so equal rows merge into one.
      auto body = ctx.writes().Body(scope_);
      AG_RETURN_IF_ERROR(child(1)->Open(ctx, row));
      Row m;
      while (true) {
        AG_ASSIGN_OR_RETURN(bool found, child(1)->Next(ctx, &m));
        if (!found) break;
        pending_.push_back(m);
      }
      if (!pending_.empty()) {
        for (auto& r : pending_)
          for (const auto& s : on_match_) AG_RETURN_IF_ERROR(ApplySet(ctx, r, s, scope_));
        continue;
      }
      AG_RETURN_IF_ERROR(child(2)->Open(ctx, row));
      AG_ASSIGN_OR_RETURN(bool created, child(2)->Next(ctx, &m));
      if (!created) return Status::Internal("MERGE could not create its pattern");
      for (const auto& s : on_create_) AG_RETURN_IF_ERROR(ApplySet(ctx, m, s, scope_));
      pending_.push_back(std::move(m));
    }
  }

 private:
  std::vector<SetSpec> on_match_, on_create_;
  std::string d_;
  std::vector<Row> pending_;
  size_t pos_ = 0;
};

}  // namespace

OpPtr MakeCreate(OpPtr input, std::vector<CreateNodeSpec> nodes, std::vector<CreateRelSpec> rels) {
  return std::make_unique<Create>(std::move(input), std::move(nodes), std::move(rels));
}
OpPtr MakeSet(OpPtr input, std::vector<SetSpec> items) {
  return std::make_unique<SetOp>(std::move(input), std::move(items));
}
OpPtr MakeDelete(OpPtr input, std::vector<ExprFn> targets, bool detach) {
  return std::make_unique<DeleteOp>(std::move(input), std::move(targets), detach);
}
OpPtr MakeMerge(OpPtr input, OpPtr match, OpPtr create, std::vector<SetSpec> on_match,
                std::vector<SetSpec> on_create, std::string d) {
  return std::make_unique<MergeOp>(std::move(input), std::move(match), std::move(create),
                                   std::move(on_match), std::move(on_create), std::move(d));
}

}  // namespace actorgraph::query
