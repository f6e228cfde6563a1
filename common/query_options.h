// The options a query runs with that a program sets from outside its text:
// parameters, the valid-time and system-time views, the minimum grade and
// the limits. One struct for a local run (query::RunOptions extends it with
// in-process knobs) and a remote one (client::QueryOptions is this struct),
// so the CLI passes its flags to either without copying field by field.
//
// The text's own FOR VALID_TIME / FOR SYSTEM_TIME / WITH MIN GRADE win over
// these (query::QueryOptions in query/parser/ast.h holds those).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/grade.h"
#include "common/model.h"  // TxnId
#include "common/partial_date.h"
#include "common/value.h"

namespace actorgraph {

struct QueryOptions {
  std::map<std::string, Value> params;
  std::optional<PartialDate> valid_at;
  std::optional<PartialDate> valid_from, valid_to;  // a period [from, to)
  std::optional<TxnId> system_txn;
  std::optional<Grade> min_grade;
  std::chrono::milliseconds time_limit{0};  // 0: none
  uint64_t row_limit = 0;                   // 0: none
};

}  // namespace actorgraph
