// Ontology: which labels, relationship types and properties a database
// accepts. Parsed from a user-editable text file (see schema/default.ontology
// for the syntax); checked on every write, used by the query binder for
// "did you mean" and by the shell for `:schema`.
//
// An open schema (set_open, from the database's schema mode) accepts what the
// ontology does not declare, as Neo4j does: any label or relationship type,
// nodes without labels, any property with any storable value. What it does
// declare is checked as in a closed one (property types, relationship ends).
//
// Thread-safety: immutable once the database holding it is open; share
// freely across threads.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace actorgraph {

struct PropertyType {
  enum class Kind { kBool, kInt, kFloat, kString, kDate, kList, kMap, kAny, kEnum };
  Kind kind = Kind::kAny;
  std::shared_ptr<const PropertyType> element;  // for kList
  std::vector<std::string> enum_values;         // for kEnum
  std::string ToString() const;
  // Checks `v` and converts where the type says how (a string to a date, an
  // int to a float). On failure returns why, without the property's name.
  Status Coerce(Value* v) const;
};

struct LabelDef {
  std::string name;
  std::vector<std::string> parents;
  std::map<std::string, PropertyType> properties;  // own properties only
  // Own and inherited, each from its nearest declaration (set by Parse).
  std::unordered_map<std::string, PropertyType> all_properties;
  int line = 0;
};

struct RelTypeDef {
  std::string name;
  std::vector<std::string> from;  // empty: any label
  std::vector<std::string> to;    // empty: any label
  std::map<std::string, PropertyType> properties;
  int line = 0;
};

class Ontology {
 public:
  // Parses ontology text. Errors name `filename`, line and column.
  static Result<Ontology> Parse(std::string_view text, std::string_view filename);
  // The ontology compiled into the binary (schema/default.ontology).
  static std::string_view DefaultText();

  bool open() const { return open_; }
  void set_open(bool open) { open_ = open; }

  // Fields the engine keeps outside the property map (Node::xid, name,
  // aliases, valid): aliases, valid_from and valid_to always; id and name
  // too, except in an open schema whose ontology does not say
  // `builtin id, name` -- there they are ordinary properties, as in Cypher.
  bool IsBuiltinField(std::string_view key) const;

  bool HasLabel(const std::string& label) const { return labels_.count(label) > 0; }
  bool HasRelType(const std::string& type) const { return rel_types_.count(type) > 0; }
  // True when `label` is `ancestor` or descends from it.
  bool IsA(const std::string& label, const std::string& ancestor) const;
  // `label` and every label below it (an undeclared label: itself).
  std::vector<std::string> SelfAndDescendants(const std::string& label) const;
  // `label` and every label above it, nearest first.
  std::vector<std::string> SelfAndAncestors(const std::string& label) const;

  const LabelDef* Label(const std::string& name) const;
  const RelTypeDef* RelType(const std::string& name) const;
  // The type of property `prop` for a node with these labels (own or
  // inherited), or nullptr when none of them declares it.
  const PropertyType* NodeProperty(const std::vector<std::string>& labels,
                                   const std::string& prop) const;
  const PropertyType* RelProperty(const std::string& type, const std::string& prop) const;
  // Whether nodes' values of `prop` get property-index entries (a lookup by
  // value reads the index instead of scanning). Every property does, except
  // those the text names in `unindexed p, q` and those AddUnindexed adds.
  bool IsIndexed(const std::string& prop) const {
    return unindexed_.empty() || !unindexed_.count(prop);
  }
  // The unindexed properties, sorted.
  std::set<std::string> Unindexed() const { return {unindexed_.begin(), unindexed_.end()}; }
  // Marks more properties unindexed. Database::Open adds those an earlier
  // ontology.ag named: existing nodes have no entries for them, so the index
  // would miss them. Precondition: the database is not yet open.
  void AddUnindexed(const std::set<std::string>& props);
  // Every property name declared anywhere (for the binder).
  bool IsKnownPropertyName(const std::string& prop) const { return all_props_.count(prop) > 0; }
  const std::set<std::string>& AllPropertyNames() const { return all_props_; }

  std::vector<std::string> LabelNames() const;
  std::vector<std::string> RelTypeNames() const;

  // Validation of a write. `what` names the entity in errors ("node 'moura'").
  // Coerces property values in place.
  Status CheckNode(const std::string& what, const std::vector<std::string>& labels,
                   ValueMap* props) const;
  Status CheckRel(const std::string& what, const std::string& type,
                  const std::vector<std::string>& src_labels,
                  const std::vector<std::string>& dst_labels, ValueMap* props) const;
  // CheckRel in two halves, for a writer that remembers which label sets a
  // type's endpoints were found to satisfy: the type and its endpoints, then
  // the properties. CheckRel is the first, then the second.
  Status CheckRelEndpoints(const std::string& what, const std::string& type,
                           const std::vector<std::string>& src_labels,
                           const std::vector<std::string>& dst_labels) const;
  Status CheckRelProps(const std::string& what, const std::string& type, ValueMap* props) const;

  // Human-readable listing for `:schema`.
  std::string Describe() const;

 private:
  Status UnknownRelType(const std::string& what, const std::string& type) const;
  const PropertyType* InheritedProperty(const std::string& label, const std::string& prop) const;
  std::map<std::string, LabelDef> labels_;
  std::map<std::string, RelTypeDef> rel_types_;
  std::set<std::string> all_props_;
  bool open_ = false;
  bool builtin_id_name_ = false;  // `builtin id, name` in the text
  // A hash set: IsIndexed is asked for every property of every node written
  // (a std::set cost a string comparison per level of its tree).
  std::unordered_set<std::string> unindexed_;
};

}  // namespace actorgraph
