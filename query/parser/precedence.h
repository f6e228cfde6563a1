// Binding powers of the expression grammar (openCypher 9 order), shared by
// the Pratt parser and the printer, which must add parentheses exactly where
// re-parsing would otherwise group differently. Higher binds tighter.
#pragma once

#include "query/parser/ast.h"

namespace actorgraph::query::prec {

inline constexpr int kLowest = 0;
inline constexpr int kOr = 10;
inline constexpr int kXor = 20;
inline constexpr int kAnd = 30;
inline constexpr int kNot = 40;             // prefix NOT
inline constexpr int kComparison = 50;      // = <> < <= > >=, chained, not associative
inline constexpr int kPredicate = 60;       // IN, STARTS WITH, ENDS WITH, CONTAINS, =~, IS NULL
inline constexpr int kAdditive = 70;        // + -
inline constexpr int kMultiplicative = 80;  // * / %
inline constexpr int kPower = 90;           // ^, left-associative as in openCypher
inline constexpr int kUnary = 95;           // prefix - and +: -2^2 is (-2)^2
inline constexpr int kPostfix = 100;        // .key [i] [a..b] :Label, and atoms

inline int Of(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return kOr;
    case BinaryOp::kXor:
      return kXor;
    case BinaryOp::kAnd:
      return kAnd;
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return kComparison;
    case BinaryOp::kIn:
    case BinaryOp::kStartsWith:
    case BinaryOp::kEndsWith:
    case BinaryOp::kContains:
    case BinaryOp::kRegexMatch:
      return kPredicate;
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      return kAdditive;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod:
      return kMultiplicative;
    case BinaryOp::kPow:
      return kPower;
  }
  return kPostfix;
}

}  // namespace actorgraph::query::prec
