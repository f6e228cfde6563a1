// Built-in procedures: finding entities by name, and describing the schema.
#include <set>

#include "engine/entity_lookup.h"
#include "common/text_match.h"
#include "query/procedure.h"

namespace actorgraph::query {

namespace {

// CALL names.find('wagner') YIELD node, name, matched, alias, score
// Exact (folded) name or alias first, then every word, then prefix.
class NamesFind : public Procedure {
 public:
  NamesFind() {
    sig_.name = "names.find";
    sig_.params = {{"text", "string", std::nullopt}, {"limit", "int", Value(int64_t{100})}};
    sig_.outputs = {"node", "name", "matched", "alias", "score"};
    sig_.description =
        "entities whose name or alias matches TEXT, ignoring case and diacritics: exact "
        "matches (score 1.0), then names containing every word (0.8), then names starting "
        "with TEXT (0.5)";
  }
  const ProcedureSignature& signature() const override { return sig_; }
  Status Call(const ProcedureContext& ctx, const std::vector<Value>& args,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    if (args[0].kind() != Value::Kind::kString)
      return Status::InvalidArgument("names.find: TEXT must be a string");
    const int64_t limit = args[1].kind() == Value::Kind::kInt ? args[1].as_int() : 100;
    const std::string& text = args[0].as_string();
    std::set<NodeId> seen;
    int64_t emitted = 0;
    auto send = [&](const std::vector<NameMatch>& ms, double score) -> bool {
      for (const auto& m : ms) {
        if (emitted >= limit) return false;
        if (!seen.insert(m.node).second) continue;
        Node n;
        if (!ctx.view.GetNode(m.node, &n).ok()) continue;
        ++emitted;
        if (!emit({Value(NodeRef{m.node}), Value(n.name), Value(m.matched), Value(m.is_alias),
                   Value(score)}))
          return false;
      }
      return true;
    };
    if (auto id = ctx.view.FindNode(text)) {
      Node n;
      if (ctx.view.GetNode(*id, &n).ok() && !send({{*id, n.name, false}}, 1.0)) return Status::OK();
    }
    AG_ASSIGN_OR_RETURN(auto exact, ctx.view.FindByName(text, false, limit));
    if (!send(exact, 1.0)) return Status::OK();
    AG_ASSIGN_OR_RETURN(auto words, ctx.view.FindByWords(text, limit));
    if (!send(words, 0.8)) return Status::OK();
    AG_ASSIGN_OR_RETURN(auto prefix, ctx.view.FindByName(text, true, limit));
    send(prefix, 0.5);
    return Status::OK();
  }

 private:
  ProcedureSignature sig_;
};

// CALL db.labels() YIELD label, parents
class DbLabels : public Procedure {
 public:
  DbLabels() {
    sig_.name = "db.labels";
    sig_.outputs = {"label", "parents"};
    sig_.description = "the labels of the ontology with their parents";
  }
  const ProcedureSignature& signature() const override { return sig_; }
  Status Call(const ProcedureContext& ctx, const std::vector<Value>&,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    for (const auto& l : ctx.ontology.LabelNames()) {
      ValueList parents;
      for (const auto& p : ctx.ontology.Label(l)->parents)
        parents.push_back(Value(p));
      if (!emit({Value(l), Value(std::move(parents))})) break;
    }
    return Status::OK();
  }

 private:
  ProcedureSignature sig_;
};

// CALL db.relationshipTypes() YIELD type, from, to
class DbRelTypes : public Procedure {
 public:
  DbRelTypes() {
    sig_.name = "db.relationshipTypes";
    sig_.outputs = {"type", "from", "to"};
    sig_.description = "the relationship types of the ontology with the labels allowed at each end";
  }
  const ProcedureSignature& signature() const override { return sig_; }
  Status Call(const ProcedureContext& ctx, const std::vector<Value>&,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    for (const auto& t : ctx.ontology.RelTypeNames()) {
      const RelTypeDef* d = ctx.ontology.RelType(t);
      ValueList from, to;
      for (const auto& l : d->from)
        from.push_back(Value(l));
      for (const auto& l : d->to)
        to.push_back(Value(l));
      if (!emit({Value(t), Value(std::move(from)), Value(std::move(to))})) break;
    }
    return Status::OK();
  }

 private:
  ProcedureSignature sig_;
};

// CALL db.procedures() YIELD name, signature, description
class DbProcedures : public Procedure {
 public:
  explicit DbProcedures(const ProcedureRegistry* registry) : registry_(registry) {
    sig_.name = "db.procedures";
    sig_.outputs = {"name", "signature", "description"};
    sig_.description = "every procedure a query can CALL";
  }
  const ProcedureSignature& signature() const override { return sig_; }
  Status Call(const ProcedureContext&, const std::vector<Value>&,
              const std::function<bool(std::vector<Value>&&)>& emit) const override {
    for (const Procedure* p : registry_->List()) {
      const auto& s = p->signature();
      if (!emit({Value(s.name), Value(SignatureText(s)), Value(s.description)})) break;
    }
    return Status::OK();
  }

 private:
  const ProcedureRegistry* registry_;
  ProcedureSignature sig_;
};

}  // namespace

void RegisterBuiltinProcedures(ProcedureRegistry& registry) {
  registry.Register(std::make_unique<NamesFind>());
  registry.Register(std::make_unique<DbLabels>());
  registry.Register(std::make_unique<DbRelTypes>());
  registry.Register(std::make_unique<DbProcedures>(&registry));
}

}  // namespace actorgraph::query
