// The TCK's value notation and how engine results compare with it.
//
// Expected cells are literals: null, true, 1, -1.5, NaN, 'text', [1, 2],
// {k: 1}, nodes (:A:B {k: 1}), relationships [:T {k: 1}] and paths
// <(:A)-[:T]->(:B)<-[:U]-()>. Both sides are brought to one canonical text
// (labels and map keys sorted, floats in shortest round-trip form, strings
// re-escaped), which is then compared as text. Temporal values are written as
// strings in the TCK, so engine dates render as quoted strings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace actorgraph {
class ReadView;
}

namespace actorgraph::tck {

struct Lit {
  enum class Kind {
    kNull,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kMap,
    kNode,
    kRel,
    kPath
  } kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                                     // string; rel type
  std::vector<std::string> labels;                   // node
  std::vector<Lit> items;                            // list; path: node, rel, node, ...
  std::vector<std::pair<std::string, Lit>> entries;  // map; node and rel properties
  std::vector<bool> forward;                         // path: direction of each rel
};

// Parses one cell. Errors say where.
Result<Lit> ParseLit(const std::string& text);

// The literal as an engine value (for parameters); nodes, relationships and
// paths are not parameters and give an error.
Result<Value> ToValue(const Lit& lit);

// An engine value as a literal, reading nodes and relationships from `view`.
// Only stored properties show: the built-in fields of an ontology database
// (name, id) do not.
Lit FromValue(const Value& v, const ReadView& view);

// Canonical text; with `sort_lists`, list elements are in sorted order (for
// "ignoring element order for lists").
std::string Canonical(const Lit& lit, bool sort_lists = false);

}  // namespace actorgraph::tck
