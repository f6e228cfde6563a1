// What the binder hands the planner: the parsed statement with its variables
// scoped (every declaration a BoundVariable, every reference resolved to one,
// the scope after every clause) and its function calls resolved to the
// functions the executor runs. The AST stays owned by the caller and must
// outlive the bound statement (entries are keyed by address).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "query/executor/functions.h"
#include "query/parser/ast.h"

namespace actorgraph::query {

// One function call, resolved.
struct BoundFunction {
  enum class Form : uint8_t {
    kCall,              // impl(argument values)
    kPropertyArgument,  // claims(n.p), contested(n.p): impl(n, "p"), about the property itself
    kPatternTest,       // exists((a)-->()), exists(EXISTS {…}): the argument is the test
  };
  Form form = Form::kCall;
  fn::ScalarFn impl;  // empty for kPatternTest
};

// Resolves one call by name (case-insensitive) and arity; "did you mean" when
// unknown. Aggregate functions are not resolved here: the planner turns them
// into Aggregate operators.
Result<BoundFunction> ResolveFunction(const FunctionCall& call);

// What a variable is known to hold before the query runs. kScalar: a value
// known not to be a node, relationship or path (a literal, a list or map
// literal, an arithmetic or comparison result); kValue: anything, known only
// at run time (UNWIND, YIELD, function results, comprehension variables).
enum class VariableKind : uint8_t { kNode, kRel, kRelList, kPath, kScalar, kValue };

// "a node", "a relationship", ... for messages.
const char* VariableKindName(VariableKind k);

// One declaration of a variable: a pattern variable (its first occurrence),
// a WITH/RETURN item's name, an UNWIND alias, a CALL YIELD name, a
// comprehension/quantifier/reduce variable, or the names a CALL { } returns
// from a UNION body. `WITH a` declares a new variable (same name, same kind).
struct BoundVariable {
  int id = -1;  // index in BoundStatement::variables
  std::string name;
  VariableKind kind = VariableKind::kValue;
  SourcePos declared;  // where the declaration is written
};

// The first expression in `e` (itself included) that `matches`, not looking
// into subqueries and pattern comprehensions (which aggregate on their own);
// null when none.
const Expr* FindOutsideSubqueries(const Expr& e, bool (*matches)(const Expr&));

// The first aggregate call (count(*) included) in `e`, as above.
const Expr* FindAggregate(const Expr& e);

struct BoundStatement {
  const Statement* statement = nullptr;
  // Every variable declared in the statement, subqueries included; a
  // variable's id is its index.
  std::vector<BoundVariable> variables;
  // Every Variable expression, by address: the variable it reads.
  std::unordered_map<const Variable*, int> references;
  // Every Symbol that names a variable, by address: pattern variables (a
  // declaration or a re-use of a bound one), aliases, UNWIND and YIELD names,
  // comprehension variables, map projection subjects and variable items.
  std::unordered_map<const Symbol*, int> symbols;
  // Every projection item that names a column variable (`x AS y`, `WITH a`),
  // by its expression's address: the variable it declares.
  std::unordered_map<const Expr*, int> projected;
  // The variables visible after each clause (ids, ordered by name), for the
  // clauses of the statement and of its subqueries.
  std::unordered_map<const Clause*, std::vector<int>> scopes;
  // Every scalar function call in the statement (subqueries and pattern
  // property maps included), by address.
  std::unordered_map<const FunctionCall*, BoundFunction> functions;

  // The resolution of `call`, or null when the binder did not see it.
  const BoundFunction* Function(const FunctionCall* call) const {
    auto it = functions.find(call);
    return it == functions.end() ? nullptr : &it->second;
  }
  const BoundVariable* Reference(const Variable* v) const { return Find(references, v); }
  const BoundVariable* Declared(const Symbol* s) const { return Find(symbols, s); }
  const BoundVariable* Projected(const Expr* item) const { return Find(projected, item); }
  // The variables visible after `c`, or null when the binder did not see it.
  const std::vector<int>* ScopeAfter(const Clause* c) const {
    auto it = scopes.find(c);
    return it == scopes.end() ? nullptr : &it->second;
  }

 private:
  template <typename K>
  const BoundVariable* Find(const std::unordered_map<const K*, int>& m, const K* key) const {
    auto it = m.find(key);
    return it == m.end() ? nullptr : &variables[it->second];
  }
};

// Resolves every scalar function call of `query` into `out->functions`; the
// first unknown function or wrong arity is a semantic error at the call.
Status ResolveFunctions(const Query& query, std::string_view text, BoundStatement* out);

}  // namespace actorgraph::query
