// Value: the typed values of properties and of query results.
//
// Stored properties use null, bool, int, float, string, date, temporal,
// list and map.
// Node, relationship and path values exist only in query results; they hold
// internal ids, which are stable for the life of a database.
//
// Lists and maps are immutable and shared, so copying a Value is cheap.
// Thread-safety: a value type; shared parts are never mutated.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/partial_date.h"
#include "common/temporal.h"

namespace actorgraph {

using NodeId = uint64_t;  // internal, dense, assigned at creation, never reused
using RelId = uint64_t;

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::vector<std::pair<std::string, Value>>;  // sorted by key, unique keys

// A path alternates nodes and relationships: nodes.size() == rels.size() + 1.
struct PathValue {
  std::vector<NodeId> nodes;
  std::vector<RelId> rels;
  friend bool operator==(const PathValue&, const PathValue&) = default;
};

struct NodeRef {
  NodeId id;
  friend bool operator==(const NodeRef&, const NodeRef&) = default;
};
struct RelRef {
  RelId id;
  friend bool operator==(const RelRef&, const RelRef&) = default;
};

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kFloat, kString, kDate, kList, kMap, kNode, kRel, kPath,
                            kTemporal };  // datetime, time, ..., duration (common/temporal.h)

  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int v) : v_(static_cast<int64_t>(v)) {}
  Value(int64_t v) : v_(v) {}
  Value(double v) : v_(v) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(PartialDate d) : v_(d) {}
  Value(ValueList l) : v_(std::make_shared<const ValueList>(std::move(l))) {}
  // Precondition: keys unique. The map is sorted here.
  static Value Map(ValueMap m);
  Value(NodeRef n) : v_(n) {}
  Value(RelRef r) : v_(r) {}
  Value(PathValue p) : v_(std::make_shared<const PathValue>(std::move(p))) {}
  // Dates are PartialDate values; a kDate Temporal only holds years
  // PartialDate cannot (before 0000, after 9999).
  Value(Temporal t) : v_(std::make_shared<const Temporal>(std::move(t))) {}

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_number() const { return kind() == Kind::kInt || kind() == Kind::kFloat; }

  // Preconditions: kind() matches.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_float() const { return std::get<double>(v_); }
  double as_number() const { return kind() == Kind::kInt ? double(as_int()) : as_float(); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const PartialDate& as_date() const { return std::get<PartialDate>(v_); }
  const ValueList& as_list() const { return *std::get<std::shared_ptr<const ValueList>>(v_); }
  const ValueMap& as_map() const { return *std::get<std::shared_ptr<const ValueMap>>(v_); }
  NodeId as_node() const { return std::get<NodeRef>(v_).id; }
  RelId as_rel() const { return std::get<RelRef>(v_).id; }
  const PathValue& as_path() const { return *std::get<std::shared_ptr<const PathValue>>(v_); }
  const Temporal& as_temporal() const { return *std::get<std::shared_ptr<const Temporal>>(v_); }

  // Map lookup; nullptr when absent or not a map.
  const Value* Find(const std::string& key) const;

  // Structural equality (null == null is true here; Cypher's three-valued
  // equality lives in the query layer). 1 == 1.0 is true.
  friend bool operator==(const Value& a, const Value& b);

  // Cypher's global sort order: map < node < relationship < list < path <
  // date and other temporals < string < boolean < number < null. Returns <0, 0, >0.
  static int OrderCompare(const Value& a, const Value& b);

  // Literal form for people and for Cypher: 'text', 2022-03, [1, 2], {a: 1}.
  // Floats with the fewest digits that read back exactly (0.30000000000000004).
  std::string ToString() const;
  // As ToString, but floats with at most 15 significant digits: the text
  // that ids derived from content were made from (relationships without an
  // id). Frozen, so that a re-import derives the ids it derived before.
  std::string IdText() const;

  static const char* KindName(Kind k);

 private:
  std::string Text(bool exact_floats) const;
  std::variant<std::monostate, bool, int64_t, double, std::string, PartialDate,
               std::shared_ptr<const ValueList>, std::shared_ptr<const ValueMap>, NodeRef, RelRef,
               std::shared_ptr<const PathValue>, std::shared_ptr<const Temporal>>
      v_;
};

}  // namespace actorgraph
