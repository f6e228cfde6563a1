// The TCK's procedure fixtures: "there exists a procedure
// test.my.proc(in :: INTEGER?) :: (out :: STRING?):" followed by a table whose
// columns are the inputs then the outputs. Called with arguments, the
// procedure yields the outputs of every row whose inputs equal them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "query/procedure.h"

namespace actorgraph::tck {

// Builds the procedure a step declares. `signature` is the step text after
// "there exists a procedure "; `table` is the step's table (header first; an
// empty table or a lone "|" row means no rows). Errors name what is wrong.
Result<std::unique_ptr<query::Procedure>> MakeTableProcedure(
    const std::string& signature, const std::vector<std::vector<std::string>>& table);

}  // namespace actorgraph::tck
